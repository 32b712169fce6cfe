"""Free space on the kiosk's disk, watched: the control room and the terminal warn long before phones get a 507.

``LOW`` is 200 MB. A market day (300 contributions, a third with a photo of up to 1 MB and its small
rendition) takes some 100 MB, and folding the journal writes the whole snapshot once more; below 200 MB
the facilitator has a day's room left to act at the next break, not a surprise in the middle of a round.
A check is one ``statvfs`` call: cheap enough to make every ``INTERVAL`` seconds and on every page view.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk import live
from netwerk.contributions import N_
from netwerk.terminal import say

__all__ = ["INTERVAL", "LOW", "LOW_WARNING", "Space", "space", "watch"]

LOW = 200_000_000
INTERVAL = 15.0
LOW_WARNING = N_("The kiosk's disk is almost full: %(free)s left. Make room now: delete files this laptop does not "
                 "need and empty the trash, or stop the kiosk and move its data folder (--data) to a disk with more "
                 "room. Everything sent so far is safe; once the disk is full, phones cannot send.")
_ROOM_AGAIN = N_("The kiosk's disk has room again: %(free)s free.")


@dataclass(frozen=True)
class Space:
    """The free space on the data folder's disk, as the facilitator reads it."""

    free: int

    @property
    def low(self) -> bool:
        return self.free < LOW

    @property
    def megabytes(self) -> int:
        """The free space in whole megabytes, the unit a facilitator deletes files in."""
        return self.free // 1_000_000

    def shown(self) -> str:
        return f"{self.megabytes} MB"


def space(folder: Path) -> Space:
    """Measure the free space where ``folder`` is: what a program without special rights may still write."""
    return Space(shutil.disk_usage(folder).free)


def watch(folder: Path, logger: logging.Logger) -> None:
    """Check the free space for as long as the kiosk serves: say it in the terminal when it crosses ``LOW`` (also at
    the start), and keep the control rooms' warning up to date while it is low."""
    was_low = False
    while True:
        now = space(folder)
        if now.low != was_low:
            logger.warning(say(LOW_WARNING if now.low else _ROOM_AGAIN, free=now.shown()))
        if now.low or was_low:
            live.disk_space(now.low, now.shown())
        was_low = now.low
        live.socketio.sleep(INTERVAL)
