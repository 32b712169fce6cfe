"""Paper joins the wall: a card written by hand at the stall, entered by the facilitator, marked on paper everywhere,
through the sync to the archive."""

from __future__ import annotations

import io

import requests

from kiosk import live
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.syncing import Kiosk, token_for

CARD = {"kind": "story", "text": "Handgeschreven: de buurtmoestuin heeft een sleutel voor iedereen.", "author": "Ria"}


def test_a_card_from_paper_is_on_the_wall_at_once_marked_and_approved(app, client):
    room = Room(client)
    wall = live.socketio.test_client(app, namespace=live.NAMESPACE, auth={"wall": True})
    wall.get_received(live.NAMESPACE)
    room.post("/api/premoderation", json={"on": True})  # typed by the facilitator: it waits for no one's approval
    answer = room.post("/api/paper", json=dict(CARD, idempotency_key="paper-1"))
    assert answer.status_code == 201
    card = answer.get_json()
    assert (card["paper"], card["approved"], card["status"], card["author"]) == (True, True, "visible", "Ria")
    heard = [message["args"][0] for message in wall.get_received(live.NAMESPACE) if message["name"] == "contribution"]
    assert [(item["id"], item["arrived"], item["paper"]) for item in heard] == [(card["id"], True, True)]
    assert [item["id"] for item in client.get("/api/wall/now").get_json()["page"]["items"]] == [card["id"]]
    # A second tap on a slow Wi-Fi is the same card.
    assert room.post("/api/paper", json=dict(CARD, idempotency_key="paper-1")).get_json()["id"] == card["id"]
    # A phone's own contribution is never on paper.
    phone = client.post("/api/contributions", json={"kind": "idea", "text": "Van een telefoon"},
                        environ_base={"REMOTE_ADDR": "127.0.9.9"}).get_json()
    assert phone["paper"] is False
    wall.disconnect(namespace=live.NAMESPACE)


def test_a_photographed_card_keeps_its_photo_and_waits_for_a_reveal_like_the_others(client):
    room = Room(client)
    photographed = room.post("/api/paper", data=dict(CARD, photo=(io.BytesIO(jpeg(900, 1200, "khaki")), "kaart.jpg")))
    assert photographed.status_code == 201 and photographed.get_json()["photo"].startswith("/media/")
    room.post("/api/collecting", json={"on": True})
    collected = room.post("/api/paper", json=dict(CARD, text="Op papier tijdens het verzamelen")).get_json()
    assert collected["status"] == "pending"
    assert room.post("/api/reveal").get_json() == {"revealed": 1}
    now = {item["id"]: item for item in client.get("/api/wall/now").get_json()["page"]["items"]}
    assert now[collected["id"]]["paper"] and now[collected["id"]]["approved"]


def test_entering_paper_is_the_facilitators_with_a_clear_error(client):
    assert client.post("/api/paper", json=CARD).status_code == 401
    room = Room(client)
    for fields in ({"kind": "story", "text": ""}, {"kind": "poem", "text": "Een gedicht"}):
        answer = room.post("/api/paper", json=fields)
        assert answer.status_code == 400 and answer.get_json()["error"]


def test_a_card_from_paper_travels_through_the_sync_and_the_archive_shows_it_as_such(archive, tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    card = kiosk.room.post("/api/paper", json=CARD).get_json()
    kiosk.contribute("Van een telefoon op de markt")
    kiosk.sync(archive, token_for(archive, "markt"))
    items = requests.get(archive.url + "/api/v1/contributions", timeout=10).json()["items"]
    assert {item["text"]: item["paper"] for item in items} == {CARD["text"]: True, "Van een telefoon op de markt": False}
    page = requests.get(archive.url + "/search", params={"q": "buurtmoestuin"}, timeout=10).text
    assert card["code"] in page and "Op papier" in page
