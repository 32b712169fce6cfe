""""Herkenbaar / me too": once per device per contribution, live on the wall, slowed per phone."""

from kiosk import live
from kiosk.store import Store
from tests.harness.phones import phone_address


def react(client, item_id, phone=50):
    return client.post(f"/api/contributions/{item_id}/reactions", environ_base={"REMOTE_ADDR": phone_address(phone)})


def test_one_reaction_per_device_counts_and_reaches_the_wall(app, client, socket_client, phones):
    item = phones.contribute("Samen koken op woensdag", kind="initiative")
    socket_client.get_received(live.NAMESPACE)
    client.get("/")  # this phone gets its device cookie
    first = react(client, item["id"])
    assert first.status_code == 200 and first.get_json()["reactions"] == 1
    assert react(client, item["id"]).get_json()["reactions"] == 1  # the same device again: still one
    other = app.test_client()
    other.get("/", environ_base={"REMOTE_ADDR": phone_address(51)})
    assert react(other, item["id"], phone=51).get_json()["reactions"] == 2
    updates = [r["args"][0]["reactions"] for r in socket_client.get_received(live.NAMESPACE) if r["name"] == "contribution"]
    assert updates == [1, 2]


def test_a_phone_without_a_cookie_counts_once_by_its_address(client, phones):
    item = phones.contribute("Samen koken op woensdag", kind="initiative")
    fresh = client.application.test_client()
    assert react(fresh, item["id"], phone=60).get_json()["reactions"] == 1
    assert react(fresh, item["id"], phone=60).get_json()["reactions"] == 1


def test_only_contributions_on_the_wall_can_be_reacted_to(client, room, phones):
    item = phones.contribute("Samen koken op woensdag", kind="initiative")
    room.moderate(item["id"], "hide")
    assert react(client, item["id"]).status_code == 404
    assert react(client, "no-such-id").status_code == 404


def test_reactions_are_slowed_per_phone(app, client, phones):
    items = [phones.contribute(f"bijdrage {i}", kind="initiative", phone=i) for i in range(22)]
    phone = app.test_client()
    phone.get("/", environ_base={"REMOTE_ADDR": phone_address(70)})
    answers = [react(phone, item["id"], phone=70).status_code for item in items[:21]]
    assert answers == [200] * 20 + [429]


def test_reactions_survive_a_restart(app, client, tmp_path, phones):
    item = phones.contribute("Samen koken op woensdag", kind="initiative")
    client.get("/", environ_base={"REMOTE_ADDR": phone_address(50)})
    react(client, item["id"])
    device = client.get_cookie("nk_device").value
    app.extensions["netwerkkiosk"].store.close()
    reopened = Store(tmp_path / "data")
    assert reopened.get_contribution(item["id"])["reactions"] == 1
    assert reopened.reacted_to(device) == {item["id"]}
    assert reopened.add_reaction(item["id"], device) == (reopened.get_contribution(item["id"]), False)


def test_the_phone_page_lists_the_latest_with_me_too_buttons_that_work_without_javascript(client, phones):
    item = phones.contribute("Een <b>buurtfeest</b>", kind="initiative")
    page = client.get("/").get_data(as_text=True)
    assert "Een &lt;b&gt;buurtfeest&lt;/b&gt;" in page and "Herkenbaar" in page
    answer = client.post(f"/contributions/{item['id']}/react")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/#latest")
    assert 'aria-pressed="true" disabled' in client.get("/").get_data(as_text=True)
    assert client.post("/contributions/nope/react").status_code == 404


def test_clearing_cookies_does_not_give_a_fresh_round_of_reactions(app, client, phones):
    items = [phones.contribute(f"bijdrage {i}", kind="initiative", phone=i) for i in range(41)]
    answers = []
    for item in items:
        fresh = app.test_client()  # a new device cookie for every reaction, one address
        fresh.get("/", environ_base={"REMOTE_ADDR": phone_address(80)})
        answers.append(react(fresh, item["id"], phone=80).status_code)
    assert answers.count(200) == 40 and answers[-1] == 429
