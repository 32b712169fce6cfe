"""Facilitator sign-in and moderation through the JSON API, with the wall listening."""

from kiosk import live
from kiosk.store import Store
from netwerk.contributions import moderated, new_contribution, public_view
from tests.harness.room import Room


def test_the_right_pin_gives_a_strict_httponly_session_and_a_csrf_token(client):
    answer = Room(client).signed_in
    assert answer.status_code == 200 and len(answer.get_json()["csrf_token"]) >= 32
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_a_wrong_pin_is_401_and_guessing_is_slowed_to_429(client):
    assert [Room(client, pin=f"00000{i}", laptop=0).signed_in.status_code for i in range(6)] == [401] * 5 + [429]
    blocked = Room(client, laptop=0).signed_in  # even the right PIN waits, or guessing would go on
    assert blocked.status_code == 429 and "seconden" in blocked.get_json()["error"]
    assert Room(client, laptop=1).signed_in.status_code == 200  # another device is not blocked
    for hostile in ({"pin": 123456}, {"pin": ["123456"]}, "not an object"):
        assert client.post("/api/session", json=hostile,
                           environ_base={"REMOTE_ADDR": "127.0.8.8"}).status_code == 401


def moderate(client, item_id, action, token):
    return client.post(f"/api/contributions/{item_id}/moderation", json={"action": action},
                       headers={"X-CSRF-Token": token})


def test_moderation_needs_a_session_and_the_csrf_token(app, client, phones):
    item = phones.contribute()
    assert moderate(client, item["id"], "hide", "").status_code == 401
    token = Room(client).token
    assert client.post(f"/api/contributions/{item['id']}/moderation", json={"action": "hide"}).status_code == 403
    assert moderate(client, item["id"], "hide", "wrong-token").status_code == 403
    assert moderate(client, item["id"], "hide", token).status_code == 200
    other = app.test_client()  # a stolen token without the session cookie is no use
    assert moderate(other, item["id"], "approve", token).status_code == 401


def test_hide_withdraws_from_the_wall_and_approve_brings_it_back(client, phones, room, socket_client):
    item = phones.contribute()
    socket_client.get_received(live.NAMESPACE)

    hidden = room.moderate(item["id"], "hide").get_json()
    assert hidden["status"] == "hidden" and hidden["rev"] == 2 and hidden["seq"] == 2
    assert [(r["name"], r["args"][0]) for r in socket_client.get_received(live.NAMESPACE)] == \
        [("withdrawn", {"id": item["id"]})]
    assert client.get("/api/contributions").get_json()["items"] == []
    assert client.get("/api/contributions?since=1").get_json()["withdrawn"] == [item["id"]]
    assert client.get("/api/wall/page").get_json()["items"] == []

    shown = room.moderate(item["id"], "approve").get_json()
    assert shown["status"] == "visible" and shown["rev"] == 3
    assert [(r["name"], r["args"][0]) for r in socket_client.get_received(live.NAMESPACE)] == \
        [("contribution", dict(public_view(shown), arrived=True))]  # the walls get the public part of the room's
    pinned = room.moderate(item["id"], "pin").get_json()
    assert pinned["pinned"] is True and pinned["rev"] == 4


def test_unknown_actions_and_ids_are_clear_errors(client, phones, room):
    item = phones.contribute()
    for action in ("delete-everything", ["hide"], {"a": 1}, None):
        answer = room.moderate(item["id"], action)
        assert answer.status_code == 400 and answer.get_json()["error"]
    assert room.moderate("no-such-id", "hide").status_code == 404
    assert client.get("/api/contributions").get_json()["items"][0]["rev"] == 1  # nothing was written


def test_a_moderated_contribution_survives_a_restart_in_the_change_feed_once(tmp_path):
    store = Store(tmp_path)
    first, _ = store.add_contribution(new_contribution({"kind": "idea", "text": "een"}, event_id="e", prompt_id=None))
    store.add_contribution(new_contribution({"kind": "idea", "text": "twee"}, event_id="e", prompt_id=None))
    store.update_contribution(first["id"], lambda record: moderated(record, "hide"))
    store.close()
    reopened = Store(tmp_path)
    assert [(c["text"], c["seq"], c["rev"]) for c in reopened.changes_since(0)] == [("twee", 2, 1), ("een", 3, 2)]
    assert reopened.get_contribution(first["id"])["status"] == "hidden"


def test_every_action_is_in_the_moderation_log_and_it_survives_a_restart(app, phones, room, tmp_path):
    item = phones.contribute()
    room.moderate(item["id"], "hide")
    room.moderate(item["id"], "approve")
    room.moderate(item["id"], "bogus")  # refused, so not logged
    app.extensions["netwerkkiosk"].store.close()
    log = Store(tmp_path / "data").moderation_log()
    assert [(entry["action"], entry["rev"], entry["contribution_id"]) for entry in log] == \
        [("hide", 2, item["id"]), ("approve", 3, item["id"])]
    assert log[0]["session"] == log[1]["session"] and log[0]["at"].endswith("Z")


def test_delete_on_request_leaves_an_empty_tombstone_for_good(client, phones, room, socket_client):
    item = phones.contribute("Haal mij eraf", author="Kim", tags=["buurt"])
    socket_client.get_received(live.NAMESPACE)
    tombstone = room.moderate(item["id"], "delete").get_json()
    assert tombstone["deleted"] is True and tombstone["status"] == "hidden"
    assert (tombstone["text"], tombstone["author"], tombstone["tags"]) == ("", None, [])
    assert events_of(socket_client) == [("withdrawn", {"id": item["id"]})]
    refused = room.moderate(item["id"], "approve")
    assert refused.status_code == 409 and refused.get_json()["error"]
    assert "Haal mij eraf" not in (client.get("/wall").get_data(as_text=True)
                                   + client.get("/facilitator").get_data(as_text=True))


def events_of(sio):
    return [(r["name"], r["args"][0]) for r in sio.get_received(live.NAMESPACE)]


def test_undo_reverses_this_sessions_last_action_step_by_step(app, phones, room, socket_client):
    item = phones.contribute("Oeps")
    room.moderate(item["id"], "pin")
    room.moderate(item["id"], "hide")
    socket_client.get_received(live.NAMESPACE)

    undone = room.post("/api/moderation/undo").get_json()
    assert (undone["status"], undone["pinned"], undone["rev"]) == ("visible", True, 4)
    assert events_of(socket_client) == [("contribution", dict(public_view(undone), arrived=True))]  # back on the walls
    undone = room.post("/api/moderation/undo").get_json()
    assert (undone["status"], undone["pinned"]) == ("visible", False)
    assert events_of(socket_client) == [("contribution", dict(public_view(undone), arrived=False))]  # only unpinned
    nothing = room.post("/api/moderation/undo")
    assert nothing.status_code == 409 and nothing.get_json()["error"]

    other = Room(app.test_client())  # another facilitator's session has its own history
    assert other.post("/api/moderation/undo").status_code == 409
    assert [entry["action"] for entry in app.extensions["netwerkkiosk"].store.moderation_log()] == \
        ["pin", "hide", "undo", "undo"]


def test_a_deletion_cannot_be_undone(client, phones, room):
    item = phones.contribute("Weg")
    room.moderate(item["id"], "hide")
    room.moderate(item["id"], "delete")
    answer = room.post("/api/moderation/undo")
    assert answer.status_code == 409 and "verwijderd" in answer.get_json()["error"]
    assert client.post("/api/moderation/undo").status_code == 403
