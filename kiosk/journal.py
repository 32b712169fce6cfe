"""Crash-safe files under the kiosk's TinyDB: a snapshot plus an append-only journal.

TinyDB's own JSON storage rewrites the whole file on every write and never fsyncs, so a kill
mid-write can leave an unreadable database and each insert costs a full dump. Here every change
is one fsynced line appended to the journal before it is acknowledged; now and then the journal
is folded into a snapshot written to a temp file, fsynced and renamed over the old one. A kill
at any moment leaves at most one torn line at the journal's end: a change that was never
acknowledged, which loading drops and cuts off, so the next line starts on a line of its own.

A full disk is an error, never half a success: a line that does not fully land is cut off again at
once, so the journal always ends on a whole line, and the change is not applied. Several documents
that belong together (a contribution and its contact) share one line, so they land together or not.

The snapshot is plain TinyDB JSON (``{"table": {"doc_id": {...}}}``), so any TinyDB can read it.

``JournalStorage`` puts this under TinyDB: TinyDB reads and queries the tables in memory, and
writes go one document at a time through ``put``. TinyDB's own write path hands the storage all
tables at once after rebuilding them, which costs O(n) per insert even in memory; ``put`` costs
one journal line.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from netwerk.disk import DiskFull, disk_full_raised, write_all
from netwerk.files import write_atomically

if os.name == "posix":
    import fcntl
else:
    import msvcrt

__all__ = ["Change", "Journal", "JournalBusy", "JournalCorrupt", "JournalStorage", "Tables"]

Tables = dict[str, dict[str, dict[str, Any]]]
Change = tuple[str, int, "dict[str, Any] | None"]  # table, document id, document (None removes it)


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
        self._length = 0  # the journal's bytes up to its last whole line
        self._torn = False  # a failed write left bytes after it that could not be cut off yet

    def load(self) -> Tables:
        """Take the folder's lock, read snapshot and journal, and fold them together for a quick next start."""
        self._lock_fd = _lock(self.lock_path)
        try:
            tables, replayed, whole = self._read()
            self._open_for_append(whole)
            if replayed or not self.snapshot_path.exists():
                # On a full disk the journal stays as it is, whole, and a later fold tries again.
                with contextlib.suppress(DiskFull):
                    self.compact(tables)
        except BaseException:
            self.close()
            raise
        return tables

    def read(self) -> Tables:
        """Read the tables without writing anything, also while a kiosk is writing them."""
        while True:
            before = self._snapshot_inode()
            tables, *_ = self._read()
            # A compaction in between swaps snapshot and journal: read the new pair instead.
            if self._snapshot_inode() == before:
                return tables

    def _snapshot_inode(self) -> int | None:
        try:
            return self.snapshot_path.stat().st_ino
        except FileNotFoundError:
            return None

    def _read(self) -> tuple[Tables, int, int]:
        tables: Tables = {}
        if self.snapshot_path.exists():
            try:
                tables = json.loads(self.snapshot_path.read_bytes())
            except ValueError as error:
                raise JournalCorrupt(f"{self.snapshot_path} is not readable JSON: {error}") from error
        return (tables, *self._replay(tables))

    def _replay(self, tables: Tables) -> tuple[int, int]:
        """Apply the journal's whole lines to ``tables``; return the lines read and the bytes they take."""
        if not self.journal_path.exists():
            return 0, 0
        lines = self.journal_path.read_bytes().split(b"\n")
        # Everything we write ends in a newline, so the last piece is empty, or a torn write
        # that was never fsynced and so never acknowledged.
        complete, torn = lines[:-1], lines[-1]
        whole = 0
        for number, line in enumerate(complete, start=1):
            try:
                for change in _changes(json.loads(line)):
                    _apply(tables, *change)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                if number == len(complete) and not torn:
                    break  # a torn final line whose newline happened to reach the disk
                raise JournalCorrupt(f"{self.journal_path} line {number} is damaged: {error}") from error
            whole += len(line) + 1
        return len(complete) + (1 if torn else 0), whole

    def _open_for_append(self, whole: int) -> None:
        """Open the journal to add lines after its first ``whole`` bytes, cutting off a torn tail."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.journal_path, flags, 0o600)
        self._length = whole
        self._end_on_whole_line()

    def _end_on_whole_line(self) -> None:
        # Shrinking a file needs no free space, so this works on a full disk too.
        os.ftruncate(self._open_fd(), self._length)
        self._torn = False

    def _open_fd(self) -> int:
        if self._fd is None:
            raise RuntimeError("the journal is closed")
        return self._fd

    def append(self, changes: list[Change]) -> None:
        """Make changes durable together, as one line; return only once it is on disk.

        A line that does not fully land (``DiskFull``, or any other failed write) is cut off again, so
        the journal ends on a whole line and the next change, once there is room, lands after it.
        If even the cut fails, every change is refused until a later one manages it.
        """
        fd = self._open_fd()
        if self._torn:
            self._end_on_whole_line()
        line = _line(changes)
        try:
            with disk_full_raised():
                write_all(fd, line)
                os.fsync(fd)
        except BaseException:
            self._torn = True
            with contextlib.suppress(OSError):
                self._end_on_whole_line()
            raise
        self._length += len(line)
        self.entries += len(changes)

    def compact(self, tables: Tables) -> None:
        """Write all tables as a fresh snapshot and start an empty journal."""
        data = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.snapshot_path, data)
        # Only now may the journal go: a kill between the two steps replays it onto the new
        # snapshot, which is harmless because every entry is a whole document.
        os.close(self._open_fd())
        try:
            write_atomically(self.journal_path, b"")
            self._length = self.entries = 0
        finally:
            self._open_for_append(self._length)

    def close(self) -> None:
        """Release the journal file and the folder's lock."""
        for fd in (self._fd, self._lock_fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._lock_fd = None


def _line(changes: list[Change]) -> bytes:
    """One journal line: a lone change as it always was, several together under ``all``."""
    entries = [{"t": table, "id": doc_id, "doc": doc} for table, doc_id, doc in changes]
    entry = entries[0] if len(entries) == 1 else {"all": entries}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _changes(entry: dict[str, Any]) -> list[Change]:
    """The changes of one journal line, all read before any is applied: a damaged line applies none."""
    return [(part["t"], part["id"], part["doc"]) for part in entry.get("all", [entry])]


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
        self.put_all([(table, doc_id, doc)])

    def put_all(self, changes: list[Change]) -> None:
        """Make documents that belong together durable in one go, then visible to TinyDB: all of them or none."""
        if self.read_only:
            raise PermissionError("this store was opened read-only")
        self._journal.append(changes)
        for change in changes:
            _apply(self._tables, *change)
        documents = sum(len(rows) for rows in self._tables.values())
        if self._journal.entries >= max(self._compact_after, documents):
            # Folding only tidies up: on a full disk the journal holds the change, and a later put folds.
            with contextlib.suppress(DiskFull):
                self.fold()

    def fold(self) -> None:
        """Rewrite snapshot and journal from the tables in memory; nothing overwritten stays in the files."""
        self._journal.compact(self._tables)

    def close(self) -> None:
        self._journal.close()
