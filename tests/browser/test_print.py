"""The moment's printed export as Chromium lays it out for paper: the kind, its badges and the card's code stand
apart, and a card that builds on another says so in words."""

from __future__ import annotations

from tests.harness.phones import phone_session
from tests.harness.room import Room


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
