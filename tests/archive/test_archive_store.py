"""The archive's store on SQLite and on PostgreSQL: its search index stays right through updates, prefix words
and accents; the SQLite file also through a VACUUM and an upgrade from the first layout (real files on disk), a
PostgreSQL database through the upgrade that gave its words the fields a search counts on."""

import json
import random
import sqlite3
from collections import Counter

import archive.views
from archive.database import PostgresDatabase, marks
from archive.schema import MIGRATIONS, visible_fields
from archive.store import ArchiveStore
from netwerk.contributions import moderated, new_contribution, public_view
from netwerk.protocol import record
from tests.harness.day import day_texts, dutch_text
from tests.harness.team import store_kiosk


def batch(number: int, *contributions: dict) -> dict:
    return {"batch_id": f"b{number}", "kiosk_db_id": "k", "seq": number,
            "records": [record(public_view(item)) for item in contributions]}


def contribution(text: str, rev: int = 1) -> dict:
    return dict(new_contribution({"kind": "idea", "text": text}, event_id="e", prompt_id=None), rev=rev, seq=rev)


def texts(store: ArchiveStore, words: str) -> list[str]:
    return [item["text"] for item in store.views.contributions(words=words)]


def test_an_edit_replaces_its_words_and_a_vacuum_keeps_them_in_step(tmp_path):
    store = ArchiveStore(tmp_path)
    store_kiosk(store, "markt")
    first, second = contribution("een moestuin"), contribution("een bankje")
    store.apply("markt", batch(1, first, second))
    store.apply("markt", batch(2, dict(first, text="een boomgaard", rev=2)))
    store.db.run("DELETE FROM contributions WHERE id = %s", (second["id"],))  # leaves a gap VACUUM may close
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
    store_kiosk(store, "markt")
    store.apply("markt", batch(1, contribution("Nieuwe tegels op het plein"), contribution("Een compostbak bij de school"),
                               contribution("Café De Zwaan doet mee")))
    assert texts(store, "tegel") == ["Nieuwe tegels op het plein"]
    assert texts(store, "compost school") == ["Een compostbak bij de school"]
    assert texts(store, "cafe") == ["Café De Zwaan doet mee"]
    assert texts(store, "egels") == [] and texts(store, 'tegel" OR "') == []  # the start of a word, no FTS syntax
    assert texts(store, "tegel:* | !") == ["Nieuwe tegels op het plein"]  # nor PostgreSQL's


def test_a_search_in_order_of_relevance_puts_the_tagged_then_what_is_about_the_word_before_a_passing_mention(
        archive_store):
    store = archive_store
    store_kiosk(store, "markt")
    passing = dutch_text(random.Random(3), 900) + " Ik kwam er op de fiets."
    about = "Fietsen in de wijk: een fietspad langs het kanaal en een fietsenstalling bij de school."
    store.apply("markt", batch(1, contribution(passing), contribution("Een bankje op het plein")))
    store.apply("markt", batch(2, contribution(about)))
    tagged = dict(contribution("Een plek om te stallen bij het station, droog en veilig."), tags=["Fiets"])
    store.apply("markt", batch(3, tagged))
    relevant = [item["text"] for item in store.views.contributions(words="fiets", order="relevant")]
    assert relevant == [tagged["text"], about, passing]
    assert [item["text"] for item in store.views.contributions(words="fiets", order="newest")] == relevant
    assert [item["text"] for item in store.views.contributions(words="fiets")] == relevant[::-1]
    assert [item["text"] for item in store.views.contributions(words="fiets", order="relevant", skip=1,
                                                               limit=1)] == [about]
    # Filters hold in every order, and without words there is nothing to rank: oldest first.
    assert [item["text"] for item in store.views.contributions(words="fiets fietspad", order="relevant")] == [about]
    assert store.views.contributions(order="relevant")[0]["text"] == passing


