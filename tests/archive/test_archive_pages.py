"""The archive's pages after a real sync: programmes, a moment's page, search in Dutch and English, exports."""

import csv
import io
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.harness.day import KINDS, day_texts
from tests.harness.photos import jpeg
from tests.harness.server import ORGANISATION
from tests.harness.syncing import Kiosk, renewed_token, token_for


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
    home = page(archive, f"/o/{ORGANISATION}/")
    assert "Duurzaam samenleven" in home and "voorjaar 2027" in home and "Markt Oost" in home
    assert "1 ontmoetingsmoment, 3 bijdragen" in home
    platform = page(archive, "/")  # the platform lists the organisation, its programme and its newest outcomes
    assert "Buurtnetwerk" in platform and "Duurzaam samenleven" in platform and "Een moestuin op het" in platform


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
    assert [row["Tekst"] for row in rows] == ["Repair café in de bibliotheek"] and rows[0]["Kiosk"] == "markt"
    assert rows[0]["Soort"] == "Idee" and rows[0]["Code"].startswith("K")


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
    signed_in, home = team.session, f"/o/{ORGANISATION}/"
    pages = {path: signed_in.get(archive.url + path, timeout=5) for path in (
        "/", f"{home}programme/zonder-thema", f"/search?event={item['event_id']}", f"{home}team/log", "/team", home)}
    for path, answer in pages.items():
        assert answer.status_code == 200, path
        text = answer.text
        assert "None" not in text and ">—<" not in text, path
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text.replace(item["created_at"], "")), path
    assert "Zonder thema" in pages[home].text and "1 ontmoetingsmoment, 1 bijdrage" in pages[home].text
    assert "<h1>Ontmoetingsmoment</h1>" in pages[f"/search?event={item['event_id']}"].text
    english = signed_in.get(archive.url + f"{home}team/log?lang=en", timeout=5).text
    assert re.search(r"<td>[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d\s?[AP]M</td>", english), english
    dutch = signed_in.get(archive.url + f"{home}team/log?lang=nl", timeout=5).text
    months = "jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec"
    assert re.search(rf"<td>\d{{1,2}} ({months})\.? \d{{4}}( om)?,? \d\d:\d\d:\d\d</td>", dutch), dutch


CARD = re.compile(r'<article class="card card--(\w+)"[^>]*data-id="([^"]+)"')
NEXT = re.compile(r'<a class="archive__more" rel="next" href="([^"]+)"')


def test_a_moment_of_a_day_is_paged_in_a_stable_order_with_counts_from_the_database(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    day = [kiosk.contribute(text, kind=kind) for kind, text in day_texts(700)]
    kiosk.sync(archive, token)
    first = page(archive, f"/search?event={day[0]['event_id']}")
    assert "700 bijdragen" in first
    for kind in KINDS:  # the facets count what the archive holds
        count = sum(item["kind"] == kind for item in day)
        assert re.search(rf'kind={kind}"[^>]*>[^<]+<span class="facet__count">{count}</span>', first), kind
    seen, path, body = [], None, first
    while True:
        cards = CARD.findall(body)
        assert 0 < len(cards) <= 60
        seen += [key for _, key in cards]
        if len(seen) == 120:  # new ones arrive while someone reads: they join at the end, no card moves
            day += [kiosk.contribute(text, kind=kind) for kind, text in day_texts(5, seed=9)]
            kiosk.sync(archive, token)
        found = NEXT.search(body)
        if not found:
            break
        path = found.group(1).replace("&amp;", "&")
        body = page(archive, path)
    assert seen == [item["id"] for item in day]
    assert "Terug naar het begin" in body or "Back to the first" in body


def test_search_marks_the_words_it_found_and_escapes_the_rest(synced):
    archive, _, _ = synced
    assert "Een <mark>moestuin</mark> op het <mark>schoolplein</mark>" in page(archive, "/search?q=moest+school")
    found = page(archive, "/search?q=idee")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>idee</mark>" in found and "<script>alert" not in found


def test_each_result_says_where_and_when_and_a_search_that_finds_nothing_offers_what_to_try(synced):
    """A councillor who was not there: each card names its moment, programme and date (codes repeat across
    moments); an empty result offers the words without filters, a tag spelled alike and the most used tags."""
    archive, kiosk, _ = synced
    kiosk.contribute("Samen koken in de wijk #buurtkeuken", kind="initiative")
    kiosk.sync(archive, renewed_token(archive, "markt"))
    found = page(archive, "/search?q=moestuin")
    origin = re.search(r'<p class="archived__origin">(.*?)</p>', found, re.S).group(1)
    assert re.search(r">Markt Oost</a> · Duurzaam samenleven · 12 april 2027", origin), origin
    assert "search?event=" in origin
    nothing = page(archive, "/search?q=buurtkeukn&kind=story")
    assert "Niets gevonden." in nothing
    assert 'href="/search?q=buurtkeukn"' in nothing  # the same words without the kind
    assert 'href="/search?tag=buurtkeuken">#buurtkeuken</a>' in nothing  # spelled alike, and the most used


def test_the_api_pages_too(synced):
    archive, _, _ = synced
    first = requests.get(archive.url + "/api/contributions", params={"limit": 2}, timeout=5).json()
    rest = requests.get(archive.url + "/api/contributions", params={"after": first["next"]}, timeout=5).json()
    texts = [item["text"] for item in first["items"] + rest["items"]]
    assert len(first["items"]) == 2 and rest["next"] is None
    assert texts == ["Een moestuin op het schoolplein", "Repair café in de bibliotheek", "<script>alert(1)</script> idee"]


def test_on_a_phone_a_search_leaves_room_for_its_cards_and_its_counts_swipe_in_one_row(archive, phone, tmp_path):
    kiosk, tags = Kiosk(tmp_path / "kiosk"), ["groen", "taal", "markt", "spelen", "samen", "zorg", "wonen", "fiets",
                                              "school", "cultuur", "jongeren", "ouderen"]
    for number, (kind, text) in enumerate(day_texts(120)):
        kiosk.contribute(text, kind=kind, tags=" ".join(tags[number % 12:number % 12 + 2]))
    kiosk.sync(archive, token_for(archive, "markt"))
    phone.goto(archive.url + "/search?q=de")  # a 360 × 740 phone
    assert phone.locator(".card").first.bounding_box()["y"] < 500  # the first card begins on the first screen
    chips = phone.locator(".facet")
    assert chips.count() == 16  # four kinds and twelve tags, in one row to swipe through
    assert len({round(chips.nth(number).bounding_box()["y"]) for number in range(16)}) == 1
    last = chips.last.inner_text().split()[0].lstrip("#")
    chips.last.scroll_into_view_if_needed()
    chips.last.click()
    expect(phone.locator(".facet--on")).to_have_text(re.compile(f"#{last} "))
    assert phone.url.endswith(f"tag={last}")


def test_a_view_of_more_than_ten_thousand_says_so_and_still_narrows_down(tmp_path):
    from bench.filling import fill
    from tests.harness.server import ArchiveHere

    fill(tmp_path / "archive", None, 11_000)  # about 10,450 visible
    archive = ArchiveHere(tmp_path / "archive").start()
    try:
        everything = page(archive, "/search")
        assert "Meer dan 10.000 bijdragen" in everything and 'class="facet__count"' not in everything
        assert re.search(r'href="/search\?kind=idea"', everything)  # the kinds still narrow it down
        ideas = page(archive, "/search?kind=idea")  # a quarter: counted whole again
        assert re.search(r"\d{4} bijdragen", ideas) and 'class="facet__count"' in ideas
    finally:
        archive.stop()
