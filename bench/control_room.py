"""The control room at a day's volume: its page's size and load time, and how fast a state filter answers.

    python -m bench.control_room [--sizes 200 2000]

For each size a real kiosk gets that many contributions from phones of their own (a quarter long stories, one in
five with a photo, the first three waiting for approval). A signed-in facilitator then loads /facilitator in Debian's
Chromium at 1366x768 (time until the page is live, and its HTML's bytes) and asks
/api/room/contributions for each state and for a search, five times each (median and worst). Goals (issue 12):
first usable <= 1 s on the laptop, HTML <= 100 KB, a state filter <= 150 ms, at 2,000.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kiosk.finding import STATES
from tests.conftest import CHROMIUM_ARGS
from tests.day import send_day, wall_day
from tests.room import Room
from tests.server import KioskProcess

_QUESTIONS = [{"state": state} for state in STATES] + [{"q": "bibliotheek"}, {"q": "K17"}]


def _ask(room: Room, query: dict[str, str]) -> tuple[float, float]:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        room.session.get(room.url + "/api/room/contributions", params=query, timeout=10).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def measure(size: int, browser) -> None:
    with tempfile.TemporaryDirectory() as folder:
        kiosk = KioskProcess(Path(folder) / "data").start()
        try:
            room = Room(kiosk.url)
            room.session.post(kiosk.url + "/api/premoderation", json={"on": True}, timeout=5)
            day = wall_day(size, seed=9)
            send_day(kiosk.url, day[:3])
            room.session.post(kiosk.url + "/api/premoderation", json={"on": False}, timeout=5)
            send_day(kiosk.url, day[3:], first_phone=3)
            html = room.session.get(kiosk.url + "/facilitator", timeout=10).content
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            context.add_cookies([{"name": cookie.name, "value": cookie.value, "url": kiosk.url}
                                 for cookie in room.session.cookies])
            page = context.new_page()
            started = time.perf_counter()
            page.goto(kiosk.url + "/facilitator")
            page.wait_for_selector("body[data-live='connected']", state="attached")
            usable = (time.perf_counter() - started) * 1000
            context.close()
            print(f"{size:>5} contributions: /facilitator {len(html) / 1000:.1f} KB of HTML, live in {usable:.0f} ms")
            for query in _QUESTIONS:
                median, worst = _ask(room, query)
                print(f"      /api/room/contributions?{'&'.join(f'{k}={v}' for k, v in query.items()):<16} "
                      f"median {median:5.1f} ms, worst {worst:5.1f} ms")
        finally:
            kiosk.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for size in options.sizes:
                measure(size, browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
