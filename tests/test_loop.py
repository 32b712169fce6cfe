"""The kiosk's one event loop against a passer-by, and client input that broke a server: against the real servers.

Every phone and wall shares the kiosk's one loop and its open files: no public read may hold the loop
long, no address may keep it for itself, silent connections may not use up the files, and nothing a
client sends (a spotlight that is no id, an address past 8 KB) gives a 5xx or an error that is not JSON.
"""

from __future__ import annotations

import socket

import pytest
import requests

from tests.room import Room
from tests.server import ArchiveProcess

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
