"""A whole archive in one file, and back again: ``netwerkkiosk archive backup`` and ``restore``.

The file is a tar holding a manifest, the database and the data folder's photos and logos. The database is taken
consistently while the archive runs: SQLite's online backup API copies a snapshot page by page, ``pg_dump`` reads
PostgreSQL in one transaction. Photos and logos are written once under their hash and never changed, so copying them
after the database's snapshot gives every file the snapshot names (and perhaps a few newer ones). The manifest names
every file with its SHA-256: a restore checks each one before it puts anything in place, and restores only into an
empty data folder or database, so that it never mixes two archives. The file is written beside its destination and
renamed when whole: a backup cut off by a full disk never stands under the backup's name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from netwerk.contributions import N_
from netwerk.version import version

__all__ = ["BackupError", "backup", "restore"]

_MANIFEST = "manifest.json"
_FOLDERS = ("media", "logos")  # the data folder's files, each named by its hash
_SQLITE, _PGDUMP = "archive.sqlite", "archive.pgdump"
_SQLITE_FULL = 13


class BackupError(Exception):
    """What a backup or a restore could not do, said so that the team knows what to do (``message`` to translate,
    with its ``params``)."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params)
        self.message, self.params = message, params


def backup(folder: Path, database: str | None, destination: Path) -> dict[str, Any]:
    """Write a backup of the archive in ``folder`` (and ``database``, a PostgreSQL address) to ``destination``;
    return its manifest."""
    destination = destination.resolve()
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        dump = _dump(folder, database, Path(work))
        files = [(dump.name, dump)] + [(f"{name}/{path.name}", path) for name in _FOLDERS
                                       for path in sorted((folder / name).glob("*")) if path.is_file()]
        manifest = {"format": 1, "release": version(), "made": datetime.now(timezone.utc).isoformat(),
                    "database": "postgresql" if database else "sqlite",
                    "files": {name: _digest(path) for name, path in files}}
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            _add_bytes(tar, _MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
            for name, path in files:
                tar.add(path, arcname=name, recursive=False)
        with open(partial, "rb") as written:  # on the disk before it takes the backup's name: a power cut keeps it
            os.fsync(written.fileno())
        os.replace(partial, destination)
    return manifest


def restore(source: Path, folder: Path, database: str | None) -> dict[str, Any]:
    """Bring the backup ``source`` back into the empty data folder ``folder`` (and the empty PostgreSQL
    ``database``); return its manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as tar, tempfile.TemporaryDirectory(dir=folder, prefix=".restore-") as work:
        manifest = _manifest(tar)
        if (manifest["database"] == "postgresql") != bool(database):
            raise BackupError(N_("This backup is of an archive on PostgreSQL: restore it with --db.")
                              if database is None else
                              N_("This backup is of an archive on SQLite: restore it into a data folder, without "
                                 "--db."))
        _refuse_unless_empty(folder, database)
        checked = Path(work)
        for name, digest in manifest["files"].items():
            _take(tar, name, digest, checked)
        if database:
            _load_postgresql(checked / _PGDUMP, database)
        else:
            os.replace(checked / _SQLITE, folder / _SQLITE)
        for name in _FOLDERS:
            if (checked / name).is_dir():
                (folder / name).mkdir(exist_ok=True)
                for path in (checked / name).iterdir():
                    os.replace(path, folder / name / path.name)
    return manifest


def _dump(folder: Path, database: str | None, work: Path) -> Path:
    if database:
        target = work / _PGDUMP
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), database])
        return target
    source = folder / _SQLITE
    if not source.is_file():
        raise BackupError(N_("There is no archive in %(folder)s: no archive.sqlite there."), folder=str(folder))
    target = work / _SQLITE
    try:
        with _sqlite(source) as live, _sqlite(target) as copy:
            live.backup(copy)
    except sqlite3.Error as error:  # SQLite says a full disk in its own words (SQLITE_FULL, 13)
        if getattr(error, "sqlite_errorcode", None) == _SQLITE_FULL or "full" in str(error):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) from error
        raise BackupError(N_("Cannot read the archive's database: %(reason)s"), reason=str(error)) from error
    return target


def _sqlite(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(path, timeout=30))


def _load_postgresql(dump: Path, database: str) -> None:
    _run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname",
          database, str(dump)])


def _refuse_unless_empty(folder: Path, database: str | None) -> None:
    held = [name for name in (_SQLITE, *_FOLDERS) if (folder / name).exists() and (
        (folder / name).is_file() or any((folder / name).iterdir()))]
    if database:
        held += _tables(database)
    if held:
        raise BackupError(N_("Restore only into an empty archive: %(folder)s or its database holds %(what)s."),
                          folder=str(folder), what=", ".join(held))


def _tables(database: str) -> list[str]:
    import psycopg  # only an archive on PostgreSQL has it installed (the "archive" extra)

    with psycopg.connect(database) as connection:
        rows = connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        return [f"table {row[0]}" for row in rows]


def _manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.loads(tar.extractfile(_MANIFEST).read())
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError(N_("This file is no archive backup: it has no manifest.")) from error
    if manifest.get("format") != 1 or manifest.get("database") not in ("sqlite", "postgresql"):
        raise BackupError(N_("This backup was made in a form this release does not know."))
    return manifest


def _take(tar: tarfile.TarFile, name: str, digest: str, work: Path) -> None:
    """Check one file of the backup against the manifest and put it in ``work``; only the names a backup writes."""
    parts = name.split("/")
    if not (parts in ([_SQLITE], [_PGDUMP]) or (len(parts) == 2 and parts[0] in _FOLDERS
                                                and parts[1] not in ("", ".", ".."))):
        raise BackupError(N_("The backup names a file it should not hold: %(name)s"), name=name)
    member = tar.extractfile(name)
    if member is None:
        raise BackupError(N_("The backup lacks %(name)s."), name=name)
    target = work.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    hashed = hashlib.sha256()
    with open(target, "wb") as out:
        while chunk := member.read(1 << 20):
            hashed.update(chunk)
            out.write(chunk)
    if hashed.hexdigest() != digest:
        raise BackupError(N_("The backup is damaged: %(name)s is not what its manifest says."), name=name)


def _digest(path: Path) -> str:
    hashed = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            hashed.update(chunk)
    return hashed.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(datetime.now(timezone.utc).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(N_("%(program)s is not installed: on Debian, apt-get install postgresql-client."),
                          program=command[0])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(N_("%(program)s failed: %(reason)s"), program=command[0], reason=done.stderr.strip())
