"""The participant's journey in every engine participants carry — WebKit (iPhones), Gecko (Firefox) and Blink
(Chrome) — and the wall, in the same engine, receiving it live; the phone's own live updates, also through a
restart of the kiosk. Each test runs once per engine (tests/engines.py); a console error fails it."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from tests.harness.day import dutch_text
from tests.harness.engines import until
from tests.harness.phones import phone_session
from tests.harness.photos import camera_photo, jpeg
from tests.harness.room import Room
from tests.harness.server import ORGANISATION
from tests.harness.syncing import Kiosk, token_for

READY = "() => document.getElementById('contribute').dataset.ready === 'true'"
LIVE = "() => document.body.dataset.live === 'connected'"
# What the page puts on the Wi-Fi: the size of the photo in the request it sends.
SPY = """() => { const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData) { window.photoBytes = body.get('photo').size; }
    return send.call(this, body);
  }; }"""


# The kiosk comes before the pages in each test's fixtures, so it stops after them: a page's errors are read while
# its kiosk still serves (a phone's lazy thumbnail that WebKit asked for late once failed on a kiosk already gone).
def test_a_participant_sends_a_story_with_a_photo_and_the_wall_shows_it_at_once(kiosk_server, open_in_engine,
                                                                                 tmp_path):
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(camera_photo())  # 4032×3024, 3.1 MB, held upright
    text = dutch_text(random.Random(13), 300)
    wall = open_in_engine(1280, 720)
    wall.goto(kiosk_server.url + "/wall")
    until(wall, LIVE)
    phone = open_in_engine(390, 844)
    phone.goto(kiosk_server.url + "/")
    until(phone, READY)
    phone.click("label.kind--initiative")
    phone.type("#text", text)
    phone.click("details.more summary")
    phone.type("#author", "Anouk")
    phone.upload("#photo", photo)
    until(phone, "() => !document.getElementById('preview').hidden")
    phone.run(SPY)
    phone.click("#contribute button.send")
    until(phone, "() => !document.getElementById('thanks').hidden", timeout=30,  # a busy CI machine's WebKit
          why="() => [document.getElementById('status').textContent, window.photoBytes,"
              " document.getElementById('progress').value, document.getElementById('error').textContent]")
    assert 20_000 < phone.run("() => window.photoBytes") < 600_000  # shrunk on the phone, not 3.1 MB on the Wi-Fi
    assert "#K1 " in phone.run("() => document.getElementById('thanks-code').textContent")  # its code, to build on
    card = until(wall, """(start) => [...document.querySelectorAll('#stage .card')].find(
        (card) => card.querySelector('[data-field=text]').textContent.startsWith(start))""", text[:40])
    assert card
    until(wall, "() => document.querySelector('#stage .card [data-field=photo]').naturalWidth > 0")
    found = wall.run("""() => { const card = document.querySelector('#stage .card');
        return [card.dataset.kind, card.querySelector('[data-field=author]').textContent]; }""")
    assert found == ["initiative", "Anouk"]
    room = Room(kiosk_server.url)
    [item] = room.find()["items"]
    assert item["text"] == text
    stored = Image.open(io.BytesIO(room.session.get(kiosk_server.url + item["photo"], timeout=5).content))
    assert stored.size == (1200, 1600)  # shrunk to 1,600 px and turned upright, as the camera held it
    room.session.close()


def test_a_participant_says_me_too_and_switches_language(kiosk_server, open_in_engine):
    item = phone_session(3).post(kiosk_server.url + "/api/contributions",
                                 json={"kind": "idea", "text": "Een deelkast voor gereedschap"}, timeout=5).json()
    phone = open_in_engine(390, 844)
    phone.goto(kiosk_server.url + "/")
    until(phone, READY)
    phone.click(f"form.react[data-api*='{item['id']}'] button")
    until(phone, "() => document.querySelector('form.react [data-count]').textContent.trim() === '1'")
    assert phone.run("() => document.querySelector('form.react button').getAttribute('aria-pressed')") == "true"
    until(phone, LIVE)
    later = phone_session(4).post(kiosk_server.url + "/api/contributions",
                                  json={"kind": "story", "text": "Een repaircafé elke maand"}, timeout=5).json()
    until(phone, "(id) => document.querySelector('.latest__list > li').dataset.id === id", later["id"])  # live, on top
    phone.click(f"form.react[data-api*='{later['id']}'] button")  # "me too" on the card that came in live
    until(phone, "(id) => document.querySelector(`form.react[data-api*='${id}'] [data-count]`).textContent === '1'",
          later["id"])
    phone.click("a[lang=en]")
    until(phone, "() => document.documentElement.lang === 'en' && document.getElementById('contribute')"
                 " && document.getElementById('contribute').dataset.ready === 'true'")
    assert phone.run("() => document.querySelector('#contribute button.send').textContent.trim()") == "Send to the wall"


@pytest.mark.kiosk_goes_down
def test_the_phone_follows_the_prompt_live_also_after_the_kiosk_restarts(kiosk_server, open_in_engine):
    room = Room(kiosk_server.url)
    phone = open_in_engine(390, 844)
    phone.goto(kiosk_server.url + "/")
    until(phone, LIVE)
    room.session.post(kiosk_server.url + "/api/prompts", json={"text": "Waar ben je trots op?", "activate": True},
                      timeout=5).raise_for_status()
    until(phone, "() => document.getElementById('prompt').textContent === 'Waar ben je trots op?'", timeout=2)
    room.session.close()
    kiosk_server.stop()
    until(phone, "() => document.body.dataset.live === 'lost'")
    kiosk_server.start()
    until(phone, LIVE, timeout=15)  # it tries again after 3 to 8 s
    room = Room(kiosk_server.url)
    room.session.post(kiosk_server.url + "/api/prompts", json={"text": "Wat mis je in de wijk?", "activate": True},
                      timeout=5).raise_for_status()
    until(phone, "() => document.getElementById('prompt').textContent === 'Wat mis je in de wijk?'", timeout=2)
    room.session.close()


@pytest.mark.parametrize("database", [None], ids=["sqlite"])
def test_the_printed_exhibition_lays_every_card_whole_on_its_sheet_in_every_engine(archive, open_in_engine, tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.room.post("/api/moment", json={"theme": "Samen wonen"})
    rng = random.Random(5)
    for number in range(30):
        photo = jpeg(*((800, 600) if number % 2 else (600, 900))) if number % 6 == 0 else None
        kiosk.contribute(dutch_text(rng, rng.choice((60, 200, 450, 1000))), photo=photo,
                         kind=("story", "example", "idea", "initiative")[number % 4])
    kiosk.sync(archive, token_for(archive, "markt"))
    page = open_in_engine(1200, 900)
    page.goto(f"{archive.url}/o/{ORGANISATION}/programme/samen-wonen/exhibition?pick=all&size=A4")
    until(page, "() => document.body.dataset.fitted === 'true'", timeout=20)
    placed = page.run("""() => [...document.querySelectorAll('.sheet .card')].map((card) => {
        const place = card.closest('.sheet__items').getBoundingClientRect(), box = card.getBoundingClientRect();
        return box.top >= place.top - 0.5 && box.bottom <= place.bottom + 0.5 && box.right <= place.right + 0.5; })""")
    assert len(placed) == 30 and all(placed), placed
    pages = page.run("() => Number(document.body.dataset.pages)")
    assert pages == page.run("() => document.querySelectorAll('.sheet').length") and 4 <= pages <= 30
