"""Attacks from the shared Wi-Fi, against the real servers: each one of them now fails.

A kiosk token writes only its own kiosk's records, hidden and pending texts stay off the thank-you
page for anyone but their sender, the PIN cannot be guessed from many addresses and a second device
pairs with a code only the laptop shows, nothing a client sends gives a 5xx, the archive's sign-in
sends nobody off-site, a photo keeps nothing but its pixels, and every answer says what a page may load
and forbids type sniffing. Slow and greedy clients: ``test_slow_clients.py``; a deletion on request:
``test_deletion.py``.
"""

from __future__ import annotations

import io
import re
import socket
import threading

import pytest
import requests
from PIL import Image

from archive.store import ArchiveStore
from kiosk import live
from kiosk.app import create_app
from kiosk.pairing import LIFETIME, Pairing
from netwerk.contributions import public_view
from netwerk.headers import POLICY
from netwerk.media import MAX_PIXELS
from netwerk.protocol import PROTOCOL_VERSION, record
from tests.harness.phones import contribute, phone_address, phone_session
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.syncing import Kiosk, archived, assert_invariant, token_for
from tests.harness.team import PASSWORD


def test_a_text_that_is_not_on_the_wall_is_shown_only_to_the_phone_that_sent_it(kiosk_server):
    room = Room(kiosk_server.url).session
    assert room.post(kiosk_server.url + "/api/premoderation", json={"on": True}, timeout=5).ok
    sender, stranger = phone_session(11), phone_session(12)
    waiting = contribute(sender, kiosk_server.url, "Mijn buurvrouw en ik ruilen elke week groente")
    assert waiting["status"] == "pending"
    own = sender.get(kiosk_server.url + "/thanks", params={"id": waiting["id"]}, timeout=5).text
    assert "Mijn buurvrouw en ik ruilen" in own and "wacht op de begeleider" in own and "staat op de wand" not in own
    theirs = stranger.get(kiosk_server.url + "/thanks", params={"id": waiting["id"]}, timeout=5).text
    assert "Mijn buurvrouw" not in theirs and "Dank je wel!" in theirs

    assert room.post(kiosk_server.url + "/api/premoderation", json={"on": False}, timeout=5).ok
    hidden = contribute(sender, kiosk_server.url, "Een tekst die de begeleider verbergt")
    room.post(f"{kiosk_server.url}/api/contributions/{hidden['id']}/moderation", json={"action": "hide"}, timeout=5)
    withdrawn = requests.get(kiosk_server.url + "/api/contributions", params={"since": 0}, timeout=5).json()
    assert hidden["id"] in withdrawn["withdrawn"]  # the id is public: the page must not be
    for phone in (sender, stranger):
        assert "begeleider verbergt" not in phone.get(kiosk_server.url + "/thanks", params={"id": hidden["id"]},
                                                      timeout=5).text
    shown = contribute(stranger, kiosk_server.url, "Op de wand voor iedereen")
    assert "Je bijdrage staat op de wand." in sender.get(kiosk_server.url + "/thanks", params={"id": shown["id"]},
                                                         timeout=5).text


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/evil.example/", "\\/evil.example/", "/\\evil.example/",
                                    " //evil.example/", "//evil.example/", "https://evil.example/", "\t/\t/evil.example"])
def test_signing_in_to_the_archive_never_sends_the_browser_off_site(archive, target):
    archive.set_password(PASSWORD)
    browser = requests.Session()
    page = browser.get(archive.url + "/team/signin", params={"next": target}, timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    form = {"email": "admin", "password": PASSWORD, "next": target, **({"csrf_token": csrf.group(1)} if csrf else {})}
    answer = browser.post(archive.url + "/team/signin", data=form, allow_redirects=False, timeout=5)
    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert not re.search(r"[\\\t\n\r ]", location), location  # nothing a browser would read as another site


def test_a_path_on_the_archive_is_still_where_signing_in_leads(archive):
    archive.set_password(PASSWORD)
    browser = requests.Session()
    page = browser.get(archive.url + "/team/signin", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    form = {"email": "admin", "password": PASSWORD, "next": "/team/log", **({"csrf_token": csrf.group(1)} if csrf else {})}
    answer = browser.post(archive.url + "/team/signin", data=form, allow_redirects=False, timeout=5)
    assert answer.headers["Location"] == "/team/log"


def photo_with_everything_but_pixels() -> bytes:
    image = Image.new("RGB", (1200, 900), (30, 140, 90))
    exif = Image.Exif()
    exif[0x010E] = "<script>alert('exif')</script>"  # ImageDescription
    icc = b"\x00" * 128 + b"acspAPPL<script>alert('icc')</script>"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), icc_profile=icc, comment=b"<script>alert('comment')</script>",
               xmp=b"<x:xmpmeta><script>alert('xmp')</script></x:xmpmeta>")
    return out.getvalue()


