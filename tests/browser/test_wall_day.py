"""The wall at a day's volume, in Debian's Chromium at both projector sizes: every contribution gets its moment.

A real kiosk holds 6, 40 or 200 contributions, a quarter of them stories of 900–1,100 characters, one in five
with a photo. Playwright's clock runs the wall's page turns second by second, and each second the test reads
which cards are whole on screen: inside the screen and their place, no word cut, text at least 2.2% of the
screen high. Each contribution must be whole for 5 s in every window of max(60 s, 1.5 s × N).
"""

from __future__ import annotations

import io
import math
import re

import pytest
import zxingcpp
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from tests.harness.day import send_day, wall_day
from tests.harness.room import Room
from tests.harness.server import KioskProcess

SIZES = {"1080p": (1920, 1080), "720p": (1280, 720)}
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


@pytest.fixture(scope="module")
def kiosks(tmp_path_factory):
    made: dict[int, DayKiosk] = {}

    def kiosk(count: int) -> DayKiosk:
        if count not in made:
            made[count] = DayKiosk(tmp_path_factory.mktemp(f"day{count}"), count)
        made[count].room.layout(mode="grid", spotlight_id=None, approved_only=False)
        return made[count]

    yield kiosk
    for each in made.values():
        each.server.stop()


@pytest.fixture
def wall(browser):
    """Open a wall at a projector size with Playwright's clock in charge of its timers."""
    contexts = []

    def open_wall(url: str, size: str, ready: str = "#stage .card"):
        width, height = SIZES[size]
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.errors = errors
        page.clock.install()
        page.goto(url + "/wall")
        page.wait_for_selector(ready, state="attached")
        settle(page)
        return page

    yield open_wall
    for context in contexts:
        context.close()


def settle(page) -> None:
    page.wait_for_selector("body[data-loading='0']", state="attached")


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


def run(page, texts: dict[str, str], seconds: int) -> dict[str, list[int]]:
    """Let the wall run second by second; return, for each contribution, the seconds it was whole on screen."""
    seen: dict[str, list[int]] = {key: [] for key in texts}
    for second in range(seconds):
        settle(page)
        for card in sample(page, texts):
            seen[card["id"]].append(second)
        page.clock.run_for(1000)
    return seen


def longest_runs(seconds: list[int]) -> list[tuple[int, int]]:
    """Return the runs of consecutive seconds as (first, last)."""
    runs: list[tuple[int, int]] = []
    for second in seconds:
        if runs and second == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], second)
        else:
            runs.append((second, second))
    return runs


def assert_every_card_has_its_moment(seen: dict[str, list[int]], window: int, horizon: int) -> None:
    """Each card whole for 5 s (six samples a second apart) inside every window of ``window`` seconds."""
    for card, seconds in seen.items():
        runs = [run for run in longest_runs(seconds) if run[1] - run[0] >= 5]
        for start in range(horizon - window + 1):
            assert any(first >= start and first + 5 <= start + window for first, _ in runs) or any(
                first <= start and last >= start + 5 for first, last in runs), \
                f"{card} had no 5 s on screen in the window from {start} s: {longest_runs(seconds)}"


@pytest.mark.parametrize("count,layout,size", [
    (6, "grid", "1080p"), (6, "grid", "720p"), (40, "grid", "1080p"), (40, "grid", "720p"),
    (200, "grid", "1080p"), (200, "grid", "720p"), (40, "columns", "1080p"), (200, "columns", "720p"),
])
def test_every_contribution_is_whole_and_readable_on_screen_in_every_window(kiosks, wall, count, layout, size):
    kiosk = kiosks(count)
    kiosk.room.layout(mode=layout)
    page = wall(kiosk.url, size)
    window = math.ceil(max(60, 1.5 * len(kiosk.texts)))
    horizon = window + 30
    seen = run(page, kiosk.texts, horizon)
    assert_every_card_has_its_moment(seen, window, horizon)
    # A day-long wall keeps a screenful of cards, not the day's hundreds.
    assert page.evaluate("document.querySelectorAll('.card').length") <= 24 + 1
    assert page.errors == []


def test_the_newest_arrival_is_up_at_once_and_no_page_turn_hides_it_for_8_s(kiosks, wall):
    kiosk = kiosks(40)
    page = wall(kiosk.url, "1080p")
    texts = kiosk.texts
    turned = False
    for number in range(3):
        item = kiosk.arrive(seed=10 + number)
        # Up within a second of its answer, in real time: the kiosk's broadcast, not a page turn, brings it.
        page.wait_for_selector(f"#stage .card[data-id='{item['id']}']", timeout=1000)
        before = {card["id"] for card in sample(page, texts)}
        for _ in range(8):
            cards = {card["id"]: card for card in sample(page, texts)}
            assert item["id"] in cards, "a page turn hid a card that arrived less than 8 s ago"
            page.clock.run_for(1000)
            settle(page)
        turned = turned or before != {card["id"] for card in sample(page, texts)}
        page.clock.run_for(4000)
    assert turned, "no page turned while the arrivals were up: the test proved nothing"


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
        for second in range(45):
            settle(page)
            cards = sample(page, texts)
            shown = {card["id"]: card for card in cards}
            assert set(pins) <= set(shown), f"a pin left the wall at {second} s"
            assert all(shown[pin]["pinned"] for pin in pins)
            if layout == "grid":  # above new arrivals and the turn: the first places
                assert [card["role"] for card in cards[:3]] == ["pin"] * 3, cards
            if second == 10:
                kiosk.arrive(seed=99)
            page.clock.run_for(1000)
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


def qr_codes(page, scale: float) -> list[str]:
    """Decode the QR codes of a screenshot made smaller and a little blurred, as a phone at the back sees it."""
    shot = Image.open(io.BytesIO(page.screenshot()))
    far = shot.resize((round(shot.width * scale), round(shot.height * scale)), Image.BILINEAR)
    return [found.text for found in zxingcpp.read_barcodes(far.filter(ImageFilter.GaussianBlur(0.8)))]


def test_the_qr_code_is_large_on_an_almost_empty_wall_and_still_read_from_the_back_of_a_full_one(
        tmp_path, kiosks, wall):
    empty = KioskProcess(tmp_path / "empty").start()
    try:
        page = wall(empty.url, "720p", ready="#empty")
        height = page.evaluate("document.querySelector('.join__code img').getBoundingClientRect().height")
        assert height >= 720 / 3
        send_day(empty.url, wall_day(2))
        expect(page.locator("#stage .card")).to_have_count(2)
        assert page.evaluate("document.querySelector('.join__code img').getBoundingClientRect().height") >= 720 / 3
    finally:
        empty.stop()
    full = wall(kiosks(40).url, "720p")
    corner = full.evaluate("document.querySelector('.join__code img').getBoundingClientRect().height")
    assert corner < 720 / 4
    expect(full.locator(".join__code img")).to_have_js_property("complete", True)
    assert kiosks(40).url + "/" in qr_codes(full, 0.75)


# Every word or label on the stage: its box on screen and its type size.
LABELS = """() => {
  const network = document.querySelector('#stage .network');
  if (network && network.cy) {
    const cy = network.cy;
    return cy.nodes().map((node) => {
      const box = node.renderedBoundingBox({includeLabels: true, includeOverlays: false});
      const offset = network.getBoundingClientRect();
      return {text: node.data('code') || node.data('label'), size: parseFloat(node.style('font-size')) * cy.zoom(),
              left: box.x1 + offset.left, top: box.y1 + offset.top,
              right: box.x2 + offset.left, bottom: box.y2 + offset.top};
    });
  }
  return Array.from(document.querySelectorAll('#stage .cloud span'), (span) => {
    const box = span.getBoundingClientRect();
    return {text: span.textContent, size: parseFloat(getComputedStyle(span).fontSize),
            left: box.left, top: box.top, right: box.right, bottom: box.bottom};
  });
}"""


def assert_readable_apart_and_on_stage(page, labels: list[dict]) -> None:
    stage = page.evaluate("(() => { const r = document.querySelector('#stage').getBoundingClientRect();"
                          " return [r.left, r.top, r.right, r.bottom]; })()")
    smallest = 0.022 * page.viewport_size["height"]
    for label in labels:
        assert label["size"] >= smallest - 0.05, label
        assert stage[0] - 1 <= label["left"] and label["right"] <= stage[2] + 1, label
        assert stage[1] - 1 <= label["top"] and label["bottom"] <= stage[3] + 1, label
    for number, one in enumerate(labels):
        for other in labels[number + 1:]:
            apart = (one["right"] <= other["left"] + 0.5 or other["right"] <= one["left"] + 0.5
                     or one["bottom"] <= other["top"] + 0.5 or other["bottom"] <= one["top"] + 0.5)
            assert apart, (one, other)


@pytest.mark.parametrize("size", ["1080p", "720p"])
def test_the_word_cloud_fills_the_stage_with_words_that_mean_something(kiosks, wall, size):
    kiosk = kiosks(200)
    kiosk.room.layout(mode="cloud", hidden_words=["kerkdienst"])
    page = wall(kiosk.url, size, ready="#stage .cloud span")
    labels = page.evaluate(LABELS)
    assert_readable_apart_and_on_stage(page, labels)
    words = [label["text"] for label in labels]
    assert not {"per", "jaar", "keer", "elke", "mee", "gerust", "het", "kerkdienst"} & set(words)
    assert any(" " in word for word in words), "two-word phrases count"
    sizes = [label["size"] for label in labels]
    assert max(sizes) >= 3.9 * min(sizes)
    filled = page.evaluate("(() => { const c = document.querySelector('#stage .cloud');"
                           " const s = [...c.children].map(e => e.getBoundingClientRect());"
                           " const high = Math.max(...s.map(r => r.bottom)) - Math.min(...s.map(r => r.top));"
                           " return high / c.clientHeight; })()")
    assert filled > 0.85
    kiosk.room.layout(mode="grid", hidden_words=[])


@pytest.mark.parametrize("count", [6, 200])
def test_the_network_draws_every_contribution_as_a_labelled_tile_readable_from_the_back(kiosks, wall, count):
    kiosk = kiosks(count)
    kiosk.room.layout(mode="network")
    page = wall(kiosk.url, "720p", ready="body[data-network='drawn']")
    labels = page.evaluate(LABELS)
    codes = {label["text"] for label in labels if re.fullmatch(r"K\d+", label["text"])}
    assert len(codes) == min(len(kiosk.texts), 200)  # the newest 200: more is a clump from the back
    assert_readable_apart_and_on_stage(page, labels)
    extent = page.evaluate("(() => { const n = document.querySelector('#stage .network');"
                           " const b = n.cy.elements().renderedBoundingBox();"
                           " return [b.w / n.clientWidth, b.h / n.clientHeight]; })()")
    assert max(extent) > 0.8 or count < 10, extent  # the map fills the stage, unless a few tiles reach full size
    kiosk.room.layout(mode="grid")
