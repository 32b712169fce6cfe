"""Crash-safe files under the kiosk's TinyDB: a snapshot plus an append-only journal.

TinyDB's own JSON storage rewrites the whole file on every write and never fsyncs, so a kill
mid-write can leave an unreadable database and each insert costs a full dump. Here every change
is one fsynced line appended to the journal before it is acknowledged; now and then the journal
is folded into a snapshot written to a temp file, fsynced and renamed over the old one. A kill
at any moment leaves at most one torn line at the journal's end: a change that was never
acknowledged, which loading drops.

The snapshot is plain TinyDB JSON (``{"table": {"doc_id": {...}}}``), so any TinyDB can read it.

``JournalStorage`` puts this under TinyDB: TinyDB reads and queries the tables in memory, and
writes go one document at a time through ``put``. TinyDB's own write path hands the storage all
tables at once after rebuilding them, which costs O(n) per insert even in memory; ``put`` costs
one journal line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from netwerk.files import write_atomically

if os.name == "posix":
    import fcntl
else:
    import msvcrt

__all__ = ["Journal", "JournalBusy", "JournalCorrupt", "JournalStorage", "Tables"]

Tables = dict[str, dict[str, dict[str, Any]]]


class JournalCorrupt(RuntimeError):
    """The files hold something this module never writes: a damaged disk, or a hand edit."""


class JournalBusy(RuntimeError):
    """Another process writes this data folder: two writers would corrupt the journal."""


def _lock(path: Path) -> int:
    """Hold an exclusive lock on ``path`` for as long as the returned descriptor is open."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "posix":
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as error:
        os.close(fd)
        raise JournalBusy(f"another kiosk is using {path.parent}; stop it first") from error
    return fd


class Journal:
    """The durable copy of a set of TinyDB tables; the tables themselves live in memory."""

    def __init__(self, folder: Path, name: str = "kiosk") -> None:
        self.snapshot_path = folder / f"{name}.json"
        self.journal_path = folder / f"{name}.journal"
        self.lock_path = folder / f"{name}.lock"
        self.entries = 0
        self._fd: int | None = None
        self._lock_fd: int | None = None

    def load(self) -> Tables:
        """Take the folder's lock, read snapshot and journal, and fold them together for a quick next start."""
        self._lock_fd = _lock(self.lock_path)
        try:
            tables, replayed = self._read()
            if replayed or not self.snapshot_path.exists():
                self.compact(tables)
            self._open_for_append()
        except BaseException:
            self.close()
            raise
        return tables

    def read(self) -> Tables:
        """Read the tables without writing anything, also while a kiosk is writing them."""
        while True:
            before = self._snapshot_inode()
            tables, _ = self._read()
            # A compaction in between swaps snapshot and journal: read the new pair instead.
            if self._snapshot_inode() == before:
                return tables

    def _snapshot_inode(self) -> int | None:
        try:
            return self.snapshot_path.stat().st_ino
        except FileNotFoundError:
            return None

    def _read(self) -> tuple[Tables, int]:
        tables: Tables = {}
        if self.snapshot_path.exists():
            try:
                tables = json.loads(self.snapshot_path.read_bytes())
            except ValueError as error:
                raise JournalCorrupt(f"{self.snapshot_path} is not readable JSON: {error}") from error
        return tables, self._replay(tables)

    def _replay(self, tables: Tables) -> int:
        if not self.journal_path.exists():
            return 0
        lines = self.journal_path.read_bytes().split(b"\n")
        # Everything we write ends in a newline, so the last piece is empty, or a torn write
        # that was never fsynced and so never acknowledged.
        complete, torn = lines[:-1], lines[-1]
        for number, line in enumerate(complete, start=1):
            try:
                entry = json.loads(line)
                _apply(tables, entry["t"], entry["id"], entry["doc"])
            except (ValueError, KeyError, TypeError) as error:
                if number == len(complete) and not torn:
                    break  # a torn final line whose newline happened to reach the disk
                raise JournalCorrupt(f"{self.journal_path} line {number} is damaged: {error}") from error
        return len(complete) + (1 if torn else 0)

    def _open_for_append(self) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.journal_path, flags, 0o600)

    def append(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        """Make one change durable; return only once it is on disk."""
        if self._fd is None:
            raise RuntimeError("the journal is closed")
        line = json.dumps({"t": table, "id": doc_id, "doc": doc}, ensure_ascii=False, separators=(",", ":"))
        os.write(self._fd, line.encode("utf-8") + b"\n")
        os.fsync(self._fd)
        self.entries += 1

    def compact(self, tables: Tables) -> None:
        """Write all tables as a fresh snapshot and start an empty journal."""
        data = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.snapshot_path, data)
        # Only now may the journal go: a kill between the two steps replays it onto the new
        # snapshot, which is harmless because every entry is a whole document.
        if self._fd is not None:
            os.close(self._fd)
        write_atomically(self.journal_path, b"")
        self.entries = 0
        if self._fd is not None:
            self._open_for_append()

    def close(self) -> None:
        """Release the journal file and the folder's lock."""
        for fd in (self._fd, self._lock_fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._lock_fd = None


def _apply(tables: Tables, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
    rows = tables.setdefault(table, {})
    if doc is None:
        rows.pop(str(doc_id), None)
    else:
        rows[str(doc_id)] = doc


class JournalStorage(Storage):
    """A TinyDB storage backed by a ``Journal``: reads from memory, durable one document at a time."""

    def __init__(self, folder: Path, compact_after: int = 10_000, read_only: bool = False) -> None:
        self._journal = Journal(folder)
        self._tables = self._journal.read() if read_only else self._journal.load()
        self._compact_after = compact_after
        self.read_only = read_only

    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        raise NotImplementedError("JournalStorage is written one document at a time: use put()")

    def put(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        """Make a document (or its removal, for None) durable, then visible to TinyDB."""
        if self.read_only:
            raise PermissionError("this store was opened read-only")
        self._journal.append(table, doc_id, doc)
        _apply(self._tables, table, doc_id, doc)
        documents = sum(len(rows) for rows in self._tables.values())
        if self._journal.entries >= max(self._compact_after, documents):
            self.fold()

    def fold(self) -> None:
        """Rewrite snapshot and journal from the tables in memory; nothing overwritten stays in the files."""
        self._journal.compact(self._tables)

    def close(self) -> None:
        self._journal.close()
