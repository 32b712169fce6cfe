"""Why a kiosk's data folder cannot be used, in one translated line: what every command says of a --data it cannot
open (another kiosk on it, nothing there, a full or read-only disk, damaged files)."""

from __future__ import annotations

import errno

from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.store import NoKioskData
from netwerk.contributions import N_
from netwerk.disk import DiskFull
from netwerk.terminal import UserError, say

__all__ = ["cannot_open"]

_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def _problem(error: Exception) -> str:
    """Say in words why a data folder cannot be used."""
    if isinstance(error, JournalBusy):
        return say(N_("another kiosk is running on it: stop that one first, or choose another folder with --data"))
    if isinstance(error, NoKioskData):
        return say(N_("no kiosk has run there yet: give the folder the kiosk ran with (--data)"))
    if isinstance(error, DiskFull):
        return say(N_("its disk is full: make room (delete files, empty the trash) or choose a folder on a disk with "
                      "more room with --data"))
    if isinstance(error, JournalCorrupt):
        return say(N_("its files are damaged (%(detail)s): restore the folder from a backup"), detail=error)
    unwritable = isinstance(error, OSError) and error.errno in _UNWRITABLE
    if unwritable or "readonly" in str(error) or "unable to open" in str(error):
        return say(N_("it is read-only or belongs to another user: choose another folder with --data"))
    if isinstance(error, OSError) and error.errno == errno.ENOTDIR:
        return say(N_("a file stands where the folder should be: choose another folder with --data"))
    return getattr(error, "strerror", None) or str(error)


def cannot_open(folder: str, error: Exception) -> UserError:
    """The one line a command says when a data folder cannot be used, and why."""
    return UserError(N_("Cannot use the data folder %(folder)s: %(reason)s"), folder=folder,
                     reason=_problem(error))
