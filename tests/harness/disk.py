"""A disk that fills up, for the journeys that meet one: ``fill`` takes a small tmpfs to its last byte (the
``small_disk`` fixture in tests/conftest.py mounts one)."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def fill(folder: Path) -> Path:
    """Fill the disk to its last byte with a file of its own, and return that file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free == 0
    return filler
