"""Real pages in Debian's Chromium: a phone sends, the projected wall shows it."""

from __future__ import annotations

import signal

from playwright.sync_api import Route, expect

from netwerk.contributions import normalise
from tests.harness.phones import phone_session
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import KioskProcess


def cards(page):
    return page.locator("#stage .card")


def send_from_phone(phone, url: str, kind: str, text: str, author: str = "") -> None:
    phone.goto(url + "/")
    phone.locator(f"label.kind--{kind}").click()
    phone.fill("#text", text)
    if author:
        phone.locator("details.more summary").click()  # the name folds open, below the text
        phone.fill("#author", author)
    phone.get_by_role("button", name="Naar de wand sturen").click()


def test_a_phone_sends_and_the_open_wall_shows_it_without_reload(kiosk_server, phone, projector):
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("#empty")).to_be_visible()
    send_from_phone(phone, kiosk_server.url, "idea", "Een ruilkast <b>bij</b> de bakker", author="Noor")
    expect(phone.locator("#thanks")).to_be_visible()
    expect(phone.locator("#thanks")).to_contain_text("Je bijdrage staat op de wand.")
    expect(phone.locator("#thanks-text")).to_have_text("Een ruilkast <b>bij</b> de bakker")  # their own words
    card = cards(projector).first
    expect(card).to_contain_text("Een ruilkast <b>bij</b> de bakker", timeout=2000)
    expect(card).to_contain_text("Noor")
    expect(card).to_contain_text("Idee")
    assert card.get_attribute("class") == "card card--idea card--new"
    assert phone.url == kiosk_server.url + "/"  # no reload


def test_the_same_works_with_javascript_off(kiosk_server, browser, projector):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    projector.goto(kiosk_server.url + "/wall")
    send_from_phone(page, kiosk_server.url, "story", "Zonder JavaScript gaat het ook")
    expect(page.locator("h1")).to_have_text("Dank je wel!")
    assert "/thanks?id=" in page.url
    expect(cards(projector).first).to_contain_text("Zonder JavaScript gaat het ook", timeout=2000)
    page.get_by_role("link", name="Nog iets delen").click()
    expect(page.locator("#text")).to_be_visible()
    context.close()


def test_a_wall_opened_later_shows_everything(kiosk_server, projector):
    for number, text in enumerate(["eerste", "tweede", "derde"]):
        phone_session(number).post(kiosk_server.url + "/api/contributions", json={"kind": "example", "text": text})
    projector.goto(kiosk_server.url + "/wall")
    expect(cards(projector).locator("[data-field='text']")).to_have_text(["eerste", "tweede", "derde"])


def test_a_wall_reconnects_by_itself_and_catches_up(tmp_path, projector):
    server = KioskProcess(tmp_path / "data").start()
    try:
        projector.goto(server.url + "/wall")
        expect(projector.locator("body")).to_have_attribute("data-live", "connected")
        server.kill(signal.SIGKILL)
        expect(projector.locator("#connection")).to_be_visible(timeout=10_000)
        server.start()
        phone_session(1).post(server.url + "/api/contributions", json={"kind": "idea", "text": "gemist"})
        expect(cards(projector).first).to_contain_text("gemist", timeout=15_000)
        expect(projector.locator("body")).to_have_attribute("data-live", "connected")
        expect(projector.locator("#connection")).to_be_hidden()
    finally:
        server.stop()


def test_the_phone_retries_a_lost_answer_without_a_duplicate(kiosk_server, phone, projector):
    attempts = []

    def lose_first_answer(route: Route) -> None:
        attempts.append(route.request.post_data_json["idempotency_key"])
        if len(attempts) == 1:
            route.fetch()  # the kiosk stores it …
            route.abort("connectionreset")  # … but the answer never reaches the phone
        else:
            route.continue_()

    projector.goto(kiosk_server.url + "/wall")
    phone.route("**/api/contributions", lose_first_answer)
    send_from_phone(phone, kiosk_server.url, "initiative", "Wifi hikt, bijdrage blijft")
    expect(phone.locator("#thanks")).to_be_visible(timeout=10_000)
    assert len(attempts) >= 2 and len(set(attempts)) == 1
    expect(cards(projector)).to_have_count(1)
    listed = phone_session(5).get(kiosk_server.url + "/api/contributions").json()["items"]
    assert [item["text"] for item in listed] == ["Wifi hikt, bijdrage blijft"]


def test_the_phone_keeps_the_text_across_a_reload(kiosk_server, phone):
    phone.goto(kiosk_server.url + "/")
    phone.locator("label.kind--story").click()
    phone.fill("#text", "Half getypt, dan belt iemand")
    phone.reload()
    expect(phone.locator("#text")).to_have_value("Half getypt, dan belt iemand")
    expect(phone.locator("label.kind--story input")).to_be_checked()


