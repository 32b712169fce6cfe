"""The archive's team-only side, on a real archive process: the admin password, hidden contributions,
the moderation log and the consented contacts; and the search form's tag and date filters."""

import csv
import io
import re
import shutil

import pytest
import requests

from tests.harness.server import ORGANISATION
from tests.harness.syncing import Kiosk, renewed_token, token_for
from tests.harness.team import PASSWORD, set_password, sign_in

ORG = f"/o/{ORGANISATION}"


@pytest.fixture
def synced(archive, tmp_path):
    archive.set_password(PASSWORD)
    kiosk = Kiosk(tmp_path / "kiosk")
    shown = kiosk.contribute("Buurtmoestuin aan de haven", tags="groen haven")
    hidden = kiosk.contribute("Dit hoort niet op de muur")
    kiosk.moderate(hidden, "hide")
    asked = kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": "Wie bouwt mee aan de bank?",
                                                          "contact": "=HYPERLINK(\"x\")@example.org",
                                                          "contact_consent": True}).get_json()
    kiosk.sync(archive, token_for(archive, "markt"))
    return archive, kiosk, {"shown": shown, "hidden": hidden, "asked": asked}


def test_the_public_never_sees_hidden_contributions_the_log_or_contacts(synced):
    archive, _, items = synced
    for path in ("/team", f"{ORG}/team/log", f"{ORG}/team/contacts", f"{ORG}/team/contacts.csv"):
        answer = requests.get(archive.url + path, allow_redirects=False, timeout=5)
        assert answer.status_code == 302 and "/team/signin?next=" in answer.headers["Location"]
    search = requests.get(archive.url + "/search", timeout=5).text
    assert "Buurtmoestuin" in search and "Dit hoort niet" not in search
    assert "Dit hoort niet" not in requests.get(archive.url + "/export.json", timeout=5).text


