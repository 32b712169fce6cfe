"""The wall at a day's volume, in Debian's Chromium at both projector sizes: every contribution read whole.

A real kiosk holds 6, 40 or 200 contributions, a quarter of them stories of 900–1,100 characters, one in five
with a photo (landscape and portrait). The kiosk keeps the turn; the test pauses it and turns the pages itself,
as a facilitator can, through a whole round, and on every page reads what the wall shows: every card inside the
screen and its place, its whole text (no word cut or left out), at least 2.2% of the screen high. How long each
page stays, and that every card comes round in every round, is checked on the kiosk's own clock over simulated
hours (tests/kiosk/test_turn.py). How the other layouts draw (the way in, the cloud, the network):
``test_wall_layouts.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.harness.phones import phone_session
from tests.harness.wall import DayKiosk, settle

ELLIPSIS = "…"

# For every card on the stage: is it whole (inside the screen, inside its place, nothing overflowing, not under
# the QR codes), how large is its text, and what does its text say.
ON_SCREEN = """() => {
  const inside = (r, o) => r.width > 0 && r.height > 0 && r.left >= o.left - .5 && r.top >= o.top - .5
                           && r.right <= o.right + .5 && r.bottom <= o.bottom + .5;
  const screen = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  const join = document.querySelector('.join').getBoundingClientRect();
  const apart = (r) => r.right <= join.left || r.left >= join.right || r.bottom <= join.top || r.top >= join.bottom;
  return Array.from(document.querySelectorAll('#stage .card'), (card) => {
    const box = card.getBoundingClientRect();
    const text = card.querySelector("[data-field='text']");
    const fields = Array.from(card.querySelectorAll('[data-field]:not([hidden])'), (f) => f.getBoundingClientRect());
    const whole = inside(box, screen) && apart(box) && card.scrollHeight <= card.clientHeight + 1
                  && fields.every((f) => f.width === 0 || inside(f, box)) && getComputedStyle(card).display !== 'none';
    return {id: card.dataset.id, whole, size: parseFloat(getComputedStyle(text).fontSize), text: text.textContent,
            role: card.dataset.role, pinned: !card.querySelector("[data-field='pin']").hidden,
            box: [box.left, box.top, box.right, box.bottom, card.scrollHeight, card.clientHeight]};
  });
}"""


def sample(page, texts: dict[str, str]) -> list[dict]:
    """Read the stage and check what must hold at every moment: whole cards, readable, shortened only at a word."""
    cards = page.evaluate(ON_SCREEN)
    smallest = 0.022 * page.viewport_size["height"]
    for card in cards:
        assert card["whole"], f"a card is cut or out of its place: {card}"
        assert card["size"] >= smallest - 0.01, f"text at {card['size']} px is too small to read from the back"
        full = texts[card["id"]]
        assert card["text"] == full or (card["text"].endswith(ELLIPSIS) and full.startswith(card["text"][:-1])
                                        and full[len(card["text"]) - 1] == " "), card["text"]
    return cards


def showing(page: dict) -> str:
    """The selector of the stage's pages showing the kiosk's page."""
    return f"#stage .slots--grid[data-page='{page['page']}']"


def turn(kiosk: DayKiosk, page, action: str = "next") -> dict:
    """Turn the kiosk's pages as the control room does; wait until the wall shows the page it turned to."""
    answer = kiosk.room.post("/api/turn", json={"action": action})
    assert answer.status_code == 200, answer.text
    state = answer.json()
    page.wait_for_selector(showing(state["page"]), state="attached")
    settle(page)
    return state


def whole_round(kiosk: DayKiosk, page, most: int = 400) -> tuple[dict[str, int], int]:
    """Turn through a round, the turn paused; return how often each contribution stood whole on a page, and the
    pages."""
    turn(kiosk, page, "pause")
    read: dict[str, int] = {}
    shortened: dict[str, str] = {}
    pages = 0
    try:
        while set(read) < set(kiosk.texts) and pages < most:
            cards = sample(page, kiosk.texts)
            for card in cards:
                read[card["id"]] = read.get(card["id"], 0) + (card["text"] == kiosk.texts[card["id"]])
                if card["text"] != kiosk.texts[card["id"]]:
                    shortened[card["id"]] = f"{len(card['text'])} of {len(kiosk.texts[card['id']])} beside {len(cards)}"
            pages += 1
            turn(kiosk, page)
    finally:
        turn(kiosk, page, "resume")
    whole_round.shortened = shortened
    return read, pages


@pytest.mark.parametrize("count,size", [(6, "1080p"), (6, "720p"), (40, "1080p"), (40, "720p"), (200, "1080p"),
                                        (200, "720p")])
