"""Knotted conversations: short codes on every card, "#K7" links and "#word" tags from phones, the facilitator's
tags and links, and all of it through the sync to the archive exactly like the texts."""

import requests
from flask import render_template
from playwright.sync_api import expect

from netwerk.knots import knots, number_of
from tests.harness.phones import phone_address, phone_session
from tests.harness.syncing import Kiosk, token_for


def test_codes_links_and_tags_are_read_from_a_text():
    cards = {1: {"id": "a", "code": "K1"}, 2: {"id": "b", "code": "K2", "deleted": True}}
    made = knots("Bouwt voort op #K1 en #k1, niet op #K2 of #K9: #Groen #buurt-tuin mail@x.nl#no", ["zorg"],
                 cards.get)
    assert made == {"tags": ["zorg", "groen", "buurt-tuin"], "links": [{"id": "a", "code": "K1"}]}
    assert knots("#K1", [], cards.get, leave_out="a")["links"] == []
    assert knots("Een PK3-motor, K1 zonder hekje, mail#K1", [], cards.get)["links"] == []
    assert [number_of(text) for text in ("K7", "#K7", " k12 ", "K", "#groen", "K1x")] == [7, 7, 12, None, None, None]


def test_a_phone_links_to_a_card_by_its_code_and_tags_with_words(client, phones):
    first = phones.contribute("Een moestuin op het plein", kind="idea")
    second = phones.contribute("Bouwt voort op #K1: met een #Kas erbij", kind="idea", tags=["groen"])
    assert (first["code"], second["code"]) == ("K1", "K2")
    assert second["links"] == [{"id": first["id"], "code": "K1"}] and second["tags"] == ["groen", "kas"]
    with client.application.test_request_context("/"):
        card = render_template("_contribution.html", item=second)
    assert "bouwt voort op" in card and ">K1</p>" in card
    assert ">#groen</p>" in card  # the text shows #Kas already: a tag is shown once
    assert client.get("/api/contributions").get_json()["items"][-1]["links"] == second["links"]


def test_the_walls_network_keeps_to_approved_contributions_when_the_facilitator_says_so(client, room, phones):
    shown = phones.contribute("Goedgekeurd #groen", kind="idea")
    waiting = phones.contribute("Nog niet #grijs", kind="idea")
    room.moderate(shown["id"], "approve")
    everything = {node["data"]["id"] for node in client.get("/api/network").get_json()["nodes"]}
    assert {shown["id"], waiting["id"], "tag:grijs"} <= everything
    room.post("/api/layout", json={"mode": "network", "approved_only": True})
    approved = {node["data"]["id"] for node in client.get("/api/network").get_json()["nodes"]}
    assert shown["id"] in approved and waiting["id"] not in approved and "tag:grijs" not in approved


def test_a_form_post_without_javascript_sends_every_ticked_tag(client, room):
    room.post("/api/moment", json={"theme": "Wonen"})
    answer = client.post("/contribute", data={"kind": "idea", "text": "Zonder script", "tags": ["wonen", "zorg"]},
                         environ_base={"REMOTE_ADDR": phone_address(3)})
    assert answer.status_code == 303
    assert client.get("/api/contributions").get_json()["items"][0]["tags"] == ["wonen", "zorg"]


def test_the_facilitator_sets_tags_and_links_and_the_log_says_so(client, room, phones):
    first, second = phones.contribute("Repair café", kind="idea"), phones.contribute("Fietsenmaker", kind="idea")
    answer = room.post(f"/api/contributions/{second['id']}/knots", json={"knots": "#herstel #K1"})
    assert answer.status_code == 200
    assert answer.get_json()["tags"] == ["herstel"] and answer.get_json()["links"][0]["id"] == first["id"]
    cleared = room.post(f"/api/contributions/{second['id']}/knots", json={"knots": ""}).get_json()
    assert (cleared["tags"], cleared["links"]) == ([], [])
    for wrong in ("#K9", "#K2"):  # no such card; the card itself
        refused = room.post(f"/api/contributions/{second['id']}/knots", json={"knots": wrong})
        assert refused.status_code == 400 and "code" in refused.get_json()["error"]
    assert client.post(f"/api/contributions/{second['id']}/knots", json={"knots": "#x"}).status_code == 403
    room.post(f"/api/contributions/{first['id']}/knots", json={"knots": "#herstel #K2"})
    log = client.get("/facilitator/export.json").get_json()["moderation_log"]
    assert [entry["action"] for entry in log] == ["knot", "knot", "knot"]
    assert 'name="knots" maxlength="400" placeholder="#tag #K7" value="#herstel #K2"' in client.get(
        "/facilitator").get_data(as_text=True)


def test_tags_and_links_travel_to_the_archive_like_texts(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    first = kiosk.contribute("Een moestuin", tags="groen")
    second = kiosk.contribute("Bouwt voort op #K1 met #bijen")
    kiosk.sync(archive, token)
    items = {item["id"]: item for item in requests.get(archive.url + "/export.json", timeout=5).json()["items"]}
    assert items[second["id"]]["links"] == [{"id": first["id"], "code": "K1"}]
    assert items[first["id"]]["tags"] == ["groen"] and items[second["id"]]["tags"] == ["bijen"]
    kiosk.client.post(f"/api/contributions/{first['id']}/knots", json={"knots": "#groen #tuin #K2"},
                      headers={"X-CSRF-Token": kiosk.token})
    assert kiosk.sync(archive, token).updated == 1
    found = requests.get(archive.url + "/export.json", params={"tag": "tuin"}, timeout=5).json()["items"]
    assert [item["links"][0]["code"] for item in found] == ["K2"]
    assert [item["text"] for item in requests.get(archive.url + "/export.json", params={"q": "bijen"},
                                                  timeout=5).json()["items"]] == ["Bouwt voort op #K1 met #bijen"]


def test_the_wall_shows_codes_and_a_link_live(kiosk_server, projector, phone):
    phone_session(1).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Een moestuin"})
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("#stage .card").first.locator("[data-field=code]")).to_have_text("K1")
    phone.goto(kiosk_server.url + "/")
    phone.locator("label.kind--story").click()
    phone.fill("#text", "Ik bouw voort op #K1")
    phone.get_by_role("button", name="Naar de wand sturen").click()
    newest = projector.locator("#stage .card").first
    expect(newest.locator("[data-field=links]")).to_have_text("K1", timeout=2000)
    expect(newest.locator("[data-field=code]")).to_have_text("K2")
    label = newest.locator("[data-field=links]").evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"↳ bouwt voort op "'
