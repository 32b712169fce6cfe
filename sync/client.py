"""The kiosk side of the sync: change feed → photos → batches → archive, safe to interrupt and rerun.

The archive holds the checkpoint. The client asks for it first, sends what changed after it
(everything, if the archive knows another ``kiosk_db_id`` or more than this kiosk has: a copied
or restored folder), photos before the batches that name them, and batches whose ids follow from
their content, so a resent batch is answered from the archive's memory instead of applied twice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from kiosk.contributions import public_view
from kiosk.export import moment
from kiosk.media import PhotoStore
from kiosk.store import Store
from sync.protocol import MAX_BATCH, PROTOCOL_VERSION, batch_id, log_entry, photo_hash, record

__all__ = ["Progress", "Summary", "SyncError", "pull_plan", "sync"]

_TIMEOUT = (5, 60)  # connect, read
_RETRY_STATUSES = {429, 500, 502, 503, 504}
# A connection that failed, timed out, or broke off in the answer (a truncated body is a ValueError in .json()).
_BROKEN = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError, ValueError)


class SyncError(RuntimeError):
    """The sync stopped; the message says why in one line. Rerunning continues where it stopped."""


@dataclass
class Progress:
    """What is left to send; the client updates it as it goes."""

    records: int = 0
    photos: int = 0


@dataclass
class Summary:
    """What the sync did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    photos: int = 0
    requests: int = 0

    def line(self) -> str:
        """One line for the terminal."""
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.photos} photos sent ({self.requests} requests)")


class _Archive:
    """The archive's sync API through one session, with timeouts and retries on every call."""

    def __init__(self, session: requests.Session, url: str, token: str, attempts: int, pause: float) -> None:
        self._session = session
        self._url = url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._attempts = attempts
        self._pause = pause
        self.requests = 0

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Make one idempotent call, retrying connection errors, 5xx and 429 with growing, jittered pauses.

        The first retry after a broken connection goes at once: a dropped connection says nothing
        about the archive's load, and on a train most drops are single. A refusal (5xx, 429) and any
        failure after that wait, longer each time.
        """
        for attempt in range(self._attempts):
            self.requests += 1
            broke = False
            try:
                answer = self._session.request(method, self._url + path, headers=self._headers, timeout=_TIMEOUT,
                                               **kwargs)
                if answer.status_code < 300:
                    return answer.json()
            except _BROKEN as error:
                # Also an answer cut short: the archive may have committed, and the resend is idempotent.
                failure, broke = f"the connection to the archive broke: {error.__class__.__name__}", True
            else:
                failure = _refusal(answer)
                if answer.status_code not in _RETRY_STATUSES:
                    raise SyncError(failure)
            if attempt + 1 < self._attempts and not (broke and attempt == 0):
                time.sleep(self._pause * 2 ** attempt * random.uniform(0.5, 1.5))
        raise SyncError(f"{failure} (gave up after {self._attempts} tries)")


def _refusal(answer: requests.Response) -> str:
    try:
        reason = answer.json().get("error", "")
    except ValueError:
        reason = answer.text[:200]
    return f"the archive answered {answer.status_code}: {reason}"


def sync(
    store: Store,
    session: requests.Session,
    archive_url: str,
    token: str,
    progress: Callable[[Progress], None] = lambda progress: None,
    attempts: int = 8,
    pause: float = 0.5,
) -> Summary:
    """Bring everything the kiosk holds to the archive; return what was done, or raise SyncError."""
    archive = _Archive(session, archive_url, token, attempts, pause)
    checkpoint = archive.call("GET", "/api/sync/checkpoint")
    since = checkpoint["acked_seq"]
    if checkpoint["kiosk_db_id"] != store.kiosk_db_id or since > store.seq:
        since = 0  # a copied folder, or an archive ahead of this kiosk: resend all, which is idempotent
    changes, seq = store.feed(since)
    summary = Summary()
    if changes:
        records = [record(public_view(item)) for item in changes]
        summary.photos = _send_photos(archive, store, records, progress)
        _send_batches(archive, store, records, changes, seq, summary, progress)
    summary.requests = archive.requests
    return summary


def _send_photos(archive: _Archive, store: Store, records: list[dict], progress: Callable) -> int:
    hashes = sorted({sha for item in records if (sha := photo_hash(item["body"]))})
    if not hashes:
        return 0
    missing = archive.call("POST", "/api/sync/photos/missing", json={"hashes": hashes})["missing"]
    photos = PhotoStore(store.folder)
    for left, sha in enumerate(missing):
        progress(Progress(records=len(records), photos=len(missing) - left))
        path = photos.path(f"{sha}.jpg")
        if path is None:
            raise SyncError(f"photo {sha} is missing from the kiosk's data folder")
        archive.call("PUT", f"/api/sync/photos/{sha}", data=path.read_bytes())
    return len(missing)


def _send_batches(archive: _Archive, store: Store, records: list[dict], changes: list[dict], seq: int,
                  summary: Summary, progress: Callable) -> None:
    about = moment(store)
    contacts = {contact["contribution_id"]: contact for contact in store.contacts()}
    log: dict[str, list[dict]] = {}
    for entry in store.moderation_log():
        log.setdefault(entry["contribution_id"], []).append(log_entry(entry))
    for start in range(0, len(records), MAX_BATCH):
        progress(Progress(records=len(records) - start, photos=0))
        chunk = records[start:start + MAX_BATCH]
        first, last = changes[start]["seq"], changes[start + len(chunk) - 1]["seq"]
        reaches = seq if start + MAX_BATCH >= len(records) else last
        batch = {"version": PROTOCOL_VERSION, "batch_id": batch_id(store.kiosk_db_id, first, reaches),
                 "kiosk_db_id": store.kiosk_db_id, "seq": reaches, "moment": about, "records": chunk,
                 "contacts": [contacts[item["id"]] for item in chunk if item["id"] in contacts],
                 "moderation": [entry for item in chunk for entry in log.get(item["id"], [])]}
        answer = archive.call("POST", "/api/sync/batches", json=batch)
        for name in ("new", "updated", "unchanged", "stale"):
            setattr(summary, name, getattr(summary, name) + answer[name])
    progress(Progress())


def pull_plan(session: requests.Session, archive_url: str, token: str, attempts: int = 4,
              pause: float = 0.5) -> dict[str, Any]:
    """Fetch the meeting moment the archive planned for this kiosk, its programme and the highlights so far."""
    archive = _Archive(session, archive_url, token, attempts, pause)
    return archive.call("GET", "/api/sync/plan")
