"""What the archive's pages read: a view's contributions a page at a time, its counts, every tag and moment.

The reading side of the archive's store (``ArchiveStore.views``), on the database the store opened. What every page
shows (the moments with their counts, the tags) is computed once per change of the data: every write that changes
what a page could show moves the data version in its own transaction (``changed``).
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

from archive.database import Database, Transaction, marks, search_terms
from archive.kept import Kept

__all__ = ["Views", "card", "changed"]

# A view's hits and their tags: from the contributions and the tags' own table, or from PostgreSQL's
# table of a search, which carries each one's tags (no join of a third of 100,000 with every tag).
_HITS = {
    "contributions": ("number, kind, organisation", "SELECT tag FROM tags WHERE number IN (SELECT number FROM hits)"),
    "words": ("kind, organisation, tags", "SELECT unnest(tags) AS tag FROM hits"),
}
_ALL = 1_000_000_000  # the limit of a ranked view asked for whole: SQLite has no OFFSET without a LIMIT
_WALK = 40_000  # rows of a view a capped count of a search tests one by one before it asks the search index


def changed(db: Transaction) -> None:
    """Move the data version, and say when, inside the transaction that changes the data."""
    db.run("INSERT INTO settings (name, value) VALUES ('data_version', '1') ON CONFLICT (name) DO UPDATE "
           "SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)")
    db.run("INSERT INTO settings (name, value) VALUES ('data_changed', %s) ON CONFLICT (name) DO UPDATE "
           "SET value = excluded.value", (str(int(time.time())),))


class Views:
    """What the pages read, with what every page shows kept once per data version (in this process)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept = Kept(16)

    def _where(self, events: list[str] | None = None, words: str = "", kind: str | None = None,
               tag: str | None = None, start: str | None = None, end: str | None = None,
               hidden: Collection[str] = (), organisation: str | None = None, bundle: str | None = None,
               table: str = "contributions") -> tuple[str, list[Any]]:
        """Return the condition and values of a view: the filters ``contributions`` and ``facets`` take.

        On ``contributions``, or on the database's own table of a search (which holds no deleted one).
        """
        query = ["deleted = 0"] if table == "contributions" else []
        params: list[Any] = []

        def where(condition: str, *values: Any) -> None:
            query.append(condition)
            params.extend(values)

        if hidden:
            where(f"(status = 'visible' OR organisation IN ({marks(len(hidden))}))", *hidden)
        else:
            where("status = 'visible'")
        if organisation:
            where("organisation = %s", organisation)
        if bundle:
            where("number IN (SELECT c.number FROM bundle_items AS i JOIN contributions AS c ON c.id = i.contribution_id "
                  "WHERE i.bundle = %s)", bundle)
        if events is not None:
            where(f"event_id IN ({marks(len(events))})" if events else "0 = 1", *events)
        if kind:
            where("kind = %s", kind)
        if tag:
            where("number IN (SELECT number FROM tags WHERE tag = %s)", tag)
        if start:
            where("created_at >= %s", start)
        if end:
            where("created_at < %s", _day_after(end))
        terms = search_terms(words)
        if terms:
            condition, values = self.db.matching(terms, table)
            where(condition, *values)
        return " AND ".join(query), params

    def contributions(self, events: list[str] | None = None, words: str = "", kind: str | None = None,
                      tag: str | None = None, start: str | None = None, end: str | None = None,
                      hidden: Collection[str] = (), organisation: str | None = None, bundle: str | None = None,
                      after: int | None = None, limit: int | None = None, order: str = "oldest",
                      skip: int = 0) -> list[dict[str, Any]]:
        """Return the contributions (each with its kiosk, organisation and ``number``) as asked, oldest first.

        ``events`` limits them to those meeting moments (None: all), ``organisation`` to one organisation's. Only
        visible ones, besides the hidden ones of the organisations named in ``hidden`` (a team member's view of
        their own organisations, which also sees what moderation hid; never what was deleted). ``words`` are
        searched in text, name and tags, every word must occur, whole or as the start of a word; no
        search syntax is offered, so no search can fail on a stray quote. ``start`` and ``end`` are ISO
        dates, both included. ``after`` (the ``number`` of the last one shown) and ``limit`` page through
        them in a stable order, which new ones arriving meanwhile do not shift.

        ``order`` "newest" turns that order round; "relevant" (with words) puts first those tagged with a word
        searched, then those most about the words, and pages by ``skip``: a score has no place to go on from.
        """
        terms = search_terms(words)
        if order == "relevant" and terms:  # the ranking finds the words: the condition need not look for them again
            condition, params = self._where(events, "", kind, tag, start, end, hidden, organisation, bundle)
            return self._relevant(condition, params, terms, limit, skip)
        condition, params = self._where(events, words, kind, tag, start, end, hidden, organisation, bundle)
        newest = order == "newest"
        if after is not None:
            condition += (f" AND (created_at, number) {'<' if newest else '>'} "
                          "(SELECT created_at, number FROM contributions WHERE number = %s)")
            params.append(after)
        sort = "created_at DESC, number DESC" if newest else "created_at, number"
        # Sorted by the narrow index first; only the page's own rows are read with their texts.
        page = f"SELECT number FROM contributions WHERE {condition} ORDER BY {sort}"
        if limit is not None:
            page += f" LIMIT {int(limit)}"
        sql = (f"SELECT number, kiosk, organisation, status, body FROM contributions WHERE number IN ({page}) "
               f"ORDER BY {sort}")
        with self._reading(words) as db:
            rows = db.rows(sql, params)
        return [card(row) for row in rows]

    def _relevant(self, condition: str, params: list[Any], terms: list[str], limit: int | None,
                  skip: int) -> list[dict[str, Any]]:
        ranked, values = self.db.ranking(terms)
        tags = [term.casefold() for term in terms]
        tagged = f"number IN (SELECT number FROM tags WHERE lower(tag) IN ({marks(len(tags))}))"
        page = (f"SELECT number FROM contributions JOIN ({ranked}) AS ranked USING (number) WHERE {condition} "
                f"ORDER BY CASE WHEN {tagged} THEN 0 ELSE 1 END, score, created_at, number "
                f"LIMIT {int(limit) if limit is not None else _ALL} OFFSET {max(0, int(skip))}")
        with self.db.searching() as db:
            numbers = [row["number"] for row in db.rows(page, [*values, *params, *tags])]
            rows = db.rows("SELECT number, kiosk, organisation, status, body FROM contributions "
                           f"WHERE number IN ({marks(len(numbers))})", numbers) if numbers else []
        found = {row["number"]: card(row) for row in rows}
        return [found[number] for number in numbers]

    def facets(self, events: list[str] | None = None, words: str = "", kind: str | None = None,
               tag: str | None = None, start: str | None = None, end: str | None = None,
               hidden: Collection[str] = (), organisation: str | None = None, bundle: str | None = None,
               tags: int = 30, cap: int | None = None) -> dict[str, Any]:
        """Count a view in the database: how many in all, of each kind and organisation, and its most used tags.

        With a ``cap``, at most that many are counted: a view with more says so (``more``), with the facets of the
        ones counted. A word in a third of a million contributions took 500-1,000 ms to count whole, against 12 ms
        for the page of cards that it shows.
        """
        terms = search_terms(words)
        table = self.db.search_table if terms else "contributions"
        view = dict(events=events, kind=kind, tag=tag, start=start, end=end, hidden=hidden,
                    organisation=organisation, bundle=bundle, table=table)
        if cap and terms and self.db.words_in_rows:
            walked = self._walked(self._where(**view), self.db.matching(terms, table), tags, cap)
            if walked is not None:
                return walked
        condition, params = self._where(words=words, **view)
        # One query, so that the view's condition (a search over half the archive, say) is met once.
        limited = f" LIMIT {int(cap) + 1}" if cap else ""
        hits = f"hits AS MATERIALIZED (SELECT {_HITS[table][0]} FROM {table} WHERE {condition}{limited})"
        with self._reading(words) as db:
            return _facets(db.rows(_counting(hits, _HITS[table][1], tags), params), cap)

    def _walked(self, view: tuple[str, list[Any]], word: tuple[str, list[Any]], tags: int,
                cap: int) -> dict[str, Any] | None:
        """Count a search by testing the first ``_WALK`` rows of its view for its words one by one: all of a view
        that has no more, or enough to say a view has more than ``cap``; else None (the index must count it).

        The search index answers a word only with the list of all its rows: a third of a million before the
        first could be counted (100-170 ms), where testing rows stops at the first ``cap`` found (20-40 ms).
        """
        (condition, params), (matches, values) = view, word
        walk = f"SELECT * FROM words WHERE {condition} LIMIT {_WALK}"
        hits = (f"hits AS MATERIALIZED (SELECT kind, organisation, tags FROM ({walk}) AS walked WHERE {matches} "
                f"LIMIT {int(cap) + 1})")
        with self.db.reading() as db:
            counted = _facets(db.rows(_counting(hits, _HITS["words"][1], tags), [*params, *values]), cap)
            if counted["more"]:
                return counted
            walked = db.row(f"SELECT count(*) AS n FROM ({walk}) AS walked", params)
        return counted if walked["n"] < _WALK else None

    def recent(self, count: int, organisation: str | None = None, events: list[str] | None = None,
               bundle: str | None = None) -> list[dict[str, Any]]:
        """Return the newest visible contributions of an organisation, its moments or a bundle: what the platform's
        home shows of an organisation, and the feeds."""
        condition, params = self._where(events, organisation=organisation, bundle=bundle)
        rows = self.db.rows(f"SELECT number, kiosk, organisation, status, body FROM contributions WHERE {condition} "
                            f"ORDER BY created_at DESC, number DESC LIMIT {int(count)}", params)
        return [card(row) for row in rows]

    def _reading(self, words: str) -> AbstractContextManager[Transaction]:
        return self.db.searching() if search_terms(words) else self.db.reading()

    # What every page shows, computed once per change of the data (archive.cache)

    def version(self) -> str:
        """Return the archive's data version: it moves with every change a page could show."""
        row = self.db.row("SELECT value FROM settings WHERE name = 'data_version'")
        return row["value"] if row else "0"

    def changed_at(self) -> int:
        """Return when the data last changed, in seconds since 1970 (0: never): a feed's and an API page's age."""
        row = self.db.row("SELECT value FROM settings WHERE name = 'data_changed'")
        return int(row["value"]) if row else 0

    def _at_this_version(self, name: str, compute: Callable[[], Any]) -> Any:
        return copy.deepcopy(self._kept.value(name, self.version(), compute))

    def tags(self) -> list[str]:
        """Return every tag of a visible contribution, for the search form to offer."""
        return self._at_this_version("tags", self._tags)

    def _tags(self) -> list[str]:
        rows = self.db.rows("SELECT DISTINCT tag FROM tags WHERE number IN (SELECT number FROM contributions "
                            "WHERE deleted = 0 AND status = 'visible') ORDER BY tag")
        return [row["tag"] for row in rows]

    def moments(self) -> list[dict[str, Any]]:
        """Return every meeting moment with its kiosk and its number of visible contributions."""
        return self._at_this_version("moments", self._moments)

    def _moments(self) -> list[dict[str, Any]]:
        with self.db.reading() as db:
            counts = {row["event_id"]: row["n"] for row in db.rows(
                "SELECT event_id, count(*) AS n FROM contributions WHERE deleted = 0 AND status = 'visible' "
                "GROUP BY event_id")}
            rows = db.rows("SELECT id, kiosk, organisation, body FROM moments")
        moments = [dict(json.loads(row["body"]), event_id=row["id"], kiosk=row["kiosk"], organisation=row["organisation"],
                        contributions=counts.get(row["id"], 0)) for row in rows]
        return sorted(moments, key=lambda moment: (moment.get("date") or "", moment.get("name") or ""))

    def contacts(self, organisation: str) -> list[dict[str, Any]]:
        """Return an organisation's consented contact details with their contribution's text and moment: for its
        owners and editors only."""
        rows = self.db.rows(
            "SELECT k.contribution_id, k.kiosk, k.contact, k.consent_at, c.event_id, c.kind, c.body FROM contacts AS k "
            "LEFT JOIN contributions AS c ON c.id = k.contribution_id WHERE k.organisation = %s ORDER BY k.consent_at",
            (organisation,))
        return [dict(row, text=_text(row.pop("body"))) for row in rows]

    def moderation_log(self, organisation: str) -> list[dict[str, Any]]:
        """Return every moderation action an organisation's kiosks brought, newest first, with the contribution's
        text."""
        rows = self.db.rows(
            "SELECT m.contribution_id, m.rev, m.kiosk, m.action, m.at, m.session, c.deleted, c.body, c.event_id "
            "FROM moderation AS m LEFT JOIN contributions AS c ON c.id = m.contribution_id "
            "WHERE m.organisation = %s ORDER BY m.at DESC, m.rev DESC", (organisation,))
        return [dict(row, text=None if row["deleted"] else _text(row.pop("body"))) for row in rows]


