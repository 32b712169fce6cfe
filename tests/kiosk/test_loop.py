"""The kiosk's one event loop against a passer-by, and client input that broke a server: against the real servers.

Every phone and wall shares the kiosk's one loop and its open files: no public read may hold the loop
long, no address may keep it for itself, silent connections may not use up the files, and nothing a
client sends (a spotlight that is no id, an address past 8 KB) gives a 5xx or an error that is not JSON.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest
import requests

from netwerk.serving import open_files_as_allowed
from tests.harness.day import stored_day
from tests.harness.phones import phone_address, phone_session
from tests.harness.room import Room
from tests.harness.server import ArchiveProcess, KioskProcess

# Starts server processes of its own.
pytestmark = pytest.mark.slow


def raw_get(url: str, target: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    """Send one GET of ``target`` as written, however long, and return the status line, headers and body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: kiosk\r\n{extra}Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}, body


def test_a_spotlight_that_is_no_id_is_refused_and_the_spotlight_keeps_answering(kiosk_server):
    room = Room(kiosk_server.url)
    refused = room.session.post(kiosk_server.url + "/api/layout", json={"mode": "spotlight", "spotlight_id": {"a": 1}},
                                timeout=5)
    assert refused.status_code == 400 and refused.json()["error"]
    for wrong in ([1], 7, True, "x" * 5000):
        assert room.session.post(kiosk_server.url + "/api/layout", json={"spotlight_id": wrong},
                                 timeout=5).status_code == 400
    assert room.layout(mode="spotlight", spotlight_id=None)["mode"] == "spotlight"
    answer = requests.get(kiosk_server.url + "/api/wall/spotlight", timeout=5)
    assert answer.status_code == 200 and answer.json() == {"item": None}


@pytest.fixture(params=["kiosk", "archive"])
def either_server(request, tmp_path):
    """The kiosk, then the archive: both are served by netwerk.serving's guarded gevent server."""
    if request.param == "kiosk":
        yield request.getfixturevalue("kiosk_server")
        return
    archive = ArchiveProcess(tmp_path / "archive").start()
    yield archive
    archive.stop()


def test_an_address_past_8_kb_gets_a_json_414_on_the_api_of_both_servers(either_server):
    long_query = "q=" + "a" * 9000 + "&since=0"
    status, headers, body = raw_get(either_server.url, "/api/contributions?" + long_query)
    assert status.startswith("HTTP/1.1 414")
    assert headers["content-type"].startswith("application/json") and headers["x-content-type-options"] == "nosniff"
    assert requests.models.complexjson.loads(body) == {"error": "Dit adres is te lang."}
    status, headers, body = raw_get(either_server.url, "/api/contributions?" + "b" * 40_000,
                                    **{"Accept-Language": "en-GB,en;q=0.8"})
    assert status.startswith("HTTP/1.1 414") and b"This address is too long." in body
    status, headers, body = raw_get(either_server.url, "/?" + long_query)  # a page: a line of text, not JSON
    assert status.startswith("HTTP/1.1 414") and headers["content-type"].startswith("text/plain")
    assert requests.get(either_server.url + "/api/health", timeout=5).ok


def loop_reads(url: str, path: str, source: str, until: float, answers: list[int]) -> None:
    """Ask ``path`` again and again on one kept-alive connection from ``source`` until ``until``, as fast as it
    is answered: a passer-by's script."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    while time.monotonic() < until:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        answers.append(answer.status)
    connection.close()


def test_one_address_looping_the_cloud_on_twenty_connections_does_not_take_the_loop(tmp_path):
    stored_day(tmp_path / "data", 2000)
    kiosk = KioskProcess(tmp_path / "data").start(timeout=60)
    answers: list[int] = []
    try:
        until = time.monotonic() + 8
        attack = [threading.Thread(target=loop_reads, args=(kiosk.url, "/api/wall/cloud", phone_address(900), until,
                                                            answers)) for _ in range(20)]
        for thread in attack:
            thread.start()
        time.sleep(1)
        posts, pages = [], []
        for number in range(10):  # a phone posts, and a wall asks its next page, every half second
            started = time.monotonic()
            phone = phone_session(100 + number)
            assert phone.post(kiosk.url + "/api/contributions", json={"kind": "idea", "text": f"Een idee {number}"},
                              timeout=30).status_code == 201
            posts.append(time.monotonic() - started)
            started = time.monotonic()
            assert requests.get(kiosk.url + "/api/wall/page?limit=8", timeout=30).ok
            pages.append(time.monotonic() - started)
            time.sleep(0.5)
        for thread in attack:
            thread.join()
        assert max(posts) < 1.0 and max(pages) < 1.0, (posts, pages)
        assert 429 in answers and 200 in answers  # slowed down, not shut out
        words = requests.get(kiosk.url + "/api/wall/cloud", timeout=5).json()["words"]
        assert words and all(isinstance(count, int) for _, count in words)
    finally:
        kiosk.stop()


class KioskOnAMac(KioskProcess):
    """The kiosk with the 256 open files a Mac gives a process, and no way to raise it (the hard limit too)."""

    def command(self) -> list[str]:
        return ["prlimit", "--nofile=256:256", *super().command()]


def silent(url: str, phone: int) -> socket.socket:
    """A connection that sends nothing at all: the cheapest way to hold one of the kiosk's files."""
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), source_address=(phone_address(phone), 0), timeout=5)


def test_silent_connections_from_many_addresses_leave_room_for_phones_on_a_kiosk_with_256_files(tmp_path):
    open_files_as_allowed()  # this test holds 800 connections of its own
    kiosk = KioskOnAMac(tmp_path / "data").start()
    held: list[socket.socket] = []
    try:
        for wave in range(2):  # 40 addresses of 10 silent connections, twice: each address well under its 50
            held += [silent(kiosk.url, 200 + wave * 40 + number % 40) for number in range(400)]
            time.sleep(1)
        started = time.monotonic()
        for number in range(7):  # phones open the page and send, each from its own address
            phone = phone_session(300 + number)
            assert phone.get(kiosk.url + "/", timeout=5).ok
            assert phone.post(kiosk.url + "/api/contributions", json={"kind": "idea", "text": f"Idee {number}"},
                              timeout=5).status_code == 201
        assert time.monotonic() - started < 10
        assert requests.get(kiosk.url + "/api/contributions", timeout=5).json()["items"]
    finally:
        for connection in held:
            connection.close()
        kiosk.stop()
