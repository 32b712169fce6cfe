"""Whose is what a batch brings: a kiosk token writes only its own kiosk's contributions and moments.

A contribution or moment belongs to the kiosk that first brought it, unless another kiosk later proves
that it made it (``netwerk.origin``): ids are public, so a first claim without proof may be an impostor
that read another kiosk's feed, and it must never block the kiosk that can show the id's secret. A proven
claim is final: no one takes it over. A contact or moderation entry may only name this kiosk's
contributions, and a contribution may only be filed under a moment that is not another kiosk's.
"""

from __future__ import annotations

from typing import Any

from archive.database import marks
from netwerk.origin import proves

__all__ = ["Reclaimed", "batch_moments", "claims", "reclaim"]

Reclaimed = tuple[list[str], list[str]]  # contribution ids, moment ids


def batch_moments(batch: dict[str, Any]) -> list[dict[str, Any]]:
    """The meeting moments a batch describes, each once: those of its records, and the one a kiosk of before a
    folder held a line of moments sends alone."""
    moments = {moment["event_id"]: moment for moment in [batch.get("moment") or {}, *batch.get("moments", [])]
               if moment.get("event_id")}
    return list(moments.values())


def _owners(db: Any, table: str, keys: set[str]) -> dict[str, dict[str, Any]]:
    if not keys:
        return {}
    rows = db.rows(f"SELECT id, kiosk, proven FROM {table} WHERE id IN ({marks(len(keys))})", tuple(keys))
    return {row["id"]: row for row in rows}


def _judge(kiosk: str, owners: dict[str, dict[str, Any]], secrets: dict[str, Any], keys: set[str],
           brought: set[str]) -> tuple[list[str], list[str]]:
    """Split ``keys`` into the foreign ones and those this kiosk takes back by proof; ``brought`` may be new."""
    foreign, reclaimed = [], []
    for key in sorted(keys):
        owner = owners.get(key)
        if owner is None:
            if key not in brought:
                foreign.append(key)  # named, but neither held nor brought: nothing of this kiosk's
        elif owner["kiosk"] != kiosk:
            (reclaimed if not owner["proven"] and proves(key, secrets.get(key)) else foreign).append(key)
    return foreign, reclaimed


def claims(db: Any, kiosk: str, batch: dict[str, Any]) -> tuple[list[str], Reclaimed]:
    """Return what ``batch`` would change of another kiosk's (named), and what this kiosk proves to be its own."""
    records = {item["id"]: item.get("origin") for item in batch["records"]}
    about = batch.get("contacts", []) + batch.get("moderation", [])
    named = set(records) | {entry["contribution_id"] for entry in about}
    foreign, contributions = _judge(kiosk, _owners(db, "contributions", named), records, named, set(records))
    moments = {moment["event_id"]: moment.get("origin") for moment in batch_moments(batch)}
    events = {item["body"].get("event_id") for item in batch["records"]} | set(moments)
    events = {event for event in events if isinstance(event, str)}
    held = _owners(db, "moments", events)
    foreign_moments, taken = _judge(kiosk, held, moments, events, events)
    names = [f"contribution {key}" for key in foreign] + [f"moment {key}" for key in foreign_moments]
    return names, (contributions, taken)


_ITS_ORGANISATION = "(SELECT organisation FROM kiosks WHERE name = %s)"


def reclaim(db: Any, kiosk: str, reclaimed: Reclaimed) -> None:
    """Give back to ``kiosk`` what it proved it made: an impostor's version is overwritten by the batch, and its
    contacts and log entries for them go."""
    contributions, moments = reclaimed
    if contributions:
        listed = marks(len(contributions))
        # Revision 0 and not deleted: whatever the impostor sent, the rightful record replaces it.
        db.run(f"UPDATE contributions SET kiosk = %s, organisation = {_ITS_ORGANISATION}, rev = 0, deleted = 0 "
               f"WHERE id IN ({listed})", (kiosk, kiosk, *contributions))
        for table in ("contacts", "moderation"):
            db.run(f"DELETE FROM {table} WHERE contribution_id IN ({listed}) AND kiosk <> %s", (*contributions, kiosk))
    if moments:
        db.run(f"UPDATE moments SET kiosk = %s, organisation = {_ITS_ORGANISATION} WHERE id IN "
               f"({marks(len(moments))})", (kiosk, kiosk, *moments))
