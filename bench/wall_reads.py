"""What the wall's public reads cost the kiosk at a day's volume and far beyond it.

    python -m bench.wall_reads [--sizes 2000,20000] [--samples 20]

Fills a data folder with ``size`` contributions (Dutch texts from a few words to 1,000 characters, a
tag now and then), starts the real kiosk on it and times each public read the walls make: the first
after the start, then right after a new contribution (what a wall asks when one arrives) and again
with nothing changed, each round from an address of its own (the kiosk limits reads per address).
Every read runs on the kiosk's one event loop, so each millisecond here is a millisecond every phone
and wall waits. Goal: a few milliseconds each, at every size.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import requests

from bench.store import percentile
from tests.harness.day import stored_day
from tests.harness.phones import phone_session
from tests.harness.server import KioskProcess

READS = ("/api/wall/cloud", "/api/wall/page?after=0&limit=16", "/api/wall/spotlight", "/api/network?aspect=2.4",
         "/api/contributions")


def _timed(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    session.get(url, timeout=60).raise_for_status()
    return (time.perf_counter() - started) * 1e3


def measure(kiosk: KioskProcess, samples: int) -> dict[str, tuple[list[float], list[float], float]]:
    """Time every read the first time after the start, then after a new contribution and again unchanged,
    ``samples`` times each; each round reads from an address of its own (the kiosk limits reads per address)."""
    first = phone_session(4999)
    times: dict[str, tuple[list[float], list[float], float]] = {read: ([], [], _timed(first, kiosk.url + read))
                                                                  for read in READS}
    for number in range(samples):
        reader, phone = phone_session(6000 + number), phone_session(5000 + number)
        phone.post(kiosk.url + "/api/contributions", json={"kind": "idea", "text": f"Nog een idee {number}"},
                   timeout=10).raise_for_status()
        for read in READS:
            changed, unchanged, _ = times[read]
            changed.append(_timed(reader, kiosk.url + read))
            unchanged.append(_timed(reader, kiosk.url + read))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[2000, 20000])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    print(f"{'size':>6} {'read':<34} {'first':>9} {'after a change p50':>19} {'p95':>8} {'unchanged p50':>14}"
          f" {'p95':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            stored_day(Path(folder) / "data", size)
            kiosk = KioskProcess(Path(folder) / "data").start(timeout=120)
            try:
                for read, (changed, unchanged, first) in measure(kiosk, args.samples).items():
                    print(f"{size:>6} {read:<34} {first:6.1f} ms {statistics.median(changed):16.1f} ms "
                          f"{percentile(changed, .95):5.1f} ms {statistics.median(unchanged):11.1f} ms "
                          f"{percentile(unchanged, .95):5.1f} ms", flush=True)
            finally:
                kiosk.stop()


if __name__ == "__main__":
    main()
