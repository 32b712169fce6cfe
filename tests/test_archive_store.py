"""The archive's store on SQLite and on PostgreSQL: its search index stays right through updates, prefix words
and accents; the SQLite file also through a VACUUM and an upgrade from the first layout (real files on disk)."""

import json
import sqlite3

from netwerk.contributions import new_contribution, public_view
from sync.archive.store import ArchiveStore
from sync.protocol import record


def batch(number: int, *contributions: dict) -> dict:
    return {"batch_id": f"b{number}", "kiosk_db_id": "k", "seq": number,
            "records": [record(public_view(item)) for item in contributions]}


def contribution(text: str, rev: int = 1) -> dict:
    return dict(new_contribution({"kind": "idea", "text": text}, event_id="e", prompt_id=None), rev=rev, seq=rev)


def texts(store: ArchiveStore, words: str) -> list[str]:
    return [item["text"] for item in store.contributions(words=words)]


def test_an_edit_replaces_its_words_and_a_vacuum_keeps_them_in_step(tmp_path):
    store = ArchiveStore(tmp_path)
    store.add_kiosk("markt")
    first, second = contribution("een moestuin"), contribution("een bankje")
    store.apply("markt", batch(1, first, second))
    store.apply("markt", batch(2, dict(first, text="een boomgaard", rev=2)))
    store.db.run("DELETE FROM contributions WHERE id = ?", (second["id"],))  # leaves a gap VACUUM may close
    store.apply("markt", batch(3, contribution("nog een bankje")))
    with store.db.reading() as db:
        db.run("VACUUM")
    store.close()
    store = ArchiveStore(tmp_path)
    assert texts(store, "moestuin") == [] and texts(store, "boomgaard") == ["een boomgaard"]
    assert texts(store, "bankje") == ["nog een bankje"]
    store.close()


def test_a_word_finds_the_longer_words_it_begins_with_accents_folded(archive_store):
    store = archive_store
    store.add_kiosk("markt")
    store.apply("markt", batch(1, contribution("Nieuwe tegels op het plein"), contribution("Een compostbak bij de school"),
                               contribution("Café De Zwaan doet mee")))
    assert texts(store, "tegel") == ["Nieuwe tegels op het plein"]
    assert texts(store, "compost school") == ["Een compostbak bij de school"]
    assert texts(store, "cafe") == ["Café De Zwaan doet mee"]
    assert texts(store, "egels") == [] and texts(store, 'tegel" OR "') == []  # the start of a word, no FTS syntax
    assert texts(store, "tegel:* | !") == ["Nieuwe tegels op het plein"]  # nor PostgreSQL's


def test_an_archive_in_the_first_layout_is_upgraded_on_opening_and_loses_nothing(tmp_path):
    old = sqlite3.connect(tmp_path / "archive.sqlite")
    item = record(public_view(contribution("Repair café in de bibliotheek")))
    old.executescript("""
        CREATE TABLE contributions (id TEXT PRIMARY KEY, kiosk TEXT NOT NULL, rev INTEGER NOT NULL,
            deleted INTEGER NOT NULL, event_id TEXT, body TEXT NOT NULL);
        CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, text, author, tags);""")
    old.execute("INSERT INTO contributions VALUES (?, 'markt', 1, 0, 'e', ?)", (item["id"], json.dumps(item["body"])))
    old.commit()
    old.close()
    store = ArchiveStore(tmp_path)
    assert texts(store, "cafe") == ["Repair café in de bibliotheek"]
    assert store.all_records() == {item["id"]: (1, False)}
    assert store.db.row("SELECT name FROM sqlite_master WHERE name = 'search'") is None
    store.close()


def test_a_kiosk_gets_its_next_dated_moment_then_the_undated_then_its_last(archive_store):
    store = archive_store
    store.add_kiosk("markt")
    store.add_programme("p", "Thema")
    later = store.plan_moment("p", "Later", "market", None, "", "markt")
    past = store.plan_moment("p", "Voorbij", "market", "2020-01-01", "", "markt")
    soon = store.plan_moment("p", "Straks", "market", "2030-01-01", "", "markt")
    store.plan_moment("p", "Van een ander", "market", "2029-01-01", "", None)
    assert store.plan_for("markt", "2026-11-27")["id"] == soon["id"]
    assert store.plan_for("markt", "2031-01-01")["id"] == later["id"]
    assert store.plan_for("markt", "2031-01-01") != past and store.plan_for("elders", "2026-11-27") is None