def test_a_search_counts_exactly_what_it_finds_through_filters_moderation_and_edits(archive_store, monkeypatch):
    """The counts of a search (on PostgreSQL read from the search's own table) agree with the cards it shows, also
    when a page's cap has them counted by testing the first rows of a view one by one (on PostgreSQL)."""
    store, rng = archive_store, random.Random(5)
    store_kiosk(store, "markt")
    day = [dict(new_contribution({"kind": kind, "text": text, "tags": rng.sample(["groen", "taal", "markt"], 2)},
                                 event_id=("oost", "west")[number % 2], prompt_id=None),
                created_at=f"2027-04-{1 + number % 20:02d}T10:{number % 60:02d}:00Z")
           for number, (kind, text) in enumerate(day_texts(400))]
    store.apply("markt", batch(1, *day))
    later = [moderated(item, "hide") for item in day[:40]] + [moderated(item, "delete") for item in day[40:60]]
    later += [dict(item, text="Een bankje bij de bushalte", kind="idea", tags=["bank"]) for item in day[60:80]]
    store.apply("markt", batch(2, *[dict(item, rev=2) for item in later]))
    views = [{"words": "de"}, {"words": "fietsen buurvrouw"}, {"words": "bankje"}, {"words": "de", "kind": "idea"},
             {"words": "de", "tag": "groen"}, {"words": "moestuin", "events": ["oost"]}, {"words": "zzz"},
             {"words": "de", "start": "2027-04-05", "end": "2027-04-10"}, {"words": "de", "hidden": ["buurtnetwerk"]}]
    for view in views:
        found = store.views.contributions(**view)
        counted = store.views.facets(**view)
        assert counted["total"] == len(found) and counted["kinds"] == Counter(item["kind"] for item in found), view
        assert dict(counted["tags"]) == Counter(tag for item in found for tag in item["tags"]), view
        assert all(item["id"] not in {gone["id"] for gone in day[40:60]} for item in found), view
    assert store.views.facets(words="de", hidden=["buurtnetwerk"])["total"] > store.views.facets(words="de")["total"] > 300
    assert store.views.facets(words="bankje") == {"total": 20, "kinds": {"idea": 20}, "more": False,
                                                  "organisations": {"buurtnetwerk": 20}, "tags": [("bank", 20)]}
    # Walks shorter than some views and longer than others; caps under and over their counts.
    for walk, cap in ((50, 10), (50, 100), (1000, 100), (1000, 1000)):
        monkeypatch.setattr(archive.views, "_WALK", walk)
        for view in views:
            whole, counted = store.views.facets(**view), store.views.facets(**view, cap=cap)
            if whole["total"] > cap:
                assert (counted["total"], counted["more"]) == (cap, True), (walk, cap, view)
            else:
                assert counted == whole, (walk, cap, view)


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


def test_a_postgresql_archive_of_the_second_version_searches_and_counts_after_its_upgrade(tmp_path, postgresql):
    url, item = postgresql.database(), record(public_view(contribution("Nieuwe tegels op het plein")))
    body = dict(item["body"], tags=["groen"])
    old = PostgresDatabase(url)
    with old.transaction() as db:  # the archive as the second migration left it, words with positions and all
        db.run("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, at TEXT NOT NULL)")
        for number, step in enumerate(MIGRATIONS[:2], start=1):
            step(old, db)
            db.run("INSERT INTO schema_version (version, at) VALUES (%s, 'toen')", (number,))
        db.run("INSERT INTO contributions (id, kiosk, rev, deleted, event_id, body, status, kind, created_at, pinned, "
               "reactions, photo) VALUES (%s, 'markt', 1, 0, 'e', %s, %s, %s, %s, %s, %s, %s)",
               (item["id"], json.dumps(body), *visible_fields(body).values()))
        db.run("INSERT INTO tags (number, tag) SELECT number, 'groen' FROM contributions")
        db.run("INSERT INTO words (number, search) SELECT number, to_tsvector('simple', unaccent(%s)) || "
               "to_tsvector('dutch', unaccent(%s)) FROM contributions", (body["text"], body["text"]))
    old.close()
    store = ArchiveStore(tmp_path, url)
    assert texts(store, "tegel") == ["Nieuwe tegels op het plein"]
    assert store.views.facets(words="tegel") == {"total": 1, "kinds": {"idea": 1}, "more": False,
                                                 "organisations": {"netwerk": 1}, "tags": [("groen", 1)]}
    assert store.views.facets(words="tegel", kind="story")["total"] == 0 and store.views.facets(words="plein")["total"] == 1
    assert store.db.row("SELECT max(version) AS version FROM schema_version") == {"version": len(MIGRATIONS)}
    store.close()


