"""A data folder holds a line of meeting moments: each keeps its own contributions, name and counts through new
moments, pulls, restarts and exports; what the wall, the phone and the control room show is the current one's."""

import json
import random

import pytest

from kiosk import live
from kiosk.moment import adopt_plan, start_moment
from kiosk.store import Store
from netwerk.contributions import ContributionError
from tests.harness.day import dutch_text
from tests.harness.syncing import Kiosk


def plan(planned_id: str, name: str, date: str, highlights: list | None = None) -> dict:
    """A plan as the archive answers ``/api/sync/plan``."""
    return {"programme": {"id": "samen-wonen", "theme": "Samen wonen", "start": "2027-03-01", "end": "2027-06-30"},
            "moment": {"id": planned_id, "name": name, "kind": "market", "place": "Zuidplein", "date": date},
            "highlights": highlights or []}


def test_the_next_planned_moment_is_a_new_moment_and_the_market_keeps_its_cards(tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    settings, outcome = adopt_plan(kiosk.store, plan("plan-a", "Markt A", "2027-03-14"))
    assert outcome == "set up"  # the folder's first moment takes the plan: no empty moment before it
    market = settings["event_id"]
    long_story = kiosk.contribute(dutch_text(random.Random(1), 700))
    pinned = kiosk.contribute("Repair café elke maand")
    kiosk.moderate(pinned, "pin")
    settings, outcome = adopt_plan(kiosk.store, plan("plan-b", "Studiedag B", "2027-04-02"))
    assert outcome == "opened" and settings["event_id"] != market and settings["name"] == "Studiedag B"
    third = kiosk.contribute("Een buurtkamer in de oude school")
    assert third["event_id"] == settings["event_id"]
    assert kiosk.store.get_contribution(long_story["id"])["event_id"] == market

    ended, current = kiosk.store.moments()
    assert (ended["number"], ended["name"], ended["date"], ended["event_id"]) == (1, "Markt A", "2027-03-14", market)
    assert current["current"] and current["number"] == 2
    page = kiosk.client.get("/api/wall/page?after=0&limit=8").get_json()
    assert [item["id"] for item in page["items"]] == [third["id"]] and page["pinned"] == [] and page["total"] == 1
    assert [item["id"] for item in kiosk.client.get("/api/contributions").get_json()["items"]] == [third["id"]]
    room = kiosk.client.get("/api/room/contributions").get_json()
    assert [item["id"] for item in room["items"]] == [third["id"]]
    assert "Repair café" not in kiosk.client.get("/").get_data(as_text=True)
    # "Earlier in this programme" is the market's, on this laptop, even without the archive's highlights.
    assert [item["text"] for item in settings["highlights"]][:1] == ["Repair café elke maand"]
    assert all(item["moment"] == "Markt A" for item in settings["highlights"])
    assert third["id"] not in {item["id"] for item in settings["highlights"]}


def test_each_moment_exports_its_own_contributions_and_description(tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    adopt_plan(kiosk.store, plan("plan-a", "Markt A", "2027-03-14"))
    first = [kiosk.contribute(f"Op de markt {n}") for n in range(2)]
    adopt_plan(kiosk.store, plan("plan-b", "Studiedag B", "2027-04-02"))
    later = kiosk.contribute("Op de studiedag")
    documents = [kiosk.client.get(f"/facilitator/export.json?moment={n}").get_json() for n in (1, 2)]
    assert [item["id"] for item in documents[0]["contributions"]] == [item["id"] for item in first]
    assert [item["id"] for item in documents[1]["contributions"]] == [later["id"]]
    assert [document["moment"]["name"] for document in documents] == ["Markt A", "Studiedag B"]
    assert [document["moment"]["participants"] for document in documents] == [2, 1]
    current = kiosk.client.get("/facilitator/export.json").get_json()
    assert current["moment"]["name"] == "Studiedag B" and len(current["contributions"]) == 1
    assert "Op de markt 1" in kiosk.client.get("/facilitator/export.csv?moment=1").get_data(as_text=True)
    page = kiosk.client.get("/facilitator/export.html?moment=1&view=1")
    assert page.headers["Content-Disposition"].startswith("inline") and "Op de markt 0" in page.get_data(as_text=True)
    assert kiosk.client.get("/facilitator/export.json?moment=3").status_code == 404
    assert kiosk.client.get("/facilitator/export.json?moment=een").status_code == 404
    room = kiosk.client.get("/facilitator").get_data(as_text=True)
    assert "Markt A" in room and "2 bijdragen" in room and "export.csv?moment=1" in room


def test_pulling_the_current_moment_again_changes_nothing_and_an_ended_one_is_refused(tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    adopt_plan(kiosk.store, plan("plan-a", "Markt A", "2027-03-14"))
    kiosk.contribute("Op de markt")
    before = kiosk.store.settings()
    settings, outcome = adopt_plan(kiosk.store, plan("plan-a", "Markt A (verzet)", "2027-03-15"))
    assert outcome == "current" and kiosk.store.settings() == before == settings
    adopt_plan(kiosk.store, plan("plan-b", "Studiedag B", "2027-04-02"))
    with pytest.raises(ContributionError) as refused:
        adopt_plan(kiosk.store, plan("plan-a", "Markt A", "2027-03-14"))
    assert refused.value.status == 409 and refused.value.params == {"name": "Markt A", "number": 1}
    assert kiosk.store.settings()["name"] == "Studiedag B" and len(kiosk.store.moments()) == 2


def test_a_moment_started_by_hand_keeps_the_theme_and_the_control_room_and_walls_hear_of_it(tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    headers = {"X-CSRF-Token": kiosk.token}
    kiosk.client.post("/api/moment", json={"theme": "Groen in de wijk", "name": "Markt", "kind": "market"},
                      headers=headers)
    kiosk.contribute("Geveltuintjes in elke straat")
    wall = live.socketio.test_client(kiosk.app, namespace=live.NAMESPACE)
    refused = kiosk.client.post("/api/moments", json={"name": "", "place": "Bibliotheek"}, headers=headers)
    assert refused.status_code == 400 and "naam" in refused.get_json()["error"]
    answer = kiosk.client.post("/api/moments", json={"name": "Leesavond", "kind": "other", "place": "Bibliotheek",
                                                     "date": "2027-05-01"}, headers=headers)
    assert answer.status_code == 201 and answer.get_json()["outcome"] == "opened"
    assert answer.get_json()["theme"] == "Groen in de wijk"
    heard = [message["name"] for message in wall.get_received(live.NAMESPACE)]
    assert "moment" in heard and "prompt" in heard
    assert [moment["name"] for moment in kiosk.store.moments()] == ["Markt", "Leesavond"]
    assert kiosk.client.get("/api/wall/page?after=0").get_json()["total"] == 0


def test_moments_survive_a_restart_and_a_folder_from_before_is_one_moment(tmp_path):
    folder = tmp_path / "kiosk"
    kiosk = Kiosk(folder)
    kiosk.contribute("Eerste moment")
    start_moment(kiosk.store, {"name": "Tweede", "kind": "festival"})
    kiosk.contribute("Tweede moment")
    kiosk.store.close()
    reopened = Store(folder)
    assert [moment["name"] for moment in reopened.moments()][1:] == ["Tweede"]
    assert reopened.tally(lambda item: True) == {"idea": 1}
    assert reopened.tally(lambda item: True, moment=1) == {"idea": 1}
    reopened.close()
    # A folder written before moments were kept: its settings have no moment_first, its table no moments.
    old = tmp_path / "old"
    old.mkdir()
    snapshot = {"settings": {"1": {"event_id": "e-1", "name": "Markt"}},
                "contributions": {"1": {"id": "c-1", "kind": "story", "text": "Oud", "event_id": "e-1", "seq": 1,
                                        "rev": 1, "status": "visible", "created_at": "2026-05-01T10:00:00.000Z"}}}
    (old / "kiosk.json").write_text(json.dumps(snapshot), "utf-8")
    store = Store(old)
    assert [(moment["number"], moment["name"], moment["first"]) for moment in store.moments()] == [(1, "Markt", 1)]
    assert [item["id"] for item in store.arrived(lambda item: True, 10)] == ["c-1"]
    store.close()


def test_a_new_moment_is_one_line_in_the_journal_so_a_crash_keeps_the_old_moment_or_the_new(tmp_path):
    folder = tmp_path / "kiosk"
    kiosk = Kiosk(folder)
    kiosk.contribute("Op de markt")
    market = kiosk.store.settings()["event_id"]
    lines = (folder / "kiosk.journal").read_bytes().count(b"\n")
    start_moment(kiosk.store, {"name": "Studiedag"})
    journal = (folder / "kiosk.journal").read_bytes()
    assert journal.count(b"\n") == lines + 1
    kiosk.store.close()
    # The power goes while that line is written: the folder opens with the market still current.
    (folder / "kiosk.journal").write_bytes(journal[:-40])
    store = Store(folder)
    assert [(moment["event_id"], moment.get("current")) for moment in store.moments()] == [(market, True)]
    store.close()
