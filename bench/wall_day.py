"""A wall left open through a day: 2,000 contributions streamed into it, its DOM, JS heap and frames measured.

    python -m bench.wall_day [--contributions 2000] [--rate 2] [--burst 10]

A real kiosk, the wall in Debian's Chromium at 1920x1080, in real time: the kiosk decodes the photos on the same
two cores while the wall turns its pages, as on a laptop at a market. Contributions come from phones of their own
(a quarter long stories, one in five with a photo) at ``--rate`` a second, with a burst of ``--burst`` at once every
minute; 2,000 take about a quarter of an hour.

At 200, 1,000 and 2,000 it prints the DOM (nodes, elements, cards) and the JS heap after garbage collection, and
the long frames the browser reported since the line before (Long Animation Frames: a frame of 50 ms or more,
rendering included; the longest, and what ran in it). Goals: DOM and heap at 2,000 no larger than at 200 (±10%);
no frame over 50 ms.

Each second it also reads which cards stand whole on the wall (their whole text, inside the screen), and at the
end prints the share of all characters the room could read (a card standing whole for its length at 15 characters
a second, at least 5 s; goal: 100 %) and the longest any card waited for that. Two a second is far more than a room
reads: ``python -m bench.wall_reading`` gives the figures for a day's pace.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.harness.browsers import chromium
from tests.harness.day import send_day, wall_day
from tests.harness.server import KioskProcess
from tests.harness.turns import Seen

_MARKS = (200, 1000, 2000)
# Frames the browser found long: the longest since the last look, with the scripts that ran in it.
_WATCH_FRAMES = """() => {
  window.frames_ = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.frames_.push({ms: Math.round(entry.duration), scripts: entry.scripts.map(
        (script) => `${script.invoker} ${Math.round(script.duration)} ms`
                    + ` (layout ${Math.round(script.forcedStyleAndLayoutDuration)})`)});
    }
  }).observe({type: "long-animation-frame"});
}"""
_TAKE_FRAMES = "(() => { const frames = window.frames_; window.frames_ = []; return frames; })()"
# The cards whose whole text stands on the stage, inside the screen: what the room can read now.
_WHOLE = """() => Array.from(document.querySelectorAll('#stage .slots--grid .card'), (card) => {
  const box = card.getBoundingClientRect();
  const inside = box.top >= 0 && box.bottom <= innerHeight && card.scrollHeight <= card.clientHeight + 1;
  return [card.dataset.id, inside ? card.querySelector("[data-field='text']").textContent : ""];
})"""


def _measure(page, cdp) -> dict:
    """Read the frames first (the collections below pause the page themselves), then DOM and heap after them."""
    frames = page.evaluate(_TAKE_FRAMES)
    for _ in range(3):  # one collection can leave what a finaliser of the first one freed
        cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
    dom = cdp.send("Memory.getDOMCounters")
    page.evaluate(_TAKE_FRAMES)
    longest = max(frames, key=lambda frame: frame["ms"], default={"ms": 0, "scripts": []})
    return {"nodes": dom["nodes"], "elements": page.evaluate("document.getElementsByTagName('*').length"),
            "cards": page.evaluate("document.querySelectorAll('.card').length"), "heap_mb": heap / 1e6,
            "long_frames": len(frames), "longest_frame_ms": longest["ms"], "longest_frame": longest["scripts"]}


def run(contributions: int, rate: int, burst: int) -> tuple[list[dict], str]:
    day = wall_day(contributions, seed=5)
    figures = []
    seen, texts = Seen(1.0), {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        kiosk = KioskProcess(Path(folder) / "data", args=("--theme", "Een dag op de markt")).start()
        browser = chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            cdp = page.context.new_cdp_session(page)
            page.goto(kiosk.url + "/wall")
            page.wait_for_selector("body[data-live='connected']", state="attached")
            page.evaluate(_WATCH_FRAMES)
            started, sent, second = time.monotonic(), 0, 0
            while sent < contributions:
                batch = day[sent:sent + (burst if second % 60 == 30 else rate)]
                for item in send_day(kiosk.url, batch, first_phone=sent):
                    texts[item["id"]] = item["text"]
                    seen.since[item["id"]] = float(second)
                seen.note((key for key, text in page.evaluate(_WHOLE) if text == texts.get(key)), float(second))
                sent += len(batch)
                second += 1
                if any(sent - len(batch) < mark <= sent for mark in _MARKS):
                    figures.append({"contributions": sent, "seconds": round(time.monotonic() - started),
                                    **_measure(page, cdp)})
                    print(_line(figures[-1]), flush=True)
                time.sleep(max(0.0, started + second - time.monotonic()))
        finally:
            browser.close()
            kiosk.stop()
    wait = max(seen.longest_wait(key, text, float(second)) for key, text in texts.items())
    return figures, (f"the room could read {100 * seen.share(texts):.1f} % of all characters (goal 100 %); the "
                     f"longest wait of any card {wait / 60:.1f} min, of {second / 60:.0f} min")


def _line(figure: dict) -> str:
    worst = f" ({'; '.join(figure['longest_frame'])})" if figure["longest_frame"] else ""
    return (f"{figure['contributions']:>5} contributions after {figure['seconds']} s: DOM {figure['nodes']} nodes, "
            f"{figure['elements']} elements, {figure['cards']} cards; JS heap {figure['heap_mb']:.2f} MB; "
            f"{figure['long_frames']} frames of 50 ms or more since the line before, the longest "
            f"{figure['longest_frame_ms']} ms{worst}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=2, help="contributions a second")
    parser.add_argument("--burst", type=int, default=10, help="contributions at once, every minute")
    options = parser.parse_args()
    figures, reading = run(options.contributions, options.rate, options.burst)
    first, last = figures[0], figures[-1]
    print(f"DOM nodes at {last['contributions']} / at {first['contributions']}: {last['nodes'] / first['nodes']:.2f} "
          f"(goal <= 1.10); JS heap: {last['heap_mb'] / first['heap_mb']:.2f} (goal <= 1.10); "
          f"longest frame {max(f['longest_frame_ms'] for f in figures):.0f} ms "
          "(goal <= 50; 0 means the browser saw no frame of 50 ms or more)")
    print(reading)


if __name__ == "__main__":
    main()