def jpeg_markers(data: bytes) -> list[int]:
    """Return the markers of a JPEG's header segments, up to the start of the scan."""
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return markers


def test_a_photo_keeps_nothing_but_its_pixels(kiosk_server):
    sent = photo_with_everything_but_pixels()
    assert {0xE1, 0xE2, 0xFE} <= set(jpeg_markers(sent))  # EXIF/XMP, ICC and the comment are really in it
    phone = phone_session(21)
    answer = phone.post(kiosk_server.url + "/api/contributions", data={"kind": "idea", "text": "Foto met extra's"},
                        files={"photo": ("foto.jpg", sent, "image/jpeg")}, timeout=10)
    assert answer.status_code == 201, answer.text
    stored = requests.get(kiosk_server.url + answer.json()["photo"], timeout=5)
    assert stored.headers["Content-Type"] == "image/jpeg" and stored.headers["X-Content-Type-Options"] == "nosniff"
    markers = jpeg_markers(stored.content)
    assert set(markers) <= {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA}, [hex(marker) for marker in markers]
    assert b"script" not in stored.content and b"xmpmeta" not in stored.content
    assert (kiosk_server.data_dir / "media" / answer.json()["photo"].rsplit("/", 1)[1]).read_bytes() == stored.content


@pytest.mark.parametrize("path", ["/", "/wall", "/facilitator", "/thanks", "/api/health", "/qr.svg", "/nergens"])
def test_every_kiosk_answer_says_what_a_page_may_load(kiosk_server, path):
    answer = requests.get(kiosk_server.url + path, timeout=5)
    assert answer.headers["Content-Security-Policy"] == POLICY and "script-src 'self'" in POLICY
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_every_archive_answer_says_what_a_page_may_load(archive):
    for path in ("/", "/search?q=tuin", "/team/signin", "/api/contributions", "/nergens"):
        answer = requests.get(archive.url + path, timeout=5)
        assert answer.headers["Content-Security-Policy"] == POLICY, path
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path


OTHER = "00000000-0000-4000-8000-000000000001"


def sync_call(archive, token: str, batch: dict) -> requests.Response:
    return requests.post(archive.url + "/api/sync/batches", json=batch, headers={"Authorization": f"Bearer {token}"},
                         timeout=10)


def test_a_kiosk_token_writes_only_its_own_kiosks_data(archive, tmp_path):
    market, intruder = Kiosk(tmp_path / "markt"), Kiosk(tmp_path / "indringer")
    item = market.contribute("Het echte verhaal van de markt", contact="06-11112222", contact_consent="on")
    market.sync(archive, token_for(archive, "markt"))
    stolen = token_for(archive, "indringer")
    before = archived(archive)
    event = item["event_id"]
    body = dict(record(public_view(item))["body"], text="Overschreven door een andere kiosk", rev=9)
    attacks = {
        "overwrite": {"records": [{"id": item["id"], "rev": 9, "deleted": False, "body": body}]},
        "delete": {"records": [{"id": item["id"], "rev": 9, "deleted": True, "body": body}]},
        "rename the moment": {"records": [], "moment": {"event_id": event, "name": "Gekaapt"}},
        "plant a contact": {"records": [], "contacts": [{"contribution_id": item["id"], "contact": "nep@example.org"}]},
        "forge the log": {"records": [], "moderation": [{"contribution_id": item["id"], "rev": 9, "action": "hide"}]},
        "file under its moment": {"records": [{"id": OTHER, "rev": 1, "deleted": False,
                                               "body": dict(body, id=OTHER, rev=1)}]},
    }
    for name, attack in attacks.items():
        batch = {"version": PROTOCOL_VERSION, "batch_id": f"aanval-{name}", "kiosk_db_id": "indringer", "seq": 1,
                 "moment": {}, **attack}
        answer = sync_call(archive, stolen, batch)
        assert answer.status_code == 403, (name, answer.text)
        assert answer.json()["foreign"], name
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        assert store.all_records() == before
        assert [contact["contact"] for contact in store.views.contacts("buurtnetwerk")] == ["06-11112222"]
        assert [moment.get("name") for moment in store.views.moments()] == [None]
    finally:
        store.close()
    intruder.contribute("Een eigen bijdrage van de tweede kiosk")
    assert intruder.sync(archive, stolen).new == 1  # its own records still sync
    assert_invariant(archive, market, intruder)


