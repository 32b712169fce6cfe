"""Proof of origin: a kiosk names what it makes by the hash of a secret that only it holds.

Contribution and moment ids are public: every wall, phone and archive page shows them. If holding an id
were enough to claim it, a second kiosk's token could bring another kiosk's moment and contributions to
the archive first, and the rightful kiosk would be refused. So a kiosk makes each id from a fresh random
secret (the id is the secret's hash, in the form of a UUID), keeps the secret beside the record and sends
it only to the archive with the sync: the archive checks that the secret hashes to the id. A reader of the
public feed has the id but can never find its secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

__all__ = ["made_id", "new_origin", "proves"]

_SECRET_LENGTH = 64  # hex digits of 32 random bytes


def made_id(secret: str) -> str:
    """Return the id that ``secret`` makes: a version 4 UUID of its SHA-256."""
    digest = hashlib.sha256(b"netwerkkiosk origin " + secret.encode("ascii")).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def new_origin() -> tuple[str, str]:
    """Return a new id and the secret that proves it was made here."""
    secret = secrets.token_hex(_SECRET_LENGTH // 2)
    return made_id(secret), secret


def proves(identifier: Any, secret: Any) -> bool:
    """Tell whether ``secret`` is the one ``identifier`` was made from."""
    return (isinstance(identifier, str) and isinstance(secret, str) and len(secret) == _SECRET_LENGTH
            and all(digit in "0123456789abcdef" for digit in secret)
            and hmac.compare_digest(made_id(secret), identifier))
