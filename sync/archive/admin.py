"""The team's side of the archive: one admin password, a session cookie, and a CSRF token for changes.

The public pages show what the walls showed. Hidden contributions, the moderation log and the
consented contact details are for the team, so they sit behind this sign-in.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable

from flask import current_app, redirect, request, session, url_for

from sync.archive.store import ArchiveStore

__all__ = [
    "check_password", "hash_password", "is_team", "set_password", "sign_in", "sign_out",
    "stored_password", "team_required",
]

_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MIN_LENGTH = 10  # characters an admin password needs at least
_SETTING = "admin_password"
# A wrong guess costs a minute after the first five: a password of ten characters outlasts that. The
# guesses are counted in the archive's database, so every process of a hosted archive counts the same ones.
_GUESSES = {"burst": 5, "interval": 60}


def set_password(store: ArchiveStore, password: str) -> None:
    """Keep a new admin password (only its hash); raise ValueError when it is too short to guess slowly."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"the admin password needs at least {MIN_LENGTH} characters")
    store.set_setting(_SETTING, hash_password(password))


def stored_password(store: ArchiveStore) -> str | None:
    """Return the admin password's hash, or None while none is set."""
    return store.setting(_SETTING)


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of the password, to keep instead of the password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    """Tell whether ``password`` matches the stored hash, in constant time."""
    if not stored or stored.count("$") != 2:
        return False
    _, salt, digest = stored.split("$")
    given = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(given.hex(), digest)


def sign_in(store: ArchiveStore, password: str, address: str) -> tuple[bool, float]:
    """Sign this browser in if the password is right.

    Returns whether it did, and the seconds this address must still wait when it guessed too often:
    then the password is not even checked.
    """
    wait = store.throttle(f"sign-in {address}", **_GUESSES, spend=False)
    if wait:
        return False, wait
    stored = stored_password(store)
    if not check_password(password, stored):
        store.throttle(f"sign-in {address}", **_GUESSES, spend=True)
        return False, 0.0
    session.clear()
    session["team"] = _fingerprint(stored)
    session["csrf"] = secrets.token_urlsafe(32)
    return True, 0.0


def sign_out() -> None:
    """Forget this browser's sign-in."""
    session.clear()


def _fingerprint(stored: str | None) -> str:
    # Names the password a session signed in with: a new password signs every browser out.
    return (stored or "")[-16:]


def is_team() -> bool:
    """Tell whether this browser is signed in as the team, with the admin password that is set now."""
    signed_in = session.get("team")
    return bool(signed_in) and signed_in == _fingerprint(stored_password(current_app.extensions["archive"]))


def team_required(view: Callable) -> Callable:
    """Send a browser that is not signed in to the sign-in page, and back here after."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not is_team():
            return redirect(url_for("archive_team.signin", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded
