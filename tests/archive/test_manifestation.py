"""The manifestation output of a programme: the report page, the printed exhibition (a real PDF from Chromium,
its pages counted with pypdf) and the newsletter, from a programme synced by two kiosks into a real archive."""

import hashlib
import re

import pytest
import requests
from playwright.sync_api import expect

from archive.store import ArchiveStore
from tests.harness.day import day_texts
from tests.harness.paper import not_whole, printed
from tests.harness.phones import phone_address
from tests.harness.photos import jpeg
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import pull, store_kiosk


@pytest.fixture
def programme(team, tmp_path):
    archive = team.archive
    key = team.programme("Samen wonen in Zuid", start="2020-01-01", end="2099-12-31", description="Wonen & zorg.")
    kiosks = []
    for name, kind in (("markt", "market"), ("studiedag", "study_day")):
        token = token_for(archive, name)
        team.plan(key, name=name.capitalize(), kind=kind, date="2027-04-01", kiosk=name)
        assert pull(archive, token, tmp_path / name).returncode == 0
        kiosks.append((Kiosk(tmp_path / name), token))
    market, study = kiosks[0][0], kiosks[1][0]
    ideas = [market.contribute(f"Idee nummer {n}", tags="groen") for n in range(10)]
    market.contribute("Met foto", photo=jpeg(colour="seagreen"))
    for n in range(3):
        answer = market.client.post(f"/api/contributions/{ideas[4]['id']}/reactions",
                                    environ_base={"REMOTE_ADDR": phone_address(100 + n)})
        assert answer.status_code == 200
    initiative = study.client.post("/api/contributions", json={"kind": "initiative",
                                                                "text": "Een *buurt*[app](javascript:x) <b>"},
                                   environ_base={"REMOTE_ADDR": phone_address(200)}).get_json()
    study.moderate(initiative, "pin")  # pinned: in the newsletter's highlights
    hidden = study.contribute("Niet voor de expositie")
    study.moderate(hidden, "hide")
    for kiosk, token in kiosks:
        kiosk.sync(archive, token)
    return archive, key


def test_the_report_counts_what_the_programme_brought(programme):
    archive, key = programme
    page = requests.get(f"{archive.url}/o/buurtnetwerk/programme/{key}/report", timeout=5).text
    figures = dict((label, int(number)) for number, label in re.findall(
        r'<p class="figure"><strong>(\d+)</strong> ([^<]+)', page))
    # 11 + 1 visible; 11 + 3 reacting phones at the market, 2 phones at the study day; a long word breaks at its
    # soft hyphen in a phone's narrow tile
    assert figures == {"bijdragen": 12, "ontmoetings\u00admomenten": 2, "deelnemers": 16, "initiatieven": 1}
    assert re.search(r"<th scope=\"row\">Idee</th><td>.*?<span class=\"bar\" style=\"width: 100.0%\"></span></span> 11<", page)
    assert "#groen" in page and "Niet voor de expositie" not in page
    most = page[page.index("Meest herkend"):]
    assert most.index("Idee nummer 4") < most.index("</section>")
    assert page.count("<rect ") >= 2  # per week over the period


def test_the_exhibition_prints_a_selection_on_as_many_pages_as_its_preview_says(programme, browser):
    archive, key = programme
    page = browser.new_page()
    page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/exhibition")  # the highlights, 24: all 12 of them
    pages, pdf = printed(page)
    texts = page.locator(".sheet .card__text").all_inner_texts()
    assert texts[0] == "Idee nummer 4" and texts[-1] == "Een *buurt*[app](javascript:x) <b>"  # recognised; pinned
    assert sorted(texts[:-1]) == sorted([f"Idee nummer {n}" for n in range(10)] + ["Met foto"])
    origins = page.locator(".sheet .card__origin").all_inner_texts()  # codes repeat per moment: each card says its own
    assert origins[0] == "Markt · 1 april 2027" and origins[-1] == "Studiedag · 1 april 2027" and len(origins) == 12
    expect(page.locator("#preview")).to_have_text(f"{pages} pagina's A4 · 12 bijdragen")  # a sheet per kind
    assert len(pdf.pages) == pages >= 2 and round(float(pdf.pages[0].mediabox.width)) == 595  # A4 in points
    page.select_option("select[name=pick]", "all")
    page.click(".exhibition__choose button")
    pages, pdf = printed(page)
    first = pdf.pages[0].extract_text()
    assert "SAMEN WONEN IN ZUID" in first and "Idee" in first and "Markt · 1 april 2027" in first
    assert any("Met foto" in sheet.extract_text() for sheet in pdf.pages)
    assert len(pdf.pages) == pages and "Initiatief" in pdf.pages[-1].extract_text()
    assert not_whole(pdf, [f"Idee nummer {n}" for n in range(10)]) == []
    page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/exhibition?pick=tag&tag=groen&by=tag&size=A3")
    pages, a3 = printed(page)
    assert page.locator(".sheet .card").count() == 10 and "#groen" in a3.pages[0].extract_text()
    assert len(a3.pages) == pages == 1 and round(float(a3.pages[0].mediabox.width)) == 842
    page.close()


