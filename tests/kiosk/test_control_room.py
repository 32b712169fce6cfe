"""The facilitator's set-up, prompts, pre-moderation and word list, with walls and a control room listening."""

import pytest

from kiosk import live


def events(sio, namespace=live.NAMESPACE):
    return [(r["name"], r["args"][0]) for r in sio.get_received(namespace)]


def test_setting_up_the_moment_updates_the_walls(client, room, socket_client):
    socket_client.get_received(live.NAMESPACE)
    answer = room.post("/api/moment", json=dict(theme="Jong in de wijk", period="voorjaar 2027", name="Markt Oost",
                                                kind="market", place="Dapperplein", date="2027-04-12"))
    assert answer.status_code == 200
    settings = answer.get_json()
    assert (settings["theme"], settings["kind"], settings["date"]) == ("Jong in de wijk", "market", "2027-04-12")
    assert events(socket_client) == [("prompt", {"theme": "Jong in de wijk", "id": None, "text": None})]
    assert "Jong in de wijk" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("fields, status", [
    ({"kind": "party"}, 400), ({"date": "12-04-2027"}, 400), ({"theme": "x" * 121}, 400), ({"theme": 5}, 400),
])
def test_a_bad_set_up_is_refused_clearly(client, room, fields, status):
    answer = room.post("/api/moment", json=fields)
    assert answer.status_code == status and answer.get_json()["error"]


def test_switching_the_prompt_reaches_walls_and_phones(client, room, socket_client, phones):
    first = room.post("/api/prompts", json=dict(text="Waar ben je trots op?")).get_json()
    socket_client.get_received(live.NAMESPACE)
    second = room.post("/api/prompts", json=dict(text="Wat mis je in de buurt?", activate=True))
    assert second.status_code == 201
    assert events(socket_client)[-1][1]["text"] == "Wat mis je in de buurt?"
    assert room.post(f"/api/prompts/{first['id']}/activate", json={}).status_code == 200
    assert events(socket_client) == [("prompt", {"theme": None, "id": first["id"], "text": "Waar ben je trots op?"})]
    assert "Waar ben je trots op?" in client.get("/").get_data(as_text=True)
    assert phones.contribute("antwoord")["prompt_id"] == first["id"]
    assert room.post("/api/prompts/nope/activate", json={}).status_code == 404
    assert room.post("/api/prompts", json=dict(text="  ")).status_code == 400


def test_pre_moderation_holds_new_contributions_in_the_queue(app, client, room, socket_client, phones):
    listening = live.socketio.test_client(app, namespace=live.FACILITATORS, flask_test_client=client)
    assert listening.is_connected(live.FACILITATORS)
    assert room.post("/api/premoderation", json=dict(on=True)).get_json()["premoderation"] is True
    socket_client.get_received(live.NAMESPACE)

    held = phones.contribute("Eerst even kijken")
    assert held["status"] == "pending"
    assert events(socket_client) == []  # walls never hear of it, not even its id
    assert events(listening, live.FACILITATORS) == [("contribution", dict(held, held_for=[]))]  # and why it waits
    assert client.get("/api/contributions").get_json()["items"] == []

    approved = room.post(f"/api/contributions/{held['id']}/moderation", json=dict(action="approve")).get_json()
    shown = {name: value for name, value in approved.items() if name != "held_for"}  # the room's own, not the walls'
    assert events(socket_client) == [("contribution", dict(shown, arrived=True))]  # new to the walls
    assert room.post("/api/premoderation", json=dict(on="yes")).status_code == 400


def test_listed_words_go_to_the_queue_even_without_pre_moderation_and_the_room_reads_which(client, phones, room):
    held = phones.contribute("Wat een SHIT-plan!", phone=1)
    assert held["status"] == "pending" and "held_for" not in held  # the phone is not told
    assert phones.contribute("Kill  yourself", phone=2)["status"] == "pending"
    assert phones.contribute("Scunthorpe en Penistone doen ook mee", phone=3)["status"] == "visible"
    waiting = {item["text"]: item["held_for"] for item in room.find(state="pending")["items"]}
    assert waiting == {"Wat een SHIT-plan!": ["shit"], "Kill  yourself": ["kill yourself"]}


def test_the_word_list_is_an_editable_file_in_the_data_folder(app, tmp_path):
    words = tmp_path / "data" / "blocked-words.txt"
    assert "fuck" in words.read_text("utf-8").splitlines()


