"""Make the README's screenshots from a real kiosk in Debian's Chromium.

    python docs/screenshots.py

Starts a kiosk on a free port with a sample theme, sends a few contributions from simulated
phones, and writes docs/img/: phone.png, wall.png and start.png (the laptop's start page). The wall's layouts at a day's volume come from
docs/wall_screenshots.py, the control room's pictures from docs/room_screenshots.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.browsers import chromium  # noqa: E402
from tests.harness.phones import phone_session  # noqa: E402
from tests.harness.server import KioskProcess  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "img"
SAMPLES = [
    ("story", "Mijn buurvrouw leerde mij fietsen repareren. Nu help ik elke zaterdag anderen.", "Samira"),
    ("idea", "Een deelkast voor gereedschap bij de bibliotheek.", ""),
    ("example", "De moestuin achter de school wordt door drie klassen samen onderhouden.", "Joost"),
    ("initiative", "Wie doet mee met een repaircafé in het buurthuis? Eerste keer in maart.", "Anouk"),
    ("idea", "Zonnepanelen op het dak van de sporthal, samen ingekocht.", "Mo"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # The address a laptop's hotspot gives phones, as docs/facilitator.md shows it (nothing is sent there).
        options = ("--theme", "Duurzaam samenleven", "--prompt", "Wat doe jij al voor een groenere buurt?",
                   "--wifi-ssid", "Markt-Kiosk", "--wifi-password", "welkom2026", "--host", "0.0.0.0",
                   "--public-url", "http://192.168.137.1:5000/")
        kiosk = KioskProcess(Path(folder) / "data", args=options).start()
        try:
            for number, (kind, text, author) in enumerate(SAMPLES):
                phone_session(number).post(kiosk.url + "/api/contributions",
                                           json={"kind": kind, "text": text, "author": author}, timeout=5)
            with sync_playwright() as playwright:
                browser = chromium(playwright)
                wall = browser.new_page(viewport={"width": 1280, "height": 720})
                wall.goto(kiosk.url + "/wall")
                wall.wait_for_selector(".card")
                wall.screenshot(path=str(IMAGES / "wall.png"))
                phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
                phone.goto(kiosk.url + "/")
                phone.locator("label.kind--idea").click()
                phone.fill("#text", "Een ruilmarkt voor kinderkleding op het plein")
                phone.screenshot(path=str(IMAGES / "phone.png"))
                laptop = browser.new_page(viewport={"width": 1280, "height": 900})
                laptop.goto(kiosk.url + "/start")  # what netwerkkiosk run opens on the laptop
                laptop.screenshot(path=str(IMAGES / "start.png"))
                browser.close()
        finally:
            kiosk.stop()
    print(f"wrote the screenshots in {IMAGES}")


if __name__ == "__main__":
    main()
