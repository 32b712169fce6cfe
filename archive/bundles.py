"""Bundles: named, public collections around a theme ("Voedsel in de wijk, vijf steden") of contributions from any
organisation, so that places exchange and bundle what they found; and another organisation's example linked into a
programme, shown with where it comes from.

Both only name a contribution: its text, photo and visibility stay its own organisation's. A card that is hidden
or erased at its source leaves every bundle and every programme that linked it (``let_go``, in the transaction that
hides or erases it), and the pages read bundles through the same visible-only views as everything public.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from archive.database import Database, Transaction, marks
from archive.programmes import slug
from archive.views import card, changed
from netwerk.contributions import N_, ContributionError, text_field

__all__ = ["Bundles", "bundle_fields", "let_go"]

_PUBLIC = "SELECT 1 AS public FROM contributions WHERE id = %s AND deleted = 0 AND status = 'visible'"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def let_go(db: Transaction, ids: list[str]) -> None:
    """Take the contributions among ``ids`` that are no longer public out of every bundle and programme link."""
    if not ids:
        return
    gone = (f"SELECT id FROM contributions WHERE id IN ({marks(len(ids))}) AND (deleted = 1 OR status <> 'visible')")
    for table in ("bundle_items", "programme_links"):
        db.run(f"DELETE FROM {table} WHERE contribution_id IN ({gone})", ids)


class Bundles:
    """The ``bundles`` with their items, and the examples linked into programmes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def make(self, fields: dict[str, Any], organisation: str, member: str) -> str | None:
        """Make a bundle of an organisation; return its slug, or None when a bundle of that name exists."""
        with self.db.transaction() as db:
            made = db.run("INSERT INTO bundles (slug, title, introduction, organisation, made, made_by) VALUES "
                          "(%s, %s, %s, %s, %s, %s) ON CONFLICT (slug) DO NOTHING",
                          (fields["slug"], fields["title"], fields["introduction"], organisation, _now(), member))
            changed(db)
        return fields["slug"] if made else None

    def get(self, key: str) -> dict[str, Any] | None:
        """Return one bundle, or None."""
        return self.db.row("SELECT * FROM bundles WHERE slug = %s", (key,))

    def all(self) -> list[dict[str, Any]]:
        """Return every bundle with how many public cards it holds and from how many organisations, newest first."""
        return self.db.rows(
            "SELECT b.slug, b.title, b.introduction, b.organisation, b.made, count(c.id) AS cards, "
            "count(DISTINCT c.organisation) AS organisations FROM bundles AS b "
            "LEFT JOIN bundle_items AS i ON i.bundle = b.slug "
            "LEFT JOIN contributions AS c ON c.id = i.contribution_id AND c.deleted = 0 AND c.status = 'visible' "
            "GROUP BY b.slug, b.title, b.introduction, b.organisation, b.made ORDER BY b.made DESC, b.slug")

    def add(self, bundle: str, contribution: str, organisation: str, member: str) -> bool:
        """Put a public contribution into a bundle, on behalf of a member of ``organisation``; False if it is not
        public (or the bundle does not exist)."""
        with self.db.transaction() as db:
            if db.row(_PUBLIC, (contribution,)) is None or db.row(
                    "SELECT 1 AS found FROM bundles WHERE slug = %s", (bundle,)) is None:
                return False
            db.run("INSERT INTO bundle_items (bundle, contribution_id, organisation, added, added_by) "
                   "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING", (bundle, contribution, organisation, _now(),
                                                                         member))
            changed(db)
        return True

    def remove(self, bundle: str, contribution: str) -> None:
        """Take a contribution out of a bundle."""
        with self.db.transaction() as db:
            db.run("DELETE FROM bundle_items WHERE bundle = %s AND contribution_id = %s", (bundle, contribution))
            changed(db)

    def adders(self, bundle: str) -> dict[str, str]:
        """Return, for each contribution in a bundle, the organisation whose member put it there."""
        rows = self.db.rows("SELECT contribution_id, organisation FROM bundle_items WHERE bundle = %s", (bundle,))
        return {row["contribution_id"]: row["organisation"] for row in rows}

    def link(self, programme: str, contribution: str, organisation: str, member: str) -> bool:
        """Link another organisation's public example into one of ``organisation``'s programmes; False if it is not
        public."""
        with self.db.transaction() as db:
            if db.row(_PUBLIC, (contribution,)) is None:
                return False
            db.run("INSERT INTO programme_links (programme, contribution_id, organisation, added, added_by) "
                   "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                   (programme, contribution, organisation, _now(), member))
            changed(db)
        return True

    def linked(self, organisation: str, programme: str) -> list[dict[str, Any]]:
        """Return the public examples linked into an organisation's programme, each with its organisation."""
        rows = self.db.rows(
            "SELECT c.number, c.kiosk, c.organisation, c.status, c.body FROM programme_links AS l "
            "JOIN contributions AS c ON c.id = l.contribution_id WHERE l.organisation = %s AND l.programme = %s "
            "AND c.deleted = 0 AND c.status = 'visible' ORDER BY l.added", (organisation, programme))
        return [card(row) for row in rows]


def bundle_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """Read a bundle from the team's form; raise ContributionError saying what is wrong."""
    title = text_field(form, "title", 120, required=True)
    key = slug(title)
    if not re.search(r"[a-z0-9]", key) or key == "zonder-thema":
        raise ContributionError(N_("Give the bundle a title with letters or digits."))
    return {"slug": key, "title": title, "introduction": text_field(form, "introduction", 2000, required=False) or ""}
