"""The platform in a browser, as a councillor opens it on a laptop and on a phone: three organisations with a day's
realistic Dutch contributions each (long stories, photos in both orientations), their homes in their own look, and a
search across them; every card readable, nothing off the screen, and no accessibility rule broken."""

import io
import re

import pytest

from tests.harness.axe import violations
from tests.harness.day import day_texts
from tests.harness.photos import jpeg
from tests.harness.syncing import Kiosk

PLACES = {  # slug: name, language, colour, kiosk
    "utrecht-oost": ("Buurtnetwerk Utrecht Oost", "nl", "#1f6f5c", "markt-oost"),
    "zwolle": ("Gemeente Zwolle", "nl", "#7a2e8c", "stadhuis"),
    "leeuwarden": ("Leeuwarden Together", "en", "#b0451c", "festival"),
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    from tests.harness.server import ArchiveHere

    folder = tmp_path_factory.mktemp("platform")
    archive = ArchiveHere(folder / "archive").start()
    for number, (slug, (name, lang, colour, kiosk_name)) in enumerate(PLACES.items()):
        archive.add_organisation(slug, name=name, lang=lang, colour=colour,
                                 description=f"{name}: een netwerkprogramma over samen leven in de buurt.")
        kiosk = Kiosk(folder / slug)
        kiosk.client.post("/api/moment", json={"theme": "Voedsel in de wijk", "name": f"Markt {name}"},
                          headers={"X-CSRF-Token": kiosk.token})
        for index, (kind, text) in enumerate(day_texts(40, seed=number + 5)):
            photo = jpeg(900, 600) if index % 9 == 0 else jpeg(600, 900, "steelblue") if index % 9 == 4 else None
            kiosk.contribute(text, kind=kind, photo=photo, tags="voedsel buurt" if index % 2 else "moestuin")
        kiosk.sync(archive, archive.add_kiosk(kiosk_name, slug))
    archive.store.set_logo("leeuwarden", _logo())
    bundle = archive.store.bundles.make({"slug": "voedsel-in-de-wijk-drie-steden", "title": "Voedsel in de wijk, drie "
                                         "steden", "introduction": "Wat drie steden doen met eten in de buurt."},
                                        "zwolle", "admin")
    for item in archive.store.views.contributions(tag="moestuin")[::9]:
        archive.store.bundles.add(bundle, item["id"], item["organisation"], "admin")
    yield archive
    archive.stop()


def _logo() -> bytes:
    """A wide logo on a transparent ground, as an organisation's designer makes one."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((20, 20, 280, 280), fill="#b0451c")
    ImageDraw.Draw(image).rectangle((320, 110, 880, 190), fill="#333333")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _shown_logo(page, selector: str) -> dict:
    return page.locator(selector).evaluate("image => ({loaded: image.complete && image.naturalWidth > 0, "
                                           "height: image.getBoundingClientRect().height})")


def _nothing_sticks_out(page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wide = page.evaluate("""(width) => [...document.querySelectorAll('main *')]
        .filter(element => element.getBoundingClientRect().right > width + 1).map(element => element.outerHTML.slice(0, 80))""",
                         width)
    assert wide == []


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_the_platform_home_shows_every_organisation_with_its_programmes_and_outcomes(platform, browser, size, tmp_path):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(platform.url + "/")
    cards = page.locator(".organisation")
    assert cards.count() == 3
    for number in range(3):
        card = cards.nth(number)
        assert card.locator("h2 a").is_visible() and card.locator(".organisation__recent li").count() == 4
        assert "Voedsel in de wijk" in card.inner_text()
    colours = {cards.nth(number).evaluate("element => getComputedStyle(element).borderTopColor") for number in range(3)}
    assert colours == {"rgb(31, 111, 92)", "rgb(122, 46, 140)", "rgb(176, 69, 28)"}
    logo = _shown_logo(page, ".organisation .organisation__logo")
    assert logo["loaded"] and 30 <= logo["height"] <= 48
    _nothing_sticks_out(page)
    assert violations(page) == []
    page.screenshot(path=str(tmp_path / "platform.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_an_organisations_home_speaks_its_language_in_its_colour_with_its_logo(platform, browser, size, tmp_path):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(platform.url + "/o/leeuwarden/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Leeuwarden Together"
    logo = _shown_logo(page, "h1 .organisation__logo")
    assert logo["loaded"] and 48 <= logo["height"] <= 72
    page.screenshot(path=str(tmp_path / "organisation.png"), full_page=False)
    link = page.locator(".programme h2 a").first
    assert link.evaluate("element => getComputedStyle(element).color") == "rgb(176, 69, 28)"
    assert "CC BY 4.0" in page.locator(".archive__licence").inner_text()
    assert "1 meeting moment, 40 contributions" in page.locator(".programme .meta").first.inner_text()
    page.locator("#q").fill("moestuin")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert "organisation=leeuwarden" in page.url
    origins = set(page.locator(".archived__origin a:first-child").all_inner_texts())
    assert origins == {"Leeuwarden Together"}
    _nothing_sticks_out(page)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_a_bundle_page_shows_each_card_with_its_organisation_and_moment(platform, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(platform.url + "/")
    page.get_by_role("link", name="Voedsel in de wijk, drie steden").click()
    page.wait_for_url(re.compile("/bundle/"))
    cards = page.locator(".archived")
    assert cards.count() == len(platform.store.bundles.adders("voedsel-in-de-wijk-drie-steden")) >= 6
    origins = [cards.nth(number).locator(".archived__origin").inner_text() for number in range(cards.count())]
    assert {origin.split(" · ")[0] for origin in origins} == {name for name, *_ in PLACES.values()}
    assert all(" · Markt " in origin for origin in origins)  # and the moment each comes from
    _nothing_sticks_out(page)
    assert violations(page) == []
    page.get_by_role("link", name="Verslag", exact=True).click()
    assert page.locator("h1").inner_text() == "Wat deze bundel samenbrengt"
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_a_search_across_organisations_names_each_cards_origin_and_narrows_to_one(platform, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(platform.url + "/search?tag=moestuin")
    assert set(page.locator(".archived__origin a:first-child").all_inner_texts()) == {name for name, *_ in PLACES.values()}
    facets = page.locator(".facet--organisation")
    assert facets.count() == 3
    counted = sum(int(facets.nth(number).locator(".facet__count").inner_text()) for number in range(3))
    assert counted == int(re.match(r"\d+", page.locator("header .meta").last.inner_text()).group())
    page.locator(".facet--organisation", has_text="Gemeente Zwolle").click()
    page.wait_for_url(re.compile("organisation=zwolle"))
    assert set(page.locator(".archived__origin a:first-child").all_inner_texts()) == {"Gemeente Zwolle"}
    photos = page.locator(".card img:not([hidden])").all()[:4]
    assert photos
    for photo in photos:  # photos keep their shape
        photo.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
        box, natural = photo.bounding_box(), photo.evaluate("img => img.naturalWidth / img.naturalHeight")
        assert abs(box["width"] / box["height"] - natural) < 0.05
    _nothing_sticks_out(page)
    assert violations(page) == []
    context.close()
