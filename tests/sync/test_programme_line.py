"""The programme line: the team plans a programme and its meeting moments in the archive, a kiosk pulls its
moment (CLI and control room) and its contributions land in that programme, with highlights carried forward.
Real archive processes on loopback; kiosks filled through their own apps."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from kiosk.moment import adopt_plan, ensure_moment
from kiosk.store import Store
from netwerk.contributions import ContributionError
from tests.harness.photos import jpeg
from tests.harness.server import ORGANISATION
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import pull

SOON = (date.today() + timedelta(days=10)).isoformat()


def test_a_kiosk_pulls_its_planned_moment_and_its_contributions_land_in_the_programme(team, tmp_path):
    archive = team.archive
    key = team.programme("Samen wonen in Zuid", start="2027-03-01", end="2027-06-30",
                         description="Wonen, zorg en buren.", tags="wonen #buren zorg")
    token = token_for(archive, "markt")
    assert team.plan(key, name="Markt Zuidplein", kind="market", date=SOON, place="Zuidplein",
                     kiosk="markt").status_code == 303
    result = pull(archive, token, tmp_path / "kiosk")
    assert result.returncode == 0, result.stderr
    assert "Markt Zuidplein" in result.stdout
    settings = Store(tmp_path / "kiosk", read_only=True).settings()
    assert (settings["theme"], settings["name"], settings["kind"], settings["place"], settings["date"]) == (
        "Samen wonen in Zuid", "Markt Zuidplein", "market", "Zuidplein", SOON)
    assert settings["period"] == "2027-03-01 – 2027-06-30" and settings["suggested_tags"] == ["wonen", "buren", "zorg"]
    assert settings["event_id"] and settings["programme_id"] == key
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.contribute("Een gedeelde tuin")
    kiosk.sync(archive, token)
    page = team.session.get(f"{archive.url}/o/buurtnetwerk/programme/{key}", timeout=5).text
    assert "Markt Zuidplein" in page and "gehouden" in page and "Wonen, zorg en buren." in page
    assert "1 ontmoetingsmoment, 1 bijdrage" in page


def test_the_next_moment_brings_highlights_of_the_earlier_ones(team, tmp_path):
    archive = team.archive
    key = team.programme("Duurzaam samenleven")
    first_token, second_token = token_for(archive, "markt"), token_for(archive, "studiedag")
    team.plan(key, name="Markt", kind="market", date="2027-01-10", kiosk="markt")
    team.plan(key, name="Studiedag", kind="study_day", date=SOON, kiosk="studiedag")
    assert pull(archive, first_token, tmp_path / "markt").returncode == 0
    first = Kiosk(tmp_path / "markt")
    pinned = first.contribute("Repair café elke maand")
    first.contribute("Een rustig idee")
    hidden = first.contribute("Niet voor de muur")
    first.moderate(pinned, "pin")
    first.moderate(hidden, "hide")
    first.sync(archive, first_token)
    archive.store.set_logo(ORGANISATION, jpeg(900, 300, "darkgreen"))  # the organisation's logo, a wide one
    result = pull(archive, second_token, tmp_path / "studiedag")
    assert result.returncode == 0 and "2 highlights" in result.stdout
    highlights = Store(tmp_path / "studiedag", read_only=True).settings()["highlights"]
    assert [item["text"] for item in highlights] == ["Repair café elke maand", "Een rustig idee"]
    assert highlights[0]["moment"] == "Markt"
    assert set(highlights[0]) == {"id", "kind", "text", "author", "moment", "organisation", "colour", "logo"}
    assert (highlights[0]["organisation"], highlights[0]["colour"]) == ("Buurtnetwerk", "#1f6f5c")
    second = Kiosk(tmp_path / "studiedag")
    wall = second.client.get("/wall").get_data(as_text=True)
    assert "Repair café elke maand" in wall and "Niet voor de muur" not in wall
    assert 'style="--organisation: #1f6f5c"' in wall and "· Markt · Buurtnetwerk</footer>" in wall
    # Its logo came with the plan and is the kiosk's own now: the wall shows it without the internet.
    assert f'class="earlier__logo" alt="" src="/logos/{highlights[0]["logo"]}"' in wall
    with second.client.get(f"/logos/{highlights[0]['logo']}") as logo:
        assert logo.status_code == 200 and logo.mimetype == "image/png"
        assert Image.open(io.BytesIO(logo.data)).size == (320, 107)
    assert "highlights" not in second.client.get("/facilitator/export.json").get_json()["moment"]


def test_pulling_fails_clearly_and_changes_nothing(team, tmp_path):
    archive = team.archive
    token = token_for(archive, "markt")
    result = pull(archive, token, tmp_path / "kiosk")
    assert result.returncode == 1 and "No meeting moment is planned for this kiosk" in result.stderr
    wrong = pull(archive, "wrong", tmp_path / "kiosk")
    assert wrong.returncode == 1 and "does not accept this kiosk's token" in wrong.stderr and "Traceback" not in wrong.stderr
    Kiosk(tmp_path / "kiosk")  # holds the folder, as a running kiosk does
    key = team.programme("Thema")
    team.plan(key, name="Markt", kind="market", kiosk="markt")
    busy = pull(archive, token, tmp_path / "kiosk")
    assert busy.returncode == 1 and '"Pull the planned moment" in its control room' in busy.stderr


def test_the_team_forms_refuse_bad_input_with_a_clear_message(team):
    key = team.programme("Thema")
    assert team.post("/o/buurtnetwerk/team/programmes", theme="").status_code == 400
    bad = team.post("/o/buurtnetwerk/team/programmes", theme="Ander thema", start="2027-05-01", end="2027-04-01")
    assert bad.status_code == 400 and "eindigt voor" in bad.text
    assert team.plan(key, name="Markt", kind="market", date="morgen").status_code == 400
    assert "Er is geen kiosk" in team.plan(key, name="Markt", kind="market", kiosk="onbekend").text
    assert team.plan("bestaat-niet", name="Markt", kind="market").status_code == 404
    forged = team.session.post(team.archive.url + "/o/buurtnetwerk/team/programmes", data={"theme": "Zonder token"}, timeout=5)
    assert forged.status_code == 403


def test_the_control_room_pulls_through_the_linked_archive(team, tmp_path):
    archive = team.archive
    token = token_for(archive, "markt")
    key = team.programme("Samen wonen")
    team.plan(key, name="Buurtfeest", kind="festival", date=SOON, kiosk="markt")
    kiosk = Kiosk(tmp_path / "kiosk")
    headers = {"X-CSRF-Token": kiosk.token}
    assert kiosk.client.post("/api/archive/pull", headers=headers).status_code == 409  # not linked yet
    kiosk.client.post("/api/archive", json={"archive": archive.url, "token": token}, headers=headers)
    answer = kiosk.client.post("/api/archive/pull", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["name"] == "Buurtfeest"
    kiosk.client.post("/api/archive", json={"archive": archive.url, "token": "wrong"}, headers=headers)
    refused = kiosk.client.post("/api/archive/pull", headers=headers)
    assert refused.status_code == 502 and "token van deze kiosk niet" in refused.get_json()["error"]


@pytest.mark.parametrize("plan", [[], "plan", {"programme": [], "moment": {}}, {"programme": {}, "moment": "x"},
                                  {"programme": {}, "moment": {}, "highlights": {"a": 1}},
                                  {"programme": {"theme": 7}, "moment": {}},
                                  {"programme": {}, "moment": {"date": "morgen"}},
                                  {"programme": {"tags": [f"t{n}" for n in range(20)]}, "moment": {"name": "X"}},
                                  {"programme": {}, "moment": {"name": "X"}, "logo": "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"},
                                  {"programme": {}, "moment": {"name": "X"}, "logo": "geen base64!"},
                                  {"programme": {}, "moment": {"name": "X"}, "logo": ["a"]}])
def test_a_plan_in_a_strange_form_is_refused_and_changes_nothing(tmp_path, plan):
    store = Store(tmp_path / "kiosk")
    before = ensure_moment(store)
    with pytest.raises(ContributionError):
        adopt_plan(store, plan)
    assert store.settings() == before and not (tmp_path / "kiosk" / "logos").exists()
    store.close()


def test_a_programme_its_kiosks_brought_in_can_be_planned_too_and_becomes_the_teams(team, tmp_path):
    """A team that never set its programme up in the archive (its kiosks' moments made it) finds the planning form
    there too, told what planning does; the first plan makes it the team's, with its moments still in it."""
    archive = team.archive
    token = token_for(archive, "markt")
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.client.post("/api/moment", json={"theme": "Groen in de wijk", "name": "Markt Oost"},
                      headers={"X-CSRF-Token": kiosk.token})
    kiosk.contribute("Bloembakken op het plein")
    kiosk.sync(archive, token)
    address = f"{archive.url}/o/{ORGANISATION}/programme/groen-in-de-wijk"
    page = team.session.get(address, timeout=5).text
    assert "Een ontmoetingsmoment plannen" in page and "Een moment plannen maakt dit een programma van je team" in page
    assert team.plan("groen-in-de-wijk", name="Buurtfeest", kind="festival", date=SOON, kiosk="markt").status_code == 303
    page = team.session.get(address, timeout=5).text
    assert "Buurtfeest" in page and "Markt Oost" in page and "Een moment plannen maakt" not in page
    assert archive.store.planning.planned_programme("groen-in-de-wijk")["theme"] == "Groen in de wijk"
