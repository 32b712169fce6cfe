"""A wall left open through a day: 2,000 contributions streamed into it, its DOM, JS heap and frames measured.

    python -m bench.wall_day [--contributions 2000] [--rate 2] [--burst 10]

A real kiosk, the wall in Debian's Chromium at 1920x1080. Contributions come from phones of their own (a
quarter long stories, one in five with a photo) at ``--rate`` a second of the wall's time, with a burst of
``--burst`` at once every minute. Playwright's clock runs the wall's own time (its page turns and arrivals),
so a day's hours pass in minutes; the Socket.IO connection keeps real time, as it was made before the clock.

At 200, 1,000 and 2,000 it prints the DOM (nodes, elements, cards), the JS heap after a garbage collection,
the slowest second of the wall's time (the clock's run of it, page turns and fitting included, as seen from
here) and the longest animation frame the browser reported. Goals: DOM and heap at 2,000 no larger than at 200 (±10%); worst frame <= 50 ms.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM_ARGS
from tests.day import send_day, wall_day
from tests.server import KioskProcess

_MARKS = (200, 1000, 2000)
# Frames the browser found long (Long Animation Frames: rendering included; reported from 50 ms on).
_WATCH_FRAMES = """() => {
  window.longest = 0;
  for (const type of ["long-animation-frame", "longtask"]) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) { window.longest = Math.max(window.longest, entry.duration); }
    }).observe({type, buffered: false});
  }
}"""


def _measure(page, cdp) -> dict[str, float]:
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
    dom = cdp.send("Memory.getDOMCounters")
    return {"nodes": dom["nodes"], "elements": page.evaluate("document.getElementsByTagName('*').length"),
            "cards": page.evaluate("document.querySelectorAll('.card').length"), "heap_mb": heap / 1e6,
            "longest_frame_ms": page.evaluate("window.longest")}


def run(contributions: int, rate: int, burst: int) -> list[dict[str, float]]:
    day = wall_day(contributions, seed=5)
    figures = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        kiosk = KioskProcess(Path(folder) / "data", args=("--theme", "Een dag op de markt")).start()
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            cdp = page.context.new_cdp_session(page)
            page.goto(kiosk.url + "/wall")
            page.wait_for_selector("body[data-live='connected']", state="attached")
            page.evaluate(_WATCH_FRAMES)
            page.clock.install()
            sent, second, slowest = 0, 0, 0.0
            while sent < contributions:
                now = burst if second % 60 == 30 else rate
                batch = day[sent:sent + now]
                send_day(kiosk.url, batch, first_phone=sent)
                sent += len(batch)
                started = time.perf_counter()
                page.clock.run_for(1000)  # the page turns and arrivals of this second run inside this call
                slowest = max(slowest, (time.perf_counter() - started) * 1000)
                second += 1
                if any(sent - len(batch) < mark <= sent for mark in _MARKS):
                    page.wait_for_selector("body[data-loading='0']", state="attached")
                    figures.append({"contributions": sent, "wall_seconds": second, **_measure(page, cdp),
                                    "slowest_second_ms": slowest})
                    print(_line(figures[-1]), flush=True)
        finally:
            browser.close()
            kiosk.stop()
    return figures


def _line(figure: dict[str, float]) -> str:
    return (f"{figure['contributions']:>5} contributions ({figure['wall_seconds']} s of wall time): "
            f"DOM {figure['nodes']} nodes, {figure['elements']} elements, {figure['cards']} cards; "
            f"JS heap {figure['heap_mb']:.2f} MB; slowest second of turns and arrivals "
            f"{figure['slowest_second_ms']:.0f} ms; longest frame {figure['longest_frame_ms']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=2, help="contributions a second of the wall's time")
    parser.add_argument("--burst", type=int, default=10, help="contributions at once, every minute")
    options = parser.parse_args()
    figures = run(options.contributions, options.rate, options.burst)
    first, last = figures[0], figures[-1]
    print(f"DOM nodes at {last['contributions']} / at {first['contributions']}: {last['nodes'] / first['nodes']:.2f} "
          f"(goal <= 1.10); JS heap: {last['heap_mb'] / first['heap_mb']:.2f} (goal <= 1.10); "
          f"longest frame {max(f['longest_frame_ms'] for f in figures):.0f} ms "
          "(goal <= 50; 0 means the browser saw no frame of 50 ms or more)")


if __name__ == "__main__":
    main()
