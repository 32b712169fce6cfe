"""The network view of a generated programme in Chromium: how long until 2,000 contributions are drawn.

    python -m bench.network [--contributions 2000] [--runs 3]

Fills a real archive (SQLite, through ``ArchiveStore.apply`` as a sync would) with a programme of six
meeting moments, forty tags, links between contributions and initiatives, starts the archive as a
process and opens /o/bench/programme/<name>/network in Debian's Chromium at 1280x800. Goal: drawn within 2 s
of navigation, and readable (labels of tags and moments, clusters apart). Prints the figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import sync_playwright

from archive.organisations import organisation_fields
from archive.store import ArchiveStore
from netwerk.contributions import KINDS, new_contribution, public_view
from netwerk.protocol import record
from tests.harness.browsers import chromium
from tests.harness.server import ArchiveProcess

THEME = "Samen wonen in Zuid"
_WORDS = ("groen", "wonen", "zorg", "buren", "spelen", "fiets", "energie", "eten", "jongeren", "ouderen")


def fill(folder: Path, contributions: int, seed: int = 7) -> str:
    """Make a programme in an archive folder as kiosks would sync it; return its address name."""
    chance = random.Random(seed)
    store = ArchiveStore(folder)
    store.organisations.add(organisation_fields("bench", "Bench"))
    store.add_kiosk("bench", "bench")
    key = store.planning.add_programme("bench", "samen-wonen-in-zuid", THEME, start="2027-03-01", end="2027-06-30")["id"]
    tags = [f"{word}{n}" if n else word for n in range(4) for word in _WORDS]
    moments = [f"moment-{n}" for n in range(6)]
    made: list[dict] = []
    for number in range(contributions):
        event = moments[number * len(moments) // contributions]
        when = datetime(2027, 3, 1, tzinfo=timezone.utc) + timedelta(days=number * 120 // contributions)
        item = new_contribution({"kind": chance.choice(KINDS), "text": f"Bijdrage {number}: " + " ".join(
            chance.choices(("een", "idee", "voor", "de", "buurt", "samen", "plein", "tuin"), k=12)),
            "tags": chance.sample(tags[: 8 + number % 32], chance.choice((0, 1, 1, 2)))},
            event_id=event, prompt_id=None, now=when)
        item.update(code=f"K{number + 1}", seq=number + 1, reactions=chance.choice((0, 0, 1, 3)))
        if made and chance.random() < 0.12:
            target = chance.choice(made[-200:])
            item["links"] = [{"id": target["id"], "code": target["code"]}]
        made.append(item)
    for start in range(0, len(made), 500):
        chunk = made[start:start + 500]
        store.apply("bench", {"batch_id": f"b{start}", "kiosk_db_id": "bench", "seq": start + len(chunk),
                              "records": [record(public_view(item)) for item in chunk]})
    for event in moments:  # every moment described once, whichever batches carried its contributions
        store.apply("bench", {"batch_id": f"m{event}", "kiosk_db_id": "bench", "seq": contributions, "records": [],
                              "moment": {"event_id": event, "theme": THEME, "programme_id": key,
                                         "name": f"Ontmoeting {moments.index(event) + 1}", "participants": 40}})
    store.close()
    return key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        key = fill(Path(folder), args.contributions)
        archive = ArchiveProcess(Path(folder)).start()
        try:
            with sync_playwright() as playwright:
                browser = chromium(playwright)
                totals, draws, sizes = [], [], []
                for _ in range(args.runs):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.goto(f"{archive.url}/o/bench/programme/{key}/network")
                    page.wait_for_selector("body[data-network='drawn']", state="attached", timeout=30_000)
                    totals.append(page.evaluate("performance.now()"))
                    draws.append(int(page.evaluate("document.body.dataset.networkMs")))
                    sizes.append(page.evaluate("document.documentElement.outerHTML.length"))
                    graph_size = page.evaluate("document.getElementById('network-data').textContent.length")
                    page.close()
                browser.close()
        finally:
            archive.stop()
    print(f"network of {args.contributions} contributions, 6 moments, 40 tags: page {sizes[0] / 1e6:.2f} MB "
          f"(graph JSON {graph_size / 1e6:.2f} MB)")
    print(f"navigation to drawn: median {statistics.median(totals):.0f} ms, max {max(totals):.0f} ms over "
          f"{args.runs} runs (goal <= 2000 ms); Cytoscape's own drawing: median {statistics.median(draws)} ms")


if __name__ == "__main__":
    main()
