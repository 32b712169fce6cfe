"""Many organisations in one archive: each with its own kiosks, members and programmes, their team sides apart, their
outcomes side by side; and an archive of the release before organisations, upgraded with nothing lost."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from archive.people import LINK_LIFETIME
from netwerk.protocol import PROTOCOL_VERSION
from tests.harness.phones import phone_session
from tests.harness.postgres import pg_binary
from tests.harness.server import ORGANISATION, ArchiveHere, ArchiveProcess
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import PASSWORD, sign_in

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "archive-0.2.0"
A, B = f"/o/{ORGANISATION}", "/o/utrecht"


def filled(kiosk: Kiosk, place: str) -> dict:
    """A moment of ``place``: a shown card, a hidden one, one with a consented contact, and the moderation."""
    shown = kiosk.contribute(f"Moestuin in {place}", tags="groen")
    hidden = kiosk.contribute(f"Verborgen uit {place}")
    kiosk.moderate(hidden, "hide")
    asked = kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": f"Wie helpt in {place}?",
                                                          "contact": f"buur@{place.lower()}.nl",
                                                          "contact_consent": True}).get_json()
    return {"shown": shown, "hidden": hidden, "asked": asked}


def member(archive, email: str, organisation: str, role: str, laptop: int) -> requests.Session:
    """Give a person a role, let them set their password through their first-time link, and sign them in."""
    token = archive.store.people.add_member(email, organisation, role)
    if token:
        with phone_session(laptop) as browser:
            answer = browser.post(f"{archive.url}/team/welcome/{token}", data={"password": PASSWORD, "repeat": PASSWORD},
                                  allow_redirects=False, timeout=10)
            assert answer.status_code == 303, answer.text
    session, answer = sign_in(archive, laptop=laptop, who=email)
    assert answer.status_code == 303, answer.text
    return session


@pytest.fixture
def two(archive, tmp_path):
    """Two organisations that each synced a moment from a kiosk of their own."""
    archive.set_password(PASSWORD)
    archive.add_organisation("utrecht", name="Gemeente Utrecht", lang="en", colour="#aa3355")
    oost, stad = Kiosk(tmp_path / "oost"), Kiosk(tmp_path / "stad")
    items = {"A": filled(oost, "Oost"), "B": filled(stad, "Utrecht")}
    oost.sync(archive, token_for(archive, "markt"))
    stad.sync(archive, archive.add_kiosk("stad", "utrecht"))
    return archive, items, {"A": oost, "B": stad}


def test_a_member_sees_and_changes_only_their_own_organisations_team_side(two):
    archive, items, _ = two
    alice = member(archive, "alice@oost.nl", ORGANISATION, "owner", 11)
    assert "Verborgen uit Oost" in alice.get(archive.url + f"{A}/team/log", timeout=5).text
    for path in (f"{B}/team", f"{B}/team/log", f"{B}/team/contacts", f"{B}/team/contacts.csv", f"{B}/team/members"):
        assert alice.get(archive.url + path, allow_redirects=False, timeout=5).status_code == 403, path
    search = alice.get(archive.url + "/search", timeout=5).text
    assert "Verborgen uit Oost" in search and "Verborgen uit Utrecht" not in search  # her own hidden card, marked
    for path in ("/export.csv", "/export.json", "/search?organisation=utrecht", "/api/contributions"):
        assert "Verborgen uit Utrecht" not in alice.get(archive.url + path, timeout=5).text, path
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', alice.get(archive.url + "/team", timeout=5).text).group(1)
    for path in (f"{B}/team/programmes", f"{B}/team/members"):
        answer = alice.post(archive.url + path, data={"theme": "Overname", "email": "x@y.nl", "role": "owner",
                                                      "csrf_token": csrf}, allow_redirects=False, timeout=5)
        assert answer.status_code == 403, path
    assert archive.store.planning.planned_programmes("utrecht") == []
    assert archive.store.people.members("utrecht") == []


def test_a_person_in_both_sees_each_organisations_team_pages_only_under_it(two):
    archive, _, _ = two
    carol = member(archive, "carol@example.org", ORGANISATION, "viewer", 12)
    archive.store.people.add_member("carol@example.org", "utrecht", "editor")  # she has a password already
    log_a = carol.get(archive.url + f"{A}/team/log", timeout=5).text
    log_b = carol.get(archive.url + f"{B}/team/log", timeout=5).text
    assert "Verborgen uit Oost" in log_a and "Verborgen uit Utrecht" not in log_a
    assert "Verborgen uit Utrecht" in log_b and "Verborgen uit Oost" not in log_b
    assert carol.get(archive.url + f"{A}/team/contacts", allow_redirects=False, timeout=5).status_code == 403  # viewer
    contacts_b = carol.get(archive.url + f"{B}/team/contacts", timeout=5).text
    assert "buur@utrecht.nl" in contacts_b and "buur@oost.nl" not in contacts_b
    mine = carol.get(archive.url + "/team", timeout=5).text
    assert "Buurtnetwerk" in mine and "Gemeente Utrecht" in mine


def test_a_kiosk_token_writes_and_pulls_only_in_its_own_organisation(two):
    archive, items, kiosks = two
    token = archive.store.renew_token("markt")  # Oost's kiosk
    theirs = kiosks["B"].store.changes_since(0)[0]
    borrowed = {"id": theirs["id"], "rev": theirs["rev"] + 1, "deleted": False,
                "body": dict(theirs, text="Overgenomen door Oost", rev=theirs["rev"] + 1)}
    batch = {"version": PROTOCOL_VERSION, "kiosk_db_id": "ander", "batch_id": "b-1", "seq": 1, "moment": {},
             "records": [borrowed]}
    answer = requests.post(archive.url + "/api/sync/batches", json=batch, timeout=10,
                           headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403 and "another kiosk" in answer.json()["error"]
    archive.store.planning.add_programme("utrecht", "stad", "Stad")
    archive.store.planning.plan_moment("stad", "Markt", "market", "2099-01-01", "", "stad")
    pulled = requests.get(archive.url + "/api/sync/plan", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert pulled.status_code == 404  # Utrecht's planning is not Oost's kiosk's
    organisations = {item["text"]: item["organisation"] for item in requests.get(
        archive.url + "/api/contributions", timeout=5).json()["items"]}
    assert organisations == {"Moestuin in Oost": ORGANISATION, "Wie helpt in Oost?": ORGANISATION,
                             "Moestuin in Utrecht": "utrecht", "Wie helpt in Utrecht?": "utrecht"}


def test_the_public_pages_show_every_organisation_in_its_own_language_and_look(two):
    archive, _, _ = two
    platform = requests.get(archive.url + "/", timeout=5).text
    assert "Buurtnetwerk" in platform and "Gemeente Utrecht" in platform and "--accent: #aa3355" in platform
    home_b = requests.get(archive.url + f"{B}/", timeout=5).text
    assert '<html lang="en">' in home_b and "--accent: #aa3355" in home_b and "CC BY 4.0" in home_b
    assert 'name="organisation" value="utrecht"' in home_b  # its search searches within it
    search = requests.get(archive.url + "/search?q=moestuin", timeout=5).text
    assert "</mark> in Oost" in search and "</mark> in Utrecht" in search
    assert re.search(r"Gemeente Utrecht <span class=\"facet__count\">1</span>", search)
    within = requests.get(archive.url + "/search?q=moestuin&organisation=utrecht", timeout=5).text
    assert "</mark> in Utrecht" in within and "in Oost" not in within
    assert requests.get(archive.url + "/o/bestaat-niet/", timeout=5).status_code == 404


def test_a_first_time_link_works_once_and_in_time_and_every_change_is_on_record(archive):
    archive.set_password(PASSWORD)
    archive.add_organisation("utrecht", name="Gemeente Utrecht")
    printed = archive.command_line("add-member", "Dana@Utrecht.nl", "--organisation", "utrecht", "--role", "editor",
                                   "--url", archive.url)
    link = printed.splitlines()[-1]
    assert link.startswith(archive.url + "/team/welcome/")
    assert "dana@utrecht.nl" in requests.get(link, timeout=5).text
    short = requests.post(link, data={"password": "kort", "repeat": "kort"}, timeout=5)
    assert short.status_code == 400 and "minstens 10 tekens" in short.text
    assert requests.post(link, data={"password": PASSWORD, "repeat": PASSWORD}, allow_redirects=False,
                         timeout=5).status_code == 303
    assert requests.post(link, data={"password": "een ander wachtwoord", "repeat": "een ander wachtwoord"},
                         timeout=5).status_code == 404  # once
    dana, answer = sign_in(archive, laptop=13, who="dana@utrecht.nl")
    assert answer.status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', dana.get(archive.url + "/team", timeout=5).text).group(1)
    assert dana.post(archive.url + f"{B}/team/programmes", data={"theme": "Groen in de stad", "csrf_token": csrf},
                     allow_redirects=False, timeout=5).status_code == 303
    record = dana.get(archive.url + f"{B}/team/log", timeout=5).text
    assert re.search(r"<td>dana@utrecht.nl</td><td>programme: Groen in de stad</td>", record)
    assert re.search(r"<td>admin</td><td>add-member: dana@utrecht.nl \(editor\)</td>", record)
    late = archive.store.people.add_member("eve@utrecht.nl", "utrecht", "viewer")
    archive.store.db.run("UPDATE invitations SET expires = expires - %s", (LINK_LIFETIME + 1,))
    assert requests.get(f"{archive.url}/team/welcome/{late}", timeout=5).status_code == 404  # too late
    assert sign_in(archive, "een geraden wachtwoord", laptop=14, who="eve@utrecht.nl")[1].status_code == 401


def _release_0_2_0(database: str | None, folder: Path) -> dict:
    """The archive fixture made with release 0.2.0 (tests/data/archive-0.2.0/make.py), put in place."""
    made = FIXTURE / ("postgresql" if database else "sqlite")
    shutil.copytree(made, folder, ignore=shutil.ignore_patterns("*.sql", "*.json"))
    if database:
        subprocess.run([pg_binary("psql"), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(made / "postgresql.sql"), database],
                       check=True, capture_output=True)
    return json.loads((made / "expected.json").read_text())


def test_an_archive_of_release_0_2_0_keeps_every_page_token_and_count(database, tmp_path):
    expected = _release_0_2_0(database, tmp_path / "archive")
    archive = ArchiveHere(tmp_path / "archive", database=database).start()
    try:
        bearer = {"Authorization": f"Bearer {expected['token']}"}
        assert requests.get(archive.url + "/api/sync/checkpoint", headers=bearer, timeout=5).json()["acked_seq"] > 0
        assert requests.get(archive.url + "/api/sync/plan", headers=bearer, timeout=5).status_code == 200
        old = requests.get(f"{archive.url}/programme/{expected['programme']}", timeout=5)
        assert old.history[0].status_code == 301 and old.url == f"{archive.url}/o/netwerk/programme/samen-wonen"
        assert "Samen wonen" in old.text and "Markt Oost" in old.text
        printed = requests.get(f"{archive.url}/programme/{expected['programme']}/exhibition?pick=all&size=A3", timeout=5)
        assert printed.url == f"{archive.url}/o/netwerk/programme/samen-wonen/exhibition?pick=all&size=A3"
        items = requests.get(archive.url + "/export.json", timeout=5).json()["items"]
        assert len(items) == expected["visible"] and {item["organisation"] for item in items} == {"netwerk"}
        photo = next(item["photo"] for item in items if item.get("photo"))
        assert requests.get(archive.url + photo, timeout=5).status_code == 200
        admin, answer = sign_in(archive, expected["password"])  # an admin password of 0.2.0 (scrypt) signs in
        assert answer.status_code == 303
        log = admin.get(archive.url + "/o/netwerk/team/log", timeout=5).text
        assert len(re.findall(r"<td>(Verbergen|Vastzetten)</td>", log)) == expected["moderation"]
        assert expected["contact"] in admin.get(archive.url + "/o/netwerk/team/contacts", timeout=5).text
        assert len(admin.get(archive.url + "/search?organisation=netwerk", timeout=5).text.split('class="archived '))\
            == expected["visible"] + expected["hidden"] + 1
    finally:
        archive.stop()


def test_the_first_organisation_is_named_by_the_setting(tmp_path):
    _release_0_2_0(None, tmp_path / "archive")
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "archive", "add-kiosk", "nieuw",
               "--data", str(tmp_path / "archive")]
    added = subprocess.run(command, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "NETWERKKIOSK_ARCHIVE_ORGANISATION": "Gemeente Utrecht"})
    assert added.returncode == 0, added.stderr
    archive = ArchiveHere(tmp_path / "archive").start()
    try:
        assert [found["slug"] for found in archive.store.organisations.all()] == ["gemeente-utrecht"]
        assert archive.store.kiosks("gemeente-utrecht") == ["markt", "nieuw"]
    finally:
        archive.stop()


def test_a_member_who_leaves_loses_that_organisation_at_the_next_click_and_keeps_the_other(two):
    archive, _, _ = two
    carol = member(archive, "carol@example.org", ORGANISATION, "editor", 15)
    archive.store.people.add_member("carol@example.org", "utrecht", "viewer")
    alice = member(archive, "alice@oost.nl", ORGANISATION, "owner", 16)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', alice.get(archive.url + "/team", timeout=5).text).group(1)
    assert "carol@example.org" in alice.get(archive.url + f"{A}/team/members", timeout=5).text
    answer = alice.post(archive.url + f"{A}/team/members/remove", data={"email": "carol@example.org", "csrf_token": csrf},
                        allow_redirects=False, timeout=5)
    assert answer.status_code == 303
    assert carol.get(archive.url + f"{A}/team/log", allow_redirects=False, timeout=5).status_code == 403
    assert carol.get(archive.url + f"{B}/team/log", allow_redirects=False, timeout=5).status_code == 200
    assert "remove-member: carol@example.org" in alice.get(archive.url + f"{A}/team/log", timeout=5).text


def _image(size: tuple[int, int], kind: str) -> bytes:
    """A logo as an owner has one: a transparent PNG with a coloured band, or a photo of a sign (JPEG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA" if kind == "PNG" else "RGB", size, (0, 0, 0, 0) if kind == "PNG" else "white")
    ImageDraw.Draw(image).rectangle((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill="#225588")
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def test_an_owner_gives_the_organisation_its_look_and_logo_and_an_editor_cannot(two):
    from PIL import Image

    archive, _, _ = two
    owner = member(archive, "bob@utrecht.nl", "utrecht", "owner", 13)
    editor = member(archive, "dana@utrecht.nl", "utrecht", "editor", 14)

    def change(session: requests.Session, logo: tuple | None = None, **form: str) -> requests.Response:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', session.get(archive.url + "/team", timeout=5).text)
        look = {"name": "Gemeente Utrecht", "lang": "nl", "description": "Samen de stad maken.", "colour": "#225588",
                "licence": "CC0 1.0", "csrf_token": csrf.group(1), **form}
        return session.post(archive.url + f"{B}/team/organisation", data=look, files={"logo": logo} if logo else None,
                            allow_redirects=False, timeout=10)

    assert change(owner, ("logo.png", _image((1200, 400), "PNG"), "image/png")).status_code == 303
    home = requests.get(archive.url + f"{B}/", timeout=5).text
    assert '<html lang="nl">' in home and "--accent: #225588" in home and "CC0 1.0" in home
    address = re.search(r'class="organisation__logo" src="(/logos/[0-9a-f]{32}\.png)"', home).group(1)
    assert address in requests.get(archive.url + "/", timeout=5).text  # the platform's home shows it too
    logo = requests.get(archive.url + address, timeout=5)
    assert logo.headers["Content-Type"] == "image/png" and "max-age=31536000" in logo.headers["Cache-Control"]
    shown = Image.open(io.BytesIO(logo.content))
    assert shown.size == (320, 107) and shown.mode == "RGBA" and shown.getpixel((0, 0))[3] == 0  # still see-through
    # A photo of a sign, upright: another logo, the first one's file gone.
    assert change(owner, ("bord.jpg", _image((600, 900), "JPEG"), "image/jpeg")).status_code == 303
    assert requests.get(archive.url + address, timeout=5).status_code == 404
    portrait = re.search(r'src="(/logos/[0-9a-f]{32}\.png)"', requests.get(archive.url + f"{B}/", timeout=5).text)
    assert Image.open(io.BytesIO(requests.get(archive.url + portrait.group(1), timeout=5).content)).size == (213, 320)
    # What is no image is refused, saying so, and nothing changes; an editor changes nothing.
    refused = change(owner, ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                             "image/svg+xml"), name="Overgenomen")
    assert refused.status_code == 415 and "JPEG, PNG" in refused.text
    assert change(editor, name="Overgenomen").status_code == 403
    assert archive.store.organisations.get("utrecht")["name"] == "Gemeente Utrecht"
    assert change(owner, no_logo="1").status_code == 303
    assert "organisation__logo" not in requests.get(archive.url + f"{B}/", timeout=5).text
    assert requests.get(archive.url + portrait.group(1), timeout=5).status_code == 404
    done = [(change["member"], change["action"]) for change in archive.store.people.changes("utrecht")]
    assert done.count(("bob@utrecht.nl", "change-organisation")) == 3


def test_add_organisation_takes_a_logo_and_refuses_a_file_that_is_none(tmp_path):
    logo, text = tmp_path / "logo.webp", tmp_path / "logo.txt"
    from PIL import Image

    Image.new("RGB", (800, 800), "#aa3355").save(logo, "WEBP")
    text.write_text("geen plaatje")
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "archive", "add-organisation", "--data",
               str(tmp_path / "archive")]
    refused = subprocess.run([*command, "zwolle", "--name", "Zwolle", "--logo", str(text)], capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode != 0 and "JPEG, PNG" in refused.stderr + refused.stdout
    added = subprocess.run([*command, "zwolle", "--name", "Zwolle", "--logo", str(logo)], capture_output=True,
                           text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    from archive.store import ArchiveStore

    store = ArchiveStore(tmp_path / "archive")
    try:
        name = store.organisations.get("zwolle")["logo"]
        with Image.open(store.logos.path(name)) as shown:
            assert shown.size == (320, 320)
    finally:
        store.close()


def test_an_editor_hides_a_card_in_the_archive_and_no_later_sync_undoes_it(two):
    from archive.bundles import bundle_fields

    archive, items, kiosks = two
    editor = member(archive, "eva@oost.nl", ORGANISATION, "editor", 15)
    viewer = member(archive, "vic@oost.nl", ORGANISATION, "viewer", 16)
    card = items["A"]["shown"]
    key = archive.store.bundles.make(bundle_fields({"title": "Groen in de wijk"}), ORGANISATION, "eva@oost.nl")
    assert archive.store.bundles.add(key, card["id"], ORGANISATION, "eva@oost.nl")
    search = editor.get(archive.url + "/search?q=moestuin", timeout=5).text
    form = re.search(rf'<form class="archived__moderate" method="post" action="([^"]+/{card["id"]}/hide)">\s*'
                     r'<input type="hidden" name="csrf_token" value="([^"]+)">', search)
    assert form and f"/{items['B']['shown']['id']}/" not in search  # only her own organisation's cards
    answer = editor.post(archive.url + form.group(1), data={"csrf_token": form.group(2), "next": "/search?q=moestuin"},
                         allow_redirects=False, timeout=5)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/search?q=moestuin")

    def public() -> str:
        """Every public place a card is shown: its text (the search marks the words it found), or its id."""
        return "".join(requests.get(archive.url + path, timeout=5).text for path in (
            "/search?q=oost", "/api/v1/contributions", f"{A}/feed.atom", f"/bundle/{key}", "/export.csv"))

    assert "Moestuin in Oost" not in public() and card["id"] not in public() and "Moestuin in Utrecht" in public()
    assert f'data-id="{card["id"]}"' in editor.get(archive.url + "/search?q=moestuin", timeout=5).text  # the team's
    # The kiosk pins it later and syncs: a new revision, still hidden in the archive.
    kiosks["A"].moderate(card, "pin")
    kiosks["A"].sync(archive, archive.store.renew_token("markt"))
    assert archive.store.views.contributions(hidden=[ORGANISATION], words="moestuin oost")[0]["pinned"]
    assert "Moestuin in Oost" not in public()
    # A viewer may not; nobody of Oost touches Utrecht's cards.
    csrf = form.group(2)
    assert viewer.post(archive.url + form.group(1).replace("/hide", "/show"), data={"csrf_token": csrf},
                       allow_redirects=False, timeout=5).status_code == 403
    theirs = items["B"]["shown"]["id"]
    for org in (ORGANISATION, "utrecht"):
        answer = editor.post(f"{archive.url}/o/{org}/team/contributions/{theirs}/hide", data={"csrf_token": csrf},
                             allow_redirects=False, timeout=5)
        assert answer.status_code in (403, 404), org
    assert "Moestuin in Utrecht" in public()
    # Shown again by the team: public again, as its kiosk has it (the bundle it left, it has left).
    assert editor.post(archive.url + form.group(1).replace("/hide", "/show"), data={"csrf_token": csrf},
                       allow_redirects=False, timeout=5).status_code == 303
    assert "Moestuin in Oost" in public() and f'data-id="{card["id"]}"' in public()
    done = [(change["member"], change["action"]) for change in archive.store.people.changes(ORGANISATION)]
    assert ("eva@oost.nl", "hide") in done and ("eva@oost.nl", "show") in done


def test_a_light_colour_is_darkened_just_enough_to_read_and_a_dark_one_is_kept():
    from archive.organisations import _contrast_with_white, readable_colour
    assert readable_colour("#1f6f5c") == "#1f6f5c"
    for light in ("#f0c419", "#ffffff", "#3aa58c", "#7fdbff"):
        darker = readable_colour(light)
        rgb = [int(darker[n:n + 2], 16) for n in (1, 3, 5)]
        assert 4.5 <= _contrast_with_white(*rgb) < 5.2, (light, darker)  # AA, and not much darker than needed


def test_migrate_check_says_what_the_upgrade_of_release_0_2_0_will_do_and_changes_nothing(database, tmp_path):
    _release_0_2_0(database, tmp_path / "archive")
    archive = ArchiveProcess(tmp_path / "archive", database=database)
    told = archive.command_line("migrate", "--check")
    assert told.splitlines()[0] == "The next start runs 6 migrations, each in one transaction (back up first):"
    assert told.splitlines()[1] == "  6. organisations and their members; what the archive held becomes the first " \
                                   "organisation's" and len(told.splitlines()) == 7
    assert archive.command_line("migrate", "--check") == told  # nothing changed
    assert archive.command_line("migrate") == "The archive is up to date."
    assert archive.command_line("migrate", "--check") == "The archive is up to date: nothing to do."
