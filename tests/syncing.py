"""Helpers for the sync tests: a kiosk filled through its own app, tokens, and the sync's invariant."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import requests

from archive.store import ArchiveStore
from kiosk.app import create_app
from kiosk.outbox import Outbox
from kiosk.store import Store
from netwerk.protocol import photo_hash
from sync.client import Summary, sync
from tests.phones import phone_address
from tests.postgres import pg_binary
from tests.server import ROOT, ArchiveProcess


def _token(archive: ArchiveProcess, *args: str) -> str:
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "archive", *args, *archive.where()]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()


def token_for(archive: ArchiveProcess, name: str) -> str:
    """Register kiosk ``name`` with the archive and return its token."""
    return _token(archive, "add-kiosk", name)


def renewed_token(archive: ArchiveProcess, name: str) -> str:
    """Give kiosk ``name`` a new token, as the team does for a lost one, and return it."""
    return _token(archive, "renew-token", name)


class Kiosk:
    """A kiosk's data folder filled through its own app, as phones and a facilitator would."""

    def __init__(self, folder: Path) -> None:
        self.app = create_app({"TESTING": True, "DATA_DIR": str(folder), "PUBLIC_URL": "http://k/", "PIN": "123456"})
        self.client = self.app.test_client()
        self.token = self.client.post("/api/session", json={"pin": "123456"}).get_json()["csrf_token"]
        self.phones = 0

    def contribute(self, text: str, photo: bytes | None = None, **fields: str) -> dict:
        self.phones += 1
        data = {"kind": "idea", "text": text, **fields}
        if photo:
            data["photo"] = (io.BytesIO(photo), "p.jpg")
        answer = self.client.post("/api/contributions", data=data, content_type="multipart/form-data",
                                  environ_base={"REMOTE_ADDR": phone_address(self.phones)})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    def moderate(self, item: dict, action: str) -> dict:
        return self.client.post(f"/api/contributions/{item['id']}/moderation", json={"action": action},
                                headers={"X-CSRF-Token": self.token}).get_json()

    @property
    def store(self) -> Store:
        return self.app.extensions["netwerkkiosk"].store

    def sync(self, archive: ArchiveProcess, token: str) -> Summary:
        with requests.Session() as session:
            return sync(Outbox(Store(self.store.folder, read_only=True)), session, archive.url, token, pause=0.01)


def back_up(archive: ArchiveProcess, folder: Path) -> None:
    """Back a stopped archive up as docs/archive.md says: its data folder, and with PostgreSQL a ``pg_dump``."""
    shutil.copytree(archive.data_dir, folder)
    if archive.database:
        subprocess.run([pg_binary("pg_dump"), "-Fc", "-f", str(folder / "archive.dump"), archive.database], check=True)


def restore(archive: ArchiveProcess, folder: Path) -> None:
    """Put a backup back in a stopped archive's place, its database too."""
    shutil.rmtree(archive.data_dir)
    shutil.copytree(folder, archive.data_dir)
    if archive.database:
        subprocess.run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", archive.database,
                        str(folder / "archive.dump")], check=True)


def archived(archive: ArchiveProcess) -> dict[str, tuple[int, bool]]:
    """Every contribution's (rev, deleted) as the archive's database holds it, read there directly."""
    store = ArchiveStore(archive.data_dir, archive.database)
    try:
        return store.all_records()
    finally:
        store.close()


def assert_invariant(archive: ArchiveProcess, *kiosks: Kiosk) -> None:
    held = archived(archive)
    expected = {item["id"]: (item["rev"], bool(item["deleted"])) for kiosk in kiosks
                for item in kiosk.store.changes_since(0)}
    assert held == expected
    for kiosk in kiosks:
        for item in kiosk.store.changes_since(0):
            sha = photo_hash(item)
            assert sha is None or (archive.data_dir / "media" / f"{sha}.jpg").is_file()
