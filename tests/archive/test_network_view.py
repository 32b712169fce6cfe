"""The network view: the server's layout (unit tests) and the archive's page drawn in Chromium, with the team's
"wie doet mee?" contacts only after signing in."""

import json
import math

import pytest
from playwright.sync_api import expect

from archive.store import ArchiveStore
from netwerk.graph import network, who_joins
from tests.harness.phones import phone_address, phone_session
from tests.harness.room import Room
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import pull, store_kiosk


def item(number, kind="idea", tags=(), links=(), event="e1"):
    return {"id": f"c{number}", "kind": kind, "text": f"Tekst {number}", "event_id": event, "code": f"K{number}",
            "tags": list(tags), "links": [{"id": f"c{link}", "code": f"K{link}"} for link in links]}


def test_every_contribution_gets_its_own_place_near_its_first_tag_or_its_moment():
    moments = [{"event_id": "e1", "name": "Markt"}, {"event_id": "e2", "name": "Studiedag"}]
    items = [item(n, tags=["groen"] if n % 2 else [], event="e1" if n < 150 else "e2") for n in range(300)]
    items.append(item(300, links=[1, 999]))  # a link to a contribution outside the view is left out
    items.append(item(301, links=[1], event="undescribed"))  # no moment to stand by: no node, no edge
    graph = network(moments, items)
    places = {node["data"]["id"]: node["position"] for node in graph["nodes"]}
    points = [(p["x"], p["y"]) for key, p in places.items() if key.startswith("c")]
    assert len(points) == 301 and len(set(points)) == 301
    nearest = min(math.dist(a, b) for a in points[:60] for b in points[:60] if a != b)
    assert nearest > 5  # dots never sit on each other
    tag = places["tag:groen"]
    assert max(math.dist((tag["x"], tag["y"]), (places[f"c{n}"]["x"], places[f"c{n}"]["y"])) for n in range(1, 300, 2)) < 200
    kinds = {edge["data"]["type"] for edge in graph["edges"]}
    assert kinds == {"tag", "moment", "link", "shared"}
    assert [edge["data"]["target"] for edge in graph["edges"] if edge["data"]["type"] == "link"] == ["c1"]
    assert network(moments, items) == graph  # the same map for everyone, every time
    ends = {edge["data"][end] for edge in graph["edges"] for end in ("source", "target")}
    assert ends <= set(places) and "c301" not in places


def test_at_10000_each_cluster_keeps_its_share_of_dots_and_one_node_for_the_rest():
    moments = [{"event_id": f"e{n}", "name": f"Moment {n}"} for n in range(20)]
    tags = ["groen", "zorg", "jongeren", "wonen", "markt"]
    items = [item(n, kind="initiative" if n % 97 == 0 else "idea", tags=[tags[n % 5]] if n % 3 else [],
                  event=f"e{n % 20}") for n in range(10_000)]
    graph = network(moments, items)
    dots = [node["data"] for node in graph["nodes"] if node["data"]["type"] == "contribution"]
    more = [node["data"] for node in graph["nodes"] if node["data"]["type"] == "more"]
    assert 1900 <= len(dots) <= 2000 + 12 * 25 and len(json.dumps(graph)) < 1_200_000
    assert len(dots) + sum(node["count"] for node in more) == 10_000  # every contribution is a dot or counted
    assert {node["tag"] for node in more if "tag" in node} == set(tags) and len(more) == 25
    shown = {node["id"] for node in dots}
    assert all(f"c{n}" in shown for n in range(0, 10_000, 97))  # initiatives are kept first
    ends = {edge["data"][end] for edge in graph["edges"] for end in ("source", "target")}
    assert ends <= {node["data"]["id"] for node in graph["nodes"]}
    assert network(moments, items[:2000]) == network(moments, items[:2000], dots=5000)  # up to 2,000: every one


def test_contacts_join_the_initiatives_they_start_or_build_on():
    items = [item(1, kind="initiative"), item(2, links=[1]), item(3), item(4, kind="initiative")]
    contacts = [{"contribution_id": "c1", "contact": "an@x.nl"}, {"contribution_id": "c2", "contact": "bo@x.nl"},
                {"contribution_id": "c3", "contact": "cor@x.nl"}]
    assert [(initiative["id"], [c["contact"] for c in people]) for initiative, people in who_joins(contacts, items)] \
        == [("c1", ["an@x.nl", "bo@x.nl"])]
    graph = network([{"event_id": "e1"}], items, contacts)
    assert {node["data"]["label"] for node in graph["nodes"] if node["data"]["type"] == "contact"} == {"an@x.nl",
                                                                                                     "bo@x.nl"}


@pytest.fixture
def synced(team, tmp_path):
    archive = team.archive
    key = team.programme("Samen wonen")
    token = token_for(archive, "markt")
    team.plan(key, name="Markt", kind="market", kiosk="markt")
    assert pull(archive, token, tmp_path / "kiosk").returncode == 0
    kiosk = Kiosk(tmp_path / "kiosk")
    for phone, (kind, text, contact) in enumerate((
            ("initiative", "Wie start een #repaircafe?", "an@example.org"),
            ("idea", "Ik doe mee met #K1, #repaircafe", "bo@example.org"),
            ("story", "Mijn buurman repareert alles #repaircafe", None))):
        fields = {"kind": kind, "text": text, **({"contact": contact, "contact_consent": True} if contact else {})}
        answer = kiosk.client.post("/api/contributions", json=fields, environ_base={"REMOTE_ADDR": phone_address(phone)})
        assert answer.status_code == 201
    kiosk.sync(archive, token)
    return archive, key


