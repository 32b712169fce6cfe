"""The team's side of the archive: one admin password, a session cookie, and a CSRF token for changes.

The public pages show what the walls showed. Hidden contributions, the moderation log and the
consented contact details are for the team, so they sit behind this sign-in. A session lives in the
archive's database as well as in the cookie (``archive.sessions``), so signing out ends it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable

import gevent
import gevent.lock
from flask import current_app, g, redirect, request, session, url_for

from archive.store import ArchiveStore
from netwerk.contributions import N_
from netwerk.sessions import end_session, live_session, open_session
from netwerk.terminal import say

__all__ = [
    "GUESSING", "check_password", "guessing", "hash_password", "is_team", "set_password", "sign_in", "sign_out",
    "stored_password", "team_required",
]

_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MIN_LENGTH = 10  # characters an admin password needs at least
_SETTING = "admin_password"
# A try costs a minute after the first five: a password of ten characters outlasts that. The
# guesses are counted in the archive's database, so every process of a hosted archive counts the same ones.
_GUESSES = {"burst": 5, "interval": 60}
# ... and across every address at once, since a passer-by has many (587 guesses a minute came through
# from rotating addresses): ten, then two a minute. It refills in the same 300 s as an address's bucket,
# because a spent try clears the throttle's table of buckets that old (archive.store).
_ARCHIVE_WIDE = "archive-wide"
_ALL_GUESSES = {"burst": 10, "interval": 30}
# One password checked at a time per process, beside its event loop: scrypt may keep one core busy, not both.
_CHECKING = gevent.lock.BoundedSemaphore(1)
GUESSING = N_("Many wrong admin passwords from the network: nobody new signs in to the archive for a while. If that "
              "is not the team, someone is guessing the password; whoever is signed in goes on.")


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
    return f"scrypt${salt.hex()}${_scrypt(password.encode('utf-8'), salt).hex()}"


def check_password(password: str, stored: str | None) -> bool:
    """Tell whether ``password`` matches the stored hash, in constant time.

    scrypt takes some 50 ms of a core: in a thread of gevent's pool (it lets go of the GIL), one at a
    time, so that the event loop goes on serving every visitor meanwhile, where it made a home page
    wait 1.6 s.
    """
    if not stored or stored.count("$") != 2:
        return False
    _, salt, digest = stored.split("$")
    with _CHECKING:
        given = gevent.get_hub().threadpool.apply(_scrypt, (password.encode("utf-8"), bytes.fromhex(salt)))
    return hmac.compare_digest(given.hex(), digest)


def _scrypt(password: bytes, salt: bytes) -> bytes:
    return hashlib.scrypt(password, salt=salt, **_SCRYPT)


def sign_in(store: ArchiveStore, password: str, address: str) -> tuple[bool, float]:
    """Sign this browser in if the password is right.

    Returns whether it did, and the seconds to wait when this address, or the whole archive, took too
    many tries: then the password is not even checked. A try is counted before its password is
    checked, right or wrong, so that guesses sent at the same moment cannot all slip through.
    """
    wait = (store.throttle(f"sign-in {address}", **_GUESSES, spend=True)
            or store.throttle(_ARCHIVE_WIDE, **_ALL_GUESSES, spend=True))
    if wait:
        return False, wait
    stored = stored_password(store)
    if not check_password(password, stored):
        if guessing(store):
            current_app.logger.warning(say(GUESSING))
        return False, 0.0
    open_session(store.sessions)
    session["team"] = _fingerprint(stored)
    session["csrf"] = secrets.token_urlsafe(32)
    g.pop("team_signed_in", None)
    return True, 0.0


def guessing(store: ArchiveStore) -> float:
    """Return the seconds until the archive takes a password again after many tries from anywhere (else 0)."""
    return store.throttle(_ARCHIVE_WIDE, **_ALL_GUESSES, spend=False)


def sign_out(store: ArchiveStore) -> None:
    """End this browser's session, in the archive too: a copy of its cookie no longer signs anyone in."""
    end_session(store.sessions)
    g.pop("team_signed_in", None)


def _fingerprint(stored: str | None) -> str:
    # Names the password a session signed in with: a new password signs every browser out.
    return (stored or "")[-16:]


def is_team() -> bool:
    """Tell whether this browser is signed in as the team, in a live session, with the admin password set now.

    Asked by the page, its template and the caching headers alike: the database answers once per request.
    """
    if "team_signed_in" not in g:
        g.team_signed_in = _signed_in(current_app.extensions["archive"])
    return g.team_signed_in


def _signed_in(store: ArchiveStore) -> bool:
    fingerprint = session.get("team")
    return (bool(fingerprint) and fingerprint == _fingerprint(stored_password(store))
            and live_session(store.sessions))


def team_required(view: Callable) -> Callable:
    """Send a browser that is not signed in to the sign-in page, and back here after."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not is_team():
            return redirect(url_for("archive_team.signin", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded
