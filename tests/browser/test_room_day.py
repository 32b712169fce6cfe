"""The control room at a day's volume, in Debian's Chromium on a laptop (1366×768) and a phone (390×844).

Two real kiosks hold 40 and 2,000 contributions from phones of their own, in Dutch, a quarter of them
1,000-character stories, one in five with a photo: the first three wait for approval, two prompts, some
hidden, one pinned, one deleted. A facilitator must find, judge and act on any of them in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.harness.axe import violations
from tests.harness.day import send_day, wall_day
from tests.harness.phones import phone_session
from tests.harness.room import Room
from tests.harness.server import KioskProcess

LAPTOP, PHONE = (1366, 768), (390, 844)

# How many rows are whole on screen: below the sticky search bar, above the sticky bar of undo and keys.
ROWS_ON_SCREEN = """() => {
  const top = document.querySelector('#finder').getBoundingClientRect().bottom;
  const bottom = document.querySelector('.bar').getBoundingClientRect().top;
  return [...document.querySelectorAll('#moderation > li')].filter((row) => {
    const box = row.getBoundingClientRect();
    return box.top >= top - 1 && box.bottom <= bottom + 1 && box.right <= innerWidth;
  }).length;
}"""
IDS = "() => [...document.querySelectorAll('#moderation > li')].map((row) => row.dataset.id)"


@dataclass
class Day:
    kiosk: KioskProcess
    room: Room
    sent: list[dict]
    prompts: list[dict]

    @property
    def url(self) -> str:
        return self.kiosk.url


def _day(folder, size: int) -> Day:
    kiosk = KioskProcess(folder / "data").start()
    room = Room(kiosk.url)

    def ask(path: str, **fields) -> dict:
        answer = room.session.post(kiosk.url + path, json=fields, timeout=5)
        answer.raise_for_status()
        return answer.json()

    prompts = [ask("/api/prompts", text="Wat maakt deze buurt bijzonder?", activate=True)]
    day = wall_day(size, seed=5)
    ask("/api/premoderation", on=True)
    sent = send_day(kiosk.url, day[:3])
    ask("/api/premoderation", on=False)
    sent += send_day(kiosk.url, day[3:size // 2], first_phone=3)
    prompts.append(ask("/api/prompts", text="Wat mis je nog in de wijk?", activate=True))
    sent += send_day(kiosk.url, day[size // 2:], first_phone=size // 2)
    for item, action in zip(sent[10:16], ["hide", "hide", "hide", "pin", "delete"], strict=False):
        room.moderate(item["id"], action).raise_for_status()
    return Day(kiosk, room, sent, prompts)


@pytest.fixture(scope="module")
def day40(tmp_path_factory):
    day = _day(tmp_path_factory.mktemp("day40"), 40)
    yield day
    day.kiosk.stop()


@pytest.fixture(scope="module")
def day2000(tmp_path_factory):
    day = _day(tmp_path_factory.mktemp("day2000"), 2000)
    yield day
    day.kiosk.stop()


@pytest.fixture
def open_room(browser):
    """Open the control room signed in as ``room``'s facilitator on a screen of ``size``; closed after the test."""
    contexts = []

    def opened(room: Room, size: tuple[int, int]):
        contexts.append(room.browser_context(browser, *size))
        page = contexts[-1].new_page()
        page.goto(room.url + "/facilitator")
        expect(page.locator("body")).to_have_attribute("data-live", "connected")
        return page

    yield opened
    for context in contexts:
        context.close()


def row(page, item: dict):
    return page.locator(f"#moderation > li[data-id='{item['id']}']")


def shows(page, found: dict) -> None:
    """Wait until the list shows just what the API found for the same question, in the same order."""
    rows = page.locator("#moderation > li")
    expect(rows).to_have_count(len(found["items"]))
    for place in (0, len(found["items"]) - 1) if found["items"] else ():  # the first alone may be the old list's
        expect(rows.nth(place)).to_have_attribute("data-id", found["items"][place]["id"])
    assert page.evaluate(IDS) == [item["id"] for item in found["items"]]


@pytest.mark.parametrize("size", [40, 2000])
@pytest.mark.parametrize("screen, least", [(LAPTOP, 12), (PHONE, 6)], ids=["laptop", "phone"])
def test_what_waits_comes_first_and_one_screen_holds_enough_rows(request, open_room, size, screen, least, tmp_path):
    day = request.getfixturevalue(f"day{size}")
    page = open_room(day.room, screen)
    rows = page.locator("#moderation > li")
    codes = [*(item["code"] for item in day.sent[:3]), day.sent[-1]["code"]]
    assert rows.locator("[data-field=code]").all_inner_texts()[:4] == codes  # the queue as it came, then the newest
    expect(rows.nth(2)).to_have_attribute("data-state", "pending")
    expect(page).to_have_title(re.compile(r"^\(3\) Begeleider"))
    expect(page.locator("#waiting")).to_have_text("3")
    assert page.evaluate(ROWS_ON_SCREEN) >= least
    assert page.evaluate("document.documentElement.scrollWidth") <= screen[0]  # nothing sticks out sideways
    for action in ("approve", "hide"):
        expect(rows.first.locator(f"[data-action={action}]")).to_be_visible()
    expect(rows.nth(3).locator("[data-action=approve]")).to_be_hidden()  # no Show on a shown card
    page.screenshot(path=tmp_path / f"room-{size}-{screen[0]}.png")
    assert violations(page) == []

    long = next(item for item in day.sent[3:] if len(item["text"]) > 900)
    page.fill("#q", long["code"])
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name="Meer").click()
    text = rows.first.locator("[data-field=text]")
    expect(text).to_have_text(long["text"])
    assert text.evaluate("node => node.scrollHeight <= node.clientHeight + 1 && node.clientHeight > 100")
    expect(rows.first.get_by_label("Tags en verbanden")).to_be_visible()
    assert violations(page) == []
    page.screenshot(path=tmp_path / f"room-{size}-{screen[0]}-open.png")


def test_the_first_screenful_is_under_100_kb_at_2000(day2000):
    page = day2000.room.session.get(day2000.url + "/facilitator", timeout=10).content
    assert len(page) <= 100_000, len(page)


@pytest.mark.parametrize("words", ["bibliotheek", "K1717", "#repaircafe", "samira speelveld", "k1"])
def test_search_as_you_type_finds_by_words_name_code_and_tag(open_room, day2000, words):
    page = open_room(day2000.room, LAPTOP)
    page.locator("#q").press_sequentially(words, delay=30)
    found = day2000.room.find(q=words, limit=50)
    assert found["items"], words
    shows(page, found)
    texts = [" ".join([item["text"], item["author"] or "", *("#" + tag for tag in item["tags"])]).lower()
             for item in found["items"]]
    if words.upper().startswith("K"):
        assert [item["code"] for item in found["items"]] == [words.upper()]
    else:
        assert all(word in text for text in texts for word in words.split())
    total = sum(found["counts"][state] for state in ("pending", "visible", "hidden", "deleted"))
    expect(page.locator("[data-count='']")).to_have_text(str(total))


def test_each_filter_lists_only_its_own_with_the_counts_of_the_kiosk(open_room, day2000):
    page = open_room(day2000.room, PHONE)
    counts = day2000.room.find(limit=0)["counts"]
    assert counts == {"pending": 3, "visible": 2000 - 3 - 3 - 1, "hidden": 3, "pinned": 1, "deleted": 1}
    for state, allowed in {"pending": {"pending"}, "visible": {"visible", "pinned"}, "hidden": {"hidden"},
                           "pinned": {"pinned"}, "deleted": {"deleted"}}.items():
        chip = page.locator(f"button[data-state='{state}']")
        expect(chip.locator("[data-count]")).to_have_text(str(counts[state]))
        chip.click()
        expect(chip).to_have_attribute("aria-pressed", "true")
        shows(page, day2000.room.find(state=state, limit=50))
        assert set(page.locator("#moderation > li").evaluate_all("rows => rows.map((row) => row.dataset.state)")) \
            <= allowed
    page.locator("button[data-state='']").click()
    page.select_option("#kind", "initiative")
    shows(page, day2000.room.find(kind="initiative", limit=50))
    assert set(page.locator("#moderation > li .card").evaluate_all("cards => cards.map((c) => c.dataset.kind)")) \
        == {"initiative"}
    page.select_option("#kind", "")
    page.select_option("#prompt", day2000.prompts[0]["id"])
    found = day2000.room.find(prompt=day2000.prompts[0]["id"], limit=50)
    shows(page, found)
    assert {item["prompt_id"] for item in found["items"]} == {day2000.prompts[0]["id"]}


def test_scrolling_through_2000_brings_more_and_keeps_the_page_bounded(open_room, day2000):
    page = open_room(day2000.room, LAPTOP)
    rows = page.locator("#moderation > li")
    expect(rows).to_have_count(25)
    for _ in range(40):
        page.mouse.wheel(0, 4000)
        if rows.count() >= 300:
            break
        page.wait_for_timeout(150)
    expect(page.locator("#list-note")).to_have_text("De eerste 300 staan hier: zoek of kies een filter voor de andere.")
    expected, query = [], {"limit": "100"}
    while len(expected) < 300:
        found = day2000.room.find(**query)
        expected += [item["id"] for item in found["items"]]
        query = {"limit": "100", **found["next"]}
    assert page.evaluate(IDS) == expected[:300]  # no gap, no double, in the kiosk's order
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(500)
    expect(rows).to_have_count(300)


def test_the_keys_work_the_queue_and_undo_takes_back_the_last_one(open_room, day40):
    page = open_room(day40.room, LAPTOP)
    rows = page.locator("#moderation > li")
    current = re.compile(r"\bis-current\b")
    expect(page.locator(".keys dt")).to_have_text(["j/k", "a", "h", "p", "s", "o", "/", "u"])
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(current)
    page.keyboard.press("a")
    expect(rows.nth(0)).to_have_attribute("data-state", "visible")
    expect(rows.nth(1)).to_have_class(current)  # the next waiting one comes up
    expect(page.locator("#waiting")).to_have_text("2")
    expect(page).to_have_title(re.compile(r"^\(2\) "))
    page.keyboard.press("h")
    expect(rows.nth(1)).to_have_attribute("data-state", "hidden")
    expect(page.locator("#done")).to_have_text(f"{day40.sent[1]['code']} · Verborgen")
    page.keyboard.press("u")
    expect(rows.nth(1)).to_have_attribute("data-state", "pending")
    expect(page.locator("#waiting")).to_have_text("2")

    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(current)
    page.keyboard.press("a")  # it is shown already: nothing to do
    page.keyboard.press("p")
    expect(rows.nth(0)).to_have_attribute("data-state", "pinned")
    page.keyboard.press("p")
    expect(rows.nth(0)).to_have_attribute("data-state", "visible")
    page.keyboard.press("s")
    expect(page.locator("#done")).to_have_text(f"{day40.sent[0]['code']} · Op de wand")
    spotlit = day40.room.session.get(day40.url + "/api/wall/spotlight", timeout=5).json()
    assert spotlit["item"]["id"] == day40.sent[0]["id"]
    page.keyboard.press("o")
    expect(rows.nth(0)).to_have_class(re.compile("moderated--open"))
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("hallo")  # typed into the search, not taken as keys
    expect(page.locator("#q")).to_have_value("hallo")
    assert day40.room.find(limit=0)["waiting"] == 2
    day40.room.layout(mode="grid")


def test_two_facilitators_see_each_others_decisions_within_a_second(open_room, day40):
    laptop = open_room(day40.room, LAPTOP)
    phone = open_room(Room(day40.url), PHONE)  # a co-facilitator signed in on their own phone
    hidden_chip = laptop.locator("button[data-state='hidden'] [data-count]")
    hidden = int(hidden_chip.inner_text())
    mine, theirs = day40.sent[22], day40.sent[21]
    row(laptop, mine).get_by_role("button", name="Vastzetten").click()
    expect(row(phone, mine)).to_have_attribute("data-state", "pinned", timeout=1000)
    row(phone, theirs).get_by_role("button", name="Verbergen").click()
    expect(row(laptop, theirs)).to_have_attribute("data-state", "hidden", timeout=1000)
    expect(hidden_chip).to_have_text(str(hidden + 1), timeout=1000)

    laptop.get_by_role("button", name="Ongedaan maken").click()  # undoes the laptop's pin only
    expect(row(phone, mine)).to_have_attribute("data-state", "visible", timeout=1000)
    expect(row(laptop, theirs)).to_have_attribute("data-state", "hidden")

    waiting = day40.room.find(limit=0)["waiting"]
    day40.room.session.post(day40.url + "/api/premoderation", json={"on": True}, timeout=5)
    answer = phone_session(900).post(day40.url + "/api/contributions",
                                     json={"kind": "idea", "text": "Een bankje bij de bushalte, graag"}, timeout=5)
    arrived = answer.json()
    day40.room.session.post(day40.url + "/api/premoderation", json={"on": False}, timeout=5)
    for page in (laptop, phone):
        expect(row(page, arrived)).to_have_attribute("data-state", "pending", timeout=1000)
        parts = page.locator("#moderation > li").evaluate_all("rows => rows.map((row) => row.dataset.part)")
        place = page.evaluate(IDS).index(arrived["id"])
        assert parts[:place + 2] == ["queue"] * (place + 1) + ["rest"]  # last in the queue, before the rest
    expect(phone.locator("#waiting")).to_have_text(str(waiting + 1))
    row(phone, arrived).get_by_role("button", name="Tonen").click()
    expect(row(laptop, arrived)).to_have_attribute("data-state", "visible", timeout=1000)
    expect(laptop.locator("#waiting")).to_have_text(str(waiting), timeout=1000)
