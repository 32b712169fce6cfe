"""The team's live sessions, in the archive's database: every gunicorn worker must agree on who signed out.

Kept as ``netwerk.sessions`` hashes them, each with the time it began. A session ends when its
browser signs out, when the admin password changes (``archive.admin``), or ``LIFETIME`` after
it began, so that a copy of a cookie nobody signed out with does not open the contacts for ever.
"""

from __future__ import annotations

import time

from archive.database import Database

__all__ = ["LIFETIME", "TeamSessions"]

LIFETIME = 7 * 24 * 3600  # a working week: sign in again on Monday


class TeamSessions:
    """A ``netwerk.sessions.SessionBook`` in the archive's ``sessions`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, key: str) -> None:
        """Keep a new live session, and forget the ones that have ended by their age."""
        now = time.time()
        with self._db.transaction() as db:
            db.run("DELETE FROM sessions WHERE started < %s", (now - LIFETIME,))
            db.run("INSERT INTO sessions (digest, started) VALUES (%s, %s)", (key, now))

    def holds(self, key: str) -> bool:
        """Tell whether a session is live: signed in, not out, and not too long ago."""
        return self._db.row("SELECT 1 AS live FROM sessions WHERE digest = %s AND started >= %s",
                            (key, time.time() - LIFETIME)) is not None

    def remove(self, key: str) -> None:
        """End a session, for every process of the archive at once."""
        self._db.run("DELETE FROM sessions WHERE digest = %s", (key,))
