"""Files written whole or not at all: what a crash of the laptop or the server may leave is the old or the new."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from netwerk.disk import disk_full_raised

__all__ = ["keep_once", "write_atomically"]


def _fsync_dir(path: Path) -> None:
    # A rename is durable only once its directory is; Windows has no directory fsync.
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half.

    The temporary file has a name of its own per call: two phones sending the same photo at the same
    moment write the same ``path`` from two threads, and a shared ``.tmp`` made one of them fail.
    A write that fails (a full disk raises ``DiskFull``) takes its temporary file along: nothing is left behind.
    """
    temp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with disk_full_raised():
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def keep_once(folder: Path, name: str, data: bytes) -> None:
    """Write a file named by its content (a photo, a logo) into ``folder`` unless it is there already: the same
    content sent twice is one file. A full disk raises ``DiskFull``."""
    path = folder / name
    if not path.exists():
        with disk_full_raised():
            folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
