"""Slow and greedy clients from the shared Wi-Fi, against the real kiosk: none of them starves it.

Headers sent a byte at a time are cut off, one address holds only a few dozen connections, and the
kiosk raises its open-file limit, so a festival's thousand phones (or one attacker's) cannot use
up what the laptop can hold open.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import requests

from netwerk.serving import HEADER_SECONDS, PER_ADDRESS, open_files_as_allowed
from tests.harness.phones import phone_address, phone_session
from tests.harness.server import KioskProcess

# Starts server processes of its own.
pytestmark = pytest.mark.slow


class KioskAtTheCommonLimit(KioskProcess):
    """The kiosk started with the soft limit of 1,024 open files that many systems give a process."""

    def command(self) -> list[str]:
        return ["prlimit", "--nofile=1024:", *super().command()]


def open_files(pid: int) -> tuple[int, int]:
    limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
    soft, hard = next(line for line in limits if line.startswith("Max open files")).split()[3:5]
    return int(soft), int(hard)


def connect(url: str, phone: int) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), source_address=(phone_address(phone), 0), timeout=5)


def half_a_request(url: str, phone: int) -> socket.socket:
    connection = connect(url, phone)
    connection.sendall(b"GET /wall HTTP/1.1\r\nHost: kiosk\r\nUser-Agent: Mozil")
    return connection


def closed_by_the_kiosk(connection: socket.socket, within: float) -> bool:
    connection.settimeout(within)
    try:
        while connection.recv(4096):
            pass  # a 400 for headers that never ended, then the close
        return True
    except TimeoutError:
        return False


def test_slow_headers_from_many_phones_cannot_starve_the_kiosk(tmp_path):
    open_files_as_allowed()  # this test holds 1,200 connections of its own
    kiosk = KioskAtTheCommonLimit(tmp_path / "data").start()
    held: list[socket.socket] = []
    try:
        soft, hard = open_files(kiosk.process.pid)
        assert soft == hard > 1024
        held += [half_a_request(kiosk.url, 100 + number % 40) for number in range(1200)]
        started = time.monotonic()
        for _ in range(4):  # headers a byte at a time do not keep a connection open either
            time.sleep(1)
            for connection in held[:20]:
                connection.sendall(b"l")
        answer = phone_session(1).post(kiosk.url + "/api/contributions", timeout=5, json={
            "kind": "story", "text": "Ook met twaalfhonderd halve verzoeken komt dit verhaal aan"})
        assert answer.status_code == 201
        assert requests.get(kiosk.url + "/api/contributions", timeout=5).json()["items"]
        assert all(closed_by_the_kiosk(connection, HEADER_SECONDS + 5 - (time.monotonic() - started))
                   for connection in held)
        assert time.monotonic() - started > HEADER_SECONDS - 1  # the deadline, not a refusal at once
    finally:
        for connection in held:
            connection.close()
        kiosk.stop()


def kept_open(url: str, phone: int) -> socket.socket:
    """A connection that asked once and stays open for the next request, as a browser keeps one."""
    connection = connect(url, phone)
    connection.sendall(b"GET /api/health HTTP/1.1\r\nHost: kiosk\r\n\r\n")
    assert connection.recv(4096).startswith(b"HTTP/1.1 200")  # answered: the kiosk holds it now
    return connection


def test_one_address_holds_a_few_dozen_connections_and_gets_a_clear_answer_beyond(kiosk_server):
    held = [kept_open(kiosk_server.url, 7) for _ in range(PER_ADDRESS)]
    try:
        with half_a_request(kiosk_server.url, 7) as beyond:
            answer = beyond.recv(4096).decode()
        assert answer.startswith("HTTP/1.1 503") and "Te veel verbindingen van dit apparaat" in answer
        assert requests.get(kiosk_server.url + "/api/health", timeout=5).ok  # another address is served as ever
        for connection in held[:5]:
            connection.close()
        phone = phone_session(7)
        deadline = time.monotonic() + 5
        while not phone.get(kiosk_server.url + "/api/health", timeout=5).ok:  # a freed place is taken again ...
            assert time.monotonic() < deadline  # ... as soon as the kiosk sees the close
    finally:
        for connection in held:
            connection.close()
