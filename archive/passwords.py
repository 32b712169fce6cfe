"""Passwords as the archive keeps them: Argon2id hashes (argon2-cffi), checked beside the event loop.

An admin password set before this version is an scrypt hash; it is still checked, and the next
``set-password`` makes it an Argon2 one. A sign-in for someone unknown is checked against a hash
all the same, so that the time an answer takes tells nobody which addresses are members.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

import gevent
import gevent.lock
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["MIN_LENGTH", "hashed", "matches"]

MIN_LENGTH = 10  # characters a password needs at least
_HASHER = PasswordHasher()  # RFC 9106's second choice: 64 MiB, 3 passes, about 0.1 s of a core
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
# One password checked at a time per process, beside its event loop: a hash may keep one core busy, not both.
_CHECKING = gevent.lock.BoundedSemaphore(1)


def hashed(password: str) -> str:
    """Return a salted Argon2id hash of the password; raise ValueError when it is too short to guess slowly."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _beside_the_loop(_HASHER.hash, password)


def matches(password: str, stored: str | None) -> bool:
    """Tell whether ``password`` is the one ``stored`` is the hash of; False for no hash at all, after as long.

    The hash takes some 0.1 s of a core: in a thread of gevent's pool (it lets go of the GIL), one at a time,
    so that the event loop goes on serving every visitor meanwhile, where it made a home page wait 1.6 s.
    """
    if stored and stored.startswith("scrypt$") and stored.count("$") == 2:
        _, salt, digest = stored.split("$")
        given = _beside_the_loop(hashlib.scrypt, password.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
        return hmac.compare_digest(given.hex(), digest)
    return _beside_the_loop(_verified, stored or _nobody(), password) and stored is not None


@functools.cache
def _nobody() -> str:
    return _HASHER.hash("a password nobody has")


def _verified(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _beside_the_loop(function, *args, **kwargs):
    with _CHECKING:
        return gevent.get_hub().threadpool.apply(function, args, kwargs)
