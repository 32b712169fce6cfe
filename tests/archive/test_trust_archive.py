"""Attacks on the archive from anyone who can reach it, against the real server: each one of them now fails.

Junk in the query string cannot fill the archive's memory, no filter and no sync body gives a 5xx
(PostgreSQL refuses a NUL byte outright, so every archive test runs on both databases), and a compressed
team page gives away nothing of its CSRF token, whatever words it reflects. The rest of the trust tests:
``test_trust.py``.
"""

from __future__ import annotations

import base64
import json
import random
import statistics
import zlib
from pathlib import Path

import pytest
import requests

from archive.store import ArchiveStore
from bench.filling import fill
from tests.harness.server import ArchiveProcess
from tests.harness.syncing import token_for

# Starts server processes of its own.
pytestmark = pytest.mark.slow

_MB = 1024 * 1024


def rss(pid: int) -> int:
    """Return the resident memory of process ``pid`` in bytes, as the kernel counts it."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) * 1024


@pytest.fixture
def filled(tmp_path):
    """The real archive on its SQLite file, with 1,000 contributions in 50 meeting moments."""
    fill(tmp_path / "archive", None, 1000)
    server = ArchiveProcess(tmp_path / "archive").start()
    yield server
    server.stop()


def test_junk_and_many_views_cannot_fill_the_archives_memory(filled):
    reader = requests.Session()
    for path in ("/export.json", "/export.csv", "/search", "/api/contributions"):
        assert reader.get(filled.url + path, timeout=30).status_code == 200
    before = rss(filled.process.pid)
    for number in range(300):
        for path in ("/export.json?junk=", "/search?junk=", "/api/contributions?junk=", "/programme/x?junk="):
            assert reader.get(filled.url + path + str(number), timeout=30).status_code in (200, 404)
        # Each a view of its own, all of the archive: a date before any contribution.
        since = f"20{number // 12 % 25:02d}-{number % 12 + 1:02d}-01"
        for path in ("/export.json?from=", "/api/contributions?from="):
            assert reader.get(filled.url + path + since, timeout=30).status_code == 200
    grown = rss(filled.process.pid) - before
    assert grown < 48 * _MB, f"the archive grew by {grown / _MB:.0f} MB"


def test_an_export_of_the_whole_archive_streams_and_is_whole(filled):
    answer = requests.get(filled.url + "/export.json", stream=True, timeout=30)
    assert "Content-Length" not in answer.headers and answer.headers.get("Transfer-Encoding") == "chunked"
    items = json.loads(answer.content)["items"]
    assert len(items) == len({item["id"] for item in items}) == 1000 - _hidden(filled)
    assert [item["number"] for item in items] == [item["number"] for item in sorted(
        items, key=lambda item: (item["created_at"], item["number"]))]
    rows = requests.get(filled.url + "/export.csv?lang=en", timeout=30).text.splitlines()
    assert rows[0].lstrip("\ufeff").startswith("Sent at,Code,Kind,Text")
    assert len(rows) > len(items)  # texts may hold newlines, so count no lines exactly


def _hidden(archive: ArchiveProcess) -> int:
    store = ArchiveStore(archive.data_dir)
    try:
        return len(store.views.contributions(hidden=["bench"])) - len(store.views.contributions())
    finally:
        store.close()


def test_a_kept_page_is_the_page_of_what_it_shows(filled):
    plain = requests.get(filled.url + "/search?q=moestuin&tag=%23groen", timeout=30)
    junk = requests.get(filled.url + "/search?tag=groen&q=moestuin&junk=1&kind=klacht", timeout=30)
    assert plain.status_code == junk.status_code == 200
    assert plain.text == junk.text  # one view, one kept page
    other = requests.get(filled.url + "/search?q=moestuin&tag=groen&kind=idea", timeout=30)
    assert other.text != plain.text


@pytest.mark.parametrize("name", ["tag", "event", "programme", "q", "from"])
def test_a_control_character_in_a_filter_is_a_clear_400(archive, name):
    for path in ("/search", "/export.json", "/export.csv", "/api/contributions", "/"):
        for value in ("%00", "tuin%00", "a%01b", "%1b[31m"):
            answer = requests.get(f"{archive.url}{path}?{name}={value}", timeout=10)
            assert answer.status_code == (400 if path != "/" else 200), (path, value, answer.status_code)
            if path.startswith("/api/"):
                assert answer.json()["error"]
    assert "stuurteken" in requests.get(archive.url + "/search?tag=%00", timeout=10).text  # said in Dutch, the default
    assert requests.get(archive.url + "/search?tag=groen&q=tuin", timeout=10).status_code == 200


def _sync(archive, token: str, path: str, data: bytes) -> requests.Response:
    return requests.post(archive.url + path, data=data, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def test_no_sync_body_gives_a_5xx(archive):
    token = token_for(archive, "markt")
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in (b"[1]", b'"x"', b"5", b"true", b"null", b"{}", b'{"hashes": {"a": 1}}', deep,
                 b'{"hashes": ' + deep + b"}"):
        answer = _sync(archive, token, "/api/sync/photos/missing", body)
        assert answer.status_code in (400, 422), (body[:20], answer.status_code)
        assert answer.json()["error"]
    for body in (deep, b'{"records": ' + deep + b"}", b"[1]", b"true"):
        answer = _sync(archive, token, "/api/sync/batches", body)
        assert answer.status_code in (400, 422), (body[:20], answer.status_code)
    answer = _sync(archive, token, "/api/sync/photos/missing", json.dumps({"hashes": ["0" * 64]}).encode())
    assert answer.json() == {"missing": ["0" * 64]}


def _session_secret(session: requests.Session) -> str:
    """Read the CSRF secret out of the archive's session cookie: signed, not encrypted."""
    cookie = session.cookies["archive_session"]
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(data) if cookie.startswith(".") else data)["csrf"]


