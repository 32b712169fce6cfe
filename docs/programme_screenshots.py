"""Make the screenshots of docs/programme.md: a whole network programme, run for real.

    python docs/programme_screenshots.py

Starts an archive, sets the admin password and plans a programme of two meeting moments as the team
would; each kiosk pulls its moment with ``netwerkkiosk sync --pull``, runs as a process, gets
contributions from simulated phones (tags, "#K" links, "me too") and syncs with ``netwerkkiosk sync``.
Then Debian's Chromium photographs the phone, the wall with earlier highlights, the wall's network,
and the archive's programme, network, report and exhibition pages, and a search on a phone (one that finds and one
that finds nothing) into docs/img/programme-*.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.browsers import chromium  # noqa: E402
from tests.harness.phones import phone_session  # noqa: E402
from tests.harness.server import ArchiveProcess, KioskProcess  # noqa: E402
from tests.harness.syncing import token_for  # noqa: E402
from tests.harness.team import Team, pull  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "img"
COMMAND = str(Path(sys.executable).parent / "netwerkkiosk")
MARKET = [
    ("initiative", "Wie helpt mee met een repaircafé in het buurthuis? Elke eerste zaterdag. #repaircafe", ""),
    ("idea", "Een deelkast voor gereedschap bij de bibliotheek #delen", "Mo"),
    ("story", "Mijn buurman repareerde mijn fiets en nu help ik hem met zijn computer. #K1", "Samira"),
    ("example", "In de Vogelbuurt delen acht gezinnen samen twee bakfietsen. #delen", "Joost"),
    ("idea", "Geveltuintjes in de hele straat, samen planten in het voorjaar #groen", ""),
    ("story", "Sinds de moestuin achter de school ken ik al mijn buren bij naam. #groen", "Anouk"),
]
STUDY_DAY = [
    ("idea", "Het repaircafé kan ook fietsen doen, met de jongeren van het buurthuis #K1 #jongeren", "Daan"),
    ("initiative", "Een buurtkeuken op vrijdag: samen koken en eten voor wie alleen woont #zorg", "Fatma"),
    ("example", "In Noord loopt al een maaltijdproject met vrijwilligers uit de buurt #zorg", ""),
    ("idea", "Zonnepanelen op het dak van de sporthal, samen ingekocht #energie", "Mo"),
]


def _moment(archive: ArchiveProcess, folder: Path, token: str, samples: list) -> KioskProcess:
    """Pull the planned moment, run the kiosk, let the phones contribute and say "me too", then sync."""
    pulled = pull(archive, token, folder)
    assert pulled.returncode == 0, pulled.stderr
    kiosk = KioskProcess(folder).start()
    for number, (kind, text, author) in enumerate(samples):
        phone_session(number).post(kiosk.url + "/api/contributions",
                                   json={"kind": kind, "text": text, "author": author}, timeout=5)
    items = phone_session(50).get(kiosk.url + "/api/contributions", timeout=5).json()["items"]
    for number in range(4):
        phone_session(60 + number).post(f"{kiosk.url}/api/contributions/{items[0]['id']}/reactions", timeout=5)
    subprocess.run([COMMAND, "sync", "--archive", archive.url, "--token", token, "--data", str(folder)],
                   check=True, capture_output=True)
    return kiosk


def _shoot(page, url: str, name: str, ready: str | None = None) -> None:
    page.goto(url)
    if ready:  # a selector: the pages' script-src 'self' forbids the eval behind wait_for_function
        page.wait_for_selector(ready, state="attached")
    page.screenshot(path=str(IMAGES / f"programme-{name}.png"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        root = Path(folder)
        browser = chromium(playwright)
        archive = ArchiveProcess(root / "archive").start()
        kiosks = []
        try:
            team = Team(archive)
            key = team.programme("Samen wonen in Zuid", start="2027-03-01", end="2027-06-30",
                                 description="Hoe zorgen we in Zuid voor elkaar, en wat kunnen we samen doen?",
                                 tags="groen delen zorg jongeren energie")
            tokens = {name: token_for(archive, name) for name in ("markt", "studiedag", "manifestatie")}
            for name, kind, date in (("markt", "market", "2027-03-20"), ("studiedag", "study_day", "2027-04-17"),
                                     ("manifestatie", "manifestation", "2027-06-28")):
                planned = team.plan(key, name=name.capitalize(), kind=kind, date=date, place="Zuidplein", kiosk=name)
                assert planned.status_code == 303, planned.text
            kiosks.append(_moment(archive, root / "markt", tokens["markt"], MARKET))
            kiosks.append(_moment(archive, root / "studiedag", tokens["studiedag"], STUDY_DAY))
            wall = browser.new_page(viewport={"width": 1280, "height": 720})
            _shoot(wall, kiosks[1].url + "/wall", "wall-highlights")
            phone = browser.new_page(viewport={"width": 360, "height": 900}, device_scale_factor=2)
            phone.goto(kiosks[1].url + "/")
            phone.locator("label.kind--idea").click()
            phone.fill("#text", "Bouwt voort op #K2: de buurtkeuken kan ook in de zomer buiten koken")
            phone.locator("details.more summary").click()  # the programme's tags sit with name and contact
            phone.locator("label.tag", has_text="#zorg").click()
            phone.evaluate("window.scrollTo(0, 0)")
            phone.screenshot(path=str(IMAGES / "programme-phone.png"))
            session = phone_session(70)
            csrf = session.post(kiosks[1].url + "/api/session", json={"pin": "123456"}).json()["csrf_token"]
            session.post(kiosks[1].url + "/api/layout", json={"mode": "network"}, headers={"X-CSRF-Token": csrf})
            wall.wait_for_selector("body[data-network='drawn']", state="attached")
            wall.wait_for_timeout(300)
            wall.screenshot(path=str(IMAGES / "programme-wall-network.png"))
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.context.add_cookies([{"name": "archive_session", "url": archive.url,
                                       "value": team.session.cookies["archive_session"]}])
            _shoot(page, f"{archive.url}/programme/{key}", "archive")
            _shoot(page, f"{archive.url}/programme/{key}/network", "network", "body[data-network]")
            _shoot(page, f"{archive.url}/programme/{key}/report", "report")
            page.set_viewport_size({"width": 900, "height": 1270})
            _shoot(page, f"{archive.url}/programme/{key}/exhibition?pick=all", "exhibition", "body[data-fitted]")
            reader = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
            _shoot(reader, f"{archive.url}/search?q=repaircafe", "search-phone")
            _shoot(reader, f"{archive.url}/search?q=buurtkeukn", "search-nothing-phone")
        finally:
            for kiosk in kiosks:
                kiosk.stop()
            archive.stop()
            browser.close()
    print(f"wrote the programme screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
