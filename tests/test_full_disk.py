"""A full disk loses nothing and says so (issue 21): a write that does not fully land is an error, not a 201.

The store's own test runs the journal against the process's file-size limit, which cuts a write short
just as a full disk does; the journey mounts a small tmpfs, fills it to the last byte and runs the real
kiosk on it, with kill -9 while the disk is full and after it was freed.
"""

from __future__ import annotations

import contextlib
import resource
import signal
from pathlib import Path

import pytest

from kiosk.store import Store
from netwerk.disk import DiskFull
from netwerk.files import write_atomically


@contextlib.contextmanager
def file_size_limit(size: int):
    """Let no file of this process grow past ``size`` bytes: writes beyond land short, then fail with EFBIG."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel stops the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, ignored)


def record(text: str) -> dict:
    return {"id": text, "kind": "story", "text": text, "status": "visible", "rev": 1, "reactions": 0}


def test_a_journal_line_cut_short_is_refused_and_leaves_the_journal_whole(tmp_path: Path):
    store = Store(tmp_path)
    store.add_contribution(record("Eerst: de moestuin achter de bibliotheek."))
    journal = tmp_path / "kiosk.journal"
    before = journal.read_bytes()
    long_story = "Op zaterdag ruimen we samen het plein op en delen we zaden uit. " * 20
    with file_size_limit(len(before) + 100), pytest.raises(DiskFull):
        store.add_contribution(record(long_story), contact={"email": "buur@example.nl"})
    assert journal.read_bytes() == before  # the fragment is cut off again
    assert (len(store), store.contacts()) == (1, [])  # neither half applied in memory
    store.add_contribution(record("Daarna, met ruimte: een ruilkast in de hal."))
    store.close()
    reopened = Store(tmp_path)
    assert [c["text"] for c in reopened.changes_since(0)] == [
        "Eerst: de moestuin achter de bibliotheek.", "Daarna, met ruimte: een ruilkast in de hal."]
    reopened.close()


def test_a_file_written_whole_or_not_at_all_leaves_no_temp_file_on_a_full_disk(tmp_path: Path):
    target = tmp_path / "foto.jpg"
    target.write_bytes(b"oud")
    with file_size_limit(1000), pytest.raises(DiskFull):
        write_atomically(target, b"x" * 5000)
    assert [path.name for path in tmp_path.iterdir()] == ["foto.jpg"]
    assert target.read_bytes() == b"oud"
