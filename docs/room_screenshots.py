"""Make docs/facilitator.md's pictures of the control room, at a day's volume, on a laptop and on a phone.

    python docs/room_screenshots.py

Starts a kiosk on a free port with two prompts and 200 contributions from phones of their own (the first three
wait for approval, a quarter long stories, one in five with a photo), signs in and photographs the control room
in Debian's Chromium at 1366x768 and 390x844: docs/img/room-<what>-<screen>.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.day import send_day, wall_day  # noqa: E402
from tests.harness.room import Room  # noqa: E402
from tests.harness.server import kiosk_and_browser  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "img"
OPTIONS = ("--theme", "Duurzaam samenleven", "--prompt", "Wat doe jij al voor een groenere buurt?")
SCREENS = {"laptop": (1366, 768), "phone": (390, 844)}


def photograph(room: Room, browser, screen: str, name: str, steps: str = "") -> None:
    """Open the control room (at #``steps`` for a tab), let ``steps`` act, and take its picture."""
    context = room.browser_context(browser, *SCREENS[screen], device_scale_factor=1 if screen == "laptop" else 2)
    page = context.new_page()
    page.goto(room.url + "/facilitator" + (f"#{steps}" if steps in ("wall", "moment") else ""))
    page.wait_for_selector("body[data-live='connected']", state="attached")
    if steps == "keys":
        for key in "jjj":
            page.keyboard.press(key)
    elif steps == "open":
        page.fill("#q", "#repaircafe")
        expect(page.locator("#moderation > li")).to_have_count(len(room.find(q="#repaircafe")["items"]))
        page.locator("#moderation > li").first.get_by_role("button", name="Meer").click()
    elif steps == "wall":
        page.wait_for_timeout(1500)  # the thumbnail is the wall itself, loading its cards
    page.wait_for_timeout(300)
    page.screenshot(path=str(IMAGES / f"room-{name}-{screen}.png"))
    context.close()


def main() -> None:
    with kiosk_and_browser(*OPTIONS) as (kiosk, browser):
        room = Room(kiosk.url)
        room.session.post(kiosk.url + "/api/premoderation", json={"on": True}, timeout=5)
        day = wall_day(200, seed=4)
        items = send_day(kiosk.url, day[:3])
        room.session.post(kiosk.url + "/api/premoderation", json={"on": False}, timeout=5)
        items += send_day(kiosk.url, day[3:], first_phone=3)
        room.moderate(items[-5]["id"], "hide")
        room.moderate(items[-9]["id"], "pin")
        for screen in SCREENS:
            photograph(room, browser, screen, "list", "keys")
        photograph(room, browser, "phone", "open", "open")
        photograph(room, browser, "laptop", "wall", "wall")
        photograph(room, browser, "phone", "moment", "moment")
    print(f"wrote the control room's screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