def good_record(number: int = 1) -> dict:
    key = f"00000000-0000-4000-8000-{number:012d}"
    body = {"id": key, "kind": "idea", "text": "Een gewoon idee", "author": None, "photo": None, "prompt_id": None,
            "event_id": "moment-1", "created_at": "2026-12-01T10:00:00.000Z", "status": "visible", "pinned": False,
            "reactions": 0, "tags": ["groen"], "rev": 1, "deleted": False, "approved": False, "code": "K1",
            "links": []}
    return {"id": key, "rev": 1, "deleted": False, "body": body}


def batch_of(*records: dict, **changes) -> dict:
    return {"version": PROTOCOL_VERSION, "batch_id": "b-" + str(len(records)), "kiosk_db_id": "k", "seq": 1,
            "moment": {"event_id": "moment-1", "name": "Markt"}, "records": list(records), **changes}


def with_body(**changes) -> dict:
    item = good_record()
    item["body"].update(changes)
    return item


@pytest.mark.parametrize("field, batch", [
    ("kind", batch_of(with_body(kind="klacht"))),
    ("kind", batch_of(with_body(kind=None))),
    ("created_at", batch_of(with_body(created_at="2026-02-31T10:00:00Z"))),
    ("created_at", batch_of(with_body(created_at="gisteren"))),
    ("reactions", batch_of(with_body(reactions="veel"))),
    ("reactions", batch_of(with_body(reactions=True))),
    ("reactions", batch_of(with_body(reactions=2**63))),
    ("tags", batch_of(with_body(tags={"a": 1}))),
    ("photo", batch_of(with_body(photo="https://evil.example/x.jpg"))),
    ("text", batch_of(with_body(text="x" * 2001))),
    ("text", batch_of(with_body(text=["lijst"]))),
    ("status", batch_of(with_body(status="gepubliceerd"))),
    ("links", batch_of(with_body(links=[{"id": "K1"}]))),
    ("id", batch_of(dict(good_record(), id="../../etc", body=dict(good_record()["body"], id="../../etc")))),
    ("rev", batch_of(dict(good_record(), rev=-1))),
    ("rev", batch_of(dict(good_record(), rev=True))),
    ("rev", batch_of(dict(good_record(), rev=2**63))),
    ("seq", batch_of(good_record(), seq=2**63)),
    ("seq", batch_of(good_record(), seq=False)),
    ("moment.kind", batch_of(good_record(), moment={"event_id": "moment-1", "kind": "rave"})),
    ("moment.name", batch_of(good_record(), moment={"event_id": "moment-1", "name": {"nl": "x"}})),
])
def test_a_kiosk_token_cannot_store_what_the_pages_cannot_show(archive, field, batch):
    answer = sync_call(archive, token_for(archive, "markt"), batch)
    assert answer.status_code == 422 and field in answer.json()["error"], answer.text
    for path in ("/", "/search?q=idee", "/api/contributions"):
        assert requests.get(archive.url + path, timeout=5).status_code == 200
    assert sync_call(archive, token_for(archive, "tweede"), batch_of(good_record(7))).status_code == 200


