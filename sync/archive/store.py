"""The archive's storage: SQLite (WAL) for kiosks, contributions, moments and batch answers; photos as files.

Every batch is applied in one transaction together with its answer and the kiosk's new
checkpoint, so a crash leaves either all of it or none, and a replayed batch gets the stored
answer instead of being applied twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

from kiosk.journal import write_atomically
from kiosk.media import PhotoStore
from sync.archive.planning import PLANNING_SCHEMA, Planning
from sync.protocol import photo_hash

__all__ = ["ArchiveStore", "ForeignRecords", "MissingPhotos"]

_CONTRIBUTIONS = """contributions (
    number INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, kiosk TEXT NOT NULL, rev INTEGER NOT NULL,
    deleted INTEGER NOT NULL, event_id TEXT, body TEXT NOT NULL)"""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS kiosks (
    name TEXT PRIMARY KEY, token_hash TEXT UNIQUE NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
    kiosk_db_id TEXT, acked_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS {_CONTRIBUTIONS};
CREATE TABLE IF NOT EXISTS moments (id TEXT PRIMARY KEY, kiosk TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contacts (
    contribution_id TEXT PRIMARY KEY, kiosk TEXT NOT NULL, contact TEXT NOT NULL, consent_at TEXT);
CREATE TABLE IF NOT EXISTS moderation (
    contribution_id TEXT NOT NULL, rev INTEGER NOT NULL, kiosk TEXT NOT NULL, action TEXT NOT NULL, at TEXT,
    session TEXT, PRIMARY KEY (contribution_id, rev));
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    kiosk TEXT NOT NULL, batch_id TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (kiosk, batch_id));
"""
# The full-text index shares its rowids with the contributions' numbers, so replacing one entry is a
# lookup, not a scan of the index (a scan per record made a sync of 10,000 records take 13 s). The
# number is an INTEGER PRIMARY KEY, so it keeps its value through a VACUUM.
_NUMBERED = f"""
ALTER TABLE contributions RENAME TO unnumbered;
CREATE TABLE {_CONTRIBUTIONS};
INSERT INTO contributions (id, kiosk, rev, deleted, event_id, body)
    SELECT id, kiosk, rev, deleted, event_id, body FROM unnumbered;
DROP TABLE unnumbered;
DROP TABLE IF EXISTS words;
"""
_WORDS = """
CREATE VIRTUAL TABLE words USING fts5(text, author, tags, tokenize = "unicode61 remove_diacritics 2");
INSERT INTO words (rowid, text, author, tags)
    SELECT number, json_extract(body, '$.text'), coalesce(json_extract(body, '$.author'), ''),
           coalesce((SELECT group_concat(value, ' ') FROM json_each(body, '$.tags')), '')
    FROM contributions WHERE deleted = 0;
DROP TABLE IF EXISTS search;
"""


class MissingPhotos(Exception):
    """A batch names photos the archive does not have: send those first."""

    def __init__(self, hashes: list[str]) -> None:
        super().__init__(f"missing photos: {', '.join(hashes)}")
        self.hashes = hashes


