"""The phone on a market's Wi-Fi and on a good one: time to a usable form, tap to thank-you, bytes on the wire.

    python -m bench.phone

A real kiosk holds 200 contributions from phones of their own (a quarter long stories, one in five with a photo).
Debian's Chromium at 360x740 loads the phone page under Chromium's network emulation — the market (400 kbit/s
each way, 400 ms round trip) and a good Wi-Fi (20 Mbit/s, 20 ms) — and reports: the time until the form is
usable (its script has run), the bytes of every response, and from the tap on "send" to the thank-you for a text
alone and for a text with a 3.1 MB camera photo (4032x3024). Goal (issue 13): text + camera photo <= 10 s on the
market's Wi-Fi; the phone page <= 50 KB on the wire at 200 contributions with photos.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.harness.browsers import chromium
from tests.harness.day import send_day, wall_day
from tests.harness.photos import camera_photo
from tests.harness.server import KioskProcess

NETWORKS = {
    "market Wi-Fi": {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
                     "uploadThroughput": 400_000 / 8},
    "good Wi-Fi": {"offline": False, "latency": 20, "downloadThroughput": 20_000_000 / 8,
                   "uploadThroughput": 20_000_000 / 8},
}


def _open(browser, url: str, network: dict) -> tuple[Page, float, int]:
    """A phone on ``network`` opens the page: the page, seconds until its form is ready, bytes on the wire."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    context.new_cdp_session(page).send("Network.emulateNetworkConditions", network)
    sizes = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()))
    started = time.perf_counter()
    page.goto(url + "/")
    page.wait_for_selector("#contribute[data-ready='true']", state="attached")
    ready = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    return page, ready, sum(size["responseHeadersSize"] + size["responseBodySize"] for size in sizes)


def _send(page: Page, text: str, photo: Path | None) -> float:
    """Seconds from the tap on "send" to the thank-you."""
    page.locator("label.kind--story").click()
    page.fill("#text", text)
    if photo:
        page.set_input_files("#photo", str(photo))
    started = time.perf_counter()
    page.locator("#contribute button.send").click()
    page.wait_for_selector("#thanks:not([hidden])", timeout=180_000)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        photo = Path(folder) / "IMG_2041.jpg"
        photo.write_bytes(camera_photo())
        browser = chromium(playwright)
        kiosk = KioskProcess(Path(folder) / "data").start()
        try:
            send_day(kiosk.url, wall_day(200, seed=6))
            print(f"camera photo: {photo.stat().st_size / 1e6:.2f} MB, 4032x3024")
            for name, network in NETWORKS.items():
                page, ready, size = _open(browser, kiosk.url, network)
                text = _send(page, "Op de markt hoorde ik dat de bibliotheek een repaircafé begint.", None)
                page.get_by_role("button", name="Nog iets delen").click()
                with_photo = _send(page, "De moestuin achter de school, door drie klassen onderhouden.", photo)
                print(f"{name:>12}: form usable in {ready:.1f} s, page {size / 1000:.1f} KB on the wire; "
                      f"tap to thank-you {text:.1f} s for a text, {with_photo:.1f} s with the camera photo")
                page.context.close()
        finally:
            kiosk.stop()
            browser.close()


if __name__ == "__main__":
    main()
