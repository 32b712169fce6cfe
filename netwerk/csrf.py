"""The check both servers make before a change: the CSRF token the page was given, sent back with the change."""

from __future__ import annotations

import hmac

from flask import session

__all__ = ["csrf_matches"]


def csrf_matches(token: str | None) -> bool:
    """Tell whether a change carries this session's CSRF token (kiosk and archive alike), in constant time."""
    expected = session.get("csrf", "")
    return bool(expected) and hmac.compare_digest((token or "").encode("utf-8"), expected.encode("utf-8"))
