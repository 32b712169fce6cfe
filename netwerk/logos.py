"""Organisations' logos: what an owner sends the archive, or the archive sends a kiosk with a plan, made safe and
small, kept as files named by their content.

A logo is a PNG of at most ``SIDE`` pixels with its transparency (``netwerk.media.safe_png``), in the data folder's
``logos/``; its name is its hash, so its address can be cached for good and a new logo is a new address. The
archive's pages show it, and a kiosk's wall beside the highlights of the programme's earlier moments.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from netwerk.files import keep_once
from netwerk.media import safe_png

__all__ = ["NAME", "SIDE", "Logos", "safe_logo"]

SIDE = 320  # pixels: twice what a page shows, for sharp screens
NAME = re.compile(r"[0-9a-f]{32}\.png")  # a logo's file name: its hash


def safe_logo(data: bytes) -> tuple[str, bytes]:
    """Make an image (PNG, JPEG or WebP) a safe logo: return its file name and its bytes; refuse anything else with
    ContributionError, as a photo is refused."""
    png = safe_png(data, SIDE)
    return hashlib.sha256(png).hexdigest()[:32] + ".png", png


class Logos:
    """The data folder's ``logos/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "logos"

    def add(self, data: bytes) -> str:
        """Make ``data`` a safe logo, store it once, and return its file name."""
        name, png = safe_logo(data)
        self.keep(name, png)
        return name

    def keep(self, name: str, png: bytes) -> None:
        """Store a logo ``safe_logo`` made, once."""
        keep_once(self.folder, name, png)

    def read(self, name: str) -> bytes | None:
        """Return a logo's bytes by its name, or None."""
        path = self.path(name)
        return path.read_bytes() if path else None

    def path(self, name: str) -> Path | None:
        """Return the file of a logo by its name, or None for a name never given out."""
        path = self.folder / name
        return path if NAME.fullmatch(name) and path.is_file() else None

    def remove(self, name: str) -> None:
        """Remove a logo no organisation shows any more."""
        path = self.path(name)
        if path is not None:
            path.unlink(missing_ok=True)
