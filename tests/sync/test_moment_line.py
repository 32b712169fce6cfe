"""One laptop through a programme line, the way docs/programme.md tells a team to run it: one data folder, the
kiosk started and stopped with Ctrl-C, `sync --pull` before each moment and `sync` after it, against the real
archive on SQLite and on PostgreSQL. Every moment stays held, with its own name, cards and counts, on the wall,
in the control room, on the archive's programme, moment and search pages and in the exports."""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests
from playwright.sync_api import expect

from kiosk.moment import start_moment
from tests.harness.day import dutch_text
from tests.harness.phones import contribute, phone_session
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import ROOT, KioskProcess
from tests.harness.syncing import Kiosk, archived_moments, token_for
from tests.harness.team import pull, sync_folder

MARKET, STUDY_DAY = "2030-03-14", "2030-04-02"  # both still to come: the line moves on by what was held


def run_moment(folder: Path, texts: list[tuple[str, bytes | None]], first_phone: int) -> list[dict]:
    """Start the kiosk on the folder, let phones send ``texts`` (with their photos), and stop it with Ctrl-C."""
    kiosk = KioskProcess(folder).start()
    try:
        return [contribute(phone_session(first_phone + n), kiosk.url, text, photo)
                for n, (text, photo) in enumerate(texts)]
    finally:
        kiosk.stop(signal.SIGINT)


def exported(folder: Path, number: int) -> dict:
    """A moment's JSON export from the command line, as the team makes it after the event."""
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "export", "--data", str(folder), "--format", "json",
               "--moment", str(number)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout)


def test_one_folder_runs_a_line_of_moments_and_the_archive_keeps_each_with_its_own_cards(team, tmp_path, browser):
    archive, folder, rng = team.archive, tmp_path / "kiosk-data", random.Random(21)
    key = team.programme("Samen wonen in Zuid", start="2030-03-01", end="2030-06-30")
    token = token_for(archive, "repro")
    team.plan(key, name="Markt A", kind="market", date=MARKET, place="Zuidplein", kiosk="repro")
    assert "Markt A" in pull(archive, token, folder).stdout
    market = run_moment(folder, [(dutch_text(rng, 760), jpeg(600, 900)),  # a long story with a portrait photo
                                 ("Een ruilkast voor gereedschap bij het buurthuis", None)], first_phone=1)
    assert sync_folder(archive, token, folder).returncode == 0

    team.plan(key, name="Studiedag B", kind="study_day", date=STUDY_DAY, place="Bibliotheek", kiosk="repro")
    pulled = pull(archive, token, folder)
    assert pulled.returncode == 0 and "A new meeting moment as planned: Studiedag B" in pulled.stdout
    again = pull(archive, token, folder)  # pulled twice by mistake: still the same study day, nothing changes
    assert again.returncode == 0 and "already" in again.stdout
    study_text = "Een buurtkamer in de oude school, open voor iedereen die wil koken of lezen"
    kiosk = KioskProcess(folder).start()
    try:
        study = [contribute(phone_session(3), kiosk.url, study_text, jpeg(900, 600))]
        wall_and_room_show_the_study_day(browser, kiosk.url, study_text)
    finally:
        kiosk.stop(signal.SIGINT)
    assert sync_folder(archive, token, folder).returncode == 0

    moments = {moment["name"]: moment for moment in archived_moments(archive)}
    assert set(moments) == {"Markt A", "Studiedag B"}
    page = team.session.get(f"{archive.url}/o/buurtnetwerk/programme/{key}", timeout=5).text
    line = [" ".join(item.split()) for item in re.findall(r'<ol class="plans">(.*?)</ol>', page, re.S)[0].split("<li>")[1:]]
    assert "<strong>Markt A</strong>" in line[0] and "gehouden · 2 bijdragen" in line[0]
    assert "<strong>Studiedag B</strong>" in line[1] and "gehouden · 1 bijdrage" in line[1]
    for name, cards in (("Markt A", market), ("Studiedag B", study)):
        event = moments[name]["event_id"]
        items = team.session.get(f"{archive.url}/api/contributions", params={"event": event}, timeout=5).json()["items"]
        assert sorted(item["id"] for item in items) == sorted(card["id"] for card in cards)
        moment_page = team.session.get(f"{archive.url}/search", params={"event": event}, timeout=5).text
        assert name in moment_page and all(card["text"][:40] in moment_page for card in cards)
        export = team.session.get(f"{archive.url}/export.json", params={"event": event}, timeout=5).json()["items"]
        assert sorted(item["id"] for item in export) == sorted(card["id"] for card in cards)
    found = team.session.get(f"{archive.url}/search", params={"q": "ruilkast"}, timeout=5).text
    assert "<mark>ruilkast</mark> voor gereedschap" in found and study_text[:30] not in found
    assert [item["id"] for item in exported(folder, 1)["contributions"]] == [card["id"] for card in market]
    assert [item["id"] for item in exported(folder, 2)["contributions"]] == [card["id"] for card in study]
    assert [exported(folder, number)["moment"]["name"] for number in (1, 2)] == ["Markt A", "Studiedag B"]


