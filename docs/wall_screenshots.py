"""Make docs/wall.md's screenshots: every layout of the wall at both projector sizes, at a day's volume.

    python docs/wall_screenshots.py

Starts a kiosk on a free port, sends 200 contributions from phones of their own (a quarter long stories, one
in five with a photo), pins two, switches each layout from the control room's API and photographs the wall in
Debian's Chromium at 1920x1080 and 1280x720: docs/img/wall-<layout>-<height>.png. Also one nearly empty wall.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.day import send_day, wall_day  # noqa: E402
from tests.harness.room import Room  # noqa: E402
from tests.harness.server import kiosk_and_browser  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "img"
OPTIONS = ("--theme", "Duurzaam samenleven", "--prompt", "Wat doe jij al voor een groenere buurt?",
           "--wifi-ssid", "Markt-Kiosk", "--wifi-password", "welkom2026")
SIZES = ((1920, 1080), (1280, 720))
# What each layout waits for before its picture is taken.
LAYOUTS = {"grid": "#stage .card", "columns": "#stage .column .card", "spotlight": "#stage .card--spotlight",
           "cloud": "#stage .cloud span", "network": "body[data-network='drawn']"}


def photograph(browser, url: str, name: str, ready: str) -> None:
    for width, height in SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url + "/wall")
        page.wait_for_selector(ready, state="attached")
        page.wait_for_selector("body[data-loading='0']", state="attached")
        page.wait_for_timeout(800)  # the arrival animation and the photos
        page.screenshot(path=str(IMAGES / f"wall-{name}-{height}.png"))
        page.close()


def main() -> None:
    with kiosk_and_browser(*OPTIONS) as (kiosk, browser):
        items = send_day(kiosk.url, wall_day(2))
        photograph(browser, kiosk.url, "few", LAYOUTS["grid"])
        items += send_day(kiosk.url, wall_day(198, seed=3), first_phone=len(items))
        room = Room(kiosk.url)
        for item in (items[4], items[41]):
            room.moderate(item["id"], "pin")
        for mode, ready in LAYOUTS.items():
            room.layout(mode=mode, spotlight_id=None)
            photograph(browser, kiosk.url, mode, ready)
    print(f"wrote the wall's screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
