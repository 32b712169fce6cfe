"""Sessions a server can end: the signed cookie carries a random id, the server keeps which ids are live.

A signed cookie alone cannot be taken back: signing out clears the browser's copy, but a copy taken
from the air (the kiosk speaks plain HTTP on a shared Wi-Fi) or from a lent phone stays valid. So
both servers keep their live sessions themselves (the kiosk in its data folder, the archive in its
database), signing out removes the server's record, and every check looks it up. The server keeps
only a hash of each id, so a copy of its folder or database signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Protocol

from flask import session

__all__ = ["SessionBook", "end_session", "live_session", "open_session"]

_ID = "sid"


class SessionBook(Protocol):
    """Where a server keeps the hashes of its live session ids."""

    def add(self, key: str) -> None:
        """Keep a new live session."""

    def holds(self, key: str) -> bool:
        """Tell whether a session is live."""

    def remove(self, key: str) -> None:
        """End a session: its cookie, and every copy of it, no longer signs anyone in."""


def open_session(book: SessionBook) -> None:
    """Start a new session in this browser: a fresh id in its cookie (nothing of before kept) and in ``book``."""
    session.clear()
    session[_ID] = secrets.token_urlsafe(32)
    book.add(_key(session[_ID]))


def live_session(book: SessionBook) -> bool:
    """Tell whether this browser's cookie names a session that ``book`` still holds."""
    sid = session.get(_ID)
    return isinstance(sid, str) and book.holds(_key(sid))


def end_session(book: SessionBook) -> None:
    """End this browser's session on the server, then clear its cookie."""
    sid = session.get(_ID)
    if isinstance(sid, str):
        book.remove(_key(sid))
    session.clear()


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()
