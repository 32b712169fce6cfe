"""axe-core (vendored from the npm registry, injected here) finds no violations on the phone page, the control room
and the archive's pages."""

from __future__ import annotations

from playwright.sync_api import expect

from archive.organisations import organisation_fields
from tests.harness.axe import violations
from tests.harness.phones import phone_session
from tests.harness.server import ORGANISATION
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import PASSWORD


def test_the_phone_page_has_no_accessibility_violations(kiosk_server, phone):
    phone_session(1).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Meer groen"})
    phone.goto(kiosk_server.url + "/")
    assert violations(phone) == []
    phone.locator("details.more summary").click()
    phone.locator("#contact_consent").check()
    assert violations(phone) == []


def test_the_phone_page_set_to_dark_has_no_accessibility_violations(kiosk_server, browser):
    phone_session(1).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "In het donker"})
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(kiosk_server.url + "/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 21, 23)"
    page.locator("label.kind--idea").click()
    page.locator("details.more summary").click()
    assert violations(page) == []  # the contrast of every text, kinds and buttons included
    context.close()


def test_the_control_room_has_no_accessibility_violations(kiosk_server, phone):
    phone_session(2).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "Een verhaal"})
    phone.goto(kiosk_server.url + "/facilitator")
    assert violations(phone) == []
    phone.fill("#pin", "123456")
    phone.get_by_role("button", name="Aanmelden").click()
    expect(phone.locator("body")).to_have_attribute("data-live", "connected")
    assert violations(phone) == []
    for tab in ("Moment", "Wand", "Archief en export", "Tweede apparaat"):
        phone.get_by_role("tab", name=tab).click()
        assert violations(phone) == [], tab


def test_a_chosen_kind_keeps_its_contrast(kiosk_server, phone):
    phone.goto(kiosk_server.url + "/")
    for kind in ("story", "example", "idea", "initiative"):
        phone.locator(f"label.kind--{kind}").click()
        assert violations(phone) == []


def test_the_archive_and_its_team_pages_have_no_accessibility_violations(archive, phone, tmp_path):
    archive.set_password(PASSWORD)
    kiosk = Kiosk(tmp_path / "kiosk")
    kiosk.client.post("/api/moment", json={"theme": "Samen wonen", "name": "Markt"},
                      headers={"X-CSRF-Token": kiosk.token})
    kiosk.moderate(kiosk.contribute("Een verborgen idee", tags="wonen"), "hide")
    kiosk.contribute("Een zichtbaar idee")
    kiosk.sync(archive, token_for(archive, "markt"))
    # A light colour of the organisation's own choosing: its links, buttons and chosen filters still read at AA.
    archive.store.organisations.change(organisation_fields(ORGANISATION, ORGANISATION.title(), colour="#f0c419"))
    home = f"/o/{ORGANISATION}/"
    welcome = f"/team/welcome/{archive.store.people.add_member('anna@example.org', ORGANISATION, 'editor')}"
    for path in ("/", home, f"{home}programme/samen-wonen", "/search?q=idee",
                 f"/search?q=idee&kind=idea&organisation={ORGANISATION}", "/search?q=verdwenen&kind=story", f"{home}programme/samen-wonen/report",
                 f"{home}programme/samen-wonen/network", f"{home}programme/samen-wonen/exhibition", welcome):
        phone.goto(archive.url + path)
        assert violations(phone) == [], path
    phone.goto(archive.url + "/team")
    phone.fill("#email", "admin")
    phone.fill("#password", PASSWORD)
    phone.get_by_role("button", name="Aanmelden").click()
    expect(phone.get_by_role("heading", name="Team")).to_be_visible()
    for path in ("/team", f"{home}team", f"{home}team/members", f"{home}team/programmes/new", "/search"):
        phone.goto(archive.url + path)
        assert violations(phone) == [], path
    expect(phone.locator(".archived__status")).to_have_text("Verborgen · alleen het team ziet dit")


def test_the_start_page_and_the_printed_selection_have_no_accessibility_violations(kiosk_server, browser):
    for number, kind in enumerate(("story", "idea")):
        phone_session(3 + number).post(kiosk_server.url + "/api/contributions", json={"kind": kind, "text": "Samen"})
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(kiosk_server.url + "/start")  # the laptop's own page, which signs it in
    assert violations(page) == []
    page.goto(kiosk_server.url + "/facilitator/export.html?view=1&pick=all")
    expect(page.locator("body")).to_have_attribute("data-fitted", "true")
    assert violations(page) == []
    page.context.close()
