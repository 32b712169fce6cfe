"""The archive's memory under junk and under many views: what one process keeps must stay bounded.

    python -m bench.archive_memory [--contributions 2000 20000] [--queries 300]

Fills an archive on its SQLite file (``bench.filling``), serves it with ``netwerkkiosk archive serve``
(one process) and prints its resident memory (RSS) after a first visit of each page, after
``--queries`` anonymous ``GET /export.json?junk=N``, after as many junk searches, then API pages, and
after as many distinct views of the whole archive (``?from=`` a date before any contribution) as an
export and from the API; and the peak (VmHWM). Goal: the process grows by at most the bytes
``archive.cache`` keeps (32 MB) and what the interpreter and the database hold of their own.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import requests

from bench.filling import fill
from tests.harness.server import ArchiveProcess

_MB = 1024 * 1024


def _memory(pid: int) -> dict[str, int]:
    """Return the process's resident memory now (VmRSS) and at its peak (VmHWM), in bytes."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) * 1024 for line in lines if line.startswith(("VmRSS", "VmHWM"))}


def _ask(session: requests.Session, url: str, paths: Iterable[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        answer = session.get(url + path, timeout=120)
        if answer.status_code >= 500:
            raise RuntimeError(f"{path}: {answer.status_code}")
    return time.perf_counter() - started


def _since(number: int) -> str:
    return f"20{number // 12 % 25:02d}-{number % 12 + 1:02d}-01"  # before any contribution: the whole archive


def measure(contributions: int, queries: int) -> None:
    """Fill, serve and ask; print the memory after each round."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        fill(Path(folder) / "archive", None, contributions)
        print(f"{contributions:,} contributions, filled in {time.perf_counter() - started:.0f} s")
        server = ArchiveProcess(Path(folder) / "archive").start(timeout=60)
        try:
            session, pid = requests.Session(), server.process.pid
            rounds = {
                "a first visit of each page": ["/", "/search", "/export.json", "/export.csv", "/api/contributions"],
                **{f"{queries} {path}?junk=N": [f"{path}?junk={number}" for number in range(queries)]
                   for path in ("/export.json", "/search", "/api/contributions")},
                f"{queries} views of the whole archive": [f"{path}?from={_since(number)}" for number in range(
                    queries) for path in ("/export.json", "/api/contributions")],
            }
            for name, paths in rounds.items():
                took = _ask(session, server.url, paths)
                memory = _memory(pid)
                print(f"  after {name:>34}: RSS {memory['VmRSS'] / _MB:6.0f} MB, peak {memory['VmHWM'] / _MB:6.0f} MB"
                      f" ({len(paths)} requests in {took:.0f} s)")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contributions", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--queries", type=int, default=300)
    options = parser.parse_args()
    for contributions in options.contributions:
        measure(contributions, options.queries)


if __name__ == "__main__":
    main()