def raw_get(url: str, target: bytes) -> int:
    """Send a request line with bytes no HTTP library would send, and return the status."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n\r\n")
        return int(connection.makefile("rb").readline().split()[1])


def test_nothing_a_phone_sends_gives_a_5xx(kiosk_server):
    phone = phone_session(31)
    bodies = [b"[1, 2]", b"null", b"5", b'"tekst"', b"\xff\xfe{", b'{"kind": "idea", "text": "\\ud800 kapot"}',
              b'{"kind": "klacht", "text": "x", "tags": ["buren", "zorg"]}', b'{"kind": "idea", "tags": {"a": 1}}']
    for data in bodies:
        answer = phone.post(kiosk_server.url + "/contribute", data=data, headers={"Content-Type": "application/json"},
                            timeout=5)
        assert answer.status_code == 400, (data, answer.status_code)
    for target in (b"/?x=\xff", b"/?lang=\xff\xfe", b"/wall?x=\xff", b"/api/contributions?since=\xff",
                   b"/thanks?id=\xff", b"/facilitator?lang=\xff"):
        assert raw_get(kiosk_server.url, target) < 500, target


def test_nothing_a_browser_asks_gives_the_archive_a_5xx(team):
    archive = team.archive
    for target in (b"/search?q=\xff", b"/?x=\xff", b"/search?fmt=x", b"/search?_method=x", b"/search?endpoint=x",
                   b"/search?_external=1&_scheme=ftp", b"/export.csv?_method=x&fmt=y"):
        assert raw_get(archive.url, target) < 500, target
    refused = team.post(f"/o/{team.organisation}/team/programmes", theme="Februari", start="2027-02-01", end="2027-02-31")
    assert refused.status_code == 400 and "jaar-maand-dag" in refused.text
    assert requests.get(archive.url + "/", timeout=5).status_code == 200


def png(pixels: int) -> bytes:
    side = int(pixels ** 0.5)
    out = io.BytesIO()
    Image.new("RGBA", (side, side), (30, 140, 90, 200)).save(out, "PNG", compress_level=9)
    return out.getvalue()


def at_once(url: str, photo: bytes, phones: list[requests.Session]) -> list[int]:
    """Post ``photo`` from every phone at the same moment; return the statuses."""
    gate, statuses = threading.Barrier(len(phones)), []

    def send(phone: requests.Session) -> None:
        gate.wait()
        statuses.append(phone.post(url + "/api/contributions", data={"kind": "idea", "text": "Foto van de markt"},
                                   files={"photo": ("foto", photo)}, timeout=60).status_code)

    senders = [threading.Thread(target=send, args=(phone,)) for phone in phones]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    return statuses


def test_thirty_photo_posts_at_once_from_one_phone_count_as_thirty_attempts(kiosk_server):
    phone = phone_session(41)
    statuses = at_once(kiosk_server.url, jpeg(), [phone] * 30)
    assert statuses.count(201) <= 5 and statuses.count(429) >= 25 - statuses.count(503), sorted(statuses)


def test_a_photo_is_judged_by_what_a_phone_camera_makes(kiosk_server):
    too_many = phone_session(42).post(kiosk_server.url + "/api/contributions", data={"kind": "idea", "text": "x"},
                                      files={"photo": ("scherm.png", png(MAX_PIXELS["PNG"] + 100_000))}, timeout=30)
    assert too_many.status_code == 413 and too_many.json()["error"]
    camera = phone_session(43).post(kiosk_server.url + "/api/contributions", data={"kind": "idea", "text": "y"},
                                    files={"photo": ("IMG.jpg", jpeg(6400, 4800))}, timeout=30)  # 31 MP
    assert camera.status_code == 201, camera.text


def test_hostile_photos_at_once_get_clear_answers_and_the_wall_keeps_answering(kiosk_server):
    hostile = png(MAX_PIXELS["PNG"] - 10_000)
    statuses = at_once(kiosk_server.url, hostile, [phone_session(50 + number) for number in range(20)])
    assert set(statuses) <= {201, 503} and statuses.count(201) >= 2, sorted(statuses)
    assert requests.get(kiosk_server.url + "/api/health", timeout=5).ok
    same = at_once(kiosk_server.url, jpeg(colour="gold"), [phone_session(80 + number) for number in range(6)])
    assert same == [201] * 6  # the same photo from six phones at the same moment: stored once, no clash


def wrong_pin_from(client, number: int) -> int:
    return client.post("/api/session", json={"pin": "000000"},
                       environ_base={"REMOTE_ADDR": phone_address(number)}).status_code


def test_rotating_addresses_cannot_guess_the_pin_and_the_room_is_told(app, client):
    laptop = app.test_client()
    csrf = laptop.post("/api/session", json={"pin": "123456"}).get_json()["csrf_token"]
    room = live.socketio.test_client(app, namespace=live.FACILITATORS, flask_test_client=laptop)
    statuses = [wrong_pin_from(client, number) for number in range(40)]  # each guess from a new address
    burst = app.config["RATE_WRONG_PIN_KIOSK"][0]
    assert statuses[:burst] == [401] * burst and set(statuses[burst:]) == {429}
    right = client.post("/api/session", json={"pin": "123456"}, environ_base={"REMOTE_ADDR": phone_address(99)})
    assert right.status_code == 429  # while someone guesses, nobody new signs in ...
    assert laptop.post("/api/premoderation", json={"on": True}, headers={"X-CSRF-Token": csrf}).status_code == 200
    alarms = [event for event in room.get_received(live.FACILITATORS) if event["name"] == "alarm"]
    assert alarms == [{"name": "alarm", "args": [{"kind": "pin_guessing"}], "namespace": live.FACILITATORS}]
    assert "someone is guessing the PIN" in laptop.get("/facilitator?lang=en").get_data(as_text=True)
    room.disconnect(namespace=live.FACILITATORS)


def test_a_session_ends_with_its_pin_and_with_signing_out(tmp_path):
    config = {"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PUBLIC_URL": "http://k/"}
    first = create_app(dict(config, PIN="111111"))
    browser = first.test_client()
    csrf = browser.post("/api/session", json={"pin": "111111"}).get_json()["csrf_token"]
    cookie = browser.get_cookie("session").value
    first.extensions["netwerkkiosk"].store.close()
    for pin, status in (("111111", 200), ("222222", 401)):  # a restart keeps the session, another PIN ends it
        again = create_app(dict(config, PIN=pin))
        client = again.test_client()
        client.set_cookie("session", cookie)
        assert client.get("/api/facilitator/contributions").status_code == status, pin
        if status == 200:
            assert client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 200
            assert client.get("/api/facilitator/contributions").status_code == 401
        again.extensions["netwerkkiosk"].store.close()


def test_a_second_device_pairs_with_a_one_time_code_that_only_the_laptop_shows(kiosk_server):
    assert requests.post(kiosk_server.url + "/api/pairing", timeout=5).status_code == 401  # not for passers-by
    laptop = Room(kiosk_server.url).session
    first = laptop.post(kiosk_server.url + "/api/pairing", timeout=5).json()
    code = laptop.post(kiosk_server.url + "/api/pairing", timeout=5).json()  # the newest counts
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code["code"]) and code["expires_in"] == 300
    qr = laptop.get(kiosk_server.url + code["qr"], timeout=5)
    assert qr.headers["Content-Type"].startswith("image/svg+xml") and qr.headers["Cache-Control"] == "no-store"
    assert requests.get(kiosk_server.url + code["qr"], timeout=5).status_code == 401

    stranger, friend = phone_session(41), phone_session(42)
    assert stranger.post(kiosk_server.url + "/api/session", json={"code": first["code"]}, timeout=5).status_code == 401
    signed = friend.post(kiosk_server.url + "/api/session", json={"code": code["code"].lower().replace("-", " ")},
                         timeout=5)
    assert signed.status_code == 200
    assert friend.get(kiosk_server.url + "/api/facilitator/contributions", timeout=5).ok
    again = stranger.post(kiosk_server.url + "/api/session", json={"code": code["code"]}, timeout=5)
    assert again.status_code == 401 and "koppelcode" in again.json()["error"]  # once only
    assert laptop.get(kiosk_server.url + code["qr"], timeout=5).status_code == 404  # used up: nothing to show


def test_a_pairing_code_ends_after_five_minutes():
    now = [0.0]
    pairing = Pairing(clock=lambda: now[0])
    code = pairing.issue()
    assert pairing.current() == code
    now[0] = LIFETIME - 1
    assert pairing.current() == code
    now[0] = LIFETIME
    assert pairing.current() is None and not pairing.redeem(code)


def test_wrong_pairing_codes_count_as_wrong_pins(app, client):
    for number in range(10):
        client.post("/api/session", json={"code": f"AAAA-AAA{number}"},
                    environ_base={"REMOTE_ADDR": phone_address(number)})
    right = client.post("/api/session", json={"pin": "123456"}, environ_base={"REMOTE_ADDR": phone_address(50)})
    assert right.status_code == 429