def test_a_signed_in_team_sees_hidden_contributions_marked_the_log_and_contacts(synced):
    archive, _, items = synced
    session, answer = sign_in(archive)
    assert answer.status_code == 303 and answer.headers["Location"] == "/team"
    with session:
        search = session.get(archive.url + "/search", timeout=5)
        assert search.headers["Cache-Control"] == "private, no-store"
        marked = re.search(r'<div class="archived archived--hidden">(.*?)</div>', search.text, re.S).group(1)
        assert "Dit hoort niet op de muur" in marked and "Verborgen" in marked
        log = session.get(archive.url + f"{ORG}/team/log", timeout=5).text
        assert re.search(r"<td>Verbergen</td>\s*<td>Dit hoort niet op de muur</td>", log)
        contacts = session.get(archive.url + f"{ORG}/team/contacts", timeout=5).text
        assert "=HYPERLINK(&#34;x&#34;)@example.org" in contacts and "Wie bouwt mee aan de bank?" in contacts
        rows = list(csv.DictReader(io.StringIO(session.get(archive.url + f"{ORG}/team/contacts.csv", timeout=5)
                                               .content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0]["Contact"] == "'=HYPERLINK(\"x\")@example.org"  # inert in Excel
        exported = session.get(archive.url + "/export.csv", timeout=5).content.decode("utf-8-sig")
        statuses = {row["Tekst"]: row["Stand"] for row in csv.DictReader(io.StringIO(exported), delimiter=";")}
        assert statuses["Dit hoort niet op de muur"] == "Verborgen"
        assert "Dit hoort niet" not in session.get(archive.url + "/api/contributions", timeout=5).text


def test_moderation_after_a_sync_reaches_the_archives_log_once(synced):
    archive, kiosk, items = synced
    kiosk.moderate(items["shown"], "pin")
    kiosk.client.post("/api/moderation/undo", headers={"X-CSRF-Token": kiosk.token})
    kiosk.moderate(items["asked"], "delete")
    token = renewed_token(archive, "markt")  # a lost token renewed: the same kiosk, so nothing it brought is foreign
    kiosk.sync(archive, token)
    shutil.copytree(kiosk.store.folder, archive.data_dir.parent / "copy")
    Kiosk(archive.data_dir.parent / "copy").sync(archive, token)  # a copied folder resends all: no doubles
    session, _ = sign_in(archive)
    with session:
        log = session.get(archive.url + f"{ORG}/team/log", timeout=5).text
    actions = re.findall(r"<tr><td>[^<]*</td><td>([^<]+)</td>", log)
    assert sorted(actions) == sorted(["Verbergen", "Vastzetten", "Ongedaan maken", "Verwijderen op verzoek"])
    assert "Wie bouwt mee" not in log and "Verwijderen op verzoek" in log


def test_a_wrong_password_is_refused_and_guessing_slows_down(synced):
    archive, _, _ = synced
    for _ in range(5):
        session, answer = sign_in(archive, "niet het wachtwoord", laptop=9)
        session.close()
        assert answer.status_code == 401 and "komen niet overeen" in answer.text
    session, answer = sign_in(archive, PASSWORD, laptop=9)
    session.close()
    assert answer.status_code == 429 and "seconden" in answer.text
    session, answer = sign_in(archive, PASSWORD, laptop=10)
    session.close()
    assert answer.status_code == 303  # another laptop is not locked out


def test_signing_out_needs_the_csrf_token_and_a_new_password_signs_everyone_out(synced):
    archive, _, _ = synced
    session, _ = sign_in(archive)
    with session:
        assert session.post(archive.url + "/team/signout", allow_redirects=False, timeout=5).status_code == 403
        assert session.get(archive.url + "/team", allow_redirects=False, timeout=5).status_code == 200
        assert set_password(archive, "een ander lang wachtwoord").returncode == 0
        assert session.get(archive.url + "/team", allow_redirects=False, timeout=5).status_code == 302
        short = set_password(archive, "kort")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr


def test_without_a_password_nobody_can_sign_in(archive):
    page = requests.get(archive.url + "/team/signin", timeout=5).text
    assert "netwerkkiosk archive set-password" in page
    session, answer = sign_in(archive, "")
    session.close()
    assert answer.status_code == 401


def test_the_search_form_filters_by_tag_and_date(synced):
    archive, kiosk, items = synced
    day = items["shown"]["created_at"][:10]
    found = requests.get(archive.url + "/export.json", params={"tag": "haven"}, timeout=5).json()["items"]
    assert [item["text"] for item in found] == ["Buurtmoestuin aan de haven"]
    assert requests.get(archive.url + "/export.json", params={"from": "2999-01-01"}, timeout=5).json()["items"] == []
    both = requests.get(archive.url + "/export.json", params={"from": day, "to": day}, timeout=5).json()["items"]
    assert len(both) == 2
    form = requests.get(archive.url + "/search", params={"tag": "groen"}, timeout=5).text
    assert '<option value="haven">' in form and 'value="groen"' in form and "Buurtmoestuin" in form


def test_a_programme_has_its_own_page(synced, tmp_path):
    archive, _, _ = synced
    kiosk = Kiosk(tmp_path / "zuid")
    kiosk.client.post("/api/moment", json={"theme": "Samen Léven in Zuid", "name": "Markt"},
                      headers={"X-CSRF-Token": kiosk.token})
    kiosk.contribute("Nog een idee")
    kiosk.sync(archive, token_for(archive, "zuid"))
    home = requests.get(archive.url + "/", timeout=5).text
    assert f'href="{ORG}/programme/samen-leven-in-zuid"' in home
    page = requests.get(archive.url + f"{ORG}/programme/samen-leven-in-zuid", timeout=5).text
    assert "Samen Léven in Zuid" in page and "Markt" in page
    assert requests.get(archive.url + f"{ORG}/programme/bestaat-niet", timeout=5).status_code == 404
    moved = requests.get(archive.url + "/programme/samen-leven-in-zuid/report", allow_redirects=False, timeout=5)
    assert (moved.status_code, moved.headers["Location"]) == (301, f"{ORG}/programme/samen-leven-in-zuid/report")
    api = requests.get(archive.url + "/api/contributions", params={"programme": "samen-leven-in-zuid"}, timeout=5)
    assert [item["text"] for item in api.json()["items"]] == ["Nog een idee"]
    assert requests.get(archive.url + "/api/contributions", params={"programme": "bestaat-niet"},
                        timeout=5).json()["items"] == []
    view = requests.get(archive.url + "/search", params={"programme": "samen-leven-in-zuid", "q": "idee"}, timeout=5)
    assert "<h1>Samen Léven in Zuid</h1>" in view.text and 'name="programme" value="samen-leven-in-zuid"' in view.text
