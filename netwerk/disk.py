"""A full disk, as the kiosk and the archive meet it: a write that does not fully land is an error.

On a full disk ``write`` may land part of its bytes and say so only in its count; the next write then
fails with ENOSPC (EDQUOT over a quota, EFBIG past a size limit). Such a write must never pass for a
success. ``DiskFull`` is a ``ContributionError`` with a message safe to show a participant, so every
route that answers a refused contribution answers a full disk too: 507 on the API, the form page without
script. Other ``OSError``s stay what they are.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager

from netwerk.contributions import N_, ContributionError

__all__ = ["DiskFull", "disk_full_raised", "is_full", "write_all"]

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class DiskFull(ContributionError):
    """A write that did not fully land: nothing of it counts, and the participant is told to fetch the facilitator."""

    def __init__(self) -> None:
        super().__init__(N_("The kiosk's disk is full, so this could not be saved. Please tell the facilitator."),
                         status=507)


def is_full(error: OSError) -> bool:
    """Tell whether ``error`` is a full disk (or a quota, or a size limit)."""
    return error.errno in _FULL


@contextmanager
def disk_full_raised() -> Iterator[None]:
    """Turn the ``OSError`` of a full disk (or quota, or size limit) inside the block into ``DiskFull``."""
    try:
        yield
    except OSError as error:
        if is_full(error):
            raise DiskFull() from error
        raise


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data``: a short count is no success, so write the rest, which on a full disk fails loudly."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]
