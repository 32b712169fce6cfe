"""The store on real files: durable, readable after any crash, safe from many threads."""

import json
import shutil
import threading

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from kiosk.journal import Journal, JournalBusy, JournalCorrupt
from kiosk.store import Store
from netwerk.contributions import new_contribution


def record(text="Hallo"):
    return new_contribution({"kind": "story", "text": text}, event_id="e", prompt_id=None)


def test_contributions_survive_a_reopen_with_seq_and_identity(tmp_path):
    store = Store(tmp_path)
    first, _ = store.add_contribution(record("een"), "k1")
    second, _ = store.add_contribution(record("twee"), "k2")
    kiosk_db_id = store.kiosk_db_id
    store.close()

    reopened = Store(tmp_path)
    assert [c["text"] for c in reopened.changes_since(0)] == ["een", "twee"]
    assert (first["seq"], second["seq"], reopened.seq) == (1, 2, 2)
    assert reopened.kiosk_db_id == kiosk_db_id
    third, _ = reopened.add_contribution(record("drie"))
    assert third["seq"] == 3


def test_an_idempotency_key_stores_a_contribution_once(tmp_path):
    store = Store(tmp_path)
    first, created = store.add_contribution(record(), "same-key")
    again, created_again = store.add_contribution(record("other text"), "same-key")
    assert created and not created_again
    assert again["id"] == first["id"] and len(store) == 1
    assert store.contribution_by_key("same-key")["id"] == first["id"]


def test_changes_since_and_recent(tmp_path):
    store = Store(tmp_path)
    for i in range(5):
        store.add_contribution(record(f"n{i}"))
    assert [c["text"] for c in store.changes_since(3)] == ["n3", "n4"]
    assert store.changes_since(5) == []
    assert [c["text"] for c in store.recent(2, lambda c: c["text"] != "n4")] == ["n3", "n2"]


def test_the_snapshot_is_plain_tinydb_json(tmp_path):
    store = Store(tmp_path)
    store.add_contribution(record("leesbaar"))
    store.close()
    Store(tmp_path).close()  # opening folds the journal into the snapshot
    with TinyDB(tmp_path / "kiosk.json", storage=JSONStorage) as db:
        assert db.table("contributions").all()[0]["text"] == "leesbaar"


def test_a_torn_final_journal_line_is_dropped_not_fatal(tmp_path):
    store = Store(tmp_path)
    store.add_contribution(record("bewaard"))
    store.close()
    with open(tmp_path / "kiosk.journal", "ab") as journal:
        journal.write(b'{"t":"contributions","id":2,"doc":{"id":"x","te')  # killed mid-write
    reopened = Store(tmp_path)
    assert [c["text"] for c in reopened.changes_since(0)] == ["bewaard"]
    reopened.add_contribution(record("daarna"))
    reopened.close()
    assert [c["text"] for c in Store(tmp_path).changes_since(0)] == ["bewaard", "daarna"]


def test_damage_in_the_middle_of_the_journal_is_reported(tmp_path):
    (tmp_path / "kiosk.journal").write_bytes(b"garbage\n" + json.dumps({"t": "x", "id": 1, "doc": {}}).encode() + b"\n")
    with pytest.raises(JournalCorrupt, match="line 1"):
        Journal(tmp_path).load()


def test_the_journal_is_folded_into_the_snapshot_when_it_grows(tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.store._COMPACT_AFTER", 3)
    store = Store(tmp_path)
    for i in range(4):
        store.add_contribution(record(f"n{i}"))
    journal_lines = (tmp_path / "kiosk.journal").read_bytes().count(b"\n")
    assert journal_lines == 1  # three were folded in, one written since
    store.close()
    assert len(Store(tmp_path)) == 4


def test_a_copied_folder_gets_a_new_kiosk_db_id(tmp_path):
    original = Store(tmp_path / "laptop-a")
    original.add_contribution(record())
    original.close()
    shutil.copytree(tmp_path / "laptop-a", tmp_path / "laptop-b")
    copy = Store(tmp_path / "laptop-b")
    assert copy.kiosk_db_id != original.kiosk_db_id
    assert len(copy) == 1
    assert Store(tmp_path / "laptop-a").kiosk_db_id == original.kiosk_db_id


def test_eight_threads_writing_at_once_lose_nothing(tmp_path):
    store = Store(tmp_path)

    def write(thread):
        for i in range(50):
            store.add_contribution(record(f"{thread}-{i}"), f"{thread}-{i}")

    threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    reopened = Store(tmp_path)
    assert len(reopened) == 400
    assert sorted(c["seq"] for c in reopened.changes_since(0)) == list(range(1, 401))


def test_settings_are_durable(tmp_path):
    store = Store(tmp_path)
    store.update_settings(theme="Jeugd")
    store.update_settings(active_prompt_id="p")
    store.close()
    assert Store(tmp_path).settings() == {"theme": "Jeugd", "active_prompt_id": "p"}


def test_a_second_writer_on_the_same_folder_is_refused(tmp_path):
    first = Store(tmp_path)
    with pytest.raises(JournalBusy, match="another kiosk"):
        Store(tmp_path)
    first.close()
    Store(tmp_path).close()  # free again once the first has closed


def test_a_read_only_store_reads_a_running_kiosk_without_writing(tmp_path):
    writer = Store(tmp_path)
    writer.add_contribution(record("al opgeslagen"))
    before = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    reader = Store(tmp_path, read_only=True)
    assert [c["text"] for c in reader.changes_since(0)] == ["al opgeslagen"]
    assert reader.kiosk_db_id == writer.kiosk_db_id
    with pytest.raises(PermissionError):
        reader.add_contribution(record("mag niet"))
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == before
    writer.add_contribution(record("daarna"))  # the writer goes on undisturbed
    assert len(Store(tmp_path, read_only=True)) == 2
