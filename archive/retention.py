"""Contact details are kept only as long as their organisation says: by default until six months after the
programme ends. Then the archive erases them as a deletion on request does (the rows, and every old copy of their
bytes the database keeps), and the team's pages say beforehand when that will be.

A contact belongs to the programme of its contribution's moment; a programme without an end date keeps them until
it has one. The sweep runs when a process starts and then at most once an hour, on the next request.
"""

from __future__ import annotations

import calendar
import time
from collections import Counter
from datetime import date
from typing import Any

from archive.database import marks
from archive.programmes import of_archive

__all__ = ["deadline", "deadlines", "erase_expired", "sweep_now_and_then"]

_EVERY = 3600  # seconds between two sweeps of one process
_swept: dict[int, float] = {}  # when each archive of this process was swept last, by its store


def deadline(programme: dict[str, Any]) -> str | None:
    """Return the last day a programme keeps its contacts (ISO), or None while it has no end date."""
    end = programme.get("end")
    if not end:
        return None
    day = date.fromisoformat(end)
    months = day.month - 1 + int(programme.get("keep_contacts", 6))
    year, month = day.year + months // 12, months % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])).isoformat()


def deadlines(store: Any) -> dict[str, str | None]:
    """Return, for every moment, the last day its contacts are kept (None: no end date yet)."""
    return {moment["event_id"]: deadline(programme) for programme in of_archive(store)
            for moment in programme["moments"]}


def erase_expired(store: Any, today: str) -> int:
    """Erase the contacts whose programme's keeping time has passed; return how many."""
    by_moment = deadlines(store)
    rows = store.db.rows("SELECT k.contribution_id, k.organisation, c.event_id FROM contacts AS k "
                         "LEFT JOIN contributions AS c ON c.id = k.contribution_id")
    expired = [row for row in rows if (by_moment.get(row["event_id"]) or "9999") < today]
    if not expired:
        return 0
    with store.db.transaction() as db:
        db.run(f"DELETE FROM contacts WHERE contribution_id IN ({marks(len(expired))})",
               [row["contribution_id"] for row in expired])
    store.db.scrub()
    for organisation, count in Counter(row["organisation"] for row in expired).items():
        store.people.record(organisation, "archive", "contacts-erased", str(count))
    return len(expired)


def sweep_now_and_then(store: Any) -> None:
    """Erase expired contacts if this process has not looked for an hour."""
    now = time.monotonic()
    if id(store) in _swept and now - _swept[id(store)] < _EVERY:
        return
    _swept[id(store)] = now
    erase_expired(store, date.today().isoformat())
