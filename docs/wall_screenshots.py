"""Make docs/wall.md's screenshots: every layout of the wall at both projector sizes, at a day's volume.

    python docs/wall_screenshots.py

Starts a kiosk on a free port, sends 200 contributions from phones of their own (a quarter long stories, one
in five with a photo), pins two, switches each layout from the control room's API and photographs the wall in
Debian's Chromium at 1920x1080 and 1280x720: docs/img/wall-<layout>-<height>.png (for a column per kind, a page in
the columns and one of a story too long for a column, "columns-story"). In the grid it also turns the
paused wall to a page where a long story stands beside short ones, and shows an arrival named below the QR codes;
collecting and the reveal; and it photographs the control room's Wall tab, with its buttons for the turn and for
collect-then-reveal, on a phone.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.day import send_day, wall_day  # noqa: E402
from tests.harness.phones import phone_session  # noqa: E402
from tests.harness.room import Room  # noqa: E402
from tests.harness.server import kiosk_and_browser  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "img"
OPTIONS = ("--theme", "Duurzaam samenleven", "--prompt", "Wat doe jij al voor een groenere buurt?",
           "--wifi-ssid", "Markt-Kiosk", "--wifi-password", "welkom2026")
SIZES = ((1920, 1080), (1280, 720))
# What each layout waits for before its picture is taken.
LAYOUTS = {"grid": "#stage .card", "columns": "#stage .stack--kind .card", "top": "#stage .card",
           "spotlight": "#stage .card--spotlight",
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


def recognise(url: str, items: list[dict], phones: int) -> None:
    """"Me too" from phones of their own: a dozen cards recognised by twelve people down to one."""
    for place, item in enumerate(items[10:70:5]):
        for _ in range(12 - place):
            phone_session(phones).post(f"{url}/api/contributions/{item['id']}/reactions", timeout=10)
            phones += 1


def turn_to(room: Room, wanted) -> None:
    """Pause the turn and go on to a page that is ``wanted``."""
    room.post("/api/turn", json={"action": "pause"})
    for _ in range(60):
        if wanted(room.post("/api/turn", json={"action": "next"}).json()["page"]):
            return


def a_long_story_beside_short_cards(page: dict) -> bool:
    return len(page["items"]) >= 3 and max(len(item["text"]) for item in page["items"]) > 800


def columns_of_each_kind(page: dict) -> bool:
    return bool(page["kinds"]) and all(page["columns"])


def photograph_an_arrival(browser, url: str, phones: int) -> None:
    """The paused wall as a new contribution comes in: named at once below the QR codes."""
    for number, (width, height) in enumerate(SIZES):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url + "/wall")
        page.wait_for_selector("body[data-loading='0'] #stage .card", state="attached")
        send_day(url, wall_day(1, seed=11 + number), first_phone=phones + number)
        page.wait_for_selector("#arrival:not([hidden])")
        page.wait_for_timeout(800)
        page.screenshot(path=str(IMAGES / f"wall-paused-{height}.png"))
        page.close()


def photograph_a_reveal(browser, room: Room, url: str, phones: int) -> None:
    """Collecting (how many wait, below the QR codes), then the reveal's entrance, at 1280x720."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url + "/wall")
    page.wait_for_selector("body[data-loading='0'] #stage .card", state="attached")
    room.post("/api/collecting", json={"on": True})
    send_day(url, wall_day(5, seed=21), first_phone=phones)
    page.wait_for_selector("#collecting:not([hidden])")
    page.wait_for_timeout(500)
    page.screenshot(path=str(IMAGES / "wall-collecting-720.png"))
    room.post("/api/reveal")
    page.wait_for_selector("#revealed:not([hidden])")
    page.wait_for_timeout(900)  # the entrance at its largest
    page.screenshot(path=str(IMAGES / "wall-revealed-720.png"))
    page.close()


def photograph_the_room(browser, room: Room, url: str) -> None:
    """The control room's Wall tab on a phone: the live picture and the buttons for the turn."""
    context = room.browser_context(browser, 390, 844, device_scale_factor=2)
    page = context.new_page()
    page.goto(url + "/facilitator")
    page.click("#tab-wall")
    page.frame_locator("#wall-thumb").locator("#stage .card").first.wait_for()
    page.locator(".collect").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(IMAGES / "room-turn-phone.png"))
    context.close()


def main() -> None:
    with kiosk_and_browser(*OPTIONS) as (kiosk, browser):
        items = send_day(kiosk.url, wall_day(200, seed=3))
        room = Room(kiosk.url)
        for item in (items[4], items[41]):
            room.moderate(item["id"], "pin")
        recognise(kiosk.url, items, len(items))
        for mode, ready in LAYOUTS.items():
            room.layout(mode=mode, spotlight_id=None)
            if mode == "columns":
                turn_to(room, columns_of_each_kind)
            photograph(browser, kiosk.url, mode, ready)
        room.layout(mode="columns")
        turn_to(room, lambda page: not page["kinds"])  # a story too long for a column
        photograph(browser, kiosk.url, "columns-story", "#stage .card")
        room.layout(mode="grid")
        turn_to(room, a_long_story_beside_short_cards)
        photograph(browser, kiosk.url, "story", LAYOUTS["grid"])
        photograph_an_arrival(browser, kiosk.url, len(items))
        room.post("/api/turn", json={"action": "resume"})
        photograph_a_reveal(browser, room, kiosk.url, len(items) + 2)
        photograph_the_room(browser, room, kiosk.url)
    print(f"wrote the wall's screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
