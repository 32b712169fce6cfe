"""The laptop's start page: only the laptop itself opens it (by a loopback name), it signs that browser in, and it
says where phones go, the PIN, the free space and whether phones can reach the kiosk at all, in Dutch and English."""

from __future__ import annotations

import re

import pytest

from kiosk.network import reachable

LAPTOP = {"REMOTE_ADDR": "127.0.0.1"}


def test_the_laptop_opens_its_start_page_and_is_signed_in_by_it(client):
    page = client.get("/start", base_url="http://127.0.0.1:5000", environ_base=LAPTOP)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Netwerkkiosk draait" in text and "kiosk.test:5000" in text and "123456" in text
    assert 'src="/qr.svg' in text
    assert re.search(r"Vrije schijfruimte: <strong>\d{1,3}(\.\d{3})+ MB", text)  # 79.418 MB, as the Dutch read it
    room = client.get("/facilitator", base_url="http://127.0.0.1:5000", environ_base=LAPTOP).get_data(as_text=True)
    assert 'id="tab-archive"' in room  # the control room itself, not the PIN form


@pytest.mark.parametrize("peer, host", [("192.168.1.20", "127.0.0.1:5000"),  # a phone on the Wi-Fi
                                        ("127.0.0.1", "evil.example:5000"),  # a page that points its name at us
                                        ("192.168.1.20", "localhost:5000")])
def test_nobody_else_opens_it(client, peer, host):
    page = client.get("/start", base_url=f"http://{host}", environ_base={"REMOTE_ADDR": peer})
    assert page.status_code == 404
    room = client.get("/facilitator", base_url=f"http://{host}", environ_base={"REMOTE_ADDR": peer})
    assert 'id="tab-archive"' not in room.get_data(as_text=True)


def test_it_speaks_english_too(client):
    text = client.get("/start?lang=en", base_url="http://localhost:5000", environ_base=LAPTOP).get_data(as_text=True)
    assert "Netwerkkiosk is running" in text and "Free disk space: <strong>" in text and "Open the wall" in text


@pytest.mark.parametrize("host, url, expected", [
    ("0.0.0.0", "http://192.168.137.1:5000/", True),  # every interface, a network address found
    ("192.168.137.1", "http://192.168.137.1:5000/", True),  # just that interface
    ("127.0.0.1", "http://192.168.137.1:5000/", False),  # --host 127.0.0.1: only the laptop reaches it
    ("0.0.0.0", "http://127.0.0.1:5000/", False),  # no network: the laptop's own address is all there is
    ("0.0.0.0", "https://kiosk.example.org/", True),  # a name given with --public-url
])
def test_whether_phones_can_reach_it_is_read_from_where_it_listens(host, url, expected):
    assert reachable(host, url) is expected


def test_without_a_network_the_page_says_what_to_do(app, client):
    app.config["PARTICIPANT_URL"] = "http://127.0.0.1:5000/"
    text = client.get("/start", base_url="http://127.0.0.1:5000", environ_base=LAPTOP).get_data(as_text=True)
    assert "Telefoons kunnen de kiosk op dit adres niet bereiken" in text and "hotspot" in text
