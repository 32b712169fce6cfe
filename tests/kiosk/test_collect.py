"""Collect, then reveal: the room's contributions wait out of sight, then come out together at the facilitator's word.

On the app with a real Socket.IO test client as the wall and a second one as a phone's live page.
"""

from __future__ import annotations

from kiosk import live
from tests.harness.phones import phone_address
from tests.harness.room import Room


def post(client, phone: int, text: str) -> dict:
    answer = client.post("/api/contributions", json={"kind": "idea", "text": text},
                         environ_base={"REMOTE_ADDR": phone_address(phone)})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def heard(sio) -> list[tuple[str, dict]]:
    return [(message["name"], message["args"][0]) for message in sio.get_received(live.NAMESPACE)]


def test_collected_contributions_wait_out_of_sight_and_come_out_together(app, client):
    room = Room(client)
    before = post(client, 1, "Al op de wand voor het verzamelen")
    wall = live.socketio.test_client(app, namespace=live.NAMESPACE, auth={"wall": True})
    phone = live.socketio.test_client(app, namespace=live.NAMESPACE)
    assert room.post("/api/collecting", json={"on": True}).get_json() == {"collecting": True, "collected": 0}
    for each in (wall, phone):
        each.get_received(live.NAMESPACE)

    sent = [post(client, 10 + number, f"Idee nummer {number} voor de buurt") for number in range(3)]
    held = post(client, 20, "Wat een shit plek is dit")  # a listed word: read one by one, never revealed unread
    assert {item["status"] for item in [*sent, held]} == {"pending"} and all(item["code"] for item in sent)
    # The walls and the phones learn how many, never what.
    for each in (wall, phone):
        assert heard(each) == [("collecting", {"on": True, "count": count}) for count in (1, 2, 3, 3)]
    assert client.get("/api/wall/now").get_json()["total"] == 1
    thanks = client.get(f"/thanks?id={sent[0]['id']}", environ_base={"REMOTE_ADDR": phone_address(10)})
    assert "samen met de andere op de wand" in thanks.get_data(as_text=True)
    assert 'data-collecting="true"' in client.get("/").get_data(as_text=True)
    assert room.find(state="pending")["counts"]["pending"] == 4  # the facilitator can read them meanwhile

    assert room.post("/api/reveal").get_json() == {"revealed": 3}
    messages = heard(wall)
    arrived = [item["id"] for name, item in messages if name == "contribution" and item["arrived"]]
    assert arrived == [item["id"] for item in sent]  # in the order they came
    assert ("collecting", {"on": False, "count": 0}) in messages and ("revealed", {"count": 3}) in messages
    assert "revealed" not in [name for name, _ in heard(phone)]  # the entrance is the walls'
    now = client.get("/api/wall/now").get_json()
    assert now["total"] == 4 and {item["id"] for item in now["page"]["items"]} == {
        before["id"], *(item["id"] for item in sent)}
    assert room.find(state="pending")["counts"]["pending"] == 1  # the held one still waits
    # Collecting is off: the next goes on the wall as it comes, and undo takes back one reveal at a time.
    assert post(client, 30, "Na de onthulling meteen zichtbaar")["status"] == "visible"
    assert room.post("/api/moderation/undo").status_code == 200
    assert client.get("/api/wall/now").get_json()["total"] == 4
    for each in (wall, phone):
        each.disconnect(namespace=live.NAMESPACE)


def test_collecting_and_revealing_are_the_facilitators_with_a_clear_error(client):
    assert client.post("/api/collecting", json={"on": True}).status_code == 401
    assert client.post("/api/reveal").status_code == 401
    room = Room(client)
    answer = room.post("/api/collecting", json={"on": "ja"})
    assert answer.status_code == 400 and "true of false" in answer.get_json()["error"]
    assert room.post("/api/reveal").get_json() == {"revealed": 0}
