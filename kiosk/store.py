"""All TinyDB access of the kiosk, behind one lock: contributions, settings, moments and the change sequence.

TinyDB is not thread-safe, so every read and write here takes ``_lock``. TinyDB reads the tables
from a ``JournalStorage``; every change is written through its ``put``, which makes the document
durable in the journal before TinyDB sees it, so what a caller was told is stored is on disk.
Documents that belong together (a contribution and its contact, a change and its log entry) go
through one ``put_all``: on a full disk (``DiskFull``) none of them is applied, on disk or here.

Every change to a contribution gets the next kiosk-wide ``seq`` (the change feed that the wall's
catch-up and the sync read); ``rev`` counts the changes of one contribution.

A data folder holds a line of meeting moments. Contributions are numbered in arrival order across
the folder, and only the current moment takes new ones, so each moment owns one stretch of numbers:
the settings say where the current moment's stretch starts (``moment_first``), and each ended moment
is kept in the ``moments`` table with its stretch. Every read that a wall, a phone or the control room
makes is of one moment's stretch (the current one unless told otherwise); the change feed, which the
sync reads, holds them all.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from kiosk.journal import Change, JournalStorage
from netwerk.files import write_atomically
from netwerk.knots import code

__all__ = ["NoKioskData", "Store"]

_CONTRIBUTIONS = "contributions"
_SETTINGS = "settings"
_MODERATION_LOG = "moderation_log"
_REACTIONS = "reactions"
_CONTACTS = "contacts"
_MOMENTS = "moments"
_SETTINGS_ID = 1
# Fold the journal into the snapshot once it holds this many entries and more than the data.
_COMPACT_AFTER = 10_000


class NoKioskData(FileNotFoundError):
    """A folder to read that no kiosk ever wrote: a mistyped --data, most likely."""


class Store:
    """The kiosk's data folder: open it once per process and share it."""

    def __init__(self, folder: Path | str, read_only: bool = False) -> None:
        """Open the data folder; ``read_only`` reads it without writing, even while a kiosk runs on it."""
        self.folder = Path(folder)
        if read_only and not self.folder.is_dir():
            raise NoKioskData(f"no kiosk data folder at {self.folder}")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = TinyDB(self.folder, storage=JournalStorage, compact_after=_COMPACT_AFTER, read_only=read_only)
        self._storage: JournalStorage = self._db.storage
        self._contributions = self._db.table(_CONTRIBUTIONS, cache_size=0)
        self._settings = self._db.table(_SETTINGS, cache_size=0)
        self._moderation_log = self._db.table(_MODERATION_LOG, cache_size=0)
        self._reacted = {(r["contribution_id"], r["device"]) for r in self._db.table(_REACTIONS, cache_size=0)}
        # Contact details live in a table of their own, keyed by the contribution's document id, so no
        # code path that shows or sends a contribution can carry them along by accident.
        self._contacts = self._db.table(_CONTACTS, cache_size=0)
        self._moments = self._db.table(_MOMENTS, cache_size=0)
        self.kiosk_db_id = _saved_identity(self.folder) if read_only else _folder_identity(self.folder)
        self._index_by_id: dict[str, int] = {}
        self._index_by_key: dict[str, int] = {}
        self._index_by_seq: dict[int, int] = {}
        # The seq index must run in seq order, which is not document order once a contribution changed.
        for doc in sorted(self._contributions, key=lambda doc: doc["seq"]):
            self._index(doc.doc_id, doc)
        self._next_doc_id = max(self._index_by_id.values(), default=0) + 1
        self._seq = max(self._index_by_seq, default=0)
        self._settings_changes = 0
        # A folder from before moments were kept is one moment, from the first contribution on.
        self._first = (self._settings.get(doc_id=_SETTINGS_ID) or {}).get("moment_first", 1)

    def _index(self, doc_id: int, doc: dict[str, Any]) -> None:
        self._index_by_id[doc["id"]] = doc_id
        self._index_by_seq[doc["seq"]] = doc_id
        if doc.get("idempotency_key"):
            self._index_by_key[doc["idempotency_key"]] = doc_id

    @property
    def seq(self) -> int:
        """The newest change sequence number; 0 for an empty kiosk."""
        return self._seq

    @property
    def version(self) -> tuple[int, int]:
        """What the data is at: it changes with every change of a contribution or of the settings (layout, moment).

        Answers computed from the store stay true while it stays the same (``kiosk.versioned``).
        """
        return self._seq, self._settings_changes

    def __len__(self) -> int:
        return len(self._index_by_id)

    def add_contribution(
        self, record: dict[str, Any], key: str | None = None, contact: dict[str, Any] | None = None,
        device: str | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """Store a new contribution (and apart from it, its contact) once per idempotency key.

        ``device`` names the phone (its random cookie, else its address) only to count participants;
        it never leaves the kiosk. Returns the contribution and whether it is new.
        """
        with self._lock:
            if key and key in self._index_by_key:
                return self._get(self._index_by_key[key]), False
            doc_id = self._next_doc_id
            doc = dict(record, seq=self._seq + 1, idempotency_key=key, code=code(doc_id), device=device)
            together = [(_CONTACTS, doc_id, dict(contact, contribution_id=doc["id"]))] if contact else []
            self._storage.put_all([*together, (_CONTRIBUTIONS, doc_id, doc)])
            self._next_doc_id += 1
            self._seq += 1
            self._index(doc_id, doc)
            return _copied(doc), True

    def update_contribution(
        self,
        contribution_id: str,
        change: Callable[[dict[str, Any]], dict[str, Any]],
        log: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> dict[str, Any] | None:
        """Apply ``change`` as the contribution's next revision; return it, or None if there is none.

        The change gets the next ``seq``, so walls catching up and the sync see it as new. ``log``
        makes a moderation log entry from the contribution as it was; it is written together with the
        change, so the log never misses a change it made, nor holds one that failed.
        """
        with self._lock:
            doc_id = self._index_by_id.get(contribution_id)
            if doc_id is None:
                return None
            current = self._get(doc_id)
            changed = change(current)
            together: list[Change] = []
            if log is not None:
                number = len(self._moderation_log) + 1
                entry = dict(log(current), number=number, contribution_id=contribution_id, rev=current["rev"] + 1)
                together.append((_MODERATION_LOG, number, entry))
            return self._revise(doc_id, current, changed, *together)

    def _revise(self, doc_id: int, current: dict[str, Any], changed: dict[str, Any], *together: Change
                ) -> dict[str, Any]:
        """Store the contribution's next revision, with the documents that record why (``together``)."""
        doc = dict(changed, rev=current["rev"] + 1, seq=self._seq + 1)
        self._storage.put_all([*together, (_CONTRIBUTIONS, doc_id, doc)])
        self._seq += 1
        del self._index_by_seq[current["seq"]]
        self._index(doc_id, doc)
        return _copied(doc)

    def add_reaction(self, contribution_id: str, device: str) -> tuple[dict[str, Any] | None, bool]:
        """Count a device's "me too" once; return the contribution (None if unknown) and whether it counted."""
        with self._lock:
            doc_id = self._index_by_id.get(contribution_id)
            if doc_id is None:
                return None, False
            current = self._get(doc_id)
            if (contribution_id, device) in self._reacted:
                return current, False
            reaction = (_REACTIONS, len(self._reacted) + 1, {"contribution_id": contribution_id, "device": device})
            revised = self._revise(doc_id, current, dict(current, reactions=current["reactions"] + 1), reaction)
            self._reacted.add((contribution_id, device))
            return revised, True

    def reacted_to(self, device: str) -> set[str]:
        """Return the ids of the contributions this device said "me too" to."""
        with self._lock:
            return {contribution_id for contribution_id, who in self._reacted if who == device}

    def participants(self, moment: int | None = None) -> int:
        """Count the phones that contributed or said "me too": the moment's participants, as far as a kiosk knows."""
        with self._lock:
            numbers = self._numbers(moment)
            ids = {doc["id"] for doc in self._docs(numbers)}
            devices = {doc.get("device") for doc in self._docs(numbers)}
            devices |= {who for contribution_id, who in self._reacted if contribution_id in ids}
        return len(devices - {None})

    def contacts(self) -> list[dict[str, Any]]:
        """Return the consented contact details, oldest first: for the signed-in facilitator only."""
        with self._lock:
            return [_copied(contact) for contact in self._contacts]

    def erase(self, contribution_id: str) -> None:
        """Erase what a deletion on request leaves in the files: the contact details, and the earlier revisions.

        The journal still holds every earlier revision's line, text and all, so the files are rewritten
        from memory at once: a person who asked to be removed is gone from the disk, not at the next fold.
        """
        with self._lock:
            doc_id = self._index_by_id.get(contribution_id)
            if doc_id is not None and self._contacts.get(doc_id=doc_id) is not None:
                self._storage.put(_CONTACTS, doc_id, None)
            self._storage.fold()

    def photos_shown(self) -> set[str]:
        """Return the photos that a contribution not deleted names: the files a deletion must leave alone."""
        with self._lock:
            return {doc["photo"] for doc in self._contributions if doc.get("photo") and not doc.get("deleted")}

    def moderation_log(self) -> list[dict[str, Any]]:
        """Return every moderation action, oldest first."""
        with self._lock:
            return [_copied(entry) for entry in self._moderation_log]

    def get_contribution(self, contribution_id: str) -> dict[str, Any] | None:
        """Return one contribution by its UUID, or None."""
        with self._lock:
            doc_id = self._index_by_id.get(contribution_id)
            return None if doc_id is None else self._get(doc_id)

    def contribution_by_number(self, number: int) -> dict[str, Any] | None:
        """Return the contribution whose short code has this number (``K7`` → 7), or None."""
        with self._lock:
            return self._get(number) if 0 < number < self._next_doc_id else None

    def contribution_by_key(self, key: str) -> dict[str, Any] | None:
        """Return the contribution stored under an idempotency key, or None."""
        with self._lock:
            doc_id = self._index_by_key.get(key)
            return None if doc_id is None else self._get(doc_id)

    def recent(self, limit: int, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Return up to ``limit`` of the current moment's contributions that ``keep`` accepts, most recently changed
        first."""
        found: list[dict[str, Any]] = []
        with self._lock:
            for doc_id in self._doc_ids_after(0):
                doc = self._contributions.get(doc_id=doc_id)
                if doc_id >= self._first and keep(doc):
                    found.append(_copied(doc))
                    if len(found) == limit:
                        break
        return found

    def in_turn(self, after: int, limit: int, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Return up to ``limit`` of the current moment's contributions that ``keep`` accepts, in arrival order after
        number ``after``.

        The order goes round: after the newest comes the first again, so a wall that asks for the next
        ones after the last it showed turns through every contribution, each once a round.
        """
        with self._lock:
            first, last = self._first, self._next_doc_id - 1
            after = min(max(after, first - 1), last)
            return self._pick(itertools.chain(range(after + 1, last + 1), range(first, after + 1)), keep, limit)

    def arrived(self, keep: Callable[[dict[str, Any]], bool], limit: int, *, after: int | None = None,
                before: int | None = None, moment: int | None = None) -> list[dict[str, Any]]:
        """Return up to ``limit`` of a moment's contributions (the current one's unless told) that ``keep`` accepts
        by arrival: the first ones after number ``after``, or else the newest ones before number ``before`` (all
        when it is None), newest first."""
        with self._lock:
            numbers = self._numbers(moment)
            if after is not None:
                return self._pick(range(max(after + 1, numbers.start), numbers.stop), keep, limit)
            start = numbers.stop if before is None else min(before, numbers.stop)
            return self._pick(range(start - 1, numbers.start - 1, -1), keep, limit)

    def newest(self, keep: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
        """Return the contribution that arrived last of those ``keep`` accepts (a later change does not count)."""
        found = self.arrived(keep, 1)
        return found[0] if found else None

    def _pick(self, doc_ids: Iterable[int], keep: Callable[[dict[str, Any]], bool], limit: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for doc_id in doc_ids:
            doc = self._contributions.get(doc_id=doc_id)
            if doc is not None and keep(doc):
                found.append(self._get(doc_id))
                if len(found) == limit:
                    break
        return found

    def tally(self, keep: Callable[[dict[str, Any]], bool],
              by: Callable[[dict[str, Any]], str] = lambda doc: doc["kind"], moment: int | None = None) -> Counter[str]:
        """Count a moment's contributions (the current one's unless told) that ``keep`` accepts, per kind (or per
        what ``by`` says), copying none."""
        with self._lock:
            return Counter(by(doc) for doc in self._docs(self._numbers(moment)) if keep(doc))

    def _docs(self, numbers: range) -> Iterator[dict[str, Any]]:
        for doc_id in numbers:
            doc = self._contributions.get(doc_id=doc_id)
            if doc is not None:
                yield doc

    def feed(self, since: int, limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
        """Return the contributions changed after ``since``, oldest change first, and the seq they reach.

        With ``limit``, at most that many: the seq reached is then that of the last one returned, so
        asking again from it goes on where this answer stopped.
        """
        with self._lock:
            doc_ids = list(self._doc_ids_after(since))[::-1][:limit]
            found = [self._get(doc_id) for doc_id in doc_ids]
            return found, found[-1]["seq"] if limit is not None and len(found) == limit else self._seq

    def changes_since(self, seq: int) -> list[dict[str, Any]]:
        """Return the contributions changed after ``seq``, oldest change first."""
        return self.feed(seq)[0]

    def _doc_ids_after(self, seq: int) -> Iterator[int]:
        # The seq index is ordered by seq (it only grows), so walking it backwards stops early.
        for change in reversed(self._index_by_seq):
            if change <= seq:
                return
            yield self._index_by_seq[change]

    def _get(self, doc_id: int) -> dict[str, Any]:
        doc = _copied(self._contributions.get(doc_id=doc_id))
        doc.setdefault("code", code(doc_id))  # stored before contributions had short codes
        return doc

    def moments(self) -> list[dict[str, Any]]:
        """Return every moment of this folder, oldest first: each ended one as it was kept, then the current one.

        Each has its ``number`` (1 for the folder's first) and ``first`` and ``end``, the stretch of
        contribution numbers it owns; the current one is the settings, with ``current`` set.
        """
        with self._lock:
            ended = [dict(doc) for doc in sorted(self._moments, key=lambda doc: doc.doc_id)]
            current = dict(self._settings.get(doc_id=_SETTINGS_ID) or {}, number=len(ended) + 1, first=self._first,
                           end=self._next_doc_id, current=True)
            return _copied([*ended, current])

    def _numbers(self, moment: int | None) -> range:
        """The stretch of contribution numbers of moment number ``moment`` (the current one for None)."""
        kept = None if moment is None else self._moments.get(doc_id=moment)
        return range(self._first, self._next_doc_id) if kept is None else range(kept["first"], kept["end"])

    def open_moment(self, ended: dict[str, Any], **changes: Any) -> dict[str, Any]:
        """Keep the current moment as ``ended`` describes it, and make the settings a new moment's with ``changes``.

        The new moment owns the contributions from the next number on. Both are one line in the journal: a
        crash leaves the old moment current, or the new one, never a moment kept twice or without its stretch.
        """
        with self._lock:
            number = len(self._moments) + 1
            kept = dict(ended, number=number, first=self._first, end=self._next_doc_id)
            doc = dict(self._settings.get(doc_id=_SETTINGS_ID) or {}, **changes, moment_first=self._next_doc_id)
            self._storage.put_all([(_MOMENTS, number, kept), (_SETTINGS, _SETTINGS_ID, doc)])
            self._first = self._next_doc_id
            self._settings_changes += 1
            return _copied(doc)

    def settings(self) -> dict[str, Any]:
        """Return the meeting moment's settings (theme, prompts, language …)."""
        with self._lock:
            doc = self._settings.get(doc_id=_SETTINGS_ID)
            return _copied(doc) if doc else {}

    def update_settings(self, **changes: Any) -> dict[str, Any]:
        """Change some settings durably and return them all."""
        with self._lock:
            doc = dict(self._settings.get(doc_id=_SETTINGS_ID) or {}, **changes)
            self._storage.put(_SETTINGS, _SETTINGS_ID, doc)
            self._settings_changes += 1
            return _copied(doc)

    def close(self) -> None:
        """Release the files; the data is already durable."""
        with self._lock:
            self._db.close()


def _copied(value: Any) -> Any:
    """Return a copy of a document that a caller may change freely: its dicts, lists and tuples copied all through.

    Documents are JSON (they go through the journal as JSON), so this is all ``copy.deepcopy`` had to do, at a
    third of its cost: every page, feed and list the walls and the control room read copies its contributions.
    """
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copied(item) for item in value)
    return value


def _folder_identity(folder: Path) -> str:
    """Return this data folder's ``kiosk_db_id``, made anew when the folder was copied or restored.

    The id is bound to the folder's device and inode: a copy on another laptop, or a restore
    from backup, is a new folder, so the archive will be sent everything again rather than
    trusting a checkpoint that belongs to the original.
    """
    stat = folder.stat()
    here = {"device": stat.st_dev, "inode": stat.st_ino}
    saved = _saved_identity(folder, here)
    if saved:
        return saved
    kiosk_db_id = str(uuid.uuid4())
    data = json.dumps({"kiosk_db_id": kiosk_db_id, "folder": here}).encode("utf-8")
    write_atomically(folder / "identity.json", data)
    os.chmod(folder / "identity.json", 0o600)
    return kiosk_db_id


def _saved_identity(folder: Path, here: dict[str, int] | None = None) -> str | None:
    """Return the saved ``kiosk_db_id``, if there is one (and, given ``here``, it belongs to this folder)."""
    try:
        saved = json.loads((folder / "identity.json").read_text("utf-8"))
        if saved.get("kiosk_db_id") and (here is None or saved.get("folder") == here):
            return str(saved["kiosk_db_id"])
    except (OSError, ValueError, AttributeError):
        pass
    return None
