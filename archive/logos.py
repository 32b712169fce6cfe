"""Organisations' logos: what an owner sends, made safe and small, kept as files named by their content.

A logo is a PNG of at most ``SIDE`` pixels with its transparency (``netwerk.media.safe_png``), in the data folder's
``logos/``; its name is its hash, so its address can be cached for good and a new logo is a new address.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from netwerk.disk import disk_full_raised
from netwerk.files import write_atomically
from netwerk.media import safe_png

__all__ = ["SIDE", "Logos"]

SIDE = 320  # pixels: twice what a page shows, for sharp screens
_NAME = re.compile(r"[0-9a-f]{32}\.png")


class Logos:
    """The data folder's ``logos/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "logos"

    def add(self, data: bytes) -> str:
        """Make ``data`` a safe logo, store it once, and return its file name."""
        png = safe_png(data, SIDE)
        name = hashlib.sha256(png).hexdigest()[:32] + ".png"
        path = self.folder / name
        if not path.exists():
            with disk_full_raised():
                self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(path, png)
        return name

    def path(self, name: str) -> Path | None:
        """Return the file of a logo by its name, or None for a name never given out."""
        path = self.folder / name
        return path if _NAME.fullmatch(name) and path.is_file() else None

    def remove(self, name: str) -> None:
        """Remove a logo no organisation shows any more."""
        path = self.path(name)
        if path is not None:
            path.unlink(missing_ok=True)
