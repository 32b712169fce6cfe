"""The wall page, its catch-up API, the QR codes and the Socket.IO events."""

from kiosk import live
from kiosk.moment import set_layout, set_prompt, set_theme
from tests.harness.phones import phone_address


def post(client, phone=0, **body):
    payload = {"kind": "example", "text": "Buurtbus door vrijwilligers", **body}
    return client.post("/api/contributions", json=payload, environ_base={"REMOTE_ADDR": phone_address(phone)})


def test_a_new_contribution_is_broadcast_to_open_walls(client, socket_client):
    socket_client.get_received(live.NAMESPACE)  # the greeting
    item = post(client).get_json()
    received = socket_client.get_received(live.NAMESPACE)
    assert [(r["name"], r["args"][0]) for r in received] == [("contribution", dict(item, arrived=True))]


def test_a_replayed_post_is_not_broadcast_twice(client, socket_client):
    post(client, idempotency_key="k")
    post(client, idempotency_key="k")
    names = [r["name"] for r in socket_client.get_received(live.NAMESPACE)]
    assert names.count("contribution") == 1


def test_a_connecting_wall_is_told_the_theme_prompt_and_layout(app, store):
    set_theme(store, "Samen jong")
    settings = set_prompt(store, "Waar ben jij trots op?")
    sio = live.socketio.test_client(app, namespace=live.NAMESPACE)
    prompt, layout = sio.get_received(live.NAMESPACE)
    assert prompt["name"] == "prompt"
    assert prompt["args"][0] == {"theme": "Samen jong", "id": settings["active_prompt_id"],
                                 "text": "Waar ben jij trots op?"}
    assert (layout["name"], layout["args"][0]["mode"]) == ("layout", "grid")


def test_catch_up_returns_what_changed_since_a_seq(client):
    first = post(client, phone=1, text="een").get_json()
    second = post(client, phone=2, text="twee").get_json()
    assert client.get("/api/contributions").get_json()["seq"] == 2
    since = client.get(f"/api/contributions?since={first['seq']}").get_json()
    assert since == {"items": [second], "withdrawn": [], "seq": 2, "more": False}
    assert client.get("/api/contributions?since=2").get_json()["items"] == []


def test_a_bad_since_is_a_400(client):
    for bad in ("-1", "abc", "1.5", "9" * 40, "⁰⁴⁵"):
        answer = client.get(f"/api/contributions?since={bad}")
        assert answer.status_code == 400 and answer.get_json()["error"]


def test_the_wall_shows_theme_prompt_and_codes_escaped(client, store):
    set_theme(store, "Duurzaam <wonen>")
    post(client, text="<img src=x onerror=alert(1)>", author="<b>An</b>")
    page = client.get("/wall").get_data(as_text=True)
    assert "Duurzaam &lt;wonen&gt;" in page and "<img src=x" not in page and "<b>An" not in page
    assert 'src="/qr.svg"' in page and '>kiosk.test:5000</strong>' in page  # typed as a phone's browser takes it
    assert "Wat wil jij delen?" in page and '<p class="wall__empty" id="empty" hidden>' in page  # one card: not empty


def test_the_wall_turns_through_every_visible_contribution_in_arrival_order(client):
    for i in range(5):
        post(client, phone=i, text=f"kaart {i}")
    first = client.get("/api/wall/page?limit=3").get_json()
    assert [item["text"] for item in first["items"]] == ["kaart 0", "kaart 1", "kaart 2"]
    assert first["next"] == 3 and first["total"] == 5 and first["counts"]["example"] == 5
    again = client.get("/api/wall/page?after=3&limit=3").get_json()
    assert [item["text"] for item in again["items"]] == ["kaart 3", "kaart 4", "kaart 0"]  # round again
    assert len(client.get("/api/wall/page?limit=24").get_json()["items"]) == 5  # each once a page


def test_pins_stand_apart_from_the_turn_and_are_limited(client, store, room):
    items = [post(client, phone=i, kind=kind, text=f"kaart {i}").get_json()
             for i, kind in enumerate(["idea", "story", "idea", "idea", "story"])]
    for item in items[:3]:
        assert room.moderate(item["id"], "pin").status_code == 200
    refused = room.moderate(items[3]["id"], "pin")
    assert refused.status_code == 409 and "3" in refused.get_json()["error"]
    again = room.moderate(items[0]["id"], "pin")
    assert again.status_code == 200  # pinning a pinned card again is no new pin
    page = client.get("/api/wall/page?kind=idea").get_json()
    assert {item["text"] for item in page["pinned"]} == {"kaart 0", "kaart 2"}
    assert [item["text"] for item in page["items"]] == ["kaart 3"]


def test_the_spotlight_is_the_chosen_card_or_else_the_newest(client, store):
    assert client.get("/api/wall/spotlight").get_json() == {"item": None}
    first = post(client, phone=1, text="een").get_json()
    post(client, phone=2, text="twee")
    store.add_reaction(first["id"], "telefoon")  # a later change does not make it the newest
    assert client.get("/api/wall/spotlight").get_json()["item"]["text"] == "twee"
    set_layout(store, {"mode": "spotlight", "spotlight_id": first["id"]})
    assert client.get("/api/wall/spotlight").get_json()["item"]["text"] == "een"


def test_a_bad_page_question_is_a_400(client):
    for query in ("after=-1", "limit=0", "limit=25", "limit=x", "kind=poem", "after=⁰"):
        answer = client.get("/api/wall/page?" + query)
        assert answer.status_code == 400 and answer.get_json()["error"]


def test_the_qr_codes_are_svg(app, client):
    answer = client.get("/qr.svg")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml" and b"<svg" in answer.data
    assert client.get("/wifi.svg").status_code == 404
    app.config.update(WIFI_SSID="Markt", WIFI_PASSWORD="geheim;1")
    assert b"<svg" in client.get("/wifi.svg").data
    assert "1. Wifi" in client.get("/wall").get_data(as_text=True)


def test_health_reports_the_store(client):
    post(client)
    health = client.get("/api/health").get_json()
    assert health["status"] == "ok" and health["contributions"] == 1 and health["seq"] == 1


def test_the_feed_answers_in_parts_and_a_reader_following_more_gets_everything(client, store):
    from kiosk.moment import ensure_moment
    from netwerk.contributions import new_contribution

    event = ensure_moment(store)["event_id"]
    for number in range(450):
        store.add_contribution(new_contribution({"kind": "idea", "text": f"Idee {number}"}, event_id=event,
                                                prompt_id=None))
    texts, since, answers = [], 0, 0
    while True:
        answer = client.get(f"/api/contributions?since={since}").get_json()
        texts += [item["text"] for item in answer["items"]]
        since, answers = answer["seq"], answers + 1
        if not answer["more"]:
            break
    assert texts == [f"Idee {number}" for number in range(450)] and answers == 3 and since == store.seq
