"""The phone on a market's Wi-Fi, in Chromium at 360×740: one screen to send, a camera photo that shrinks on the
phone with its progress shown and a way to cancel, a refusal where the eyes are, and a thank-you that says the
truth under pre-moderation and follows the approval live. (Each engine: tests/test_engines.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.harness.photos import camera_photo
from tests.harness.room import Room

# A market's Wi-Fi with one bar: 400 kbit/s each way, 400 ms there and back.
MARKET = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
IN_VIEW = """(node) => { const box = node.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= innerHeight && box.height > 0; }"""


def send_with_photo(page, url: str, kind: str, text: str, photo) -> None:
    """Open the phone page, choose ``kind``, write ``text``, pick ``photo`` and tap the button."""
    page.goto(url + "/")
    page.locator(f"label.kind--{kind}").click()
    page.fill("#text", text)
    page.set_input_files("#photo", str(photo))
    page.locator("#contribute button.send").click()


@pytest.fixture
def market_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    context.new_cdp_session(page).send("Network.emulateNetworkConditions", MARKET)
    yield page
    context.close()


def test_the_kind_the_text_and_the_send_button_fit_one_phone_screen(kiosk_server, phone):
    phone.goto(kiosk_server.url + "/")
    for selector in (".kind--story", ".kind--initiative", "#text", "#contribute button.send"):
        assert phone.locator(selector).evaluate(IN_VIEW), selector
    for selector in ("#author", "#contact_consent"):
        expect(phone.locator(selector)).to_be_hidden()  # folded under "Je naam, tags en contact"
    sizes = phone.locator(".languages a, details.more summary").evaluate_all(
        "nodes => nodes.map((node) => [node.offsetWidth, node.offsetHeight])")
    assert all(width >= 44 and height >= 44 for width, height in sizes), sizes


def test_a_camera_photo_shows_its_progress_and_can_be_cancelled_on_market_wifi(kiosk_server, market_phone, tmp_path):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(camera_photo())
    send_with_photo(market_phone, kiosk_server.url, "example",
                    "De moestuin achter de school, door drie klassen samen onderhouden.", photo)
    progress = market_phone.locator("#progress")
    expect(progress).to_be_visible()
    expect(progress).not_to_have_js_property("value", 0, timeout=5000)
    market_phone.get_by_role("button", name="Annuleren").click()
    expect(market_phone.locator("#status")).to_have_text("Niet verstuurd. Je tekst blijft bewaard.")
    expect(progress).to_be_hidden()
    expect(market_phone.locator("#text")).to_have_value(
        "De moestuin achter de school, door drie klassen samen onderhouden.")
    market_phone.locator("#contribute button.send").click()  # and again, to the end this time
    expect(market_phone.locator("#thanks")).to_be_visible(timeout=20_000)
    room = Room(kiosk_server.url)
    assert [item["text"] for item in room.find()["items"]] == [
        "De moestuin achter de school, door drie klassen samen onderhouden."]
    room.session.close()


def test_a_refusal_shows_next_to_the_button_in_view(kiosk_server, phone, tmp_path):
    broken = tmp_path / "foto.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a photo" * 40)
    send_with_photo(phone, kiosk_server.url, "idea", "Een foto van het plein", broken)
    error = phone.locator("#error")
    expect(error).to_contain_text("Die foto kon niet gelezen worden")
    assert error.evaluate(IN_VIEW)
    expect(phone.locator("#text")).to_have_value("Een foto van het plein")


def test_under_pre_moderation_the_thank_you_says_it_waits_then_that_it_is_on_the_wall(kiosk_server, phone):
    room = Room(kiosk_server.url)
    room.session.post(kiosk_server.url + "/api/premoderation", json={"on": True}, timeout=5).raise_for_status()
    phone.goto(kiosk_server.url + "/")
    expect(phone.locator("body")).to_have_attribute("data-live", "connected")
    phone.locator("label.kind--story").click()
    phone.fill("#text", "Mijn buurvrouw leerde mij fietsen repareren.")
    phone.locator("#contribute button.send").click()
    thanks = phone.locator("#thanks")
    expect(thanks).to_contain_text("Je bijdrage wacht op de begeleider")
    expect(thanks).not_to_contain_text("staat op de wand")
    expect(phone.locator("#thanks-text")).to_have_text("Mijn buurvrouw leerde mij fietsen repareren.")
    expect(phone.locator("#thanks-code")).to_have_text(  # its code, which others use to build on it
        "Jouw kaart is K1. Wie erop voortbouwt, schrijft #K1 in de eigen bijdrage.")
    assert thanks.evaluate(IN_VIEW)
    [item] = room.find()["items"]
    room.moderate(item["id"], "approve").raise_for_status()
    expect(phone.locator("#thanks-state")).to_have_text("Goedgekeurd: je bijdrage staat nu op de wand.", timeout=1000)
    room.session.close()


def test_the_phones_list_of_cards_on_the_wall_follows_new_hidden_and_recognised_cards(kiosk_server, phone, tmp_path):
    import random

    from tests.harness.day import dutch_text
    from tests.harness.phones import phone_session

    room = Room(kiosk_server.url)
    others = [phone_session(90 + number) for number in range(3)]
    first = others[0].post(kiosk_server.url + "/api/contributions",
                           json={"kind": "idea", "text": "Een bankje bij de bushalte"}, timeout=5).json()
    phone.goto(kiosk_server.url + "/")
    expect(phone.locator("body")).to_have_attribute("data-live", "connected")
    rows = phone.locator(".latest__list > li")
    expect(rows).to_have_count(1)
    story = dutch_text(random.Random(4), 900)  # a long story, as a third of a day's are
    arrived = others[1].post(kiosk_server.url + "/api/contributions",
                             json={"kind": "story", "text": story + " #moestuin", "tags": ["buurt"]}, timeout=5).json()
    expect(rows.first.locator(".card__text")).to_have_text(story + " #moestuin", timeout=2000)  # on top, whole
    expect(rows.first.locator(".card__code")).to_have_text(arrived["code"])
    expect(rows.first.locator(".card__tags")).to_have_text("#buurt")  # #moestuin stands in the text already
    others[2].post(f"{kiosk_server.url}/api/contributions/{first['id']}/reactions", timeout=5).raise_for_status()
    expect(rows.last.locator("[data-count]")).to_have_text("1", timeout=2000)
    rows.first.get_by_role("button").click()  # "me too" on the card that came in live
    expect(rows.first.locator("[data-count]")).to_have_text("1")
    phone.locator("#latest").screenshot(path=str(tmp_path / "phone-latest.png"))
    room.moderate(arrived["id"], "hide").raise_for_status()
    expect(rows).to_have_count(1, timeout=2000)
    expect(rows.first.locator(".card__text")).to_have_text("Een bankje bij de bushalte")
    room.session.close()
