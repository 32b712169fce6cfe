"""LAN address discovery and the QR codes."""

import ipaddress

from kiosk.network import lan_address, participant_url, wifi_payload
from netwerk.qr import qr_terminal


def test_wifi_payload_uses_the_standard_format_and_escapes():
    assert wifi_payload("Markt", "geheim") == "WIFI:T:WPA;S:Markt;P:geheim;;"
    assert wifi_payload('Cafe;"De Hoek"', "a:b,c\\d") == 'WIFI:T:WPA;S:Cafe\\;\\"De Hoek\\";P:a\\:b\\,c\\\\d;;'
    assert wifi_payload("Open net", None) == "WIFI:T:nopass;S:Open net;;"


def test_the_lan_address_is_a_real_interface_address_not_loopback_when_there_is_one():
    address = ipaddress.IPv4Address(lan_address())
    assert not address.is_link_local
    # This machine has a network interface besides lo; a machine without one falls back to 127.0.0.1.
    assert not address.is_loopback


def test_participant_url_prefers_the_public_url():
    assert participant_url("http://kiosk.local:8080", 5000) == "http://kiosk.local:8080/"
    assert participant_url(None, 5123).endswith(":5123/")


def test_the_terminal_qr_is_drawn_in_blocks():
    drawing = qr_terminal("http://192.168.1.20:5000/")
    assert drawing.count("\n") > 10 and "█" in drawing
