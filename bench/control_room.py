"""The control room at a day's volume: its page's size and load time, and how fast a state filter answers.

    npm ci --prefix bench/lighthouse      # once, for the phone profile (Lighthouse 12.2.3, Node 20)
    python -m bench.control_room [--sizes 200 2000]

For each size a real kiosk gets that many contributions from phones of their own (a quarter long stories, one in
five with a photo, the first three waiting for approval). A signed-in facilitator then loads /facilitator in Debian's
Chromium at 1366x768 (time until the page is live, and its HTML's bytes), clicks the "waiting" chip and a search
(time until the list shows the answer), and asks /api/room/contributions for each state and for a search, five
times each (median and worst). Lighthouse then loads the page as its mobile profile does (a mid-range phone on a
slow 4G line, simulated). Goals (issue 12): first usable <= 1 s on the laptop and <= 2.5 s on the phone profile
(Lighthouse performance >= 90), HTML <= 100 KB, a state filter <= 150 ms, at 2,000.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kiosk.finding import STATES
from tests.harness.browsers import CHROMIUM, chromium
from tests.harness.day import send_day, wall_day
from tests.harness.room import Room
from tests.harness.server import KioskProcess

_QUESTIONS = [{"state": state} for state in STATES] + [{"q": "bibliotheek"}, {"q": "K17"}]
_LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
_AUDITS = ("first-contentful-paint", "largest-contentful-paint", "interactive", "total-blocking-time")


def _ask(room: Room, query: dict[str, str]) -> tuple[float, float]:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        room.session.get(room.url + "/api/room/contributions", params=query, timeout=10).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


# In the page: from a click (or a typed word) until the list holds the answer and the browser has painted it.
_TIMED = """async ([act, target, text]) => {
  const list = document.getElementById('moderation');
  const shows = () => list.children.length > 0 && (target === 'pending'
    ? [...list.children].every((row) => row.dataset.state === 'pending')
    : list.children.length === 1 && list.querySelector('[data-field=code]').textContent === target);
  const started = performance.now();
  if (act === 'click') {
    document.querySelector(text).click();
  } else {
    const search = document.getElementById('q');
    search.value = text;
    search.dispatchEvent(new Event('input', {bubbles: true}));
  }
  await new Promise((done) => new MutationObserver((seen, watch) => {
    if (shows()) { watch.disconnect(); done(); }
  }).observe(list, {childList: true}));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  return performance.now() - started;
}"""


def _clicked(page) -> float:
    """Milliseconds from a click on the "waiting" chip until its list is painted."""
    return page.evaluate(_TIMED, ["click", "pending", "button[data-state='pending']"])


def _searched(page) -> float:
    """Milliseconds from typing a code until its one row is painted, the 150 ms the search waits for typing included."""
    page.click("button[data-state='']")
    page.wait_for_selector("#moderation > li:not([data-state='pending'])")
    return page.evaluate(_TIMED, ["type", "K17", "K17"])


def _lighthouse(room: Room) -> str:
    """Lighthouse's mobile performance score and timings for the signed-in control room, or why it did not run."""
    if not _LIGHTHOUSE.exists():
        return "Lighthouse skipped: run npm ci --prefix bench/lighthouse first"
    cookie = "; ".join(f"{cookie.name}={cookie.value}" for cookie in room.session.cookies)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([str(_LIGHTHOUSE), room.url + "/facilitator", "--only-categories=performance", "--quiet",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--output=json",
                        f"--output-path={report}", "--extra-headers=" + json.dumps({"Cookie": cookie})],
                       check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"}, timeout=180)
        found = json.loads(report.read_text("utf-8"))
    timings = ", ".join(f"{name} {found['audits'][name]['displayValue']}" for name in _AUDITS)
    return f"Lighthouse mobile: performance {found['categories']['performance']['score'] * 100:.0f} ({timings})"


def measure(size: int, browser) -> None:
    with tempfile.TemporaryDirectory() as folder:
        kiosk = KioskProcess(Path(folder) / "data").start()
        try:
            room = Room(kiosk.url)
            room.session.post(kiosk.url + "/api/premoderation", json={"on": True}, timeout=5)
            day = wall_day(size, seed=9)
            send_day(kiosk.url, day[:3])
            room.session.post(kiosk.url + "/api/premoderation", json={"on": False}, timeout=5)
            send_day(kiosk.url, day[3:], first_phone=3)
            html = room.session.get(kiosk.url + "/facilitator", timeout=10).content
            answer = room.session.get(kiosk.url + "/facilitator", timeout=10, stream=True)
            wire = len(answer.raw.read(decode_content=False))  # as sent: compressed
            context = room.browser_context(browser, 1366, 768)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(kiosk.url + "/facilitator")
            page.wait_for_selector("body[data-live='connected']", state="attached")
            usable = (time.perf_counter() - started) * 1000
            print(f"{size:>5} contributions: /facilitator {len(html) / 1000:.1f} KB of HTML "
                  f"({wire / 1000:.1f} KB {answer.headers.get('Content-Encoding', 'uncompressed')} on the wire), "
                  f"live in {usable:.0f} ms")
            print(f"      in the browser: {_clicked(page):.0f} ms from a click on 'waiting' to its list painted, "
                  f"{_searched(page):.0f} ms from typing K17 to its row")
            context.close()
            for query in _QUESTIONS:
                median, worst = _ask(room, query)
                print(f"      /api/room/contributions?{'&'.join(f'{k}={v}' for k, v in query.items()):<16} "
                      f"median {median:5.1f} ms, worst {worst:5.1f} ms")
            print(f"      {_lighthouse(room)}")
        finally:
            kiosk.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = chromium(playwright)
        try:
            for size in options.sizes:
                measure(size, browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
