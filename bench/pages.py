"""Bytes on the wire for the participant page and the wall, as Chromium loads them.

    python -m bench.pages

Goals: participant page <= 50 KB without photos, wall <= 150 KB with the vendored Socket.IO client.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.harness.browsers import chromium
from tests.harness.phones import phone_session
from tests.harness.server import KioskProcess

_GOALS = {"/": 50_000, "/wall": 150_000}


def _weigh(page: Page, url: str) -> tuple[int, int]:
    """Load ``url`` in a fresh page and add up every response's headers and body."""
    responses = []
    page.on("requestfinished", lambda request: responses.append(request.sizes()))
    page.goto(url, wait_until="networkidle")
    return sum(s["responseHeadersSize"] + s["responseBodySize"] for s in responses), len(responses)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        kiosk = KioskProcess(Path(folder) / "data", args=("--theme", "Duurzaam samenleven")).start()
        try:
            for number in range(12):
                phone_session(number).post(kiosk.url + "/api/contributions", timeout=5,
                                           json={"kind": "idea", "text": f"Voorbeeldbijdrage {number} " * 8})
            with sync_playwright() as playwright:
                browser = chromium(playwright)
                for path, goal in _GOALS.items():
                    context = browser.new_context()
                    size, count = _weigh(context.new_page(), kiosk.url + path)
                    verdict = "ok" if size <= goal else "OVER"
                    print(f"{path:>6}: {size / 1000:6.1f} KB in {count} responses (goal {goal / 1000:.0f} KB) {verdict}")
                    context.close()
                browser.close()
        finally:
            kiosk.stop()


if __name__ == "__main__":
    main()