def test_the_newsletter_comes_as_an_e_mail_body_and_as_markdown(programme):
    archive, key = programme
    html = requests.get(f"{archive.url}/o/buurtnetwerk/programme/{key}/newsletter.html", timeout=5)
    assert html.headers["Content-Type"].startswith("text/html")
    assert "<link" not in html.text and "<script" not in html.text  # inline styles only, as mail clients want
    assert f'src="{archive.url}/media/' in html.text and "Idee nummer 4" in html.text
    assert "&lt;b&gt;" in html.text
    markdown = requests.get(f"{archive.url}/o/buurtnetwerk/programme/{key}/newsletter.md", timeout=5)
    assert markdown.headers["Content-Type"].startswith("text/markdown")
    assert markdown.text.startswith("# Samen wonen in Zuid")
    assert r"Een \*buurt\*\[app\]\(javascript:x\) &lt;b\>" in markdown.text
    assert f"]({archive.url}/o/buurtnetwerk/programme/{key})" in markdown.text


def test_an_exhibition_of_204_cards_with_photos_and_long_texts_prints_every_text_whole_and_photos_at_their_shape(archive, browser):
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        store_kiosk(store, "markt")
        photos = [jpeg(*((800, 600) if n % 2 else (600, 900)), colour=(40 * n, 120, 200 - 40 * n)) for n in range(5)]
        for data in photos:
            store.add_photo(hashlib.sha256(data).hexdigest(), data)
        moment = {"event_id": "expo", "name": "Slotmanifestatie", "theme": "Tentoonstelling"}
        records = []
        for number, (kind, text) in enumerate(day_texts(204, seed=3)):
            body = {"id": f"00000000-0000-4000-8000-{number:012d}", "kind": kind, "text": text, "author": "Fatima",
                    "photo": f"/media/{hashlib.sha256(photos[number % 5]).hexdigest()}.jpg" if number % 5 < 2 else None,
                    "prompt_id": None, "event_id": "expo", "created_at": f"2027-06-01T12:{number // 60:02d}:"
                    f"{number % 60:02d}Z", "status": "visible", "pinned": False, "reactions": number % 4,
                    "tags": ["groen"] if number % 2 else ["zorg", "wonen"], "rev": 1, "deleted": False,
                    "approved": False, "code": f"K{number}", "links": []}
            records.append({"id": body["id"], "rev": 1, "deleted": False, "body": body})
        store.apply("markt", {"batch_id": "expo", "kiosk_db_id": "k", "seq": 204, "moment": moment, "records": records})
    finally:
        store.close()
    texts = [text for _, text in day_texts(204, seed=3)]
    for size in ("A4", "A3"):
        page = browser.new_page()
        page.goto(f"{archive.url}/o/buurtnetwerk/programme/tentoonstelling/exhibition?pick=all&size={size}")
        pages, pdf = printed(page)
        cards = page.evaluate("""() => [...document.querySelectorAll('.sheet .card')].map((card) => {
            const sheet = card.closest('.sheet').querySelector('.sheet__items').getBoundingClientRect(),
                  box = card.getBoundingClientRect();
            return box.bottom - sheet.bottom > 0.5 || box.right - sheet.right > 0.5; })""")
        assert len(cards) == 204 and not any(cards)
        assert page.locator(".sheet .card__text").all_inner_texts() != [] and len(pdf.pages) == pages
        assert not_whole(pdf, texts) == []
        shapes = page.evaluate("""() => [...document.querySelectorAll('.sheet .card__photo:not([hidden])')].map(
            (photo) => [photo.naturalWidth / photo.naturalHeight, photo.width / photo.height])""")
        assert len(shapes) > 70 and all(abs(shown / own - 1) < 0.02 for own, shown in shapes)  # never a strip
        print(f"\n204 cards on {size}: {pages} pages")
        page.close()


def test_the_programme_line_names_a_moment_called_after_its_kind_once(programme):
    archive, key = programme
    page = requests.get(f"{archive.url}/o/buurtnetwerk/programme/{key}", timeout=5).text
    line = " ".join(re.findall(r'<ol class="plans">(.*?)</ol>', page, re.S)[0].split())
    assert '<strong>Markt</strong> <span class="meta">1 april 2027 ·' in line  # not "Markt Markt · 1 april 2027"
