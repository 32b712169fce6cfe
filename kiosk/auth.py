"""Facilitator sign-in: the PIN, a session cookie, a CSRF token, and PIN guessing slowed down."""

from __future__ import annotations

import functools
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import request, session

from kiosk.contributions import N_
from kiosk.errors import json_error
from kiosk.journal import write_atomically

__all__ = ["facilitator_required", "pin_matches", "secret_key", "start_session"]

CSRF_HEADER = "X-CSRF-Token"


def secret_key(folder: Path) -> bytes:
    """Return the key that signs session cookies, kept in the data folder so a restart keeps sessions."""
    path = Path(folder) / "secret_key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    write_atomically(path, key)
    os.chmod(path, 0o600)
    return key


def pin_matches(given: Any, expected: str | None) -> bool:
    """Compare a PIN in constant time, so its digits cannot be found by timing."""
    if not isinstance(given, str) or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def start_session() -> str:
    """Sign this browser in as facilitator and return its CSRF token."""
    session.clear()
    session["facilitator"] = secrets.token_urlsafe(8)  # names the session in the moderation log
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def facilitator_required(view: Callable) -> Callable:
    """Let only a signed-in facilitator through (401); a change also needs the session's CSRF token (403).

    Reads (GET) change nothing, so a download link works without the token.
    """

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not session.get("facilitator"):
            return json_error(N_("Sign in with the facilitator PIN first."), 401)
        if request.method == "GET":
            return view(*args, **kwargs)
        token = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(token.encode("utf-8"), session.get("csrf", "").encode("utf-8")):
            return json_error(N_("This change lacks a valid CSRF token; reload the page."), 403)
        return view(*args, **kwargs)

    return guarded