def _wire_length(session: requests.Session, url: str, encoding: str) -> int:
    answer = session.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=10)
    assert answer.headers["Content-Encoding"] == encoding
    return len(answer.raw.read(decode_content=False))


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_compressed_team_page_gives_away_nothing_of_its_csrf_token(team):
    """The right guess against the same characters shuffled: one random string against others would
    measure how well its letters happen to compress (a few bytes either way), not a leak."""
    secret = _session_secret(team.session)
    url = team.archive.url + "/search?q="
    right_guess = secret[:24]
    for encoding in ("gzip", "br", "zstd"):
        right, wrong = [], []
        for _ in range(12):
            shuffled = "".join(random.sample(right_guess, len(right_guess)))
            right.append(_wire_length(team.session, url + right_guess, encoding))
            wrong.append(_wire_length(team.session, url + shuffled, encoding))
        assert statistics.mean(right) > statistics.mean(wrong) - 6, (encoding, right, wrong)  # a leak: ~20 bytes
    pages = [team.session.get(url + "tuin", timeout=10).text for _ in range(3)]
    assert not any(secret in page for page in pages)
    assert len({page.split('name="csrf_token" value="')[1][:80] for page in pages}) == 3  # masked anew each time
    assert team.programme("Geheim blijft geheim") == "geheim-blijft-geheim"  # the masked token still works


def test_a_small_export_is_kept_and_sent_again_as_it_went_the_first_time(filled):
    """Kept compressed, sent as kept to a reader that reads gzip (every browser), unpacked for one that does not."""
    for path in ("/export.csv?kind=idea", "/export.json?q=moestuin"):
        first, again = (requests.get(filled.url + path, headers={"Accept-Encoding": "gzip"}, timeout=30)
                        for _ in range(2))
        assert first.headers.get("Transfer-Encoding") == "chunked"  # sent as it was read
        assert "Content-Length" in again.headers and again.headers.get("Content-Encoding") == "gzip"  # kept
        assert again.content == first.content and len(first.content) > 10_000
        for name in ("Content-Type", "Content-Disposition"):
            assert again.headers.get(name) == first.headers.get(name)
        plain = requests.get(filled.url + path, headers={"Accept-Encoding": "identity"}, timeout=30)
        assert "Content-Encoding" not in plain.headers and plain.content == first.content  # kept, unpacked for it
