"""A deletion on request, through the real kiosk, the sync command and the real archive (on both databases):
the text, name, contact, tags and photo leave no byte in either data folder, while what others sent stays; on
PostgreSQL also none in the planner's statistics (pg_stats) or, after the documented VACUUM FULL, in the database's
files on disk."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import requests

from netwerk.media import thumbnail_url
from tests.harness.day import day_texts
from tests.harness.phones import contribute, phone_session
from tests.harness.photos import jpeg
from tests.harness.postgres import pg_binary
from tests.harness.room import Room
from tests.harness.syncing import token_for
from tests.harness.team import sync_folder


def held_bytes(server) -> bytes:
    """Every byte a server keeps in its data folder; for an archive on PostgreSQL also all its database holds: as
    ``pg_dump`` reads it, as the planner's statistics say it, and in the cluster's files of that database."""
    held = b"".join(path.read_bytes() for path in sorted(server.data_dir.rglob("*")) if path.is_file())
    database = getattr(server, "database", None)
    if database:
        held += subprocess.run([pg_binary("pg_dump"), "--data-only", database], capture_output=True, check=True).stdout
        held += database_files(database)
    return held


def run_sql(database: str, *statements: str) -> list[tuple]:
    """Run statements on the archive's database as the cluster's administrator; return the last one's rows."""
    with psycopg.connect(database, autocommit=True) as connection:
        for statement in statements:
            cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def database_files(database: str) -> bytes:
    """pg_stats as text, and every file of the database in the cluster's folder (pg_statistic's among them), once
    PostgreSQL wrote what it holds in memory to them. The server's own files keep dead rows until the space is
    reused: docs/archive.md tells the team to run VACUUM FULL, and the test does so before it reads them."""
    stats = run_sql(database, "SELECT string_agg(CAST(s AS text), ' ') FROM pg_stats AS s WHERE schemaname = 'public'")
    (folder,), = run_sql(database, "CHECKPOINT", "SELECT current_setting('data_directory') || '/base/' || oid "
                                   "FROM pg_database WHERE datname = current_database()")
    files = b"".join(path.read_bytes() for path in sorted(Path(folder).iterdir()) if path.is_file())
    return (stats[0][0] or "").encode() + files


def test_a_deletion_on_request_leaves_no_byte_on_the_kiosk_or_in_the_archive(kiosk_server, archive):
    token = token_for(archive, "markt")
    for number, (kind, text) in enumerate(day_texts(40)):
        assert phone_session(30 + number).post(kiosk_server.url + "/api/contributions", json={
            "kind": kind, "text": text}, timeout=5).status_code == 201
    secret = ("Ik ben Zwanenbloem van het Xylofoonpad 14 en ik wil niet dat mijn buren dit lezen: "
              + day_texts(1, seed=7)[0][1])
    erased = contribute(phone_session(1), kiosk_server.url, secret, jpeg(colour="navy"),
                        contact="zwanenbloem@voorbeeld.nl", contact_consent="on")
    shared = jpeg(colour="olive")
    kept = contribute(phone_session(2), kiosk_server.url, "Onze moestuin op het dak", shared)
    twin = contribute(phone_session(3), kiosk_server.url, "Dezelfde foto, een ander verhaal", shared,
                      contact="zwanenbloem@voorbeeld.nl", contact_consent="on")  # the same neighbour, again
    assert sync_folder(archive, token, kiosk_server.data_dir).returncode == 0
    for server in (kiosk_server, archive):
        assert requests.get(server.url + erased["photo"], timeout=5).status_code == 200
    assert requests.get(kiosk_server.url + thumbnail_url(erased["photo"]), timeout=5).status_code == 200  # made now
    if archive.database:  # as autovacuum does on a busier archive: the planner samples every column's values
        run_sql(archive.database, "ANALYZE")
        assert b"zwanenbloem" in database_files(archive.database).lower()

    room = Room(kiosk_server.url).session
    for item in (erased, twin):
        assert room.post(f"{kiosk_server.url}/api/contributions/{item['id']}/moderation", json={"action": "delete"},
                         timeout=5).ok
    assert sync_folder(archive, token, kiosk_server.data_dir).returncode == 0
    if archive.database:  # what docs/archive.md tells the team to run after a deletion on request
        run_sql(archive.database, "VACUUM FULL contributions, words, tags, contacts")

    assert requests.get(kiosk_server.url + thumbnail_url(erased["photo"]), timeout=5).status_code == 404
    assert list((kiosk_server.data_dir / "media" / "400").iterdir()) == []  # the small rendition went too
    for server in (kiosk_server, archive):  # both still running: nothing waits for a restart
        assert requests.get(server.url + erased["photo"], timeout=5).status_code == 404
        assert requests.get(server.url + kept["photo"], timeout=5).status_code == 200
        on_disk = held_bytes(server).lower()  # the search index keeps its words in lower case
        for trace in ("zwanenbloem", "xylofoonpad", "zwanenbloem@voorbeeld.nl", "een ander verhaal"):
            assert trace.encode() not in on_disk, (server.data_dir, trace)
        assert b"onze moestuin op het dak" in on_disk  # the bytes are read where the texts are

