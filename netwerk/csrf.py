"""The check both servers make before a change: the CSRF token the page was given, sent back with the change.

A page carries the token masked anew in every answer: a random mask and the token XORed with it,
both sent (as Django's ``_mask_cipher_secret``). A compressed page that also shows words from its
address (a search) would otherwise give the token away by its length, a character at a time: the
right guess compresses shorter beside it (BREACH). The check takes the token masked, or as the
session holds it: the kiosk's ``/api/session`` hands it out plain, in an answer that shows nothing a
client sent.
"""

from __future__ import annotations

import base64
import hmac
import secrets

from flask import session

__all__ = ["csrf_matches", "masked_token"]


def masked_token() -> str:
    """Return this session's CSRF token masked anew, for a page or form to carry; "" without a session."""
    secret = session.get("csrf", "").encode("ascii")
    if not secret:
        return ""
    mask = secrets.token_bytes(len(secret))
    return base64.urlsafe_b64encode(mask + _xor(secret, mask)).decode("ascii")


def csrf_matches(token: str | None) -> bool:
    """Tell whether a change carries this session's CSRF token, masked or not (kiosk and archive alike),
    in constant time."""
    expected = session.get("csrf", "").encode("ascii")
    if not expected or not isinstance(token, str):
        return False
    given = _unmasked(token, len(expected)) if len(token) > len(expected) else token.encode("utf-8")
    return hmac.compare_digest(given, expected)


def _unmasked(token: str, size: int) -> bytes:
    try:
        data = base64.urlsafe_b64decode(token)
    except ValueError:  # not base64, or not ASCII
        return b""
    return _xor(data[size:], data[:size]) if len(data) == 2 * size else b""


def _xor(data: bytes, mask: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, mask))
