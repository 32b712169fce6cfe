"""The sync against a real archive process: everything arrives once, at its latest revision, with its photos.

Invariant checked after every scenario: the archive holds exactly the kiosks' contributions at
their latest ``rev``, and every acknowledged contribution with a photo has that photo.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil
import pytest
import requests

from archive.store import ArchiveStore
from netwerk.contributions import new_contribution
from netwerk.protocol import PROTOCOL_VERSION, photo_hash
from sync.progress import SyncError
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import ROOT
from tests.harness.syncing import (
    Kiosk,
    archived,
    assert_invariant,
    back_up,
    restore,
    token_for,
)


def test_a_first_sync_sends_everything_and_a_second_is_one_request(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    for n in range(7):
        kiosk.contribute(f"idee {n}", photo=jpeg(colour="navy") if n == 3 else None)
    first = kiosk.sync(archive, token)
    assert (first.new, first.updated, first.photos) == (7, 0, 1)
    assert first.requests == 4  # checkpoint, missing photos, one photo, one batch
    assert_invariant(archive, kiosk)
    again = kiosk.sync(archive, token)
    assert (again.new, again.requests) == (0, 1)
    listed = requests.get(archive.url + "/api/contributions", timeout=5).json()["items"]
    assert len(listed) == 7 and {item["kiosk"] for item in listed} == {"markt"}


def test_hides_deletes_and_edits_after_a_first_sync_arrive_and_deleted_stays_deleted(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    items = [kiosk.contribute(f"bijdrage {n}") for n in range(4)]
    kiosk.sync(archive, token)
    kiosk.moderate(items[0], "hide")
    kiosk.moderate(items[1], "delete")
    kiosk.moderate(items[2], "pin")
    summary = kiosk.sync(archive, token)
    assert (summary.new, summary.updated) == (0, 3)
    assert_invariant(archive, kiosk)
    listed = {item["text"] for item in requests.get(archive.url + "/api/contributions", timeout=5).json()["items"]}
    assert listed == {"bijdrage 2", "bijdrage 3"}


def test_a_replayed_batch_gets_the_same_answer_and_changes_nothing(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    item = kiosk.contribute("een keer")
    batch = {"version": PROTOCOL_VERSION, "batch_id": "b-1", "kiosk_db_id": kiosk.store.kiosk_db_id, "seq": 1,
             "records": [{"id": item["id"], "rev": 1, "deleted": False, "body": item}]}
    headers = {"Authorization": f"Bearer {token}"}
    first = requests.post(archive.url + "/api/sync/batches", json=batch, headers=headers, timeout=5)
    second = requests.post(archive.url + "/api/sync/batches", json=batch, headers=headers, timeout=5)
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    assert first.json()["new"] == 1
    assert_invariant(archive, kiosk)


def test_a_batch_naming_a_missing_photo_is_refused_with_its_hash(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    item = kiosk.contribute("met foto", photo=jpeg())
    batch = {"version": PROTOCOL_VERSION, "batch_id": "b-2", "kiosk_db_id": "x", "seq": 1,
             "records": [{"id": item["id"], "rev": 1, "deleted": False, "body": item}]}
    answer = requests.post(archive.url + "/api/sync/batches", json=batch, timeout=5,
                           headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 409 and answer.json()["missing"] == [photo_hash(item)]
    assert archived(archive) == {}


def test_a_wrong_or_revoked_token_gets_401_and_changes_nothing(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    kiosk.contribute("geheim")
    with pytest.raises(SyncError, match="does not accept this kiosk's token"):
        kiosk.sync(archive, "not-a-token")
    subprocess.run([str(Path(sys.executable).parent / "netwerkkiosk"), "archive", "revoke-kiosk", "markt",
                    *archive.where()], check=True, capture_output=True, cwd=ROOT)
    with pytest.raises(SyncError, match="does not accept this kiosk's token"):
        kiosk.sync(archive, token)
    assert archived(archive) == {}


def test_two_kiosks_with_a_photo_in_common(archive, tmp_path):
    market, study_day = Kiosk(tmp_path / "markt"), Kiosk(tmp_path / "studiedag")
    shared = jpeg(colour="gold")
    market.contribute("markt", photo=shared)
    study_day.contribute("studiedag", photo=shared)
    first = market.sync(archive, token_for(archive, "markt"))
    second = study_day.sync(archive, token_for(archive, "studiedag"))
    assert (first.photos, second.photos) == (1, 0)  # the archive had it already
    assert_invariant(archive, market, study_day)
    kiosks = {item["kiosk"] for item in requests.get(archive.url + "/api/contributions", timeout=5).json()["items"]}
    assert kiosks == {"markt", "studiedag"}


def test_a_copied_kiosk_folder_resends_everything_without_duplicates(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "laptop-a"), token_for(archive, "markt")
    for n in range(3):
        kiosk.contribute(f"n{n}")
    kiosk.sync(archive, token)
    kiosk.store.close()
    shutil.copytree(tmp_path / "laptop-a", tmp_path / "laptop-b")
    copy = Kiosk(tmp_path / "laptop-b")
    summary = copy.sync(archive, token)
    assert (summary.new, summary.unchanged) == (0, 3)
    assert_invariant(archive, copy)


def test_an_archive_restored_from_an_older_backup_gets_what_it_lost(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    kiosk.contribute("voor de backup")
    kiosk.sync(archive, token)
    archive.stop()
    back_up(archive, tmp_path / "backup")
    archive.start()
    kiosk.contribute("na de backup")
    kiosk.sync(archive, token)
    archive.stop()
    restore(archive, tmp_path / "backup")
    archive.start()
    summary = kiosk.sync(archive, token)
    assert summary.new == 1
    assert_invariant(archive, kiosk)


def test_the_cli_syncs_while_the_kiosk_runs(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    kiosk.contribute("via de terminal")
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "sync", "--archive", archive.url,
               "--token", token, "--data", str(kiosk.store.folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "1 new, 0 updated, 0 unchanged" in result.stdout
    wrong = subprocess.run(command[:-4] + ["--token", "wrong", "--data", str(kiosk.store.folder)],
                           capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert wrong.returncode == 1 and "does not accept this kiosk's token" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_kiosk_clock_years_wrong_changes_nothing_about_what_wins(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    for year in (1999, 2099):
        moment = datetime(year, 1, 1, tzinfo=timezone.utc)
        kiosk.store.add_contribution(new_contribution({"kind": "idea", "text": f"klok {year}"}, event_id="e",
                                                      prompt_id=None, now=moment))
    late = kiosk.store.changes_since(0)[1]
    kiosk.sync(archive, token)
    kiosk.moderate(late, "hide")  # the change made "in 2099" is still the newest revision
    assert kiosk.sync(archive, token).updated == 1
    assert_invariant(archive, kiosk)


def test_contacts_travel_for_the_team_only_and_a_deletion_erases_them_in_the_archive(archive, tmp_path):
    kiosk, token = Kiosk(tmp_path / "kiosk"), token_for(archive, "markt")
    answer = kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": "Doe mee",
                                                           "contact": "an@example.org", "contact_consent": True})
    item = answer.get_json()
    kiosk.sync(archive, token)
    store = ArchiveStore(archive.data_dir, archive.database)
    assert [(c["contribution_id"], c["contact"]) for c in store.views.contacts("buurtnetwerk")] == [(item["id"], "an@example.org")]
    assert "an@example.org" not in requests.get(archive.url + "/api/contributions", timeout=5).text
    kiosk.moderate(item, "delete")
    kiosk.sync(archive, token)
    assert store.views.contacts("buurtnetwerk") == []
    store.close()
    assert_invariant(archive, kiosk)


def test_sync_now_keeps_the_token_off_every_command_line(kiosk_server):
    """``ps`` shows every user's command lines: the control room's sync reads the token from the data folder."""
    token = "geheim-token-" + "x" * 30
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers: the sync waits
        room = Room(kiosk_server.url)
        link = {"archive": f"http://127.0.0.1:{silent.getsockname()[1]}", "token": token}
        assert room.post("/api/archive", json=link).status_code == 200
        assert room.post("/api/sync").status_code == 202
        deadline = time.monotonic() + 15
        children: list[psutil.Process] = []
        while not children:
            assert time.monotonic() < deadline, "the sync never started"
            children = [child for child in psutil.Process(kiosk_server.process.pid).children()
                        if "--events" in child.cmdline()]
        try:
            lines = [" ".join(process.info["cmdline"] or []) for process in psutil.process_iter(["cmdline"])]
            assert not [line for line in lines if token in line]
        finally:
            for child in children:
                child.kill()
