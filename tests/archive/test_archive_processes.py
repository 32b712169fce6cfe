"""Several archive processes serving one database at once, as a hosted archive runs: the sync's guarantees hold
across them, and nothing one process keeps in memory is missed by another (sign-in guesses, sessions).

On both databases: two ``netwerkkiosk archive serve`` processes side by side, and gunicorn with gevent workers;
behind a reverse proxy, sign-in guesses count per reader, and nobody gets new tries by writing the proxy's header.
"""

from __future__ import annotations

import threading

import pytest
import requests

from tests.harness.server import ArchiveProcess, GunicornArchive
from tests.harness.syncing import Kiosk, assert_invariant, token_for
from tests.harness.team import PASSWORD, set_password, sign_in

# Starts server processes of its own.
pytestmark = pytest.mark.slow


@pytest.fixture
def archive(archive_process):
    """Processes side by side: the first is ``netwerkkiosk archive serve`` too."""
    return archive_process


@pytest.fixture
def second(archive):
    """A second archive process on the same data folder and database as ``archive``."""
    server = ArchiveProcess(archive.data_dir, database=archive.database).start()
    yield server
    server.stop()


def busy(kiosk: Kiosk, count: int) -> Kiosk:
    for number in range(count):
        kiosk.contribute(f"Bijdrage {number} over de buurt, van {kiosk.app.config['DATA_DIR'][-6:]}")
    return kiosk


def test_two_kiosks_sync_at_once_through_two_processes_and_nothing_is_lost_or_doubled(archive, second, tmp_path):
    kiosks = [busy(Kiosk(tmp_path / name), 600) for name in ("markt", "festival")]
    tokens = [token_for(archive, "markt"), token_for(archive, "festival")]
    summaries = {}
    threads = [threading.Thread(target=lambda i=i, server=server: summaries.update({i: kiosks[i].sync(server, tokens[i])}))
               for i, server in enumerate((archive, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert summaries[0].new == 600 and summaries[1].new == 600
    assert_invariant(archive, *kiosks)
    assert kiosks[0].sync(second, tokens[0]).new == 0  # the other process knows the checkpoint
    listed = requests.get(second.url + "/api/contributions", params={"limit": 1000}, timeout=10).json()
    assert len(listed["items"]) == 1000 and listed["next"]


def test_one_kiosk_syncing_through_both_processes_at_once_lands_each_contribution_once(archive, second, tmp_path):
    kiosk, token = busy(Kiosk(tmp_path / "markt"), 1100), token_for(archive, "markt")
    summaries = []
    threads = [threading.Thread(target=lambda server=server: summaries.append(kiosk.sync(server, token)))
               for server in (archive, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    # A batch both sent is applied once; the later one gets the stored answer, so both say what it brought.
    assert [summary.new for summary in summaries] == [1100, 1100]
    assert_invariant(archive, kiosk)  # and the archive holds each contribution once, at its latest rev


def test_guesses_and_sessions_count_across_processes(archive, second):
    archive.set_password(PASSWORD)
    for server in (archive, second, archive, second, archive):
        assert sign_in(server, "niet het wachtwoord", laptop=5)[1].status_code == 401
    assert sign_in(second, PASSWORD, laptop=5)[1].status_code == 429  # five guesses, wherever they went
    session, answer = sign_in(archive, PASSWORD, laptop=6)
    assert answer.status_code == 303
    assert session.get(second.url + "/team", timeout=10, allow_redirects=False).status_code == 200


def test_gunicorn_with_gevent_workers_serves_the_sync_and_the_pages(database, tmp_path):
    server = GunicornArchive(tmp_path / "archive", workers=2, database=database).start()
    try:
        kiosk = busy(Kiosk(tmp_path / "markt"), 50)
        token = token_for(server, "markt")
        assert kiosk.sync(server, token).new == 50
        assert_invariant(server, kiosk)
        pages = [requests.get(server.url + path, timeout=10) for path in ("/", "/search?q=buurt", "/export.csv")]
        assert [page.status_code for page in pages] == [200, 200, 200]
        assert "Bijdrage 49 over de buurt" in pages[2].text and "<mark>buurt</mark>" in pages[1].text
    finally:
        server.stop()


def guess(server, forwarded_for: str, password: str = "niet het wachtwoord") -> int:
    """A sign-in as a reverse proxy in front of the archive passes it on: the address it saw, after any the reader wrote."""
    return requests.post(server.url + "/team/signin", data={"email": "admin", "password": password, "next": "/team"},
                         headers={"X-Forwarded-For": forwarded_for}, allow_redirects=False, timeout=30).status_code


BEHIND_ONE_PROXY = {  # as docs/archive.md runs it: gunicorn told by the environment, or the archive's own command
    "gunicorn": lambda folder: GunicornArchive(folder, workers=2, proxies=1),
    "serve": lambda folder: ArchiveProcess(folder, args=("--proxies", "1")),
}


@pytest.mark.parametrize("started", BEHIND_ONE_PROXY)
def test_behind_its_proxy_guesses_count_per_reader_and_a_written_address_gets_nobody_new_tries(started, tmp_path):
    behind = BEHIND_ONE_PROXY[started](tmp_path / "behind").start()
    alone = ArchiveProcess(tmp_path / "alone").start()
    try:
        for server in (behind, alone):
            assert set_password(server, PASSWORD).returncode == 0
        # One reader behind the proxy, who writes a new address of their own before each guess:
        assert [guess(behind, f"127.0.9.{n}, 127.0.7.1") for n in range(6)] == [401] * 5 + [429]
        assert guess(behind, "127.0.7.2", PASSWORD) == 303  # another reader is not slowed down by the guesser
        # Without a proxy the header is nobody's word: every guess comes from the one address it came from.
        assert [guess(alone, f"127.0.8.{n}") for n in range(6)] == [401] * 5 + [429]
        assert guess(alone, "127.0.7.2", PASSWORD) == 429
    finally:
        behind.stop()
        alone.stop()
