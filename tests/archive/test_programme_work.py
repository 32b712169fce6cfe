"""The programme's own work in the archive: the team's theme exploration, shown and searched with what the kiosks
bring; and contact details kept only as long as the organisation says, then erased."""

import re

import pytest
import requests

from archive.retention import deadline
from netwerk.protocol import PROTOCOL_VERSION
from tests.harness.photos import jpeg
from tests.harness.server import ORGANISATION, ArchiveHere
from tests.harness.syncing import Kiosk
from tests.harness.team import Team, sign_in

HOME = f"/o/{ORGANISATION}"


def test_the_team_explores_the_theme_before_any_moment_and_it_is_shown_and_searched(team, tmp_path):
    archive = team.archive
    key = team.programme("Voedsel in de wijk", start="2027-03-01", end="2027-06-30")
    path = f"{HOME}/team/programmes/{key}/exploration"
    form = {"kind": "initiative", "text": "De voedselbank aan de Kanaalstraat deelt elke vrijdag groente uit.",
            "tags": "voedsel delen", "urls": "https://voedselbank.example.nl/kanaalstraat"}
    answer = team.session.post(archive.url + path, data=dict(form, csrf_token=team.csrf), allow_redirects=False,
                               files={"photo": ("kast.jpg", jpeg(600, 900, gps=True), "image/jpeg")}, timeout=10)
    assert answer.status_code == 303, answer.text
    bad = team.post(path, **dict(form, urls="javascript:alert(1)"))
    assert bad.status_code == 400 and "https://" in bad.text
    programme = requests.get(f"{archive.url}{HOME}/programme/{key}", timeout=10).text
    assert "Themaverkenning" in programme and "1 bijdrage" in programme
    found = requests.get(archive.url + "/search", params={"q": "kanaalstraat"}, timeout=10).text
    assert "voedselbank.example.nl/kanaalstraat" in found and 'rel="nofollow ugc noopener"' in found
    assert ">V1<" in found and "javascript:" not in found
    photo = re.search(r'src="(/media/[0-9a-f]{64}\.jpg)"', found).group(1)
    assert b"GPS" not in requests.get(archive.url + photo, timeout=10).content  # re-encoded, no position
    moments = requests.get(archive.url + "/api/v1/moments", params={"programme": key}, timeout=10).json()["items"]
    assert [(moment["kind"], moment["contributions"]) for moment in moments] == [("exploration", 1)]
    card = archive.store.views.contributions(words="kanaalstraat")[0]
    token = archive.add_kiosk("markt")
    claim = requests.post(archive.url + "/api/sync/batches", headers={"Authorization": f"Bearer {token}"}, timeout=10,
                          json={"version": PROTOCOL_VERSION, "batch_id": "b", "kiosk_db_id": "k", "seq": 1, "moment": {},
                                "records": [{"id": card["id"], "rev": 9, "deleted": False, "body": dict(
                                    {name: value for name, value in card.items()
                                     if name not in ("kiosk", "organisation", "number", "urls", "exploration")},
                                    text="Overgenomen", rev=9)}]})
    assert claim.status_code == 403, claim.text  # no kiosk token can take over the team's card


def test_a_viewer_cannot_add_to_the_exploration(team):
    key = team.programme("Voedsel in de wijk")
    token = team.archive.store.people.add_member("vera@example.org", ORGANISATION, "viewer")
    requests.post(f"{team.archive.url}/team/welcome/{token}", data={"password": "lang genoeg wachtwoord",
                                                                     "repeat": "lang genoeg wachtwoord"}, timeout=10)
    viewer, _ = sign_in(team.archive, "lang genoeg wachtwoord", laptop=31, who="vera@example.org")
    answer = viewer.get(f"{team.archive.url}{HOME}/team/programmes/{key}/exploration", allow_redirects=False, timeout=10)
    assert answer.status_code == 403


@pytest.mark.parametrize(("end", "months", "last"), [("2027-06-30", 6, "2027-12-30"), ("2027-08-31", 6, "2028-02-29"),
                                                     ("2027-01-31", 0, "2027-01-31"), (None, 6, None)])
def test_a_programme_keeps_its_contacts_its_months_after_its_end(end, months, last):
    assert deadline({"end": end, "keep_contacts": months}) == last


def test_contacts_of_a_programme_past_its_keeping_time_are_erased_and_the_team_is_told(archive, tmp_path, database):
    team = Team(archive)
    ended = team.programme("Voorbij", start="2020-01-01", end="2020-01-31", keep_contacts="6")
    running = team.programme("Loopt nog", start="2020-01-01", end="2099-12-31")
    for key, name in ((ended, "markt"), (running, "bieb")):
        kiosk = Kiosk(tmp_path / name)
        kiosk.client.post("/api/moment", json={"theme": key, "name": name, "programme_id": key},
                          headers={"X-CSRF-Token": kiosk.token})
        kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": f"Wie doet mee met {name}?",
                                                      "contact": f"buur@{name}.nl", "contact_consent": True})
        kiosk.sync(archive, archive.add_kiosk(name))
    contacts = team.session.get(f"{archive.url}{HOME}/team/contacts", timeout=10).text
    assert "buur@markt.nl" in contacts and "buur@bieb.nl" in contacts
    assert "31 juli 2020" in contacts and "31 december 2099" not in contacts and "30 juni 2100" in contacts
    programme = team.session.get(f"{archive.url}{HOME}/programme/{running}", timeout=10).text
    assert "worden gewist na 30 juni 2100" in programme
    archive.stop()  # the archive starts again: its first request sweeps
    again = ArchiveHere(archive.data_dir, database=database).start()
    try:
        requests.get(again.url + "/", timeout=10)
        left = [row["contact"] for row in again.store.views.contacts(ORGANISATION)]
        assert left == ["buur@bieb.nl"]
        assert ("archive", "contacts-erased", "1") in [(row["member"], row["action"], row["subject"])
                                                        for row in again.store.people.changes(ORGANISATION)]
        if database is None:
            assert b"buur@markt.nl" not in (archive.data_dir / "archive.sqlite").read_bytes()
    finally:
        again.stop()
        archive.start()  # for the fixture's own stop