def test_every_contribution_stands_whole_and_readable_on_a_page_of_each_round(kiosks, wall, count, size):
    kiosk = kiosks(count)
    page = wall(kiosk.url, size)
    read, pages = whole_round(kiosk, page)
    cut = [key for key in kiosk.texts if not read.get(key)]
    assert cut == [], f"{len(cut)} of {len(kiosk.texts)} never stood whole in {pages} pages: {whole_round.shortened}, {len(read)}"
    # A day-long wall keeps a page of cards, not the day's hundreds.
    assert page.evaluate("document.querySelectorAll('.card').length") <= 24 + 1
    assert page.errors == []
    print(f"\n{count} at {size}: {pages} pages in a round")


@pytest.mark.parametrize("count,size", [(40, "1080p"), (40, "720p"), (200, "720p")])
def test_in_a_column_per_kind_too_every_contribution_stands_whole_a_long_story_on_a_page_of_its_width(kiosks, wall,
                                                                                                  count, size):
    kiosk = kiosks(count)
    kiosk.room.layout(mode="columns")
    page = wall(kiosk.url, size)
    read, pages = whole_round(kiosk, page)
    cut = [key for key in kiosk.texts if not read.get(key)]
    assert cut == [], f"{len(cut)} of {len(kiosk.texts)} never stood whole in {pages} pages: {whole_round.shortened}"
    assert page.errors == []


def test_two_walls_and_the_control_rooms_picture_show_the_same_page_also_one_opened_late(kiosks, wall, browser):
    kiosk = kiosks(40)
    first = wall(kiosk.url, "1080p")
    for _ in range(3):
        state = turn(kiosk, first)
    late = wall(kiosk.url, "720p")
    room = kiosk.room.browser_context(browser, 1280, 800).new_page()
    room.goto(kiosk.url + "/facilitator")
    room.click("#tab-wall")
    picture = room.frame_locator("#wall-thumb")
    wanted = [item["id"] for item in state["page"]["items"]]
    for each in (first, late):
        assert [card["id"] for card in sample(each, kiosk.texts)] != [] and sorted(
            card["id"] for card in sample(each, kiosk.texts)) == sorted(wanted)
    expect(picture.locator(showing(state["page"]))).to_have_count(1)
    state = turn(kiosk, first)  # the next page reaches every wall within a second of the kiosk's turn
    expect(late.locator(showing(state["page"]))).to_have_count(1, timeout=1000)
    expect(picture.locator(showing(state["page"]))).to_have_count(1, timeout=1000)
    room.click("#turn [data-turn='pause']")  # the control room's own buttons steer every wall
    expect(first.locator("#paused")).to_be_visible(timeout=1000)
    expect(room.locator("#turn [data-turn='pause']")).to_have_attribute("aria-pressed", "true")
    room.click("#turn [data-turn='pause']")
    expect(late.locator("#paused")).to_be_hidden(timeout=1000)
    room.context.close()


def test_a_wall_whose_socket_joins_after_its_first_page_shows_the_turn_it_did_not_hear(kiosks, wall):
    kiosk = kiosks(40)
    page = wall(kiosk.url, "720p", held_socket=True)
    state = kiosk.room.post("/api/turn", json={"action": "next"}).json()  # said while the wall's socket is away
    assert page.locator(showing(state["page"])).count() == 0
    page.join()
    expect(page.locator(showing(state["page"]))).to_have_count(1, timeout=1000)


def test_an_arrival_is_named_at_once_and_stands_whole_first_on_the_next_page(kiosks, wall):
    kiosk = kiosks(40)
    page = wall(kiosk.url, "1080p")
    turn(kiosk, page, "pause")
    try:
        item = kiosk.arrive(seed=10)
        expect(page.locator("#arrival [data-field='code']")).to_have_text(item["code"], timeout=1000)
        expect(page.locator("#arrival")).to_be_visible()
        for _ in range(6):  # after the cards pages before left for the next (the oldest first), one card in turn
            turn(kiosk, page)
            cards = {card["id"]: card for card in sample(page, kiosk.texts)}
            if item["id"] in cards:
                break
        assert cards[item["id"]]["text"] == item["text"]
    finally:
        turn(kiosk, page, "resume")


def test_the_facilitator_pauses_and_turns_the_wall_with_the_keys_of_its_laptop(kiosks, wall, browser):
    kiosk = kiosks(40)
    context = kiosk.room.browser_context(browser, 1920, 1080)
    page = context.new_page()
    page.goto(kiosk.url + "/wall")
    page.wait_for_selector("#stage .card")
    settle(page)
    expect(page.locator("#paused")).to_be_hidden()
    page.keyboard.press(" ")
    expect(page.locator("#paused")).to_be_visible()
    # A page whose time ran out just before the key is the kiosk's page, paused, before the wall has drawn it: read
    # the page the kiosk holds, not the one going.
    page.wait_for_selector(showing(kiosk.room.get("/api/wall/now").json()["page"]), state="attached")
    settle(page)
    before = page.locator("#stage .slots--grid").get_attribute("data-page")
    first = [card["id"] for card in sample(page, kiosk.texts)]
    page.keyboard.press("PageDown")  # a presenter's clicker
    expect(page.locator("#stage .slots--grid")).not_to_have_attribute("data-page", before)
    settle(page)
    assert [card["id"] for card in sample(page, kiosk.texts)] != first
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#stage .slots--grid")).not_to_have_attribute("data-page", before)
    page.wait_for_function("() => document.querySelectorAll('#stage .card').length > 0")
    settle(page)
    assert sorted(card["id"] for card in sample(page, kiosk.texts)) == sorted(first)
    page.keyboard.press(" ")
    expect(page.locator("#paused")).to_be_hidden()
    context.close()


