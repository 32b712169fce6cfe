"""One-time pairing codes: a second device signs in with what only the laptop's screen shows.

The PIN is typed where people can watch, and from the Wi-Fi it can be guessed, a few tries a minute.
A pairing code is shown only in a signed-in control room (as text, and as a QR code that opens the
sign-in page with it), works once and for five minutes, and a new one replaces the one before.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["LIFETIME", "Pairing"]

# No 0/O or 1/I: the code is read off a screen and typed on a phone. Eight of them are 40 bits.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_LENGTH = 8
LIFETIME = 300


class Pairing:
    """The kiosk's one pairing code that is still open, if any."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._code: str | None = None
        self._until = 0.0
        self._lock = threading.Lock()

    def issue(self) -> str:
        """Make a new code, which ends the one before, and return it as it is shown (``ABCD-EFGH``)."""
        code = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
        with self._lock:
            self._code, self._until = code, self._clock() + LIFETIME
        return _shown(code)

    def current(self) -> str | None:
        """Return the open code as it is shown, or None when there is none or it has expired."""
        with self._lock:
            code = self._open()
        return _shown(code) if code else None

    def redeem(self, given: Any) -> bool:
        """Tell whether ``given`` is the open code (spaces, dashes and case aside); a right one is used up."""
        if not isinstance(given, str):
            return False
        typed = "".join(given.split()).replace("-", "").upper().encode("utf-8")
        with self._lock:
            code = self._open()
            right = code is not None and hmac.compare_digest(typed, code.encode("utf-8"))
            if right:
                self._code = None
        return right

    def _open(self) -> str | None:
        return self._code if self._clock() < self._until else None


def _shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
