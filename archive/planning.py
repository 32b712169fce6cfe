"""The programme line the team plans in the archive: programmes, and the meeting moments planned in each.

The planning side of the archive's store (``ArchiveStore.planning``), on the database the store opened. A kiosk pulls the
next moment planned for it, with its programme and highlights of the programme's earlier moments,
so a facilitator need not type the set-up again and each moment continues the last one's conversation.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Mapping
from typing import Any

from archive.database import Database, marks
from archive.programmes import slug
from archive.views import changed
from netwerk.contributions import N_, ContributionError, parse_tags, text_field
from netwerk.moments import MOMENT_KINDS, is_date

__all__ = ["Planning", "plan_fields", "programme_fields"]

_HIGHLIGHTS = 12


class Planning:
    """Programmes and planned moments."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_programme(self, organisation: str, key: str, theme: str, description: str = "", start: str | None = None,
                      end: str | None = None, tags: list[str] | None = None, keep_contacts: int = 6) -> dict[str, Any]:
        """Create an organisation's programme named ``key`` in its address, or change its one of that name; return it.

        A programme's key is the archive's as well as the organisation's: when another organisation has a programme
        of that name, this one is called after its organisation too (``voedsel-in-de-wijk-utrecht``).
        """
        with self.db.transaction() as db:
            self.db.one_at_a_time(db, "programmes")
            taken = db.row("SELECT organisation FROM programmes WHERE id = %s", (key,))
            if taken and taken["organisation"] != organisation:
                key = f"{key}-{organisation}"
            db.run('INSERT INTO programmes (id, organisation, theme, description, start, "end", tags, keep_contacts) '
                   "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET theme = excluded.theme, "
                   'description = excluded.description, start = excluded.start, "end" = excluded."end", '
                   "tags = excluded.tags, keep_contacts = excluded.keep_contacts",
                   (key, organisation, theme, description, start, end, json.dumps(tags or [], ensure_ascii=False),
                    keep_contacts))
            changed(db)
        return self.planned_programme(key)

    def planned_programme(self, key: str) -> dict[str, Any] | None:
        """Return one programme the team created, or None."""
        return next((programme for programme in self.planned_programmes() if programme["id"] == key), None)

    def planned_programmes(self, organisation: str | None = None) -> list[dict[str, Any]]:
        """Return the programmes the teams created (of one organisation, or all), each with its planned moments."""
        with self.db.reading() as db:
            programmes = (db.rows("SELECT * FROM programmes WHERE organisation = %s ORDER BY theme", (organisation,))
                          if organisation else db.rows("SELECT * FROM programmes ORDER BY theme"))
            plans = db.rows("SELECT * FROM plans ORDER BY date, name")
        for programme in programmes:
            programme["tags"] = json.loads(programme["tags"])
            programme["plans"] = [plan for plan in plans if plan["programme_id"] == programme["id"]]
        return programmes

    def plan_moment(self, programme_id: str, name: str, kind: str, date: str | None, place: str,
                    kiosk: str | None) -> dict[str, Any]:
        """Plan a meeting moment in a programme, to be run by ``kiosk`` (or not yet assigned); return it."""
        plan = {"id": str(uuid.uuid4()), "programme_id": programme_id, "kiosk": kiosk, "name": name, "kind": kind,
                "date": date, "place": place}
        with self.db.transaction() as db:
            db.run("INSERT INTO plans (id, programme_id, kiosk, name, kind, date, place) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   tuple(plan.values()))
            changed(db)
        return plan

    def plan_for(self, kiosk: str, today: str, held: Collection[str] = ()) -> dict[str, Any] | None:
        """Return the moment this kiosk runs next (the first on or after ``today``, else its last), or None.

        A moment the kiosk held already (its contributions came in under it, or the kiosk says so in ``held``)
        is not next, also when its date is still to come: the line moves on. When every one is held, the
        last comes back, and the kiosk says that it took place there.
        """
        rows = self.db.rows("SELECT * FROM plans WHERE kiosk = %s ORDER BY date, name", (kiosk,))
        rows.sort(key=lambda plan: plan["date"] or "9999")  # a moment without a date yet comes after the dated
        done = set(held) | {json.loads(row["body"]).get("planned_id") for row in self.db.rows(
            "SELECT body FROM moments WHERE kiosk = %s", (kiosk,))}
        rows = [plan for plan in rows if plan["id"] not in done] or rows[-1:]
        coming = [plan for plan in rows if (plan["date"] or "9999") >= today]
        return coming[0] if coming else (rows[-1] if rows else None)

    def highlights(self, programme_id: str, leave_out: str) -> list[dict[str, Any]]:
        """Return the most reacted and pinned visible contributions of a programme's other moments.

        A moment belongs to the programme when the kiosk pulled it from there (``planned_id``) or
        shares its theme; ``leave_out`` is the planned moment asking, whose own contributions are new. Each names
        the programme's organisation and its colour, so the walls show them in the organisation's look.
        """
        programme = self.planned_programme(programme_id)
        if programme is None:
            return []
        theme = programme["theme"].lower()
        moments = {row["id"]: json.loads(row["body"]) for row in self.db.rows(
            "SELECT id, body FROM moments WHERE organisation = %s", (programme["organisation"],))}
        held = [key for key, moment in moments.items()
                if (moment.get("programme_id") == programme_id or (moment.get("theme") or "").lower() == theme)
                and (moment.get("planned_id") or "") != leave_out]
        if not held:
            return []
        rows = self.db.rows(
            f"SELECT body, event_id FROM contributions WHERE deleted = 0 AND status = 'visible' AND event_id IN "
            f"({marks(len(held))}) ORDER BY pinned DESC, reactions DESC, created_at DESC LIMIT {_HIGHLIGHTS}",
            held)
        look = self.db.row("SELECT name, colour FROM organisations WHERE slug = %s", (programme["organisation"],))
        return [dict(_highlight(json.loads(row["body"]), moments[row["event_id"]]), organisation=look["name"],
                     colour=look["colour"]) for row in rows]


def _highlight(body: dict[str, Any], moment: dict[str, Any]) -> dict[str, Any]:
    # What a wall needs to show it, and nothing a kiosk should not carry (no ids of people, no photos).
    return {"id": body["id"], "kind": body["kind"], "text": body["text"], "author": body.get("author"),
            "reactions": body.get("reactions", 0), "tags": body.get("tags") or [],
            "moment": moment.get("name") or moment.get("place") or moment.get("date") or ""}


def programme_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """Read a programme from the team's form; raise ContributionError saying what is wrong."""
    theme = text_field(form, "theme", 120, required=True)
    start, end = _date(form, "start"), _date(form, "end")
    if start and end and end < start:
        raise ContributionError(N_("The period ends before it starts."))
    keep = str(form.get("keep_contacts") or "6").strip()
    if not keep.isdigit() or int(keep) > 60:
        raise ContributionError(N_("Keep contacts for 0 to 60 months after the programme ends."))
    return {"key": slug(theme), "theme": theme, "description": text_field(form, "description", 2000, required=False)
            or "", "start": start, "end": end, "tags": parse_tags({"tags": form.get("tags") or ""}),
            "keep_contacts": int(keep)}


def plan_fields(form: Mapping[str, Any], kiosks: list[str]) -> dict[str, Any]:
    """Read a planned meeting moment from the team's form; raise ContributionError saying what is wrong."""
    kind = form.get("kind") or "other"
    if kind not in MOMENT_KINDS:
        raise ContributionError(N_("Choose the kind of meeting moment: market, study day, festival, manifestation or other."))
    kiosk = form.get("kiosk") or None
    if kiosk is not None and kiosk not in kiosks:
        raise ContributionError(N_("There is no kiosk of that name."))
    return {"name": text_field(form, "name", 120, required=True), "kind": kind, "date": _date(form, "date"),
            "place": text_field(form, "place", 120, required=False) or "", "kiosk": kiosk}


def _date(form: Mapping[str, Any], name: str) -> str | None:
    value = text_field(form, name, 10, required=False)
    if value and not is_date(value):
        raise ContributionError(N_("Give the date as year-month-day, for example 2026-05-30."))
    return value
