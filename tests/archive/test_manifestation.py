"""The manifestation output of a programme: the report page, the printed exhibition (a real PDF from Chromium,
its pages counted with pypdf) and the newsletter, from a programme synced by two kiosks into a real archive."""

import hashlib
import io
import re

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader

from archive.store import ArchiveStore
from tests.harness.day import day_texts
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
    # 11 + 1 visible; 11 + 3 reacting phones at the market, 2 phones at the study day
    assert figures == {"bijdragen": 12, "ontmoetingsmomenten": 2, "deelnemers": 16, "initiatieven": 1}
    assert re.search(r"<th scope=\"row\">Idee</th><td><span class=\"bar\" style=\"width: 100.0%\"></span> 11", page)
    assert "#groen" in page and "Niet voor de expositie" not in page
    most = page[page.index("Meest herkend"):]
    assert most.index("Idee nummer 4") < most.index("</section>")
    assert page.count("<rect ") >= 2  # per week over the period


def test_the_exhibition_prints_one_page_per_group_as_a_pdf(programme, browser):
    archive, key = programme
    page = browser.new_page()
    page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/exhibition")
    assert page.locator(".sheet").count() == 3  # 11 ideas → 2 sheets, 1 initiative → 1
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    assert len(pdf.pages) == 3
    first = pdf.pages[0].extract_text()
    assert "SAMEN WONEN IN ZUID" in first and "Idee" in first and "Met foto" in first
    assert "(vervolg)" in pdf.pages[1].extract_text() and "Initiatief" in pdf.pages[2].extract_text()
    assert round(float(pdf.pages[0].mediabox.width)) == 595  # A4 in points
    page.goto(f"{archive.url}/o/buurtnetwerk/programme/{key}/exhibition?by=tag&size=A3")
    a3 = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(a3.pages) == 2 and round(float(a3.pages[0].mediabox.width)) == 842  # #groen: 10, over 2 sheets
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


def test_an_exhibition_of_204_cards_with_photos_and_long_texts_cuts_no_text_mid_line(archive, browser):
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        store_kiosk(store, "markt")
        photos = [jpeg(colour=(40 * n, 120, 200 - 40 * n)) for n in range(5)]
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
    for size in ("A4", "A3"):
        page = browser.new_page()
        page.goto(f"{archive.url}/o/buurtnetwerk/programme/tentoonstelling/exhibition?size={size}")
        expect(page.locator("body")).to_have_attribute("data-fitted", "true")
        cards = page.evaluate("""() => [...document.querySelectorAll('.sheet .card')].map((card) => {
            const text = card.querySelector('[data-field=text]'), sheet = card.closest('.sheet');
            return {over: card.scrollHeight - card.clientHeight, below: card.getBoundingClientRect().bottom
                    - sheet.getBoundingClientRect().bottom, shown: text.textContent, full: text.dataset.full}; })""")
        assert len(cards) == 204
        assert [card for card in cards if card["over"] > 1 or card["below"] > 0] == []
        assert all(card["shown"] == card["full"] or card["shown"].endswith("…") for card in cards)
        assert sum(card["shown"] == card["full"] for card in cards) > 100  # most short texts stay whole
        sheets = page.locator(".sheet").count()
        assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == sheets
        page.close()
