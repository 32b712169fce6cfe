"""Print as Chromium lays it out for paper: the moment's printed export keeps kind, badges and code apart and says what
a card builds on; a selection of a programme of 2,000 contributions prints on as many pages as its preview said,
every text whole (read back from the PDF)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from archive import filters
from netwerk import selection
from tests.harness.day import send_day, wall_day
from tests.harness.paper import not_whole, printed
from tests.harness.phones import phone_session
from tests.harness.room import Room
from tests.harness.server import ArchiveHere

PROGRAMME = "samen-leven-in-zuid"  # a third of the filled archive's moments


def test_the_printed_export_keeps_kind_and_code_apart_and_says_what_a_card_builds_on(kiosk_server, browser):
    phone = phone_session(1)
    first = phone.post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "Een bankje"}).json()
    phone_session(2).post(kiosk_server.url + "/api/contributions",
                          json={"kind": "idea", "text": f"Nog een bankje #{first['code']}"})
    saved = Room(kiosk_server.url).get("/facilitator/export.html")  # a file to save: self-contained, styles inlined
    assert saved.status_code == 200
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    page.set_content(saved.text)
    page.emulate_media(media="print")
    apart = page.evaluate("""() => Array.from(document.querySelectorAll('.card'), (card) => {
      const label = card.querySelector("[data-field='kind-label']").getBoundingClientRect();
      const code = card.querySelector('.card__code').getBoundingClientRect();
      return code.left - label.right; })""")
    assert len(apart) == 2 and min(apart) > 4, apart  # "VERHAAL … K1", never "VERHAALK1"
    said = page.evaluate("""() => getComputedStyle(document.querySelector('.card__links:not([hidden])'), '::before')
                                   .content""")
    assert "bouwt voort op" in said, said
    context.close()


def chosen_texts(archive: ArchiveHere, asked: dict[str, str]) -> list[str]:
    """The texts a selection of the programme takes, as the archive's own pieces choose them."""
    with archive.app.test_request_context():
        items = filters.contributions(filters.chosen(organisation="bench", programme=PROGRAMME))
    return [item["text"] for item in selection.picked(items, selection.chosen(asked))]


@pytest.mark.parametrize("asked", [{}, {"pick": "tag", "tag": "moestuin", "by": "tag", "size": "A3"},
                                   {"pick": "recognised", "top": "96"}, {"pick": "all"}],
                         ids=["highlights", "a tag on A3", "the most recognised 96", "all"])
def test_a_selection_of_2000_prints_on_the_pages_its_preview_says_every_text_whole(filled, browser, asked):
    page = browser.new_page()
    page.goto(f"{filled.url}/o/bench/programme/{PROGRAMME}/exhibition?" + urlencode(asked))
    pages, pdf = printed(page)
    texts = chosen_texts(filled, asked)
    assert sorted(page.locator(".sheet .card__text").all_text_contents()) == sorted(texts)
    expect(page.locator("#preview")).to_contain_text(f"{pages} pagina")
    assert len(pdf.pages) == pages
    assert not_whole(pdf, texts) == []
    print(f"\n{len(texts)} contributions: {pages} pages {asked.get('size', 'A4')}")
    page.close()


def test_the_control_room_prints_a_selection_of_its_moment_on_the_pages_its_preview_says(kiosk_server, browser):
    sent = send_day(kiosk_server.url, wall_day(40))
    room = Room(kiosk_server.url)
    for item in sent[:3]:
        assert room.moderate(item["id"], "pin").status_code == 200
    context = room.browser_context(browser, 1280, 900)
    page = context.new_page()
    page.goto(kiosk_server.url + "/facilitator")
    page.click("#tab-archive")
    expect(page.locator("select[name=pick]")).to_have_value("highlights")
    for pick, size, texts in (("pinned", "A4", [item["text"] for item in sent[:3]]),
                              ("all", "A3", [item["text"] for item in sent])):
        page.select_option("select[name=pick]", pick)
        page.select_option("select[name=size]", size)
        with context.expect_page() as opened:
            page.click(".exhibition__choose button")
        printout = opened.value
        pages, pdf = printed(printout)
        assert sorted(printout.locator(".sheet .card__text").all_text_contents()) == sorted(texts)
        assert len(pdf.pages) == pages and round(float(pdf.pages[0].mediabox.width)) == (595 if size == "A4" else 842)
        assert not_whole(pdf, texts) == []
        print(f"\n{pick}: {len(texts)} contributions on {pages} pages {size}")
        printout.close()
    context.close()
