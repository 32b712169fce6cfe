"""The sync of a busy programme day: 10,000 contributions and 500 photos over loopback.

    python -m bench.sync [--records 10000] [--photos 500] [--db sqlite|postgresql]

Runs a real archive process; the sync goes through a TCP proxy on loopback that counts the bytes
(and, in the second run, cuts 10% of the connections at random byte offsets both ways). Goals: clean
<= 10 s; requests <= ceil(N/batch) + photos + 3; bytes <= 1.1x the payload; with 10% cut <= 2x the clean time.
With ``--db postgresql`` the archive keeps its data in a throw-away PostgreSQL cluster (fsync on), a fresh
database per run.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import requests
from PIL import Image

from kiosk.outbox import Outbox
from kiosk.store import Store
from netwerk.contributions import new_contribution, public_view
from netwerk.media import PhotoStore
from netwerk.protocol import MAX_BATCH, record
from sync.client import sync
from tests.harness.postgres import cluster
from tests.harness.proxy import CuttingProxy
from tests.harness.server import ROOT, ArchiveProcess


def _photo(number: int) -> bytes:
    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    image.putpixel((number % 1600, number // 1600), (255, 0, 0))  # one pixel apart: 500 distinct photos
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _fill(folder: Path, records: int, photos: int) -> tuple[Store, int]:
    store = Store(folder)
    media = PhotoStore(folder)
    payload = 0
    for n in range(records):
        contribution = new_contribution({"kind": "idea", "text": f"Bijdrage {n}: " + "een idee voor de buurt " * 6},
                                        event_id="e", prompt_id=None)
        if n < photos:
            data = _photo(n)
            contribution["photo"] = "/media/" + media.add(data)
            payload += (media.folder / contribution["photo"].rsplit("/", 1)[1]).stat().st_size
        stored, _ = store.add_contribution(contribution)
        payload += len(json.dumps(record(public_view(stored))))
    store.close()
    return Store(folder, read_only=True), payload


def _run(store: Store, archive: ArchiveProcess, token: str, cut: float, per_request: bool) -> tuple[float, int, int]:
    proxy = CuttingProxy(archive.port, cut)
    session = requests.Session()  # keep-alive, as users run it
    if per_request:
        session.headers["Connection"] = "close"  # a connection per request, so 10% of connections is 10% of requests
    started = time.perf_counter()
    summary = sync(Outbox(store), session, proxy.url, token, pause=0.05, attempts=12)
    elapsed = time.perf_counter() - started
    proxy.close()
    session.close()
    return elapsed, summary.requests, sum(proxy.bytes.values())


def _archive(folder: Path, database: str | None) -> tuple[ArchiveProcess, str]:
    archive = ArchiveProcess(folder, database=database).start()
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "archive", "add-kiosk", "bench", *archive.where()]
    token = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    return archive, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        root = Path(folder)
        postgresql = stack.enter_context(cluster(durable=True)) if args.db == "postgresql" else None
        store, payload = _fill(root / "kiosk", args.records, args.photos)
        budget = math.ceil(args.records / MAX_BATCH) + args.photos + 3
        print(f"kiosk: {args.records} contributions, {args.photos} photos, payload {payload / 1e6:.1f} MB")
        results = {}
        runs = (("clean", 0.0, False), ("clean, a connection per request", 0.0, True),
                ("10% of connections cut", 0.1, True))
        for number, (name, cut, per_request) in enumerate(runs):
            archive, token = _archive(root / f"archive-{number}", postgresql.database() if postgresql else None)
            try:
                results[name] = _run(store, archive, token, cut, per_request)
            finally:
                archive.stop()
            seconds, count, wire = results[name]
            print(f"{name:>32}: {seconds:6.2f} s, {count} requests (budget {budget}), "
                  f"{wire / 1e6:.1f} MB on the wire ({wire / payload:.2f}x the payload)")
        cut_time = results["10% of connections cut"][0]
        print(f"10% cut / clean: {cut_time / results['clean'][0]:.2f}x; against the same connection per request: "
              f"{cut_time / results['clean, a connection per request'][0]:.2f}x (goal <= 2)")


if __name__ == "__main__":
    main()
