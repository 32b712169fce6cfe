"""The facilitator sessions that are live on this kiosk, kept in its data folder so a restart keeps them.

Only hashes of the session ids are kept (``netwerk.sessions``), one a line in ``sessions``. A
facilitator signs in a few times a day; the newest ``KEEP`` sessions stay live, so the file stays
small over a programme of many days (the oldest sign-in of more than that is signed out).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from netwerk.files import write_atomically

__all__ = ["KEEP", "Sessions"]

KEEP = 100


class Sessions:
    """A ``netwerk.sessions.SessionBook`` in a file of the kiosk's data folder."""

    def __init__(self, folder: Path) -> None:
        self._path = Path(folder) / "sessions"
        self._lock = threading.Lock()
        try:
            lines = self._path.read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):
            lines = []
        self._live = dict.fromkeys(lines[-KEEP:])

    def add(self, key: str) -> None:
        """Keep a new live session (and forget the oldest beyond ``KEEP``)."""
        with self._lock:
            self._live[key] = None
            for oldest in list(self._live)[:-KEEP]:
                del self._live[oldest]
            self._save()

    def holds(self, key: str) -> bool:
        """Tell whether a session is live."""
        with self._lock:
            return key in self._live

    def remove(self, key: str) -> None:
        """End a session, on disk at once: a restart does not bring it back."""
        with self._lock:
            if key in self._live:
                del self._live[key]
                self._save()

    def _save(self) -> None:
        write_atomically(self._path, "".join(f"{key}\n" for key in self._live).encode("ascii"))
        os.chmod(self._path, 0o600)
