"""What both servers read from their settings the same way: the languages they speak, their folders, the time
zone the machine is in."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["LANGUAGES", "local_zone", "settle_paths"]

LANGUAGES = ("nl", "en")


def settle_paths(config: MutableMapping[str, Any], *names: str) -> None:
    """Make the folders named in ``config`` absolute, once, against the working directory they were given in.

    Everything after this point may rely on it: Flask's ``send_file`` resolves a relative path
    against the package's folder, not the working directory, so a relative data folder once stored
    photos in one place and served them from another.
    """
    for name in names:
        config[name] = str(Path(config[name]).expanduser().resolve())


def local_zone() -> str:
    """Return this machine's time zone by its name (``TZ``, else what /etc/localtime links to): a kiosk's exports
    say the times of the market it stood at. Europe/Amsterdam when the machine does not say."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        linked = str(Path("/etc/localtime").resolve())
        name = linked.split("zoneinfo/", 1)[1] if "zoneinfo/" in linked else ""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return "Europe/Amsterdam"
    return name
