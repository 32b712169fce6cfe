"""The archive's pages after a real sync: programmes, a moment's page, search in Dutch and English, exports."""

import csv
import io
import re

import pytest
import requests

from tests.photos import jpeg
from tests.syncing import Kiosk, token_for

pytestmark = pytest.mark.slow


@pytest.fixture
def synced(archive, tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.client.post("/api/moment", json={"theme": "Duurzaam samenleven", "period": "voorjaar 2027",
                                           "name": "Markt Oost", "kind": "market", "date": "2027-04-12"},
                      headers={"X-CSRF-Token": kiosk.token})
    items = [kiosk.contribute(text) for text in (
        "Een moestuin op het schoolplein", "Repair café in de bibliotheek", "<script>alert(1)</script> idee",
        "Verborgen bijdrage", "Gewist op verzoek")]
    kiosk.moderate(items[3], "hide")
    kiosk.moderate(items[4], "delete")
    kiosk.sync(archive, token_for(archive, "markt"))
    return archive, kiosk, items


def page(archive, path):
    answer = requests.get(archive.url + path, timeout=5)
    assert answer.status_code == 200
    return answer.text


def test_the_home_page_lists_programmes_and_their_moments(synced):
    archive, kiosk, _ = synced
    home = page(archive, "/")
    assert "Duurzaam samenleven" in home and "voorjaar 2027" in home and "Markt Oost" in home
    assert "1 ontmoetingsmoment, 3 bijdragen" in home


def test_a_moments_page_shows_its_visible_contributions_escaped(synced):
    archive, kiosk, items = synced
    moment = page(archive, f"/search?event={items[0]['event_id']}")
    assert "Een moestuin op het schoolplein" in moment and "&lt;script&gt;alert(1)&lt;/script&gt;" in moment
    assert "<script>alert" not in moment and "Verborgen bijdrage" not in moment and "Gewist" not in moment


@pytest.mark.parametrize("words, found", [
    ("moestuin", ["Een moestuin op het schoolplein"]),
    ("cafe", ["Repair café in de bibliotheek"]),  # accents folded
    ("SCHOOLPLEIN moestuin", ["Een moestuin op het schoolplein"]),
    ('"moestuin*) (', ["Een moestuin op het schoolplein"]),  # FTS syntax is not offered, and cannot break
    ("verborgen", []),
])
def test_search_finds_words_in_dutch_and_english_and_never_breaks(synced, words, found):
    archive, _, _ = synced
    items = requests.get(archive.url + "/export.json", params={"q": words}, timeout=5).json()["items"]
    assert [item["text"] for item in items] == found


def test_any_view_exports_as_csv_for_excel(synced):
    archive, _, _ = synced
    answer = requests.get(archive.url + "/export.csv", params={"kind": "idea", "q": "bibliotheek"}, timeout=5)
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["text"] for row in rows] == ["Repair café in de bibliotheek"] and rows[0]["kiosk"] == "markt"


def test_photos_show_in_the_archive_as_on_the_wall(archive, tmp_path):
    kiosk = Kiosk(tmp_path / "kiosk")
    item = kiosk.contribute("Met foto", photo=jpeg(colour="seagreen"))
    kiosk.sync(archive, token_for(archive, "markt"))
    assert f'src="{item["photo"]}"' in page(archive, f"/search?event={item['event_id']}")
    photo = requests.get(archive.url + item["photo"], timeout=5)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    assert requests.get(archive.url + "/media/../archive.sqlite", timeout=5).status_code == 404


def test_a_kiosk_without_theme_or_name_reads_as_words_not_none(team, tmp_path):
    """A facilitator who set nothing up still gets pages a person can read, in their language, with plurals."""
    archive = team.archive
    kiosk = Kiosk(tmp_path / "kiosk")
    item = kiosk.contribute("Een bankje bij de bushalte", photo=jpeg())
    kiosk.moderate(item, "pin")
    kiosk.sync(archive, token_for(archive, "markt"))
    signed_in = team.session
    pages = {path: signed_in.get(archive.url + path, timeout=5) for path in (
        "/", "/programme/zonder-thema", f"/search?event={item['event_id']}", "/team/log", "/team")}
    for path, answer in pages.items():
        assert answer.status_code == 200, path
        text = answer.text
        assert "None" not in text and ">—<" not in text, path
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text.replace(item["created_at"], "")), path
    assert "Zonder thema" in pages["/"].text and "1 ontmoetingsmoment, 1 bijdrage" in pages["/"].text
    assert "<h1>Ontmoetingsmoment</h1>" in pages[f"/search?event={item['event_id']}"].text
    english = signed_in.get(archive.url + "/team/log?lang=en", timeout=5).text
    assert re.search(r"<td>[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d\s?[AP]M</td>", english), english
    dutch = signed_in.get(archive.url + "/team/log?lang=nl", timeout=5).text
    months = "jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec"
    assert re.search(rf"<td>\d{{1,2}} ({months})\.? \d{{4}}( om)?,? \d\d:\d\d:\d\d</td>", dutch), dutch