def test_a_kiosk_gets_its_next_dated_moment_then_the_undated_then_its_last(archive_store):
    store = archive_store
    store_kiosk(store, "markt")
    store.planning.add_programme("buurtnetwerk", "p", "Thema")
    later = store.planning.plan_moment("p", "Later", "market", None, "", "markt")
    past = store.planning.plan_moment("p", "Voorbij", "market", "2020-01-01", "", "markt")
    soon = store.planning.plan_moment("p", "Straks", "market", "2030-01-01", "", "markt")
    store.planning.plan_moment("p", "Van een ander", "market", "2029-01-01", "", None)
    assert store.planning.plan_for("markt", "2026-11-27")["id"] == soon["id"]
    assert store.planning.plan_for("markt", "2031-01-01")["id"] == later["id"]
    assert store.planning.plan_for("markt", "2031-01-01") != past and store.planning.plan_for("elders", "2026-11-27") is None


def test_a_moment_the_kiosk_held_is_not_its_next_one_even_before_its_date(archive_store):
    store = archive_store
    store_kiosk(store, "markt")
    store.planning.add_programme("buurtnetwerk", "p", "Thema")
    market = store.planning.plan_moment("p", "Markt A", "market", "2030-01-01", "", "markt")
    study = store.planning.plan_moment("p", "Studiedag B", "study_day", "2030-02-01", "", "markt")
    assert store.planning.plan_for("markt", "2029-12-01")["id"] == market["id"]
    assert store.planning.plan_for("markt", "2029-12-01", held=[market["id"]])["id"] == study["id"]  # said by the kiosk
    store.apply("markt", {"batch_id": "b1", "kiosk_db_id": "k", "seq": 0, "records": [],
                          "moments": [{"event_id": "e-a", "name": "Markt A", "planned_id": market["id"]}]})
    assert store.planning.plan_for("markt", "2029-12-01")["id"] == study["id"]  # its moment came in with a sync
    assert store.planning.plan_for("markt", "2029-12-01", held=[study["id"]])["id"] == study["id"]  # all held: the last


def test_the_sql_is_psycopgs_own_format_on_both_databases_so_a_question_mark_is_just_a_character(archive_store):
    said = archive_store.db.row("SELECT '100%% zeker? Ja.' AS said, %s AS value, %s AS other", ("x", 2))
    assert said == {"said": "100% zeker? Ja.", "value": "x", "other": 2}
    assert archive_store.db.rows("SELECT %s AS n UNION ALL SELECT %s ORDER BY n", (1, 2)) == [{"n": 1}, {"n": 2}]
    assert marks(3) == "%s, %s, %s"


def test_a_view_counts_up_to_its_cap_and_says_there_are_more(archive_store):
    store_kiosk(archive_store, "markt")
    records = [record(public_view(contribution(f"Tegels eruit, plantjes erin, nummer {number}"))) for number in range(30)]
    archive_store.apply("markt", {"batch_id": "b", "kiosk_db_id": "k", "seq": 30, "moment": {}, "records": records})
    exact = archive_store.views.facets(words="tegels", cap=30)
    assert (exact["total"], exact["more"]) == (30, False)
    capped = archive_store.views.facets(words="tegels", cap=20)
    assert (capped["total"], capped["more"]) == (20, True)