def test_the_most_recognised_stand_whole_each_with_its_place_and_follow_a_me_too(kiosks, wall):
    kiosk = kiosks(40)
    for number, key in enumerate([kiosk.items[3]["id"]] * 3 + [kiosk.items[9]["id"]] * 2):
        assert phone_session(900 + number).post(f"{kiosk.url}/api/contributions/{key}/reactions").status_code == 200
    kiosk.room.layout(mode="top")
    page = wall(kiosk.url, "720p")
    places = "Array.from(document.querySelectorAll('#stage .slots--grid .card'), (card) => [card.dataset.id," \
             " getComputedStyle(card.querySelector('.card__kind'), '::before').content])"
    try:
        read, pages = whole_round(kiosk, page, most=12)
        assert len(read) == 10 and all(read.values()), read  # the top ten, each whole
        while kiosk.items[3]["id"] not in dict(page.evaluate(places)):
            turn(kiosk, page)
        assert dict(page.evaluate(places))[kiosk.items[3]["id"]] == '"1."'
        # Three more for the second: it takes the first place, live.
        for number in range(3):
            phone_session(950 + number).post(f"{kiosk.url}/api/contributions/{kiosk.items[9]['id']}/reactions")
        while kiosk.items[9]["id"] not in dict(page.evaluate(places)):
            turn(kiosk, page)
        expect(page.locator(f"#stage .card[data-id='{kiosk.items[9]['id']}'] [data-field='reactions']")).to_have_text("5")
        assert dict(page.evaluate(places))[kiosk.items[9]["id"]] == '"1."'
        assert page.errors == []
    finally:
        kiosk.room.layout(mode="grid")


@pytest.mark.parametrize("layout", ["grid", "columns", "cloud", "network"])
def test_pins_stay_up_marked_and_first_in_every_layout_but_spotlight(kiosks, wall, layout):
    kiosk = kiosks(200)
    pins = [kiosk.items[n]["id"] for n in (5, 77, 150)]
    try:
        for pin in pins:
            assert kiosk.room.moderate(pin, "pin").status_code == 200
        refused = kiosk.room.moderate(kiosk.items[9]["id"], "pin")
        assert refused.status_code == 409 and "3" in refused.json()["error"]
        kiosk.room.layout(mode=layout)
        page = wall(kiosk.url, "720p")
        texts = kiosk.texts
        for number in range(12):
            cards = sample(page, texts)
            # In their row above the page, first on the stage, a card each; a pin whose turn it is stands whole on the
            # page instead, marked.
            row = [card for card in cards if card["role"] == "pin"]
            on_page = {card["id"]: card for card in cards if card["role"] != "pin"}
            assert cards[:len(row)] == row and all(card["pinned"] for card in row)
            assert sorted([card["id"] for card in row] + [pin for pin in pins if pin in on_page]) == sorted(pins), number
            assert all(on_page[pin]["pinned"] for pin in pins if pin in on_page)
            assert all(on_page[pin]["text"] == texts[pin] for pin in pins if pin in on_page)  # whole on the page
            if number == 4:
                kiosk.arrive(seed=99)
            if layout in ("grid", "columns"):
                turn(kiosk, page)
        kiosk.room.layout(mode="spotlight")
        expect(page.locator("#stage .card")).to_have_count(1)
    finally:
        for pin in pins:
            kiosk.room.moderate(pin, "unpin")


def test_the_spotlight_shows_the_newest_until_one_is_chosen_and_then_that_one_in_full(kiosks, wall):
    kiosk = kiosks(40)
    kiosk.room.layout(mode="spotlight", spotlight_id=None)
    page = wall(kiosk.url, "720p")
    newest = list(kiosk.texts)[-1]
    assert [card["id"] for card in sample(page, kiosk.texts)] == [newest]
    story = next(item for item in kiosk.items if len(item["text"]) > 1000)
    assert kiosk.room.moderate(story["id"], "spotlight").status_code == 200
    page.wait_for_selector(f"#stage .card[data-id='{story['id']}']")
    (card,) = sample(page, kiosk.texts)
    assert card["text"] == story["text"], "the spotlighted text is shown in full"
    kiosk.room.layout(mode="grid")
