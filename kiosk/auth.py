"""Facilitator sign-in: the PIN, a session cookie, a CSRF token, and PIN guessing slowed down."""

from __future__ import annotations

import functools
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app, request, session

from kiosk import live
from kiosk.ratelimit import RateLimiter
from kiosk.sessions import Sessions
from netwerk.contributions import N_
from netwerk.csrf import csrf_matches
from netwerk.errors import json_error
from netwerk.files import write_atomically
from netwerk.sessions import end_session, live_session, open_session
from netwerk.terminal import say

__all__ = ["GUESSING", "PinGuard", "end_facilitator_session", "facilitator_required", "pin_matches", "secret_key",
           "signed_in", "start_session", "warn_of_guessing"]

CSRF_HEADER = "X-CSRF-Token"
GUESSING = N_("Many wrong PINs from the network: new sign-ins wait. If that is not you, someone is guessing the "
              "PIN; restart the kiosk with another --pin.")


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


class PinGuard:
    """Wrong PINs slowed per address and, across every address at once, for the whole kiosk.

    One address gets five tries, then one per 30 seconds; but a Wi-Fi offers a passer-by hundreds of
    addresses, so the kiosk as a whole also takes only a few wrong PINs a minute. While that limit
    holds, nobody new signs in (a facilitator already signed in goes on), and the room is told.
    """

    def __init__(self, per_address: RateLimiter, per_kiosk: RateLimiter) -> None:
        self._per_address = per_address
        self._per_kiosk = per_kiosk

    def wait(self, address: str) -> float:
        """Return how long ``address`` must wait before it may try a PIN; 0 if it may now."""
        return max(self._per_address.retry_after(address), self._per_kiosk.retry_after(""))

    def wrong(self, address: str) -> bool:
        """Count a wrong PIN; return True when it is the one that closed sign-in for the whole kiosk."""
        self._per_address.take(address)
        self._per_kiosk.take("")
        return self._per_kiosk.retry_after("") > 0


def _fingerprint(pin: str) -> str:
    # Kept in the session cookie: a session signed in with another PIN (changed, or the kiosk restarted
    # with a new one) no longer counts. Keyed with the app's secret, so the cookie does not reveal the PIN.
    return hmac.new(current_app.secret_key, pin.encode("utf-8"), "sha256").hexdigest()[:32]


def _sessions() -> Sessions:
    # The kiosk's live sessions (kiosk.context's Kiosk holds them; that module imports this one).
    return current_app.extensions["netwerkkiosk"].sessions


def start_session() -> str:
    """Sign this browser in as facilitator and return its CSRF token."""
    open_session(_sessions())
    session["facilitator"] = secrets.token_urlsafe(8)  # names the session in the moderation log
    session["csrf"] = secrets.token_urlsafe(32)
    session["pin"] = _fingerprint(current_app.config["PIN"])
    return session["csrf"]


def end_facilitator_session() -> None:
    """Sign this browser out on the kiosk itself: a copy of its cookie, sniffed or on a lent phone, ends with it."""
    end_session(_sessions())


def signed_in() -> bool:
    """Tell whether this browser is signed in as facilitator with the kiosk's current PIN, in a session still live."""
    pin = current_app.config["PIN"]  # None only for a kiosk opened to read, which signs nobody in
    return (bool(pin and session.get("facilitator")) and live_session(_sessions())
            and hmac.compare_digest(session.get("pin", ""), _fingerprint(pin)))


def facilitator_required(view: Callable) -> Callable:
    """Let only a signed-in facilitator through (401); a change also needs the session's CSRF token (403).

    Reads (GET) change nothing, so a download link works without the token.
    """

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not signed_in():
            return json_error(N_("Sign in with the facilitator PIN first."), 401)
        if request.method == "GET":
            return view(*args, **kwargs)
        if not csrf_matches(request.headers.get(CSRF_HEADER)):
            return json_error(N_("This change lacks a valid CSRF token; reload the page."), 403)
        return view(*args, **kwargs)

    return guarded


def warn_of_guessing() -> None:
    """Tell the terminal and every control room that someone is guessing the PIN."""
    current_app.logger.warning(say(GUESSING))
    live.pin_guessing()