class ForeignRecords(Exception):
    """A batch touches what another kiosk brought first: a kiosk token writes only its own kiosk's data."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"these belong to another kiosk: {', '.join(names[:10])}")
        self.names = names


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ArchiveStore(Planning):
    """One archive data folder: ``archive.sqlite`` and ``media/``."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        # Photos are kept as on the kiosk (media/<sha256>.jpg), so the cards' photo URLs work here too.
        self.photos = PhotoStore(self.folder)
        self.photos.folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.folder / "archive.sqlite", check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # an acknowledged batch survives a power cut
        self._db.execute("PRAGMA secure_delete=ON")  # what a deletion on request removes is overwritten, not freed
        self._db.executescript(_SCHEMA + PLANNING_SCHEMA)
        self._upgrade()
        self._lock = threading.Lock()

    def _upgrade(self) -> None:
        # An archive made before the contributions were numbered, or before the search index shared
        # their numbers: bring it up to date in one transaction.
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(contributions)")}
        script = "" if "number" in columns else _NUMBERED
        if script or not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'words'").fetchone():
            self._db.executescript(f"BEGIN; {script} {_WORDS} COMMIT;")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    # Kiosks and their tokens

    def add_kiosk(self, name: str) -> str:
        """Register a kiosk and return its new token (256 random bits), which is kept only hashed."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._db.execute("INSERT INTO kiosks (name, token_hash) VALUES (?, ?)", (name, _token_hash(token)))
        return token

    def kiosks(self) -> list[str]:
        """Return the names of the kiosks that may sync, to plan a moment for one."""
        with self._lock:
            return [row["name"] for row in self._db.execute("SELECT name FROM kiosks WHERE revoked = 0 ORDER BY name")]

    def renew_token(self, name: str) -> str | None:
        """Give a kiosk a new token (its old one, lost or leaked, stops at once); None if there is no such kiosk.

        The kiosk keeps its name, so what it brought stays its own and its next sync goes on from its checkpoint.
        """
        token = secrets.token_urlsafe(32)
        with self._lock:
            changed = self._db.execute("UPDATE kiosks SET token_hash = ?, revoked = 0 WHERE name = ?",
                                       (_token_hash(token), name)).rowcount
        return token if changed else None

    def revoke_kiosk(self, name: str) -> bool:
        """Stop a kiosk's token from syncing; return whether the kiosk exists."""
        with self._lock:
            return self._db.execute("UPDATE kiosks SET revoked = 1 WHERE name = ?", (name,)).rowcount == 1

    def kiosk_for(self, token: str) -> str | None:
        """Return the kiosk a token belongs to, or None for an unknown or revoked token."""
        with self._lock:
            row = self._db.execute("SELECT name FROM kiosks WHERE token_hash = ? AND revoked = 0",
                                   (_token_hash(token),)).fetchone()
        return row["name"] if row else None

    def checkpoint(self, kiosk: str) -> dict[str, Any]:
        """Return what the archive has acknowledged of this kiosk: its ``kiosk_db_id`` and ``acked_seq``."""
        with self._lock:
            row = self._db.execute("SELECT kiosk_db_id, acked_seq FROM kiosks WHERE name = ?", (kiosk,)).fetchone()
        return {"kiosk_db_id": row["kiosk_db_id"], "acked_seq": row["acked_seq"]}

    # Photos

    def missing_photos(self, hashes: list[str]) -> list[str]:
        """Return the hashes among ``hashes`` whose photo the archive lacks."""
        return [sha for sha in dict.fromkeys(hashes) if self.photos.path(f"{sha}.jpg") is None]

    def add_photo(self, sha: str, data: bytes) -> bool:
        """Keep a photo if its bytes hash to ``sha``; return False when they do not."""
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        if self.photos.path(f"{sha}.jpg") is None:
            write_atomically(self.photos.folder / f"{sha}.jpg", data)
        return True

    # Batches

    def apply(self, kiosk: str, batch: dict[str, Any]) -> dict[str, Any]:
        """Apply a validated batch once: in one transaction with its answer and the new checkpoint."""
        with self._lock:
            stored = self._db.execute("SELECT answer FROM batches WHERE kiosk = ? AND batch_id = ?",
                                      (kiosk, batch["batch_id"])).fetchone()
            if stored:
                return json.loads(stored["answer"])
            foreign = self._foreign(kiosk, batch)
            if foreign:
                raise ForeignRecords(foreign)
            missing = self.missing_photos([sha for r in batch["records"] if (sha := photo_hash(r["body"]))])
            if missing:
                raise MissingPhotos(missing)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                erased = self._bodies_to_erase(batch)
                answer = self._apply(kiosk, batch)
                self._db.execute("INSERT INTO batches (kiosk, batch_id, answer) VALUES (?, ?, ?)",
                                 (kiosk, batch["batch_id"], json.dumps(answer)))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if erased:
                self._erase(erased)
            return answer

    def _bodies_to_erase(self, batch: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the bodies, as the archive holds them now, of what this batch deletes on request."""
        deleted = [item["id"] for item in batch["records"] if item["deleted"]]
        rows = self._db.execute(f"SELECT body FROM contributions WHERE deleted = 0 AND id IN "
                                f"({', '.join('?' * len(deleted))})", deleted) if deleted else []
        return [json.loads(row["body"]) for row in rows]

    def _erase(self, bodies: list[dict[str, Any]]) -> None:
        """Leave no byte of what was deleted on request in the folder: its photo, its words, the WAL's old pages.

        The rows are overwritten already (``secure_delete``); the search index still holds the words in
        older segments until they are merged, and the WAL holds earlier versions of the pages until a
        checkpoint. A photo that a contribution still there shows stays (the same photo sent twice is one file).
        """
        for photo in {body["photo"] for body in bodies if photo_hash(body)}:
            if not self._db.execute("SELECT 1 FROM contributions WHERE deleted = 0 AND json_extract(body, "
                                    "'$.photo') = ?", (photo,)).fetchone():
                self.photos.remove(photo)
        self._db.execute("INSERT INTO words (words) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _owners(self, table: str, keys: set[str]) -> dict[str, str]:
        marks = ", ".join("?" * len(keys))
        rows = self._db.execute(f"SELECT id, kiosk FROM {table} WHERE id IN ({marks})", tuple(keys))
        return {row["id"]: row["kiosk"] for row in rows}

    def _foreign(self, kiosk: str, batch: dict[str, Any]) -> list[str]:
        """Name what ``batch`` would change of another kiosk's: contributions, their contacts and log, moments.

        Every contribution and moment is bound to the kiosk that first brought it (contribution ids
        are public, on every wall); a contact or log entry may only name this kiosk's contributions,
        and a contribution may only be filed under a moment that is not another kiosk's.
        """
        records = {item["id"] for item in batch["records"]}
        about = batch.get("contacts", []) + batch.get("moderation", [])
        named = records | {entry["contribution_id"] for entry in about}
        owners = self._owners("contributions", named)
        foreign = [f"contribution {key}" for key in sorted(named) if owners.get(key, kiosk if key in records else None)
                   != kiosk]
        events = {item["body"].get("event_id") for item in batch["records"]} | {(batch.get("moment") or {}).get(
            "event_id")}
        moments = self._owners("moments", {event for event in events if isinstance(event, str)})
        return foreign + [f"moment {key}" for key, owner in sorted(moments.items()) if owner != kiosk]

    def _apply(self, kiosk: str, batch: dict[str, Any]) -> dict[str, Any]:
        counts = {"new": 0, "updated": 0, "unchanged": 0, "stale": 0}
        for item in batch["records"]:
            counts[self._put(kiosk, item)] += 1
        for contact in batch.get("contacts", []):
            self._db.execute("INSERT INTO contacts (contribution_id, kiosk, contact, consent_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (contribution_id) DO NOTHING",
                             (contact["contribution_id"], kiosk, contact["contact"], contact.get("consent_at")))
        for entry in batch.get("moderation", []):
            self._db.execute("INSERT INTO moderation (contribution_id, rev, kiosk, action, at, session) "
                             "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                             (entry["contribution_id"], entry["rev"], kiosk, entry["action"], entry.get("at"),
                              entry.get("session")))
        # A deletion on request erases the contact in the archive too, whenever it arrives.
        self._db.execute("DELETE FROM contacts WHERE contribution_id IN "
                         "(SELECT id FROM contributions WHERE deleted = 1)")
        moment = batch.get("moment") or {}
        if moment.get("event_id"):
            self._db.execute("INSERT INTO moments (id, kiosk, body) VALUES (?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                             (moment["event_id"], kiosk, json.dumps(moment)))
        row = self._db.execute("SELECT kiosk_db_id, acked_seq FROM kiosks WHERE name = ?", (kiosk,)).fetchone()
        # A new kiosk_db_id is a copied or restored data folder starting over; the checkpoint follows
        # it. For the same one the checkpoint only moves forward.
        same = row["kiosk_db_id"] == batch["kiosk_db_id"]
        acked = max(row["acked_seq"], batch["seq"]) if same else batch["seq"]
        self._db.execute("UPDATE kiosks SET kiosk_db_id = ?, acked_seq = ? WHERE name = ?",
                         (batch["kiosk_db_id"], acked, kiosk))
        return dict(counts, acked_seq=acked)

    def _index(self, number: int, item: dict[str, Any]) -> None:
        # Full-text search (Dutch and English alike: words, accents folded); a deleted one leaves no words.
        self._db.execute("DELETE FROM words WHERE rowid = ?", (number,))
        body = item["body"]
        if not item["deleted"]:
            self._db.execute("INSERT INTO words (rowid, text, author, tags) VALUES (?, ?, ?, ?)",
                             (number, body.get("text") or "", body.get("author") or "",
                              " ".join(body.get("tags") or [])))

    def _put(self, kiosk: str, item: dict[str, Any]) -> str:
        row = self._db.execute("SELECT number, rev, deleted FROM contributions WHERE id = ?", (item["id"],)).fetchone()
        if row is None:
            added = self._db.execute(
                "INSERT INTO contributions (id, kiosk, rev, deleted, event_id, body) VALUES (?, ?, ?, ?, ?, ?)",
                (item["id"], kiosk, item["rev"], int(item["deleted"]), item["body"].get("event_id"),
                 json.dumps(item["body"])))
            self._index(added.lastrowid, item)
            return "new"
        if row["deleted"] or item["rev"] < row["rev"]:
            return "stale"  # a deleted contribution stays deleted; an older revision changes nothing
        if item["rev"] == row["rev"]:
            return "unchanged"
        self._db.execute("UPDATE contributions SET rev = ?, deleted = ?, body = ? WHERE id = ?",
                         (item["rev"], int(item["deleted"]), json.dumps(item["body"]), item["id"]))
        self._index(row["number"], item)
        return "updated"

    # Reading

    def contributions(self, events: list[str] | None = None, words: str = "", kind: str | None = None,
                      tag: str | None = None, start: str | None = None, end: str | None = None,
                      hidden: bool = False) -> list[dict[str, Any]]:
        """Return the contributions (each with its kiosk), oldest first, filtered as asked.

        ``events`` limits them to those meeting moments (None: all). Only visible ones, unless ``hidden`` (the team's view, which also sees what moderation hid;
        never what was deleted). ``words`` are searched in text, name and tags, every word must
        occur, whole or as the start of a word; FTS5's own syntax is not offered, so no search can fail on a stray quote. ``start``
        and ``end`` are ISO dates, both included.
        """
        query = ["SELECT kiosk, body FROM contributions WHERE deleted = 0"]
        params: list[Any] = []

        def where(condition: str, *values: Any) -> None:
            query.append(condition)
            params.extend(values)

        if not hidden:
            where("json_extract(body, '$.status') = 'visible'")
        if events is not None:
            where(f"event_id IN ({', '.join('?' * len(events))})", *events)
        if kind:
            where("json_extract(body, '$.kind') = ?", kind)
        if tag:
            where("EXISTS (SELECT 1 FROM json_each(body, '$.tags') WHERE value = ?)", tag)
        if start:
            where("substr(json_extract(body, '$.created_at'), 1, 10) >= ?", start)
        if end:
            where("substr(json_extract(body, '$.created_at'), 1, 10) <= ?", end)
        terms = re.findall(r"\w+", words)
        if terms:
            # Each word also as the start of a longer one: "tegel" finds "tegels", "compost" finds "compostbak".
            where("number IN (SELECT rowid FROM words WHERE words MATCH ?)", " ".join(f'"{term}"*' for term in terms))
        sql = " AND ".join(query) + " ORDER BY json_extract(body, '$.created_at')"
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [dict(json.loads(row["body"]), kiosk=row["kiosk"]) for row in rows]

    def tags(self) -> list[str]:
        """Return every tag of a visible contribution, for the search form to offer."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT tag.value FROM contributions, json_each(contributions.body, '$.tags') AS tag "
                "WHERE deleted = 0 AND json_extract(body, '$.status') = 'visible' ORDER BY tag.value").fetchall()
        return [row[0] for row in rows]

    def moments(self) -> list[dict[str, Any]]:
        """Return every meeting moment with its kiosk and its number of visible contributions."""
        with self._lock:
            counts = dict(self._db.execute(
                "SELECT event_id, COUNT(*) FROM contributions WHERE deleted = 0 "
                "AND json_extract(body, '$.status') = 'visible' GROUP BY event_id").fetchall())
            rows = self._db.execute("SELECT id, kiosk, body FROM moments").fetchall()
        moments = [dict(json.loads(row["body"]), event_id=row["id"], kiosk=row["kiosk"],
                        contributions=counts.get(row["id"], 0)) for row in rows]
        return sorted(moments, key=lambda moment: (moment.get("date") or "", moment.get("name") or ""))

    def contacts(self) -> list[dict[str, Any]]:
        """Return the consented contact details with their contribution's text and moment: for the team only."""
        with self._lock:
            rows = self._db.execute(
                "SELECT k.contribution_id, k.kiosk, k.contact, k.consent_at, c.event_id, "
                "json_extract(c.body, '$.text') AS text, json_extract(c.body, '$.kind') AS kind FROM contacts AS k "
                "LEFT JOIN contributions AS c ON c.id = k.contribution_id ORDER BY k.consent_at").fetchall()
        return [dict(row) for row in rows]

    def moderation_log(self) -> list[dict[str, Any]]:
        """Return every moderation action the kiosks brought, newest first, with the contribution's text."""
        with self._lock:
            rows = self._db.execute(
                "SELECT m.contribution_id, m.rev, m.kiosk, m.action, m.at, m.session, c.deleted, "
                "json_extract(c.body, '$.text') AS text, c.event_id FROM moderation AS m "
                "LEFT JOIN contributions AS c ON c.id = m.contribution_id ORDER BY m.at DESC, m.rev DESC").fetchall()
        return [dict(row, text=None if row["deleted"] else row["text"]) for row in rows]

    # Settings

    def setting(self, name: str) -> str | None:
        """Return one of the archive's settings (such as the admin password's hash), or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row["value"] if row else None

    def set_setting(self, name: str, value: str) -> None:
        """Keep one of the archive's settings."""
        with self._lock:
            self._db.execute("INSERT INTO settings (name, value) VALUES (?, ?) "
                             "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    def all_records(self) -> dict[str, tuple[int, bool]]:
        """Return every contribution's (rev, deleted) by id: what the sync's invariant is checked against."""
        with self._lock:
            rows = self._db.execute("SELECT id, rev, deleted FROM contributions").fetchall()
        return {row["id"]: (row["rev"], bool(row["deleted"])) for row in rows}
