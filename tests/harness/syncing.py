"""Helpers for the sync tests: a kiosk filled through its own app, tokens, and the sync's invariant."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import requests

from archive.store import ArchiveStore
from kiosk.app import create_app
from kiosk.outbox import Outbox
from kiosk.store import Store
from netwerk.protocol import photo_hash
from sync.client import sync
from sync.progress import Summary
from tests.harness.phones import Phones
from tests.harness.postgres import pg_binary
from tests.harness.room import Room
from tests.harness.server import Archive


def token_for(archive, name: str) -> str:
    """Register kiosk ``name`` with the archive and return its token."""
    return archive.add_kiosk(name)


def renewed_token(archive, name: str) -> str:
    """Give kiosk ``name`` a new token, as the team does for a lost one, and return it."""
    return archive.renew_token(name)


class Kiosk:
    """A kiosk's data folder filled through its own app, as phones and a facilitator would."""

    def __init__(self, folder: Path) -> None:
        self.app = create_app({"TESTING": True, "DATA_DIR": str(folder), "PUBLIC_URL": "http://k/", "PIN": "123456"})
        self.client = self.app.test_client()
        self.room, self.phones = Room(self.client), Phones(self.client)
        self.token = self.room.token

    def contribute(self, text: str, photo: bytes | None = None, **fields: str) -> dict:
        return self.phones.contribute(text, **{"kind": "idea", "photo": photo, **fields})

    def moderate(self, item: dict, action: str) -> dict:
        return self.room.moderate(item["id"], action).get_json()

    @property
    def store(self) -> Store:
        return self.app.extensions["netwerkkiosk"].store

    def sync(self, archive: Archive, token: str) -> Summary:
        with requests.Session() as session:
            return sync(Outbox(Store(self.store.folder, read_only=True)), session, archive.url, token, pause=0.01)


def back_up(archive: Archive, folder: Path) -> None:
    """Back a stopped archive up as docs/archive.md says: its data folder, and with PostgreSQL a ``pg_dump``."""
    shutil.copytree(archive.data_dir, folder)
    if archive.database:
        subprocess.run([pg_binary("pg_dump"), "-Fc", "-f", str(folder / "archive.dump"), archive.database], check=True)


def restore(archive: Archive, folder: Path) -> None:
    """Put a backup back in a stopped archive's place, its database too."""
    shutil.rmtree(archive.data_dir)
    shutil.copytree(folder, archive.data_dir)
    if archive.database:
        subprocess.run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", archive.database,
                        str(folder / "archive.dump")], check=True)


def archived(archive: Archive) -> dict[str, tuple[int, bool]]:
    """Every contribution's (rev, deleted) as the archive's database holds it, read there directly."""
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        return store.all_records()
    finally:
        store.close()


def assert_invariant(archive: Archive, *kiosks: Kiosk) -> None:
    held = archived(archive)
    expected = {item["id"]: (item["rev"], bool(item["deleted"])) for kiosk in kiosks
                for item in kiosk.store.changes_since(0)}
    assert held == expected
    for kiosk in kiosks:
        for item in kiosk.store.changes_since(0):
            sha = photo_hash(item)
            assert sha is None or (archive.data_dir / "media" / f"{sha}.jpg").is_file()


def archived_moments(archive) -> list[dict]:
    """The meeting moments as the archive's pages list them, read through its own store."""
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        return store.views.moments()
    finally:
        store.close()