def wall_and_room_show_the_study_day(browser, url: str, study_text: str) -> None:
    """The projector shows the study day's one card and the market as earlier; the control room lists both moments."""
    wall = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = wall.new_page()
        page.goto(url + "/wall")
        expect(page.locator("#stage .card")).to_have_count(1, timeout=5000)
        expect(page.locator("#stage .card")).to_contain_text(study_text[:40])
        expect(page.locator("#earlier")).to_contain_text("Markt A")
    finally:
        wall.close()
    room = Room(url)
    context = room.browser_context(browser, 1280, 800)
    try:
        page = context.new_page()
        page.goto(url + "/facilitator#moment")
        moments = page.locator("#moments li")
        expect(moments).to_have_count(2)
        expect(moments.nth(0)).to_contain_text("Studiedag B")
        expect(moments.nth(0)).to_contain_text("1 bijdrage")
        expect(moments.nth(1)).to_contain_text("Markt A")
        expect(moments.nth(1)).to_contain_text("2 bijdragen")
    finally:
        context.close()
    assert [item["text"] for item in room.find()["items"]] == [study_text]
    assert requests.get(url + "/api/wall/page?after=0", timeout=5).json()["total"] == 1


def test_a_line_synced_only_at_its_end_brings_every_moment_with_its_own_cards(archive, tmp_path):
    token = token_for(archive, "offline")
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.client.post("/api/moment", json={"theme": "Groen in de wijk", "name": "Markt", "kind": "market"},
                      headers={"X-CSRF-Token": kiosk.token})
    market = [kiosk.contribute(f"Geveltuin nummer {n}") for n in range(3)]
    start_moment(kiosk.store, {"name": "Festival", "kind": "festival", "date": "2030-06-01"})
    festival = [kiosk.contribute("Een boom voor elke nieuwe bewoner")]
    kiosk.moderate(market[0], "hide")  # a change to the market after it ended travels with the festival's cards
    kiosk.sync(archive, token)
    held = {moment["name"]: moment for moment in archived_moments(archive)}
    assert {name: moment["contributions"] for name, moment in held.items()} == {"Markt": 2, "Festival": 1}
    assert held["Festival"]["date"] == "2030-06-01" and held["Markt"]["theme"] == "Groen in de wijk"
    items = requests.get(f"{archive.url}/api/contributions", params={"event": held["Festival"]["event_id"]},
                         timeout=5).json()["items"]
    assert [item["id"] for item in items] == [festival[0]["id"]]


def test_an_open_wall_and_phone_follow_a_new_moment_started_in_the_control_room(kiosk_server, projector, phone):
    url = kiosk_server.url
    room = Room(url)
    room.session.post(url + "/api/moment", json={"name": "Markt", "kind": "market"}, timeout=5).raise_for_status()
    for number in range(3):
        contribute(phone_session(70 + number), url, f"Een idee van de markt {number}")
    projector.goto(url + "/wall")
    expect(projector.locator("#stage .card")).to_have_count(3)
    phone.goto(url + "/")
    expect(phone.locator("#latest")).to_be_visible()
    phone.fill("#text", "Nog aan het typen")
    phone.wait_for_function("document.body.dataset.live === 'connected'")
    answer = room.session.post(url + "/api/moments", json={"name": "Studiedag", "kind": "study_day"}, timeout=5)
    assert answer.status_code == 201 and answer.json()["outcome"] == "opened"
    expect(projector.locator("#stage .card")).to_have_count(0)  # the wall starts anew with the new moment
    expect(projector.locator("#earlier")).to_contain_text("Markt")
    expect(phone.locator("#latest")).to_be_hidden()  # the market's cards, no longer this moment's
    expect(phone.locator("#text")).to_have_value("Nog aan het typen")
    contribute(phone_session(80), url, "Het eerste idee van de studiedag")
    expect(projector.locator("#stage .card")).to_have_count(1)
    assert projector.dialogs == []