def test_the_phone_page_fits_360_px_and_switches_to_english(kiosk_server, phone):
    phone.goto(kiosk_server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("link", name="EN").click()
    expect(phone.locator("legend")).to_have_text("What are you sharing?")
    expect(phone.locator("html")).to_have_attribute("lang", "en")


def test_naughty_strings_show_literally_on_the_live_wall(tmp_path, projector, blns):
    server = KioskProcess(tmp_path / "data").start()
    try:
        room = Room(server.url)
        projector.goto(server.url + "/wall")
        expect(projector.locator("body")).to_have_attribute("data-live", "connected")
        sent = {}
        for number, value in enumerate(blns):
            answer = phone_session(number).post(server.url + "/api/contributions",
                                                json={"kind": "story", "text": value, "author": value})
            if answer.status_code == 201:
                sent[answer.json()["id"]] = normalise(answer.json()["text"])
        # The facilitator turns the pages until every one has been up; each shows the text as written.
        room.post("/api/turn", json={"action": "pause"})
        shown: dict[str, str] = {}
        for _ in range(len(sent)):
            projector.wait_for_selector("body[data-loading='0']", state="attached")
            shown.update(projector.eval_on_selector_all(
                "#stage .card", "cards => cards.map(c => [c.dataset.id, c.querySelector('.card__text').textContent])"))
            # Nothing a participant wrote became an element, a script or a dialog.
            assert projector.eval_on_selector_all("#stage .card__text *, #stage .card__author *", "e => e.length") == 0
            if len(shown) == len(sent):
                break
            page = room.post("/api/turn", json={"action": "next"}).json()["page"]["page"]
            projector.wait_for_selector(f"#stage .slots--grid[data-page='{page}']", state="attached")
        assert shown.keys() == sent.keys()
        for key, text in shown.items():
            assert text == sent[key] or (text.endswith("…") and sent[key].startswith(text[:-1])), (text, sent[key])
        assert projector.dialogs == []
    finally:
        server.stop()


def _overlap(page, first: str, second: str) -> bool:
    return page.evaluate(
        """([a, b]) => {
            const r = document.querySelector(a).getBoundingClientRect();
            return [...document.querySelectorAll(b)].some(el => {
                const s = el.getBoundingClientRect();
                return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
            });
        }""", [first, second])


def test_nothing_covers_the_prompt_or_the_cards(tmp_path, browser):
    options = ("--theme", "Een heel lang thema dat over de volle breedte loopt", "--wifi-ssid", "Markt",
               "--prompt", "Wat doe jij al voor een groenere, eerlijkere en gezelligere buurt voor iedereen?")
    server = KioskProcess(tmp_path / "data", args=options).start()
    try:
        for number in range(8):
            phone_session(number).post(server.url + "/api/contributions", json={"kind": "idea", "text": "kaart " * 20})
        wall = browser.new_page(viewport={"width": 1280, "height": 720})
        wall.goto(server.url + "/wall")
        assert not _overlap(wall, ".join", "#prompt, #theme, .card")
        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.goto(server.url + "/")
        assert not _overlap(phone, ".languages", "#prompt, .theme")
    finally:
        server.stop()


def test_a_photo_from_the_phone_shows_a_preview_and_then_on_the_wall(kiosk_server, phone, projector, tmp_path):
    picture = tmp_path / "markt.jpg"
    picture.write_bytes(jpeg(2400, 1800, colour="seagreen", gps=True))
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    phone.goto(kiosk_server.url + "/")
    phone.locator("label.kind--example").click()
    phone.fill("#text", "Zo ziet onze moestuin eruit")
    phone.set_input_files("#photo", str(picture))
    expect(phone.locator("#preview")).to_be_visible()
    phone.get_by_role("button", name="Naar de wand sturen").click()
    expect(phone.locator("#thanks")).to_be_visible()
    photo = projector.locator("#stage .card .card__photo")
    expect(photo).to_be_visible(timeout=3000)
    expect(photo).to_have_js_property("naturalWidth", 1600)


def test_me_too_on_the_phone_counts_live_on_the_wall(kiosk_server, phone, projector):
    phone_session(8).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "Herken je dit?"})
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    phone.goto(kiosk_server.url + "/")
    button = phone.get_by_role("button", name="Herkenbaar")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_contain_text("1")
    expect(projector.locator("#stage .card__reactions")).to_have_text("1", timeout=1000)
    assert phone.url == kiosk_server.url + "/"  # no reload


def test_the_contact_field_appears_only_after_the_consent_tick_even_without_javascript(kiosk_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(kiosk_server.url + "/")
    page.locator("details.more summary").click()
    expect(page.locator("#contact")).to_be_hidden()
    page.locator("#contact_consent").check()
    expect(page.locator("#contact")).to_be_visible()
    page.locator("label.kind--initiative").click()
    page.fill("#text", "Wie helpt mee met de buurtmoestuin?")
    page.fill("#contact", "06-12345678")
    page.get_by_role("button", name="Naar de wand sturen").click()
    expect(page.locator("h1")).to_have_text("Dank je wel!")
    context.close()
    items = phone_session(9).get(kiosk_server.url + "/api/contributions").json()["items"]
    assert items[0]["text"] == "Wie helpt mee met de buurtmoestuin?" and "06-12345678" not in str(items)
