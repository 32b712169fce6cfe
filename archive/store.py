"""The archive's storage: kiosks, contributions, moments and batch answers in its database; photos as files.

Every batch is applied in one transaction together with its answer and the kiosk's new
checkpoint, so a crash leaves either all of it or none, and a replayed batch gets the stored
answer instead of being applied twice. The database is SQLite in the data folder, or PostgreSQL
by address (``archive.database``); this module speaks to either in the same SQL.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from archive.bundles import Bundles, let_go
from archive.claims import batch_moments, claims, reclaim
from archive.database import marks, open_database
from archive.exploration import exploration_moment
from archive.organisations import Organisations
from archive.people import People
from archive.planning import Planning
from archive.schema import migrate, visible_fields
from archive.sessions import TeamSessions
from archive.views import Views, changed
from netwerk.contributions import utc_stamp
from netwerk.files import write_atomically
from netwerk.logos import Logos
from netwerk.media import PhotoStore
from netwerk.origin import proves
from netwerk.protocol import photo_hash

__all__ = ["ArchiveStore", "ForeignRecords", "MissingPhotos"]


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


class ArchiveStore:
    """One archive: its data folder (``media/``, and ``archive.sqlite`` unless ``database`` names PostgreSQL).

    It writes (kiosks and tokens, batches, photos, settings); ``views`` reads what the pages show, ``planning``
    keeps the programme line: three objects with a job each, on the one database opened here.
    """

    def __init__(self, folder: Path | str, database: str | None = None,
                 first_organisation: tuple[str, str] | None = None) -> None:
        self.folder = Path(folder)
        # Photos are kept as on the kiosk (media/<sha256>.jpg), so the cards' photo URLs work here too.
        self.photos = PhotoStore(self.folder)
        self.photos.folder.mkdir(parents=True, exist_ok=True)
        self.logos = Logos(self.folder)
        self.db = open_database(self.folder, database)
        if first_organisation:
            self.db.first_organisation = first_organisation
        migrate(self.db)
        self.organisations = Organisations(self.db)
        self.people = People(self.db)
        self.bundles = Bundles(self.db)
        self.sessions = TeamSessions(self.db)
        self.views = Views(self.db)
        self.planning = Planning(self.db)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # Kiosks and their tokens

    def add_kiosk(self, name: str, organisation: str) -> str | None:
        """Register a kiosk of an organisation and return its new token (256 random bits), kept only hashed.

        None when there is a kiosk of that name already (in any organisation: a kiosk's name is its key).
        """
        if not name.strip():
            raise ValueError("a kiosk needs a name")
        token = secrets.token_urlsafe(32)
        added = self.db.run("INSERT INTO kiosks (name, token_hash, organisation) VALUES (%s, %s, %s) "
                            "ON CONFLICT (name) DO NOTHING", (name, _token_hash(token), organisation))
        return token if added else None

    def kiosks(self, organisation: str) -> list[str]:
        """Return the names of an organisation's kiosks that may sync, to plan a moment for one."""
        return [row["name"] for row in self.db.rows(
            "SELECT name FROM kiosks WHERE revoked = 0 AND organisation = %s ORDER BY name", (organisation,))]

    def renew_token(self, name: str) -> str | None:
        """Give a kiosk a new token (its old one, lost or leaked, stops at once); None if there is no such kiosk.

        The kiosk keeps its name, so what it brought stays its own and its next sync goes on from its checkpoint.
        """
        token = secrets.token_urlsafe(32)
        changed = self.db.run("UPDATE kiosks SET token_hash = %s, revoked = 0 WHERE name = %s", (_token_hash(token), name))
        return token if changed else None

    def revoke_kiosk(self, name: str) -> bool:
        """Stop a kiosk's token from syncing; return whether the kiosk exists."""
        return self.db.run("UPDATE kiosks SET revoked = 1 WHERE name = %s", (name,)) == 1

    def kiosk_for(self, token: str) -> str | None:
        """Return the kiosk a token belongs to, or None for an unknown or revoked token."""
        row = self.db.row("SELECT name FROM kiosks WHERE token_hash = %s AND revoked = 0", (_token_hash(token),))
        return row["name"] if row else None

    def checkpoint(self, kiosk: str) -> dict[str, Any]:
        """Return what the archive has acknowledged of this kiosk: its ``kiosk_db_id`` and ``acked_seq``."""
        row = self.db.row("SELECT kiosk_db_id, acked_seq FROM kiosks WHERE name = %s", (kiosk,))
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
        """Apply a validated batch once: in one transaction with its answer and the new checkpoint.

        A kiosk's batches wait for each other, also when two archive processes got them (a retry that
        reached another process while the first attempt was still being applied gets the first one's answer).
        """
        with self.db.transaction() as db:
            self.db.one_at_a_time(db, f"kiosk {kiosk}")
            stored = db.row("SELECT answer FROM batches WHERE kiosk = %s AND batch_id = %s", (kiosk, batch["batch_id"]))
            if stored:
                return json.loads(stored["answer"])
            # Claims are decided one batch at a time across all kiosks: two kiosks bringing the same new id at
            # once get an answer each (one of them 403), never a unique violation.
            self.db.one_at_a_time(db, "claims")
            foreign, reclaimed = claims(db, kiosk, batch)
            if foreign:
                raise ForeignRecords(foreign)
            missing = self.missing_photos([sha for r in batch["records"] if (sha := photo_hash(r["body"]))])
            if missing:
                raise MissingPhotos(missing)
            reclaim(db, kiosk, reclaimed)
            self._hide_filed_under(db, kiosk, reclaimed[1])
            erased = self._photos_to_erase(db, batch)
            organisation = db.row("SELECT organisation FROM kiosks WHERE name = %s", (kiosk,))["organisation"]
            answer = self._apply(db, kiosk, organisation, batch)
            db.run("INSERT INTO batches (kiosk, batch_id, answer) VALUES (%s, %s, %s)",
                   (kiosk, batch["batch_id"], json.dumps(answer)))
            changed(db)
        if erased is not None:
            self._erase(erased)
        return answer

    def _photos_to_erase(self, db: Any, batch: dict[str, Any]) -> set[str] | None:
        """Return the photos of what this batch deletes on request, as the archive holds it now (None: no deletion)."""
        deleted = [item["id"] for item in batch["records"] if item["deleted"]]
        if not deleted:
            return None
        rows = db.rows(f"SELECT photo FROM contributions WHERE deleted = 0 AND photo IS NOT NULL AND id IN "
                       f"({marks(len(deleted))})", deleted)
        return {row["photo"] for row in rows}

    def _erase(self, photos: set[str]) -> None:
        """Leave no byte of what was deleted on request in the folder: its photo, and old copies of its words.

        A photo that a contribution still there shows stays (the same photo sent twice is one file).
        """
        for photo in photos:
            if not self.db.row("SELECT 1 AS shown FROM contributions WHERE deleted = 0 AND photo = %s", (photo,)):
                self.photos.remove(photo)
        self.db.scrub()

    def _apply(self, db: Any, kiosk: str, organisation: str, batch: dict[str, Any]) -> dict[str, Any]:
        counts = self._put(db, kiosk, organisation, batch["records"])
        let_go(db, [item["id"] for item in batch["records"]])
        for contact in batch.get("contacts", []):
            db.run("INSERT INTO contacts (contribution_id, kiosk, contact, consent_at, organisation) "
                   "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (contribution_id) DO NOTHING",
                   (contact["contribution_id"], kiosk, contact["contact"], contact.get("consent_at"), organisation))
        for entry in batch.get("moderation", []):
            db.run("INSERT INTO moderation (contribution_id, rev, kiosk, action, at, session, organisation) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                   (entry["contribution_id"], entry["rev"], kiosk, entry["action"], entry.get("at"),
                    entry.get("session"), organisation))
        # A deletion on request erases the contact in the archive too, whenever it arrives.
        db.run("DELETE FROM contacts WHERE contribution_id IN (SELECT id FROM contributions WHERE deleted = 1)")
        # A moment is kept without the secret that proved it; once proven it stays proven.
        db.many("INSERT INTO moments (id, kiosk, body, proven, organisation) VALUES (%s, %s, %s, %s, %s) ON CONFLICT "
                "(id) DO UPDATE SET body = excluded.body, organisation = excluded.organisation, "
                "proven = CASE WHEN excluded.proven = 1 THEN 1 ELSE moments.proven END",
                [(moment["event_id"], kiosk, json.dumps({key: value for key, value in moment.items() if key != "origin"}),
                  int(proves(moment["event_id"], moment.get("origin"))), organisation)
                 for moment in batch_moments(batch)])
        row = db.row("SELECT kiosk_db_id, acked_seq FROM kiosks WHERE name = %s", (kiosk,))
        # A new kiosk_db_id is a copied or restored data folder starting over; the checkpoint follows
        # it. For the same one the checkpoint only moves forward.
        same = row["kiosk_db_id"] == batch["kiosk_db_id"]
        acked = max(row["acked_seq"], batch["seq"]) if same else batch["seq"]
        db.run("UPDATE kiosks SET kiosk_db_id = %s, acked_seq = %s WHERE name = %s", (batch["kiosk_db_id"], acked, kiosk))
        return dict(counts, acked_seq=acked)

    def _put(self, db: Any, kiosk: str, organisation: str, records: list[dict[str, Any]]) -> dict[str, int]:
        """Write a batch's records: new ones added, newer revisions replacing older; a deleted one stays deleted.

        Decided record by record as they come, then written in a few statements for the whole batch (on
        PostgreSQL a statement per record and round trip made a sync of 10,000 take 12 s).
        """
        known = {row["id"]: row for row in db.rows(
            f"SELECT id, number, rev, deleted FROM contributions WHERE id IN ({marks(len(records))})",
            [item["id"] for item in records])} if records else {}
        counts = {"new": 0, "updated": 0, "unchanged": 0, "stale": 0}
        added: dict[str, dict[str, Any]] = {}
        changed: dict[str, dict[str, Any]] = {}
        for item in records:
            held = known.get(item["id"])
            outcome = "new" if held is None else ("stale" if held["deleted"] or item["rev"] < held["rev"] else
                                                  "unchanged" if item["rev"] == held["rev"] else "updated")
            counts[outcome] += 1
            if outcome in ("new", "updated"):
                known[item["id"]] = {"rev": item["rev"], "deleted": item["deleted"]}
                (added if item["id"] in added or outcome == "new" else changed)[item["id"]] = item
        db.many("INSERT INTO contributions (id, kiosk, organisation, rev, deleted, event_id, body, status, kind, "
                "created_at, pinned, reactions, photo) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(item["id"], kiosk, organisation, *_columns(item)) for item in added.values()])
        self._index(db, list(added.values()))
        self._rewrite(db, list(changed.values()))
        proven = [item["id"] for item in records if proves(item["id"], item.get("origin"))]
        if proven:
            db.run(f"UPDATE contributions SET proven = 1 WHERE id IN ({marks(len(proven))})", proven)
        return counts

    def _rewrite(self, db: Any, items: list[dict[str, Any]]) -> None:
        """Write new revisions of contributions the archive holds, with their words and tags; what the team hid in the
        archive stays hidden, whatever its kiosk says."""
        hidden = {row["contribution_id"] for row in db.rows(
            f"SELECT contribution_id FROM team_hidden WHERE contribution_id IN ({marks(len(items))})",
            [item["id"] for item in items])} if items else set()
        db.many("UPDATE contributions SET rev = %s, deleted = %s, event_id = %s, body = %s, status = %s, kind = %s, "
                "created_at = %s, pinned = %s, reactions = %s, photo = %s WHERE id = %s",
                [(*_columns(item, item["id"] in hidden), item["id"]) for item in items])
        self._index(db, items)

    def _hide_filed_under(self, db: Any, kiosk: str, moments: list[str]) -> None:
        """Hide what other kiosks filed under moments ``kiosk`` proved its own: an impostor's cards never stand
        under another kiosk's moment on a public page; the team still sees them, hidden."""
        if not moments:
            return
        rows = db.rows(f"SELECT id, rev, deleted, body FROM contributions WHERE kiosk <> %s AND event_id IN "
                       f"({marks(len(moments))})", (kiosk, *moments))
        self._rewrite(db, [{"id": row["id"], "rev": row["rev"], "deleted": bool(row["deleted"]),
                            "body": dict(json.loads(row["body"]), status="hidden")} for row in rows])
        let_go(db, [row["id"] for row in rows])

    def _index(self, db: Any, items: list[dict[str, Any]]) -> None:
        # Search (Dutch and English alike, accents folded) and tags; a deleted one leaves no words and no tags.
        if not items:
            return
        numbers = {row["id"]: row["number"] for row in db.rows(
            f"SELECT id, number FROM contributions WHERE id IN ({marks(len(items))})",
            [item["id"] for item in items])}
        entries = [(numbers[item["id"]], None if item["deleted"] else item["body"]) for item in items]
        db.many("DELETE FROM tags WHERE number = %s", [(number,) for number, _ in entries])
        db.many("INSERT INTO tags (number, tag) VALUES (%s, %s)",
                [(number, tag) for number, body in entries for tag in dict.fromkeys((body or {}).get("tags") or [])])
        self.db.index(db, entries)

    # The team's own moderation

    def hide(self, organisation: str, contribution: str, member: str, hidden: bool = True) -> bool:
        """Hide one of an organisation's cards from every public page, bundle and link (or show it again: the team's
        hide taken back, what its kiosk said holds again); False when the organisation has no such card.

        The team's hide holds whatever the card's kiosk sends of it later: its moderation stays the kiosk's own.
        """
        with self.db.transaction() as db:
            row = db.row("SELECT id, rev, deleted, body FROM contributions WHERE id = %s AND organisation = %s "
                         "AND deleted = 0", (contribution, organisation))
            if row is None:
                return False
            if hidden:
                db.run("INSERT INTO team_hidden (contribution_id, organisation, member, at) VALUES (%s, %s, %s, %s) "
                       "ON CONFLICT (contribution_id) DO NOTHING",
                       (contribution, organisation, member, utc_stamp(timespec="seconds")))
            else:
                db.run("DELETE FROM team_hidden WHERE contribution_id = %s", (contribution,))
            self._rewrite(db, [{"id": row["id"], "rev": row["rev"], "deleted": False, "body": json.loads(row["body"])}])
            let_go(db, [contribution])
            changed(db)
        return True

    def hidden_by_team(self, organisations: list[str]) -> set[str]:
        """Return the ids of the cards these organisations' teams hid in the archive: theirs to show again."""
        return {row["contribution_id"] for row in self.db.rows(
            f"SELECT contribution_id FROM team_hidden WHERE organisation IN ({marks(len(organisations))})",
            organisations)} if organisations else set()

    # The team's own cards: a programme's theme exploration

    def explore(self, organisation: str, programme: dict[str, Any], fields: dict[str, Any],
                photo: str | None) -> dict[str, Any]:
        """Add a card of a programme's theme exploration (``archive.exploration``), under its own moment; return it.

        Written as a kiosk's records are (words, tags, counts), by no kiosk: its ``kiosk`` is empty, a name no
        kiosk can have, so no token can ever claim it.
        """
        moment = exploration_moment(organisation, programme)
        with self.db.transaction() as db:
            self.db.one_at_a_time(db, f"exploration {moment['event_id']}")
            held = db.row("SELECT count(*) AS n FROM contributions WHERE event_id = %s", (moment["event_id"],))["n"]
            body = dict(fields, id=str(uuid.uuid4()), event_id=moment["event_id"], code=f"V{held + 1}", author=None,
                        photo=f"/media/{photo}" if photo else None, status="visible", approved=True, pinned=False,
                        reactions=0, links=[], rev=1, deleted=False, exploration=True,
                        created_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"))
            self._put(db, "", organisation, [{"id": body["id"], "rev": 1, "deleted": False, "body": body}])
            db.run("INSERT INTO moments (id, kiosk, body, proven, organisation) VALUES (%s, '', %s, 1, %s) "
                   "ON CONFLICT (id) DO NOTHING", (moment["event_id"], json.dumps(moment), organisation))
            changed(db)
        return body

    def set_logo(self, organisation: str, data: bytes | None) -> None:
        """Give an organisation its logo from an image's bytes (refused with ContributionError when it is none), or
        take its logo away (None); the file of a logo no organisation shows any more goes."""
        before = self.organisations.set_logo(organisation, self.logos.add(data) if data else None)
        if before and not self.organisations.shows_logo(before):
            self.logos.remove(before)

    # Settings, and the sign-in throttle every process shares

    def setting(self, name: str) -> str | None:
        """Return one of the archive's settings (such as the admin password's hash), or None."""
        row = self.db.row("SELECT value FROM settings WHERE name = %s", (name,))
        return row["value"] if row else None

    def set_setting(self, name: str, value: str) -> None:
        """Keep one of the archive's settings."""
        self.db.run("INSERT INTO settings (name, value) VALUES (%s, %s) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    def shared_secret(self, name: str) -> str:
        """Return a random secret kept in the database, made by whichever process asks first.

        Every process of a hosted archive signs session cookies with the same key this way, also when
        two workers start at the same moment.
        """
        self.db.run("INSERT INTO settings (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                    (name, secrets.token_hex(32)))
        return self.setting(name)

    def throttle(self, name: str, burst: int, interval: float, spend: bool) -> float:
        """A token bucket in the database: ``burst`` tries at once per name, then one per ``interval`` seconds.

        Return 0 if ``name`` may try now, else the seconds until it may; with ``spend``, take the try it may
        make (in the same transaction as the look, so tries made at the same moment cannot share one).
        Kept in the database, not in memory, so every process of the archive counts the same guesses.
        """
        now = time.time()
        with self.db.transaction() as db:
            self.db.one_at_a_time(db, f"throttle {name}")
            row = db.row("SELECT tokens, at FROM throttle WHERE name = %s", (name,)) or {"tokens": burst, "at": now}
            tokens = min(float(burst), row["tokens"] + max(0.0, now - row["at"]) / interval)
            if spend and tokens >= 1:
                db.run("INSERT INTO throttle (name, tokens, at) VALUES (%s, %s, %s) ON CONFLICT (name) DO UPDATE "
                       "SET tokens = excluded.tokens, at = excluded.at", (name, tokens - 1, now))
                db.run("DELETE FROM throttle WHERE at < %s", (now - burst * interval,))  # refilled: as if never
        return 0.0 if tokens >= 1 else (1 - tokens) * interval

    def reachable(self) -> bool:
        """Ask the database something: True, or its error when it cannot answer."""
        return self.db.row("SELECT 1 AS answer") == {"answer": 1}

    def all_records(self) -> dict[str, tuple[int, bool]]:
        """Return every contribution's (rev, deleted) by id: what the sync's invariant is checked against."""
        rows = self.db.rows("SELECT id, rev, deleted FROM contributions")
        return {row["id"]: (row["rev"], bool(row["deleted"])) for row in rows}


def _columns(item: dict[str, Any], hidden: bool = False) -> tuple[Any, ...]:
    """A record's values for the columns after ``id`` and ``kiosk``, in the order the statements name them; with
    the status ``hidden`` when the team hid it in the archive."""
    body = item["body"]
    fields = dict(visible_fields(body), **({"status": "hidden"} if hidden else {}))
    return (item["rev"], int(item["deleted"]), body.get("event_id"), json.dumps(body), *fields.values())
