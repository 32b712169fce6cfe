"""``netwerkkiosk archive backup`` and ``restore`` on both databases, against the real archive process: a backup taken
while nothing moves comes back with every page, token, count and photo as they were; one taken during a sync comes
back consistent, and the kiosk's next sync sends what the restored archive lacks, nothing twice. A restore refuses a
damaged backup and an archive that is not empty, in one line that says why."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile

import pytest
import requests

from kiosk.outbox import Outbox
from kiosk.store import Store
from sync.client import sync
from sync.progress import Progress
from tests.harness.disk import fill
from tests.harness.photos import jpeg
from tests.harness.server import ArchiveProcess
from tests.harness.syncing import Kiosk, assert_invariant, token_for

PAGES = ("/", "/search?q=bankje", "/search?q=moestuin&order=newest", "/export.json", "/o/netwerk/")


def seen(archive) -> dict[str, str]:
    """The public pages and every photo they name, as a reader gets them."""
    pages = {path: requests.get(archive.url + path, timeout=10).text for path in PAGES}
    for item in requests.get(archive.url + "/export.json", timeout=10).json()["items"]:
        if item.get("photo"):
            pages[item["photo"]] = requests.get(archive.url + item["photo"], timeout=10).content.hex()
    return pages


def restored(source, tmp_path, name: str, request) -> ArchiveProcess:
    """A new archive in an empty folder (and an empty database), restored from ``source`` as docs/hosting.md says."""
    database = request.getfixturevalue("postgresql").database() if request.node.callspec.params["database"] == \
        "postgresql" else None
    archive = ArchiveProcess(tmp_path / name, database=database)
    archive.command_line("restore", str(source))
    return archive.start()


def test_a_backup_brings_back_every_page_token_and_photo_and_one_taken_during_a_sync_loses_nothing(
        archive_process, tmp_path, request):
    archive = archive_process
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    for number in range(30):
        kiosk.contribute(f"Een bankje bij de moestuin, nummer {number}",
                         photo=jpeg(*((800, 600) if number % 2 else (600, 900)), colour=(8 * number, 90, 120))
                         if number % 5 == 0 else None)
    kiosk.sync(archive, token)
    before = seen(archive)
    quiet = tmp_path / "stil.tar"
    assert "backed up" in archive.command_line("backup", str(quiet))
    for number in range(600):  # two batches: the second backup is taken between them
        kiosk.contribute(f"Later bankje {number}")
    during, taken = tmp_path / "tijdens.tar", []

    def halfway(progress: Progress) -> None:
        if progress.phase == "records" and 0 < progress.left < progress.total and not taken:
            taken.append(archive.command_line("backup", str(during)))

    with requests.Session() as session:
        sync(Outbox(Store(kiosk.store.folder, read_only=True)), session, archive.url, token, progress=halfway)
    assert taken
    archive.stop()

    again = restored(quiet, tmp_path, "terug", request)
    try:
        assert seen(again) == before  # every page, count and photo as it was
        checkpoint = requests.get(again.url + "/api/sync/checkpoint", headers={"Authorization": f"Bearer {token}"},
                                  timeout=5)
        assert checkpoint.status_code == 200  # the kiosk's token too
    finally:
        again.stop()
    middle = restored(during, tmp_path, "midden", request)
    try:
        summary = kiosk.sync(middle, token)  # what the backup missed of the second sync, sent again
        assert summary.new == 100 and kiosk.sync(middle, token).new == 0
        assert_invariant(middle, kiosk)  # each contribution once, at its last revision, with its photo
    finally:
        middle.stop()


@pytest.mark.parametrize("database", [None], ids=["sqlite"])  # the refusals are the same on both databases
def test_a_restore_refuses_a_damaged_backup_and_an_archive_that_is_not_empty(archive_process, tmp_path, database):
    archive = archive_process
    token_for(archive, "markt")
    backup = tmp_path / "archief.tar"
    archive.command_line("backup", str(backup))
    damaged = tmp_path / "kapot.tar"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "archive.sqlite":
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))
    for source, folder, said in ((damaged, tmp_path / "leeg", "The backup is damaged: archive.sqlite"),
                                 (backup, archive.data_dir, "Restore only into an empty archive")):
        done = subprocess.run([*archive.program, "restore", str(source), "--data", str(folder)], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 1 and said in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "leeg" / "archive.sqlite").exists()


@pytest.mark.parametrize("database", [None], ids=["sqlite"])
def test_a_backup_onto_a_full_disk_says_so_and_leaves_nothing_half_written(archive_process, small_disk, tmp_path,
                                                                            database):
    archive = archive_process
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    for number in range(4):
        kiosk.contribute(f"Een foto van de markt, nummer {number}", photo=jpeg(1600, 1200, colour=(60 * number, 80, 90)))
    kiosk.sync(archive, token)
    filler = fill(small_disk)
    filler.write_bytes(b"\0" * (shutil.disk_usage(small_disk).free + filler.stat().st_size - 200_000))  # 200 KB left
    target = small_disk / "archief.tar"
    done = subprocess.run([*archive.program, "backup", str(target), *archive.where()], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and done.stderr.strip() == "Error: The disk is full: nothing was written. Make room " \
        "(or choose another disk), then try again.", done.stderr
    assert sorted(path.name for path in small_disk.iterdir()) == ["filler"]  # no backup, no half of one
    filler.unlink()
    assert "backed up" in archive.command_line("backup", str(target))
    with tarfile.open(target) as backup:
        assert len([name for name in backup.getnames() if name.startswith("media/")]) == 4