def _counting(hits: str, tagged: str, tags: int) -> str:
    """The query that counts a view's ``hits`` (a table expression of their kinds, organisations and tags) by kind
    and organisation, and its ``tags`` most used tags."""
    return (f"WITH {hits}, tagged AS ({tagged}) "
            "SELECT 'kind' AS facet, kind AS name, count(*) AS n FROM hits GROUP BY kind UNION ALL "
            "SELECT 'organisation', organisation, count(*) FROM hits GROUP BY organisation UNION ALL "
            "SELECT * FROM (SELECT 'tag' AS facet, tag AS name, count(*) AS n FROM tagged "
            f"GROUP BY tag ORDER BY count(*) DESC, tag LIMIT {int(tags)}) AS used")


def _facets(rows: list[dict[str, Any]], cap: int | None) -> dict[str, Any]:
    by_kind = {row["name"]: row["n"] for row in rows if row["facet"] == "kind"}
    total = sum(by_kind.values())
    more = bool(cap) and total > cap
    return {"total": min(total, cap) if more else total, "more": more, "kinds": by_kind,
            "organisations": {row["name"]: row["n"] for row in rows if row["facet"] == "organisation"},
            "tags": [(row["name"], row["n"]) for row in rows if row["facet"] == "tag"]}


def card(row: dict[str, Any]) -> dict[str, Any]:
    """A contribution's row (number, kiosk, organisation, status, body) as the pages show it: with the status the
    archive gives it, which its team may have hidden whatever its kiosk said."""
    return dict(json.loads(row["body"]), kiosk=row["kiosk"], organisation=row["organisation"], number=row["number"],
                status=row["status"])


def _text(body: str | None) -> str | None:
    return json.loads(body).get("text") if body else None


def _day_after(day: str) -> str:
    # "to" includes its whole day, whatever the time of day and zone written after the date.
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
