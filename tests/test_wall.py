"""The wall page, its catch-up API, the QR codes and the Socket.IO events."""

from kiosk import live
from kiosk.moment import set_prompt, set_theme
from tests.phones import phone_address


def post(client, phone=0, **body):
    payload = {"kind": "example", "text": "Buurtbus door vrijwilligers", **body}
    return client.post("/api/contributions", json=payload, environ_base={"REMOTE_ADDR": phone_address(phone)})


def test_a_new_contribution_is_broadcast_to_open_walls(client, socket_client):
    socket_client.get_received(live.NAMESPACE)  # the greeting
    item = post(client).get_json()
    received = socket_client.get_received(live.NAMESPACE)
    assert [(r["name"], r["args"][0]) for r in received] == [("contribution", item)]


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
    assert since == {"items": [second], "withdrawn": [], "seq": 2}
    assert client.get("/api/contributions?since=2").get_json()["items"] == []


def test_a_bad_since_is_a_400(client):
    for bad in ("-1", "abc", "1.5", "9" * 40, "⁰⁴⁵"):
        answer = client.get(f"/api/contributions?since={bad}")
        assert answer.status_code == 400 and answer.get_json()["error"]


def test_the_wall_shows_theme_prompt_codes_and_cards_escaped(client, store):
    set_theme(store, "Duurzaam <wonen>")
    post(client, text="<img src=x onerror=alert(1)>", author="<b>An</b>")
    page = client.get("/wall").get_data(as_text=True)
    assert "Duurzaam &lt;wonen&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;An&lt;/b&gt;" in page
    assert "<img src=x" not in page
    assert 'src="/qr.svg"' in page and "http://kiosk.test:5000/" in page
    assert "Wat wil jij delen?" in page and 'data-seq="1"' in page


def test_the_wall_shows_the_newest_cards_only(app, client):
    app.config["WALL_CARDS"] = 3
    for i in range(5):
        post(client, phone=i, text=f"kaart {i}")
    page = client.get("/wall").get_data(as_text=True)
    assert "kaart 4" in page and "kaart 2" in page and "kaart 1" not in page


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