def test_the_network_page_draws_and_keeps_contacts_for_the_team(synced, team, browser):
    archive, key = synced
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/network")
    expect(page.locator("body")).to_have_attribute("data-network", "drawn")
    graph = json.loads(page.locator("#network-data").text_content())
    assert {node["data"]["type"] for node in graph["nodes"]} == {"moment", "tag", "contribution"}
    assert "example.org" not in page.content()
    assert page.evaluate("document.querySelector('#network canvas').width") > 0
    # No tag's label covers a contribution: each stands above its cluster.
    covered = page.evaluate("""() => {
      const cy = document.querySelector('#network').cy;
      const apart = (a, b) => a.x2 <= b.x1 || b.x2 <= a.x1 || a.y2 <= b.y1 || b.y2 <= a.y1;
      const labels = cy.nodes('[type = "tag"]').map((tag) => [tag.data('label'),
        tag.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true})]);
      return cy.nodes('[type = "contribution"]').flatMap((dot) => labels
        .filter(([, box]) => !apart(box, dot.boundingBox({includeLabels: false})))
        .map(([name]) => name + ' over ' + dot.data('code')));
    }""")
    assert covered == []
    page.close()
    signed_in = browser.new_context(viewport={"width": 1280, "height": 800})
    signed_in.add_cookies([{"name": "archive_session", "value": team.session.cookies["archive_session"],
                            "url": archive.url}])
    page = signed_in.new_page()
    answer = page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/network")
    assert answer.headers["cache-control"] == "private, no-store"
    expect(page.locator("body")).to_have_attribute("data-network", "drawn")
    joiners = page.locator(".network__joiners tbody tr")
    expect(joiners).to_have_count(1)
    expect(joiners.first).to_contain_text("an@example.org, bo@example.org")
    graph = json.loads(page.locator("#network-data").text_content())
    assert sum(node["data"]["type"] == "contact" for node in graph["nodes"]) == 2
    signed_in.close()


def test_a_programme_of_10000_draws_and_its_clusters_lead_to_the_search(archive, tmp_path, browser):
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        store_kiosk(store, "markt")
        moment = {"event_id": "moment-groot", "name": "Groot festival", "theme": "Tienduizend stemmen"}
        for start in range(0, 10_000, 500):
            records = [day_record(number, moment["event_id"]) for number in range(start, start + 500)]
            store.apply("markt", {"batch_id": f"b{start}", "kiosk_db_id": "k", "seq": start + 500, "moment": moment,
                                  "records": records})
    finally:
        store.close()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    answer = page.goto(f"{archive.url}/o/buurtnetwerk/programme/tienduizend-stemmen/network")
    assert len(answer.body()) < 1_300_000
    expect(page.locator("body")).to_have_attribute("data-network", "drawn", timeout=20_000)
    assert int(page.evaluate("document.body.dataset.networkNodes")) < 2600
    graph = json.loads(page.locator("#network-data").text_content())
    more = next(node for node in graph["nodes"] if node["data"]["type"] == "more" and "tag" in node["data"])
    page.evaluate(f"document.getElementById('network').cy.getElementById({json.dumps(more['data']['id'])}).emit('tap')")
    link = page.locator("#details [data-field=more]")
    expect(link).to_be_visible()
    assert f"tag={more['data']['tag']}" in link.get_attribute("href")
    page.close()


def day_record(number: int, event: str) -> dict:
    text = f"Bijdrage {number}: " + "een idee voor de buurt en het plein " * (1 + number % 25)
    body = {"id": f"00000000-0000-4000-8000-{number:012d}", "kind": ("story", "idea", "initiative")[number % 3],
            "text": text, "author": None, "photo": None, "prompt_id": None, "event_id": event,
            "created_at": f"2027-05-01T10:{number // 600 % 60:02d}:{number // 10 % 60:02d}Z", "status": "visible",
            "pinned": False, "reactions": number % 7, "tags": [("groen", "zorg", "jongeren")[number % 3]], "rev": 1,
            "deleted": False, "approved": False, "code": f"K{number}", "links": []}
    return {"id": body["id"], "rev": 1, "deleted": False, "body": body}


def test_the_wall_switches_to_the_network_and_redraws_as_contributions_arrive(kiosk_server, projector):
    phone_session(1).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Moestuin #groen"})
    room = Room(kiosk_server.url, laptop=2)
    projector.goto(kiosk_server.url + "/wall")
    room.layout(mode="network")
    expect(projector.locator("body")).to_have_attribute("data-network", "drawn", timeout=5000)
    expect(projector.locator("#stage .card")).to_have_count(0)
    assert projector.evaluate("document.body.dataset.networkNodes") == "2"  # #groen and the idea
    phone_session(3).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "Ik ook, #K1 #bijen"})
    expect(projector.locator("body")).to_have_attribute("data-network-nodes", "4", timeout=5000)
    graph = room.get("/api/network").json()
    assert [edge["data"]["target"] for edge in graph["edges"] if edge["data"]["type"] == "link"] == [
        next(node["data"]["id"] for node in graph["nodes"] if node["data"].get("code") == "K1")]
