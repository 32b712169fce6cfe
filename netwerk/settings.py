"""What both servers read from their settings the same way: the languages they speak, and their folders."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "settle_paths"]

LANGUAGES = ("nl", "en")


def settle_paths(config: MutableMapping[str, Any], *names: str) -> None:
    """Make the folders named in ``config`` absolute, once, against the working directory they were given in.

    Everything after this point may rely on it: Flask's ``send_file`` resolves a relative path
    against the package's folder, not the working directory, so a relative data folder once stored
    photos in one place and served them from another.
    """
    for name in names:
        config[name] = str(Path(config[name]).expanduser().resolve())
