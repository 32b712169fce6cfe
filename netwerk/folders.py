"""Why a data folder cannot be used, in one translated line: what every command of both servers says of a --data
it cannot open (a full or read-only disk, a file in its place); each program adds the reasons only it knows."""

from __future__ import annotations

import errno

from netwerk.contributions import N_
from netwerk.disk import DiskFull
from netwerk.terminal import UserError, say

__all__ = ["cannot_open", "problem"]

_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def problem(error: Exception) -> str:
    """Say in words why a data folder cannot be used, for the reasons every program shares."""
    if isinstance(error, DiskFull):
        return say(N_("its disk is full: make room (delete files, empty the trash) or choose a folder on a disk with "
                      "more room with --data"))
    unwritable = isinstance(error, OSError) and error.errno in _UNWRITABLE
    if unwritable or "readonly" in str(error) or "unable to open" in str(error):
        return say(N_("it is read-only or belongs to another user: choose another folder with --data"))
    if isinstance(error, OSError) and error.errno == errno.ENOTDIR:
        return say(N_("a file stands where the folder should be: choose another folder with --data"))
    if isinstance(error, OSError) and error.errno == errno.ENOENT:
        return say(N_("it does not exist and cannot be made there: choose a folder in a place you may write, with "
                      "--data"))
    return say(N_("%(detail)s: choose another folder with --data"), detail=getattr(error, "strerror", None) or error)


def cannot_open(folder: str, error: Exception, reason: str | None = None) -> UserError:
    """The one line a command says when a data folder cannot be used, and why (``reason``, or the shared one)."""
    return UserError(N_("Cannot use the data folder %(folder)s: %(reason)s"), folder=folder,
                     reason=reason or problem(error))
