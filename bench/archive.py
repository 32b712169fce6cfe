"""The hosted archive at 100,000 contributions (the platform: 1,000,000 in 100 organisations), on SQLite and on
PostgreSQL, with one worker and with several.

    python -m bench.archive [--contributions 100000] [--organisations 1] [--db sqlite postgresql] [--workers 1 2]
                            [--seconds 15] [--windows 4]

Fills an archive through its store (``bench.filling``: 50 meeting moments in 3 programmes, or two per
organisation; Dutch texts of 60 to 1,000 characters, tags, 5% hidden), serves it with gunicorn's gevent workers
as docs/archive.md says, then measures, one reader at a time, median and p95 of the platform's home page and of
40 each of: organisations' homes, moment pages, searches across all organisations (a word in a third of the
archive, alone or with a kind), searches within one organisation, pages of the open API, feeds and filtered
exports, each asked for the first time; and requests/s with 50 concurrent readers, each asking a page of a random
kind: the popular pages of a kind most (Zipf's law), in four spans of 15 s from the start (few pages kept yet:
those the one reader asked) to the state where the pages most asked are kept; then every page as often as any
other (nearly every request a page asked for the first time). PostgreSQL is a throw-away cluster with fsync on.
Goals: every page p95 <= 150 ms at 1 reader; >= 300 requests/s with 50 readers; more workers, more requests.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import aiohttp
import requests

from bench.filling import KINDS, WORDS, fill, organisation_slugs
from tests.harness.postgres import cluster
from tests.harness.server import ROOT, answers, free_port


def _serve(folder: Path, database: str | None, workers: int, stack: ExitStack) -> str:
    port = free_port()
    env = dict(os.environ, NETWERKKIOSK_ARCHIVE_DATA_DIR=str(folder), **(
        {"NETWERKKIOSK_ARCHIVE_DB": database} if database else {}))
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-k", "gevent", "-w", str(workers),
                                "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                                "archive.app:create_archive_app()"], env=env, cwd=ROOT)
    stack.callback(lambda: (process.terminate(), process.wait(30)))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not answers(url + "/api/health"):
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.2)
    return url


def _pages(moments: list[dict]) -> dict[str, list[str]]:
    """Every page a reader may ask, by kind: the platform's home, each organisation's, the moments, searches (a
    word, or with a kind; across all organisations or within one), the open API and feeds, and exports."""
    events = [moment["event_id"] for moment in moments]
    slugs = sorted({moment["organisation"] for moment in moments})
    return {
        "home": ["/"],
        "organisation": [f"/o/{slug}/" for slug in slugs],
        "moment": [f"/search?event={event}" for event in events],
        "search": [f"/search?q={word}" + (f"&kind={kind}" if kind else "")
                   for word in WORDS for kind in (None, "idea", "story", "initiative")],
        "within": [f"/search?q={word}&organisation={slug}" for word in WORDS for slug in slugs],
        "api": [f"/api/v1/contributions?q={word}&limit=100" + (f"&kind={kind}" if kind else "")
                for word in WORDS for kind in (None, *KINDS)] + [f"/api/v1/contributions?moment={event}&limit=100"
                                                               for event in events],
        "feed": [f"/o/{slug}/feed.atom" for slug in slugs],
        "export": [f"/export.csv?event={event}&kind={kind}" for event in events for kind in KINDS],
    }


def _latencies(url: str, moments: list[dict], rounds: int = 40) -> None:
    # Each page asked once (the home page excepted): what nobody asked since the last change, so no page
    # is served from a worker's copy (archive.cache) but the home page after its first time.
    rng, session = random.Random(1), requests.Session()
    for name, paths in _pages(moments).items():
        times = []
        for path in rng.sample(paths, rounds) if len(paths) >= rounds else paths * rounds:
            started = time.perf_counter()
            answer = session.get(url + path, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"    {name:>12}: median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms "
              f"({len(answer.content) / 1000:.0f} KB) {'ok' if p95 <= 150 else 'OVER'}")


def _popular(paths: list[str], rng: random.Random) -> list[tuple[str, float]]:
    """The pages of one kind with how often readers ask each: in a random order, the n-th asked 1/n as often as the
    first (Zipf's law, as readers of the web ask pages: Breslau et al., 1999)."""
    ranked = rng.sample(paths, len(paths))
    return [(path, 1 / rank) for rank, path in enumerate(ranked, 1)]


async def _readers(url: str, moments: list[dict], readers: int, seconds: float, popular: bool,
                   windows: int = 1) -> list[tuple[int, int]]:
    """Requests answered and failed in each of ``windows`` spans of ``seconds``, with ``readers`` at once, each
    asking a page of a random kind: the popular ones most (``popular``), or every page as often as any other."""
    rng = random.Random(2)
    kinds = [_popular(paths, rng) if popular else [(path, 1.0) for path in paths]
             for paths in _pages(moments).values()]
    weights = [list(itertools.accumulate(weight for _, weight in pages)) for pages in kinds]
    counts = [[0, 0] for _ in range(windows)]
    started = time.monotonic()

    def page() -> str:
        kind = rng.randrange(len(kinds))
        return rng.choices(kinds[kind], cum_weights=weights[kind])[0][0]

    async def reader(session: aiohttp.ClientSession) -> None:
        while (window := int((time.monotonic() - started) // seconds)) < windows:
            async with session.get(url + page()) as answer:
                await answer.read()
                counts[window][not answer.ok] += 1

    connector = aiohttp.TCPConnector(limit=readers)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(reader(session) for _ in range(readers)))
    return [(done, failed) for done, failed in counts]


def _rates(workers: int, asked: str, counts: list[tuple[int, int]], seconds: float) -> None:
    for number, (done, failed) in enumerate(counts):
        rate = done / seconds
        span = f"{number * seconds:.0f}-{(number + 1) * seconds:.0f} s"
        print(f"  {workers} worker(s), 50 readers asking {asked}, {span}: {rate:.0f} requests/s, {failed} failed "
              f"{'ok' if rate >= 300 and not failed else 'UNDER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=1)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, os.cpu_count() or 2])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--windows", type=int, default=4, help="spans of --seconds the popular pages are asked in")
    options = parser.parse_args()
    with ExitStack() as outer:
        postgresql = outer.enter_context(cluster(durable=True)) if "postgresql" in options.db else None
        for backend in options.db:
            folder = Path(outer.enter_context(tempfile.TemporaryDirectory()))
            database = postgresql.database() if backend == "postgresql" else None
            started = time.perf_counter()
            moments = fill(folder, database, options.contributions, options.organisations)
            print(f"{backend}: {options.contributions:,} contributions in {len(moments)} moments of "
                  f"{len(organisation_slugs(options.organisations))} organisation(s), filled in "
                  f"{time.perf_counter() - started:.0f} s")
            for workers in options.workers:
                with ExitStack() as stack:
                    url = _serve(folder, database, workers, stack)
                    print(f"  {workers} worker(s), 1 reader:")
                    _latencies(url, moments)
                    _rates(workers, "the popular pages most", asyncio.run(
                        _readers(url, moments, 50, options.seconds, True, options.windows)), options.seconds)
                    _rates(workers, "every page as often", asyncio.run(
                        _readers(url, moments, 50, options.seconds, False)), options.seconds)


if __name__ == "__main__":
    main()
