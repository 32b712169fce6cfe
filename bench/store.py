"""Insert time of the kiosk store against TinyDB's in-memory floor, at 100, 1,000 and 20,000 contributions.

    python -m bench.store [--sizes 100,1000,20000] [--window 200]

Both are filled one contribution at a time in the same run; each size reports the inserts of the
``window`` that ends at that size. Goal: at 20,000, p95 <= 10 ms and <= 2x the floor.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from kiosk.store import Store
from netwerk.contributions import new_contribution


def _records(count: int) -> list[dict]:
    text = "Wij ruilen gereedschap in de buurt; elke zaterdag in het buurthuis, iedereen welkom. " * 3
    return [new_contribution({"kind": "idea", "text": f"{i} {text}", "author": "Bench"}, event_id="e",
                             prompt_id="p") for i in range(count)]


def _timed(insert, records: list[dict]) -> list[float]:
    timings = []
    for number, record in enumerate(records):
        start = time.perf_counter()
        insert(record, number)
        timings.append(time.perf_counter() - start)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank): what the benchmarks print as p95."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,20000")
    parser.add_argument("--window", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    records = _records(max(sizes))

    floor_db = TinyDB(storage=MemoryStorage)
    floor = _timed(lambda record, _: floor_db.table("contributions", cache_size=0).insert(dict(record)), records)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(folder)
        kiosk = _timed(lambda record, number: store.add_contribution(dict(record), f"key-{number}"), records)
        store.close()

    print(f"{'size':>7} {'store p50':>10} {'store p95':>10} {'store max':>10} {'floor p50':>10} {'floor p95':>10}"
          f" {'p95 ratio':>10}")
    for size in sizes:
        window = slice(max(0, size - args.window), size)
        ours, theirs = kiosk[window], floor[window]
        p95, floor_p95 = percentile(ours, 0.95), percentile(theirs, 0.95)
        print(f"{size:>7} {statistics.median(ours) * 1e3:>8.3f}ms {p95 * 1e3:>8.3f}ms {max(ours) * 1e3:>8.3f}ms"
              f" {statistics.median(theirs) * 1e3:>8.3f}ms {floor_p95 * 1e3:>8.3f}ms {p95 / floor_p95:>9.2f}x")
    slowest = max(range(len(kiosk)), key=kiosk.__getitem__)
    print(f"slowest store insert of all {len(kiosk)}: {kiosk[slowest] * 1e3:.1f} ms at #{slowest + 1}"
          " (the journal folded into the snapshot)")


if __name__ == "__main__":
    main()
