"""The start page as the laptop's browser shows it after ``netwerkkiosk run``: the way in for phones, the PIN, and the
wall and the control room a click away, the control room signed in; in Dutch and in English."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_start_page_opens_the_wall_and_the_signed_in_control_room(kiosk_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(kiosk_server.url + "/start")  # http://127.0.0.1:…, as the kiosk opens it
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkkiosk draait")
    expect(page.locator("#pin")).to_have_text("123456")
    assert page.locator(".start__codes img").evaluate("(image) => image.complete && image.naturalWidth > 0")
    expect(page.locator(".start__address")).to_have_text(kiosk_server.url.removeprefix("http://"))
    with context.expect_page() as opened:
        page.get_by_role("link", name="Controlekamer openen").click()
    expect(opened.value.locator("#tab-archive")).to_be_visible()  # not the PIN form: this is the laptop
    with context.expect_page() as opened:
        page.get_by_role("link", name="Wand openen").click()
    expect(opened.value.locator("body")).to_have_attribute("data-live", "connected")
    page.goto(kiosk_server.url + "/start?lang=en")
    expect(page.get_by_role("link", name="Open the control room")).to_be_visible()
    page.screenshot(path=str(kiosk_server.data_dir.parent / "start.png"))
    context.close()
