"""The control room in Chromium: a facilitator's phone steers the projected wall and the phones."""

from __future__ import annotations

import io
import re

import requests
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.harness.phones import phone_session
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import ORGANISATION
from tests.harness.silent import SilentArchive
from tests.harness.syncing import Kiosk, token_for
from tests.harness.team import pull


def sign_in(page, url: str) -> None:
    page.goto(url + "/facilitator")
    page.fill("#pin", "000000")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("#error")).to_contain_text("Die pincode klopt niet.")
    page.fill("#pin", "123456")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("body")).to_have_attribute("data-live", "connected")


def open_tab(page, name: str) -> None:
    """Open one of the control room's tabs, as a facilitator taps it."""
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def scanned(page, selector: str) -> str:
    """Read a QR code as a phone camera would: from the pixels the browser shows."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(page.locator(selector).screenshot())))
    assert len(found) == 1, f"{len(found)} QR codes in {selector}"
    return found[0].text


def test_a_co_facilitators_phone_pairs_by_scanning_the_code_on_the_laptop(kiosk_server, browser, phone, tmp_path):
    laptop = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(laptop, kiosk_server.url)
    open_tab(laptop, "Tweede apparaat")
    laptop.get_by_role("button", name="Koppelcode tonen").click()
    code = laptop.locator("#pairing-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    address = scanned(laptop, "#pairing-qr")
    assert address == f"{kiosk_server.url}/facilitator#pair={code.inner_text()}"
    laptop.screenshot(path=tmp_path / "pairing-laptop.png", full_page=True)

    phone.goto(address)
    expect(phone.locator("body")).to_have_attribute("data-live", "connected")
    assert "pair=" not in phone.url  # the code leaves the address bar and the history
    phone.screenshot(path=tmp_path / "paired-phone.png")
    second = phone.context.browser.new_page(viewport={"width": 360, "height": 740})
    second.goto(address)  # the same code, once more: it was used up
    expect(second.locator("#error")).to_contain_text("Die koppelcode klopt niet")
    second.screenshot(path=tmp_path / "pairing-refused.png")
    second.close()
    laptop.close()


def test_hiding_on_the_facilitators_phone_drops_the_card_from_the_wall_within_a_second(kiosk_server, phone, projector):
    item = phone_session(1).post(kiosk_server.url + "/api/contributions",
                                 json={"kind": "idea", "text": "Dit hoort niet op de wand"}).json()
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    expect(projector.locator("#stage .card")).to_have_count(1)
    sign_in(phone, kiosk_server.url)
    row = phone.locator(f"li.moderated[data-id='{item['id']}']")
    row.get_by_role("button", name="Verbergen").click()
    expect(projector.locator("#stage .card")).to_have_count(0, timeout=1000)
    expect(row).to_have_attribute("data-state", "hidden")
    expect(row.get_by_role("button", name="Verbergen")).to_be_hidden()  # only what applies
    phone.locator(f"li.moderated[data-id='{item['id']}']").get_by_role("button", name="Tonen").click()
    expect(projector.locator("#stage .card")).to_have_count(1, timeout=1000)


def test_switching_the_prompt_updates_the_wall_and_an_open_phone_page(kiosk_server, browser, phone, projector):
    participant = browser.new_page(viewport={"width": 360, "height": 740})
    participant.goto(kiosk_server.url + "/")
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Moment")
    phone.fill("#prompt-text", "Wat maakt deze buurt <b>bijzonder</b>?")
    phone.get_by_role("button", name="Toevoegen en tonen").click()
    expect(projector.locator("#prompt")).to_have_text("Wat maakt deze buurt <b>bijzonder</b>?", timeout=1000)
    expect(participant.locator("#prompt")).to_have_text("Wat maakt deze buurt <b>bijzonder</b>?", timeout=1000)
    expect(phone.locator(".prompt--active")).to_contain_text("Wat maakt deze buurt")
    participant.close()


def test_pre_moderation_queues_new_contributions_live(kiosk_server, phone, projector):
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Moment")
    phone.get_by_label("Voormoderatie").check()
    expect(phone.locator("#error")).to_be_hidden()
    open_tab(phone, "Bijdragen")
    phone_session(2).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": "Even wachten"})
    expect(phone.locator("li.moderated[data-state='pending']")).to_have_count(1)
    expect(phone.locator("#waiting")).to_have_text("1")
    expect(phone).to_have_title(re.compile(r"^\(1\) Begeleider"))
    expect(projector.locator("#stage .card")).to_have_count(0)
    phone.locator("li.moderated").get_by_role("button", name="Tonen").click()
    expect(projector.locator("#stage .card")).to_contain_text("Even wachten", timeout=1000)


def test_setting_up_the_moment_shows_the_theme_on_the_wall(kiosk_server, phone, projector):
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Moment")
    phone.fill("#m-theme", "Samen gezond")
    phone.select_option("#m-kind", "study_day")
    phone.fill("#m-date", "2027-03-14")
    phone.locator("#moment-form").get_by_role("button", name="Opslaan").click()
    expect(phone.locator("#moment-status")).to_have_text("Opgeslagen.")
    expect(projector.locator("#theme")).to_have_text("Samen gezond", timeout=1000)
    phone.reload()  # on the same tab
    expect(phone.locator("#m-kind")).to_have_value("study_day")
    expect(phone.locator("#m-kind")).to_be_visible()


def test_delete_on_request_asks_first_and_empties_the_card(kiosk_server, phone, projector):
    phone_session(3).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Liever toch niet"})
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("#stage .card")).to_have_count(1)
    sign_in(phone, kiosk_server.url)
    phone.get_by_role("button", name="Meer").first.click()
    phone.once("dialog", lambda dialog: dialog.dismiss())
    phone.get_by_role("button", name="Verwijderen op verzoek").click()
    expect(projector.locator("#stage .card")).to_have_count(1)
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Verwijderen op verzoek").click()
    expect(projector.locator("#stage .card")).to_have_count(0, timeout=1000)
    expect(phone.locator("li.moderated")).to_have_attribute("data-state", "deleted")
    expect(phone.locator("li.moderated")).not_to_contain_text("Liever toch niet")


def test_each_layout_switches_the_open_wall(kiosk_server, phone, projector):
    texts = ["Koffie en gesprek op het plein", "Meer bankjes op het plein", "Een buurtfeest met koffie"]
    for number, (kind, text) in enumerate(zip(["story", "idea", "initiative"], texts, strict=True)):
        phone_session(20 + number).post(kiosk_server.url + "/api/contributions", json={"kind": kind, "text": text})
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)

    open_tab(phone, "Wand")
    phone.get_by_label("Een kolom per soort").check()
    phone.get_by_role("button", name="Op de wand tonen").click()
    expect(projector.locator(".stack--kind")).to_have_count(4, timeout=1000)
    expect(projector.locator(".stack--kind.kind--idea .card")).to_contain_text("Meer bankjes")

    phone.get_by_role("radio", name="Woordwolk").check()
    phone.fill("#hidden-words", "koffie")
    phone.get_by_role("button", name="Op de wand tonen").click()
    expect(projector.locator("#stage .cloud span", has_text=re.compile("^plein$"))).to_have_count(1, timeout=2000)
    words = projector.locator("#stage .cloud span").all_inner_texts()
    assert "plein" in words and "koffie" not in words and "het" not in words and "een" not in words

    open_tab(phone, "Bijdragen")
    row = phone.locator("li.moderated", has_text="Meer bankjes")
    row.get_by_role("button", name="Schijnwerper").click()
    expect(projector.locator(".card--spotlight")).to_contain_text("Meer bankjes", timeout=1000)
    expect(projector.locator("#stage .card:visible")).to_have_count(1)

    open_tab(phone, "Wand")
    expect(phone.frame_locator("#wall-thumb").locator(".card--spotlight")).to_contain_text("Meer bankjes")
    phone.get_by_label("Alles samen").check()
    phone.get_by_label("Alleen bijdragen die ik goedkeurde").check()
    phone.get_by_role("button", name="Op de wand tonen").click()
    expect(projector.locator("#stage .card:visible")).to_have_count(0, timeout=1000)
    open_tab(phone, "Bijdragen")
    phone.locator("li.moderated", has_text="Koffie en gesprek").get_by_role("button", name="Tonen").click()
    expect(projector.locator("#stage .card:visible")).to_have_count(1, timeout=1000)


def test_sync_now_from_the_control_room_shows_progress_and_the_summary(kiosk_server, archive, phone):
    for number in range(3):
        phone_session(40 + number).post(kiosk_server.url + "/api/contributions",
                                        json={"kind": "idea", "text": f"naar het archief {number}"})
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Archief en export")
    expect(phone.get_by_role("button", name="Nu synchroniseren")).to_be_disabled()
    phone.fill("#archive-url", archive.url + "/")
    phone.fill("#archive-token", token_for(archive, "markt"))
    phone.locator("#archive-link").get_by_role("button", name="Opslaan").click()
    expect(phone.locator("#archive-status")).to_have_text(
        f"Opgeslagen: {archive.url}. Haal het geplande moment op of synchroniseer nu.")
    phone.get_by_role("button", name="Gepland moment ophalen").click()
    expect(phone.locator("#pull-status")).to_contain_text("In het archief is geen ontmoetingsmoment gepland")
    expect(phone.locator("#pull-status")).to_have_class(re.compile("status--failed"))
    phone.get_by_role("button", name="Nu synchroniseren").click()
    status = phone.locator("#sync-status")
    expect(status).to_have_text("Nu in het archief. Nieuw: 3, bijgewerkt: 0, ongewijzigd: 0, foto's verstuurd: 0.",
                                timeout=20_000)
    expect(status).not_to_have_class(re.compile("status--failed"))
    texts = sorted(item["text"] for item in requests.get(archive.url + "/api/contributions", timeout=5).json()["items"])
    assert texts == [f"naar het archief {number}" for number in range(3)]
    assert "token" not in (kiosk_server.data_dir / "kiosk.json").read_text("utf-8")  # kept apart, not synced


def test_an_archive_that_never_answers_is_said_within_15_s_and_the_sync_can_be_cancelled(kiosk_server, phone):
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Archief en export")
    cancel = phone.get_by_role("button", name="Synchronisatie afbreken")
    sync_now = phone.get_by_role("button", name="Nu synchroniseren")
    status = phone.locator("#sync-status")
    with SilentArchive() as silent:
        phone.fill("#archive-url", silent.url)
        phone.fill("#archive-token", "x")
        phone.locator("#archive-link").get_by_role("button", name="Opslaan").click()
        expect(phone.locator("#archive-status")).to_contain_text("Opgeslagen")
        expect(cancel).to_be_hidden()
        sync_now.click()
        expect(status).to_have_text("Contact met het archief… Het archief antwoordt niet (de aanmeldpagina van een "
                                    "hotspot of een proxy?); opnieuw proberen (2 van 4) over 1 s…", timeout=15_000)
        expect(sync_now).to_be_disabled()
        phone.reload()  # a reload shows the running sync and its Cancel at once, not at its next try (~10 s on)
        open_tab(phone, "Archief en export")
        expect(cancel).to_be_visible(timeout=3_000)
        expect(sync_now).to_be_disabled()
        cancel.click()
        expect(status).to_have_text("Synchronisatie afgebroken. Er gaat niets verloren: de volgende synchronisatie "
                                    "gaat verder waar deze stopte.", timeout=5_000)
        expect(status).not_to_have_class(re.compile("status--failed"))
        expect(cancel).to_be_hidden()
        expect(sync_now).to_be_enabled()


def test_a_failing_sync_says_why_in_the_control_room_in_its_own_language(kiosk_server, phone):
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Archief en export")
    phone.fill("#archive-url", "ftp://archief.example.nl")  # not http(s)://: refused when saving, next to the form
    phone.fill("#archive-token", "x")
    phone.locator("#archive-link").get_by_role("button", name="Opslaan").click()
    expect(phone.locator("#archive-status")).to_contain_text("moet beginnen met http:// of https://")
    phone.fill("#archive-url", "http://127.0.0.1:9")  # nothing listens there
    phone.fill("#archive-token", "x")
    phone.locator("#archive-link").get_by_role("button", name="Opslaan").click()
    phone.get_by_role("button", name="Nu synchroniseren").click()
    status = phone.locator("#sync-status")
    expect(status).to_have_text("Op http://127.0.0.1:9 antwoordt geen archief: controleer het adres en of het archief "
                                "draait.", timeout=5_000)
    expect(status).to_have_class(re.compile("status--failed"))
    assert phone.locator("#sync-status").evaluate("line => getComputedStyle(line).color") == "rgb(179, 38, 30)"
    phone.goto(kiosk_server.url + "/facilitator?lang=en#archive")
    phone.get_by_role("button", name="Sync now").click()
    expect(status).to_have_text("No archive answers at http://127.0.0.1:9: check the address and that the archive is "
                                "running.", timeout=5_000)


def test_tags_and_links_typed_in_the_control_room_reach_the_wall(kiosk_server, phone, projector):
    for number, text in enumerate(("Een repaircafé", "Fietsen maken met jongeren")):
        phone_session(number).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": text})
    projector.goto(kiosk_server.url + "/wall")
    sign_in(phone, kiosk_server.url)
    row = phone.locator("li.moderated").first  # the newest: K2
    row.get_by_role("button", name="Meer").click()
    row.get_by_label("Tags en verbanden").fill("#herstel #K1")
    row.get_by_role("button", name="Opslaan").click()
    newest = projector.locator("#stage .card", has_text="Fietsen maken")
    expect(newest.locator("[data-field=tags]")).to_have_text("#herstel", timeout=1000)
    expect(newest.locator("[data-field=links]")).to_have_text("K1")
    row.get_by_label("Tags en verbanden").fill("#K9")
    row.get_by_role("button", name="Opslaan").click()
    expect(phone.locator("#error")).to_contain_text("Een code verwijst naar geen bijdrage hier")


def test_the_pull_button_sets_the_moment_up_as_planned_and_the_open_wall_shows_the_highlights(
        kiosk_server, phone, projector, team, tmp_path):
    archive = team.archive
    first, token = token_for(archive, "markt"), token_for(archive, "feest")
    key = team.programme("Samen wonen in Zuid", tags="wonen zorg")
    team.plan(key, name="Markt", kind="market", date="2030-04-01", kiosk="markt")
    team.plan(key, name="Buurtfeest", kind="festival", date="2030-05-01", place="Zuidplein", kiosk="feest")
    assert pull(archive, first, tmp_path / "markt").returncode == 0
    market = Kiosk(tmp_path / "markt")
    market.contribute("Een repaircafé in het buurthuis")
    market.sync(archive, first)
    archive.store.set_logo(ORGANISATION, jpeg(900, 300, "darkgreen"))
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("#earlier")).to_be_hidden()
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Archief en export")
    phone.fill("#archive-url", archive.url)
    phone.fill("#archive-token", token)
    phone.locator("#archive-link").get_by_role("button", name="Opslaan").click()
    phone.get_by_role("button", name="Gepland moment ophalen").click()
    expect(phone.locator("#pull-status")).to_contain_text("Ingericht zoals gepland: Buurtfeest, met 1 hoogtepunten")
    open_tab(phone, "Moment")
    expect(phone.locator("#m-place")).to_have_value("Zuidplein")
    expect(projector.locator("#theme")).to_have_text("Samen wonen in Zuid")
    expect(projector.locator(".earlier__item")).to_have_text(["Een repaircafé in het buurthuisIdee · Markt · Buurtnetwerk"])
    expect(projector.locator("#earlier")).to_have_css("--organisation", "#1f6f5c")  # in the organisation's colour
    logo = projector.locator(".earlier__logo")  # and with its logo, which came with the plan: no internet needed
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.complete && image.naturalWidth === 320")
    projector.screenshot(path=str(tmp_path / "wall-with-highlights.png"))
    page = requests.get(kiosk_server.url + "/", timeout=5).text
    assert 'name="tags" value="wonen"' in page and 'name="tags" value="zorg"' in page


def test_a_fourth_pin_is_refused_in_the_control_room_and_the_wall_marks_the_three(kiosk_server, phone, projector):
    for number in range(4):
        phone_session(60 + number).post(kiosk_server.url + "/api/contributions",
                                        json={"kind": "idea", "text": f"Kaart om vast te zetten {number}"})
    projector.goto(kiosk_server.url + "/wall")
    sign_in(phone, kiosk_server.url)
    for number in range(3):
        phone.locator("li.moderated", has_text=f"vast te zetten {number}").get_by_role("button", name="Vastzetten").click()
    expect(projector.locator("#stage .card--pinned")).to_have_count(3, timeout=2000)
    expect(projector.locator("#stage .card--pinned [data-field='pin']")).to_have_text(["Vastgezet"] * 3)
    phone.locator("li.moderated", has_text="vast te zetten 3").get_by_role("button", name="Vastzetten").click()
    expect(phone.locator("#error")).to_contain_text("hooguit 3 kaarten tegelijk vastgezet")
    expect(projector.locator("#stage .card--pinned")).to_have_count(3)


def test_a_waiting_contribution_says_why_it_waits_and_is_read_whole_one_tap_away_on_the_phone(
        kiosk_server, phone, tmp_path):
    import random

    from tests.harness.day import dutch_text

    story = dutch_text(random.Random(9), 700) + " Wat een shit-plan van de gemeente."
    phone_session(71).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": story},
                           timeout=5).raise_for_status()
    sign_in(phone, kiosk_server.url)
    row = phone.locator(".moderated[data-state=pending]").first
    expect(row.locator(".moderated__state")).to_have_text("Wacht · shit")  # the listed word, on its line
    row.get_by_role("button", name="Meer").click()
    expect(row.locator(".moderated__why")).to_have_text("Wacht om een woord uit de lijst: shit")
    text = row.locator(".card__text")
    expect(text).to_have_text(story)
    expect(text.locator("mark")).to_have_text(["shit"])  # marked where it stands: "shit-plan"
    assert text.evaluate("element => element.scrollHeight <= element.clientHeight + 1 "
                         "&& element.scrollWidth <= element.clientWidth + 1")  # all of it, nothing cut
    row.screenshot(path=str(tmp_path / "room-waiting.png"))
    room = Room(kiosk_server.url)  # one that comes in while the room is open says why too
    room.session.post(kiosk_server.url + "/api/premoderation", json={"on": True}, timeout=5).raise_for_status()
    phone_session(72).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Een bankje erbij"},
                           timeout=5).raise_for_status()
    arrived = phone.locator(".moderated[data-state=pending]", has_text="Een bankje erbij")
    expect(arrived.locator(".moderated__state")).to_have_text("Wacht")
    arrived.get_by_role("button", name="Meer").click()
    expect(arrived.locator(".moderated__why")).to_have_text("Wacht: elke bijdrage wacht nu op goedkeuring.")
    expect(arrived.locator(".card__text mark")).to_have_count(0)
    phone_session(73).post(kiosk_server.url + "/api/contributions", json={"kind": "idea", "text": "Shit, weer regen"},
                           timeout=5).raise_for_status()  # live, and whatever its case
    expect(phone.locator(".moderated", has_text="weer regen").locator(".card__text mark")).to_have_text(["Shit"])
    room.session.close()


def test_collect_then_reveal_from_the_facilitators_phone_with_an_entrance_on_the_wall(kiosk_server, browser, phone,
                                                                                     projector):
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Wand")
    phone.get_by_label("Eerst verzamelen").check()
    expect(projector.locator("#collecting")).to_have_text("0 verzameld, straks samen onthuld")
    participant = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    for text in ("Een ruilkast bij de bakker", "Samen de stoep vegen op zaterdag"):
        participant.goto(kiosk_server.url + "/")
        participant.locator("label.kind--idea").click()
        participant.fill("#text", text)
        participant.get_by_role("button", name="Naar de wand sturen").click()
        expect(participant.locator("#thanks-state")).to_contain_text("Jouw kaart is verzameld")
        expect(participant.locator("#thanks-code")).to_contain_text("Jouw kaart is K")
    expect(projector.locator("#collecting")).to_have_text("2 verzameld, straks samen onthuld")
    expect(projector.locator("#stage .card")).to_have_count(0)
    reveal = phone.get_by_role("button", name="2 samen onthullen")
    reveal.click()
    expect(projector.locator("#revealed")).to_have_text("Onthuld: 2 bijdragen", timeout=1000)
    expect(projector.locator("#stage .card")).to_have_count(2, timeout=2000)
    expect(projector.locator("#collecting")).to_be_hidden()
    expect(phone.get_by_label("Eerst verzamelen")).not_to_be_checked()
    expect(phone.locator("#reveal")).to_be_disabled()
    participant.context.close()


def test_a_card_written_on_paper_is_typed_and_photographed_on_the_facilitators_phone_and_stands_marked(
        kiosk_server, phone, projector):
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("body")).to_have_attribute("data-live", "connected")
    sign_in(phone, kiosk_server.url)
    open_tab(phone, "Wand")
    phone.get_by_text("Een kaart op papier toevoegen").click()
    phone.get_by_label("Idee").check()
    phone.get_by_label("Wat erop staat").fill("Een bankje bij de bushalte, met een dak ertegen de regen")
    phone.get_by_label("Naam, als die op de kaart staat").fill("Henk")
    phone.get_by_label("Foto van de kaart").set_input_files(
        files=[{"name": "kaart.jpg", "mimeType": "image/jpeg", "buffer": jpeg(900, 1200, "khaki")}])
    phone.get_by_role("button", name="Op de wand zetten").click()
    expect(phone.locator("#paper-status")).to_have_text("K1 staat op de wand, gemarkeerd als op papier.")
    card = projector.locator("#stage .card[data-kind='idea']")
    expect(card).to_contain_text("Een bankje bij de bushalte", timeout=2000)
    expect(card.locator("[data-field='paper']")).to_have_text("Op papier")
    expect(card.locator("[data-field='photo']")).to_be_visible()
    expect(phone.get_by_label("Wat erop staat")).to_have_value("")  # ready for the next card


def test_one_card_is_shown_now_alone_and_whole_from_its_row_and_the_turn_goes_on_after_it(kiosk_server, phone, projector):
    import random

    from tests.harness.day import dutch_text

    story = dutch_text(random.Random(4), 1400)
    for number, text in enumerate(("Een bankje erbij", story, "Meer groen op het plein")):
        phone_session(80 + number).post(kiosk_server.url + "/api/contributions", json={"kind": "story", "text": text},
                                        timeout=5).raise_for_status()
    projector.goto(kiosk_server.url + "/wall")
    expect(projector.locator("#stage .card")).to_have_count(2)  # the story is too long to share the page
    sign_in(phone, kiosk_server.url)
    row = phone.locator(".moderated", has_text="Meer groen op het plein")
    row.get_by_role("button", name="Meer").click()
    row.get_by_role("button", name="Nu op de wand, in het geheel").click()
    cards = projector.locator("#stage .slots--grid .card")
    expect(cards).to_have_count(1, timeout=1000)
    expect(cards.first).to_have_text(re.compile("Meer groen op het plein"))
    story_row = phone.locator(".moderated", has_text=story[:40])
    story_row.get_by_role("button", name="Meer").click()
    story_row.get_by_role("button", name="Nu op de wand, in het geheel").click()
    expect(cards.first.locator("[data-field='text']")).to_have_text(story, timeout=1000)  # whole, not cut
