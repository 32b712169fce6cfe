"""The real kiosk process with a real python-socketio client, and a kill -9 in the middle of a burst."""

from __future__ import annotations

import queue
import random
import threading
import time
import uuid

import pytest
import requests
import socketio

from tests.harness.phones import on_the_wall, phone_session
from tests.harness.server import KioskProcess

# Starts server processes of its own.
pytestmark = pytest.mark.slow


def wall_client(url: str) -> tuple[socketio.Client, "queue.Queue[tuple[str, dict]]"]:
    events: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    for name in ("contribution", "prompt"):
        client.on(name, lambda data, name=name: events.put((name, data)), namespace="/wall")
    client.connect(url, namespaces=["/wall"], transports=["websocket"], wait_timeout=10)
    return client, events


def next_event(events: queue.Queue, name: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        got, data = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if got == name:
            return data


def test_a_phone_contribution_reaches_a_connected_wall(kiosk_server):
    client, events = wall_client(kiosk_server.url)
    try:
        assert next_event(events, "prompt")["theme"] is None
        answer = phone_session(1).post(kiosk_server.url + "/api/contributions",
                                       json={"kind": "initiative", "text": "Samen de straat vergroenen"}, timeout=5)
        assert answer.status_code == 201
        assert next_event(events, "contribution") == dict(answer.json(), arrived=True)
    finally:
        client.disconnect()


def test_a_wall_that_reconnects_catches_up_from_its_seq(kiosk_server):
    session = phone_session(2)
    first = session.post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "een"}).json()
    missed = phone_session(3).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "twee"})
    caught_up = requests.get(f"{kiosk_server.url}/api/contributions?since={first['seq']}", timeout=5).json()
    assert [item["text"] for item in caught_up["items"]] == ["twee"] and caught_up["seq"] == missed.json()["seq"]


def _burst(url: str, phones: range, acked: dict, stop: threading.Event) -> None:
    """Send contributions as fast as one phone each may, recording every one that got a 201."""
    for phone in phones:
        if stop.is_set():
            return
        session = phone_session(phone)
        for n in range(3):
            key = str(uuid.uuid4())
            try:
                answer = session.post(url + "/api/contributions", timeout=5,
                                      json={"kind": "story", "text": f"phone {phone} #{n}", "idempotency_key": key})
            except requests.RequestException:
                return  # the kiosk was killed under us
            if answer.status_code == 201:
                acked[key] = answer.json()["id"]


@pytest.mark.parametrize("round_", range(4))
def test_kill_9_during_a_burst_loses_no_acknowledged_contribution(tmp_path, round_):
    server = KioskProcess(tmp_path / "data").start()
    acked: dict[str, str] = {}
    stop = threading.Event()
    threads = [threading.Thread(target=_burst, args=(server.url, range(t * 1000, t * 1000 + 400), acked, stop))
               for t in range(6)]
    for thread in threads:
        thread.start()
    kill_after = random.randint(10, 600)  # a random moment in the burst
    deadline = time.monotonic() + 60
    while len(acked) < kill_after and time.monotonic() < deadline and any(t.is_alive() for t in threads):
        stop.wait(0.005)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert acked, "the burst never got going"

    server.start()
    try:
        items = on_the_wall(phone_session(98_000), server.url)
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), "a contribution was stored twice"
        assert set(acked.values()) <= set(ids), "an acknowledged contribution was lost"
        # The phones whose answers were lost in the kill resend with the same key: still no duplicate.
        for key, contribution_id in list(acked.items())[:20]:
            again = phone_session(99_000).post(server.url + "/api/contributions", timeout=5,
                                               json={"kind": "story", "text": "resent", "idempotency_key": key})
            assert again.status_code == 201 and again.json()["id"] == contribution_id
    finally:
        server.stop()
