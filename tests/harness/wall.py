"""A wall at a day's volume as the browser tests open it: a real kiosk that phones filled, and a projector's size.

The tests of what the wall reads out (``test_wall_day.py``) and of how its layouts draw (``test_wall_layouts.py``)
share these kiosks: filling one with 200 contributions from phones of their own is the slow part.
"""

from __future__ import annotations

from tests.harness.day import send_day, wall_day
from tests.harness.room import Room
from tests.harness.server import KioskProcess

SIZES = {"1080p": (1920, 1080), "720p": (1280, 720)}


class DayKiosk:
    """A real kiosk with a day's contributions, sent from phones of their own."""

    def __init__(self, folder, count: int) -> None:
        self.server = KioskProcess(folder / "data").start()
        self.url = self.server.url
        self.day = wall_day(count)
        self.items = send_day(self.url, self.day)
        self.texts = {item["id"]: item["text"] for item in self.items}
        self.room = Room(self.url)
        self.phones = len(self.day)

    def arrive(self, seed: int) -> dict:
        """A new contribution from a phone that sent nothing yet; its text joins what the wall must show."""
        item = send_day(self.url, wall_day(1, seed=seed), first_phone=self.phones)[0]
        self.phones += 1
        self.texts[item["id"]] = item["text"]
        return item


def settle(page) -> None:
    """Wait until the wall has drawn what it fetched."""
    page.wait_for_selector("body[data-loading='0']", state="attached")

