"""Why a kiosk's data folder cannot be used: another kiosk on it, nothing there, damaged files, or what every
program says of a folder (netwerk.folders)."""

from __future__ import annotations

from kiosk.journal import JournalBusy, JournalCorrupt
from kiosk.store import NoKioskData
from netwerk import folders
from netwerk.contributions import N_
from netwerk.terminal import UserError, say

__all__ = ["cannot_open"]


def _problem(error: Exception) -> str | None:
    """Say in words what only a kiosk's folder can have, or None."""
    if isinstance(error, JournalBusy):
        return say(N_("another kiosk is running on it: stop that one first, or choose another folder with --data"))
    if isinstance(error, NoKioskData):
        return say(N_("no kiosk has run there yet: give the folder the kiosk ran with (--data)"))
    if isinstance(error, JournalCorrupt):
        return say(N_("its files are damaged (%(detail)s): restore the folder from a backup"), detail=error)
    return None


def cannot_open(folder: str, error: Exception) -> UserError:
    """The one line a kiosk command says when its data folder cannot be used, and why."""
    return folders.cannot_open(folder, error, _problem(error))
