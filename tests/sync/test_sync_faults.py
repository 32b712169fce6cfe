"""The sync's invariant under faults: cut connections both ways, and kill -9 of either side.

After every fault the archive must hold exactly the kiosk's contributions at their latest rev,
each acknowledged one with its photo, and nothing twice.
"""

from __future__ import annotations

import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from urllib3.connection import HTTPConnection

from kiosk.outbox import Outbox
from kiosk.store import Store
from netwerk.contributions import new_contribution
from sync.client import sync
from tests.harness.photos import jpeg, phone_photo
from tests.harness.proxy import CuttingProxy
from tests.harness.server import ROOT
from tests.harness.syncing import Kiosk, assert_invariant, token_for

# Cuts connections, slows a photo past every timeout, and kills processes: the whole suite's.
pytestmark = pytest.mark.slow


def busy_kiosk(folder: Path, count: int = 1100, photos: int = 6) -> Kiosk:
    """A kiosk with more than two batches' worth of contributions, some with photos, some moderated."""
    kiosk = Kiosk(folder)
    store = kiosk.store
    for n in range(count):
        if n < photos:
            kiosk.contribute(f"foto {n}", photo=jpeg(colour=(n * 8 % 256, 90, n * 5 % 256)))
        else:  # straight into the store: a fast bulk fill
            store.add_contribution(new_contribution({"kind": "idea", "text": f"bulk {n}"}, event_id="e",
                                                    prompt_id=None))
    return kiosk


def fresh_connections() -> requests.Session:
    """A session that opens a new connection per request, so a share of connections is a share of requests."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    return session


class _HotspotAdapter(requests.adapters.HTTPAdapter):
    """Connections that hold as little in flight as a phone hotspot's: a small send buffer, where loopback's would
    swallow a whole photo at once and hide the link's pace from the sender."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["socket_options"] = [*HTTPConnection.default_socket_options,
                                    (socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)]
        super().init_poolmanager(*args, **kwargs)


@pytest.mark.parametrize("database", [None], ids=["sqlite"])  # one upload's pace: the database plays no part
def test_a_photo_slower_up_a_hotspot_than_any_timeout_still_arrives_in_one_go(archive, tmp_path):
    """Only silence is a timeout: a photo that takes longer to go up than the 10 s connect timeout arrives."""
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    kiosk.contribute("De markt vanaf de brug", photo=phone_photo())
    proxy, store = CuttingProxy(archive.port, fraction=0, pace=20_000), Store(kiosk.store.folder, read_only=True)
    try:
        with requests.Session() as session:
            session.mount("http://", _HotspotAdapter())
            started = time.monotonic()
            summary = sync(Outbox(store), session, proxy.url, token, pause=0.01)
            took = time.monotonic() - started
        assert summary.photos == 1 and summary.requests == 4  # checkpoint, missing photos, the photo, a batch
        assert took > 12, f"the photo went up in {took:.1f} s: too fast to show anything"
        assert_invariant(archive, kiosk)
    finally:
        proxy.close()
        store.close()
        kiosk.store.close()


@pytest.mark.parametrize("fraction", [0.1, 0.3])
def test_cut_connections_both_ways_lose_and_duplicate_nothing(archive, tmp_path, fraction):
    kiosk, token = busy_kiosk(tmp_path / "kiosk", photos=30), token_for(archive, "markt")
    proxy = CuttingProxy(archive.port, fraction, seed=int(fraction * 100))
    try:
        with fresh_connections() as session:
            summary = sync(Outbox(Store(kiosk.store.folder, read_only=True)), session, proxy.url, token, pause=0.01,
                           attempts=12)
        assert summary.new == 1100 and summary.photos == 30
        assert proxy.cuts["up"] and proxy.cuts["down"], f"too few cuts: {proxy.cuts} of {proxy.connections}"
        assert_invariant(archive, kiosk)
        items = kiosk.store.changes_since(0)
        for item in items[:30]:
            kiosk.moderate(item, "hide")
        with fresh_connections() as session:
            again = sync(Outbox(Store(kiosk.store.folder, read_only=True)), session, proxy.url, token, pause=0.01,
                         attempts=12)
        assert again.updated == 30
        assert_invariant(archive, kiosk)
    finally:
        proxy.close()


def test_kill_9_of_the_archive_in_the_middle_of_a_sync(archive_process, tmp_path):
    archive = archive_process  # killed: its own process
    kiosk, token = busy_kiosk(tmp_path / "kiosk", count=1600), token_for(archive, "markt")
    outcome = {}

    def run() -> None:
        with requests.Session() as session:
            outcome["summary"] = sync(Outbox(Store(kiosk.store.folder, read_only=True)), session, archive.url, token,
                                      pause=0.2, attempts=12)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 30
    while not (archive.data_dir / "media").exists() or not any((archive.data_dir / "media").iterdir()):
        assert time.monotonic() < deadline, "the sync never started"
        worker.join(timeout=0.01)
    archive.kill(signal.SIGKILL)  # killed after its first photo, at some point in the sync
    archive.start()
    worker.join(timeout=120)
    assert "summary" in outcome
    assert_invariant(archive, kiosk)


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_of_the_sync_client_then_rerun(archive, tmp_path, round_):
    kiosk, token = busy_kiosk(tmp_path / "kiosk", count=2600), token_for(archive, "markt")
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "sync", "--archive", archive.url,
               "--token", token, "--data", str(kiosk.store.folder)]
    client = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client.wait(timeout=random.uniform(0.8, 2.5))
    except subprocess.TimeoutExpired:
        client.kill()
        client.wait()
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert rerun.returncode == 0, rerun.stderr
    assert_invariant(archive, kiosk)