def test_a_control_room_needs_a_signed_in_session(app, client):
    stranger = live.socketio.test_client(app, namespace=live.FACILITATORS, flask_test_client=app.test_client())
    assert not stranger.is_connected(live.FACILITATORS)
    assert app.test_client().get("/api/facilitator/contributions").status_code == 401
    assert app.test_client().get("/facilitator/export.csv").status_code == 401


def test_set_up_changes_need_the_csrf_token(client, room):
    assert client.post("/api/moment", json={"theme": "x"}).status_code == 403
    assert client.post("/api/premoderation", json={"on": True}).status_code == 403


def test_a_control_room_catches_up_on_everything_including_the_queue(client, room, phones):
    room.post("/api/premoderation", json=dict(on=True))
    held = phones.contribute("In de wachtrij", phone=4)
    answer = client.get("/api/facilitator/contributions?since=0", headers={"X-CSRF-Token": room.token}).get_json()
    assert answer == {"items": [dict(held, held_for=[])], "seq": held["seq"]}  # waiting for pre-moderation alone
    assert client.get("/api/facilitator/contributions?since=0").status_code == 200  # reading needs no token
    assert client.get(f"/api/facilitator/contributions?since={held['seq']}",
                      headers={"X-CSRF-Token": room.token}).get_json()["items"] == []


def test_switching_the_layout_reaches_the_walls(client, room, socket_client):
    socket_client.get_received(live.NAMESPACE)
    answer = room.post("/api/layout", json=dict(mode="cloud", hidden_words="Buurt, KOFFIE", approved_only=True))
    layout = answer.get_json()
    assert answer.status_code == 200
    assert layout == {"mode": "cloud", "spotlight_id": None, "approved_only": True, "hidden_words": ["buurt", "koffie"],
                      "highlights": True}
    assert events(socket_client) == [("layout", layout)]
    assert 'data-layout="cloud"' in client.get("/wall").get_data(as_text=True)
    assert room.post("/api/layout", json=dict(mode="columns")).get_json()["hidden_words"] == ["buurt", "koffie"]


@pytest.mark.parametrize("fields", [{"mode": "carousel"}, {"approved_only": "ja"}, {"hidden_words": [1, 2]},
                                    {"highlights": None}])
def test_a_bad_layout_is_refused(client, room, fields):
    assert room.post("/api/layout", json=fields).status_code == 400


def test_spotlight_is_a_moderation_action_that_changes_the_layout(client, room, socket_client, phones):
    item = phones.contribute("Groot in beeld")
    socket_client.get_received(live.NAMESPACE)
    answer = room.post(f"/api/contributions/{item['id']}/moderation", json=dict(action="spotlight"))
    assert answer.status_code == 200 and answer.get_json()["id"] == item["id"]
    [(name, layout)] = events(socket_client)
    assert name == "layout" and (layout["mode"], layout["spotlight_id"]) == ("spotlight", item["id"])
    room.post(f"/api/contributions/{item['id']}/moderation", json=dict(action="hide"))
    assert room.post(f"/api/contributions/{item['id']}/moderation", json=dict(action="spotlight")).status_code == 409


def test_approving_marks_a_contribution_approved(client, room, phones):
    item = phones.contribute("Keur mij goed")
    assert item["approved"] is False
    approved = room.post(f"/api/contributions/{item['id']}/moderation", json=dict(action="approve")).get_json()
    assert approved["approved"] is True and approved["status"] == "visible"


def test_what_waits_comes_first_in_the_order_it_came_and_is_never_pushed_off_the_page(client, room, phones):
    room.post("/api/premoderation", json=dict(on=True))
    waiting = [phones.contribute(f"Wacht op mij {number}", phone=number) for number in range(2)]
    room.post("/api/premoderation", json=dict(on=False))
    for number in range(210):  # a busy day: more than the control room lists of the others
        phones.contribute(f"Gewoon op de wand {number}", phone=10 + number)
    page = client.get("/facilitator").get_data(as_text=True)
    places = [page.index(f'data-id="{item["id"]}"') for item in waiting]
    assert places == sorted(places) and places[-1] < page.index("Gewoon op de wand 209")
    assert page.count('class="moderated"') == 25 + 1  # a screenful, and the empty row the script clones
    assert "<title>(2) Begeleider" in page and 'id="waiting">2<' in page and 'data-count="">212<' in page
