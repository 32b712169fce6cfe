"""The archive's search as a councillor reads it on a phone, at 2,000 contributions: each result placed (its
moment, programme and date), long texts as the part around the words found with the whole a tap away, a page of
60 results light enough for a phone, and a search that finds nothing offering what to try."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from archive.highlight import EXCERPT

# What the phone fetched for a page, as sent over the wire (compressed), in bytes.
WEIGHT = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .reduce((sum, entry) => sum + entry.transferSize, 0)"""


def test_a_page_of_results_on_a_phone_is_placed_short_and_light(filled, phone):
    # In time's order, where the long stories come among the short ones (the most relevant are mostly short).
    phone.goto(filled.url + "/search?q=moestuin&order=oldest")
    cards = phone.locator(".archived")
    expect(cards).to_have_count(60)
    origins = cards.locator(".archived__origin").all_inner_texts()
    assert all(re.search(r"Ontmoeting \d+ · .+ · Wijkcentrum · \d+ \w+ 2026", origin) for origin in origins), origins[:3]
    # Each text at most an excerpt long (ellipses included); one cut short shows the word it was found by, when its
    # text has it (a card may be found by its tag).
    shown = cards.evaluate_all("""(cards) => cards.map((card) => [card.querySelector('.card__text').textContent,
                                        (card.querySelector('details p') || {}).textContent || null])""")
    assert max(len(text) for text, _ in shown) <= EXCERPT + 2
    cut = [(text, whole) for text, whole in shown if whole]
    assert cut and all("moestuin" in text.lower() for text, whole in cut if "moestuin" in whole.lower())
    long_one = cards.filter(has=phone.locator("details")).first
    long_one.locator("summary").click()  # the whole text, one tap away, in the card in the part's place
    expect(long_one.locator("article details p mark").first).to_have_text(re.compile("moestuin", re.I))
    expect(long_one.locator("article > .card__text")).to_be_hidden()
    weight, height = phone.evaluate(WEIGHT), phone.evaluate("document.documentElement.scrollHeight")
    print(f"\n60 results on a phone: {weight / 1024:.0f} KB, {height} px high")
    assert weight < 150 * 1024


def test_a_search_that_finds_nothing_says_what_to_try(filled, phone):
    phone.goto(filled.url + "/search?q=moestuinn&kind=idea")
    nothing = phone.locator(".nothing")
    expect(nothing).to_contain_text("Niets gevonden.")
    expect(nothing.get_by_role("link", name="#moestuin")).to_have_count(2)  # spelled alike, and among the most used
    nothing.get_by_role("link", name="moestuinn").click()  # the same words without the kind
    expect(phone).to_have_url(re.compile(r"/search\?q=moestuinn$"))


IDS = "(cards) => cards.map((card) => card.dataset.id)"


def test_results_come_most_relevant_first_newest_or_oldest_on_asking_and_more_never_repeats_one(filled, phone):
    views = filled.store.views
    tagged = {item["id"] for item in views.contributions(tag="moestuin")}
    ranked = [item["id"] for item in views.contributions(words="moestuin", order="relevant", limit=120)]
    when = {item["id"]: item["created_at"] for item in views.contributions(words="moestuin")}
    phone.goto(filled.url + "/search?q=moestuin")
    expect(phone.locator(".order summary")).to_have_text("Volgorde: Meest passend")
    first = phone.locator("article.card").evaluate_all(IDS)
    assert first == ranked[:60]
    hits = [card in tagged for card in first]
    assert hits[0] and hits == sorted(hits, reverse=True), "every card tagged with the word comes before the rest"
    phone.get_by_role("link", name="Meer", exact=True).click()
    second = phone.locator("article.card").evaluate_all(IDS)
    assert second == ranked[60:120] and not set(first) & set(second)
    phone.locator(".order summary").click()
    phone.get_by_role("link", name="Nieuwste eerst").click()
    expect(phone.locator(".order summary")).to_have_text("Volgorde: Nieuwste eerst")
    newest = phone.locator("article.card").evaluate_all(IDS)
    assert len(newest) == 60 and [when[card] for card in newest] == sorted(when.values(), reverse=True)[:60]
    phone.get_by_role("link", name="Meer", exact=True).click()  # on in time's order, after the last one shown
    expect(phone).to_have_url(re.compile(r"order=newest.*after=|after=.*order=newest"))
    older = phone.locator("article.card").evaluate_all(IDS)
    assert [when[card] for card in older] == sorted(when.values(), reverse=True)[60:120]


def test_a_word_is_found_by_its_start(filled, phone):
    phone.goto(filled.url + "/search?q=moestui")
    expect(phone.locator(".archived").first.locator("mark").first).to_have_text(re.compile(r"^moestuin", re.I))
    assert "Niets gevonden." not in phone.content()
