"""The archive's pages after a real sync: programmes, a moment's page, search in Dutch and English, exports."""

import csv
import io

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
    assert "1 ontmoetingsmomenten, 3 bijdragen" in home


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
