"""The kiosk side of the sync: change feed → photos → batches → archive, safe to interrupt and rerun.

The archive holds the checkpoint. The client asks for it first, sends what changed after it
(everything, if the archive knows another ``kiosk_db_id`` or more than this kiosk has: a copied
or restored folder), photos before the batches that name them, and batches whose ids follow from
their content, so a resent batch is answered from the archive's memory instead of applied twice.

What the client has to say is data, not text (``sync.progress``): a ``Progress`` for every step and retry, and a
``SyncError`` with a kind and its details, which the terminal and the control room put into words.
"""

from __future__ import annotations

import io
import itertools
import json as _json
import math
import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError

from netwerk.contributions import public_view
from netwerk.protocol import (
    MAX_BATCH,
    PROTOCOL_VERSION,
    batch_id,
    log_entry,
    photo_hash,
    record,
)
from sync.progress import Progress, Summary, SyncError

__all__ = ["Outbox", "archive_address", "pull_plan", "sync"]

# Seconds to make a connection, and to wait for the archive's answer once the request is sent. A phone hotspot may
# lose a first packet or two (Linux resends a lost SYN after 1, 3 and 7 s). The archive answers in well under a
# second (a batch of 500 records in a quarter of one), and the wait is between bytes, so ten seconds of silence is
# an archive, proxy or sign-in page that will not answer, and the person hears so within 15 s.
_CONNECT, _ANSWER = 10, 10
_TIMEOUT = (_CONNECT, _ANSWER)
# Seconds a request goes on trying after its first failure, counting each next try at its whole connect and answer
# timeouts: with the first try's 20 s, a sync that nothing answers gives up with one clear line within two minutes.
_PATIENCE = 90
_RETRY_STATUSES = {429, 500, 502, 503, 504}
# A connection that failed, timed out, or broke off in the answer (a truncated body is a ValueError in .json()).
_BROKEN = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError, ValueError)

def archive_address(url: str) -> str:
    """Return the archive's base address without its trailing slash, or raise SyncError before anything is sent."""
    parts = urlsplit((url or "").strip())
    try:
        has_port = parts.port is None or parts.port > 0
    except ValueError:
        has_port = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not has_port or parts.query or parts.fragment:
        raise SyncError("address", url=url)
    return parts.geturl().rstrip("/")


def _never_reached(error: requests.ConnectionError) -> str | None:
    """Say why a connection was never made (nothing listens, an unknown name), or None if it broke later."""
    if isinstance(error, requests.exceptions.SSLError):
        return "insecure"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "unreachable"
    cause = error.args[0] if error.args else None
    reason = getattr(cause, "reason", cause)  # requests wraps urllib3's MaxRetryError around the real cause
    if isinstance(reason, NameResolutionError):
        return "unknown_host"
    return "unreachable" if isinstance(reason, NewConnectionError) else None


class _Tries:
    """One request's tries: growing pauses (their jitter drawn when it starts), and when to give up.

    A request gets at most ``attempts`` tries, and keeps trying for no longer than ``_PATIENCE`` after
    its first failure, counting each next try at its whole timeouts. A try the archive does not answer
    costs those timeouts, a broken connection or a refusal next to nothing: ``planned`` counts the tries
    that fit for each, so the "2 of N" a person is shown is the N there will be.
    """

    def __init__(self, attempts: int, pause: float) -> None:
        self.started = time.monotonic()
        self._failed: float | None = None
        self._attempts = attempts
        self._pauses = [pause * 2 ** n * random.uniform(0.5, 1.5) for n in range(attempts - 1)]

    def _wait(self, attempt: int, kind: str) -> float:
        # A first broken connection is tried again at once: a single drop says nothing about the archive's load.
        return 0.0 if kind == "broken" and attempt == 1 else self._pauses[attempt - 1]

    def planned(self, kind: str) -> int:
        """How many tries the request gets when every try fails with ``kind``."""
        cost = _CONNECT + _ANSWER if kind == "no_answer" else 0
        spent, tries = 0.0, 1
        while tries < self._attempts and spent + self._wait(tries, kind) + _CONNECT + _ANSWER <= _PATIENCE:
            spent += self._wait(tries, kind) + cost
            tries += 1
        return tries

    def pause(self, attempt: int, kind: str) -> float | None:
        """The pause before the next try, now that try ``attempt`` failed with ``kind``; None: give up."""
        now = time.monotonic()
        self._failed = self._failed or now
        if attempt >= self.planned(kind):
            return None
        wait = self._wait(attempt, kind)
        return wait if now - self._failed + wait + _CONNECT + _ANSWER <= _PATIENCE else None


class _Archive:
    """The archive's sync API through one session, with timeouts, retries and progress on every call."""

    def __init__(self, session: requests.Session, url: str, token: str, attempts: int, pause: float,
                 report: Callable[[Progress], None]) -> None:
        self._session = session
        self.url = archive_address(url)
        self._headers = {"Authorization": f"Bearer {token}"}
        self._attempts = attempts
        self._pause = pause
        self._report = report
        self.progress = Progress(attempts=attempts)
        self.requests = 0

    def tell(self, **changes: Any) -> None:
        """Move the progress on and say so."""
        self.progress = replace(self.progress, retry=0, trouble="", wait=0, **changes)
        self._report(self.progress)

    def first_contact(self) -> dict[str, Any]:
        """Ask for this kiosk's checkpoint: proves the address is an archive's and the token is accepted."""
        self.tell(phase="contact")
        try:
            checkpoint = self.call("GET", "/api/sync/checkpoint", first=True)
        except SyncError as error:
            if error.kind == "refused" and error.params["status"] == "404":
                raise SyncError("not_archive", url=self.url, status=404) from error
            raise
        if not (isinstance(checkpoint, dict) and isinstance(checkpoint.get("acked_seq"), int)):
            raise SyncError("not_archive", url=self.url, status=200)
        return checkpoint

    def call(self, method: str, path: str, first: bool = False, json: Any = None, data: bytes | None = None) -> Any:
        """Make one idempotent call, retrying broken connections, silence, 5xx and 429 with growing pauses.

        When the very first call finds nothing listening, that is said at once: retrying a wrong
        address only makes someone wait. Retries are for a connection that breaks during a sync, and
        for an archive that takes the connection but does not answer (a hotspot's sign-in page, a hung
        proxy), which each retry says, with its number and pause, until ``_Tries`` gives up.
        """
        tries = _Tries(self._attempts, self._pause)
        body, headers = _encoded(json, data)
        for attempt in itertools.count(1):
            self.requests += 1
            try:
                answer = self._session.request(method, self.url + path, headers=self._headers | headers,
                                               data=None if body is None else io.BytesIO(body), timeout=_TIMEOUT)
                if answer.status_code < 300:
                    return answer.json()
            except _BROKEN as error:
                # Also an answer cut short: the archive may have committed, and the resend is idempotent.
                failure = self._failure(error, first, attempt, tries)
            else:
                failure = _refusal(answer, attempt)
                if answer.status_code not in _RETRY_STATUSES:
                    raise failure
            wait = tries.pause(attempt, failure.kind)
            if wait is None:
                raise failure
            self.progress = replace(self.progress, retry=attempt + 1, attempts=tries.planned(failure.kind),
                                    trouble=failure.kind, wait=math.ceil(wait))
            self._report(self.progress)
            time.sleep(wait)

    def _failure(self, error: Exception, first: bool, attempt: int, tries: _Tries) -> SyncError:
        """Say why try ``attempt`` failed: no answer in time, or a broken connection; a wrong address at once."""
        if isinstance(error, requests.ReadTimeout):
            return SyncError("no_answer", url=self.url, attempts=attempt,
                             seconds=round(time.monotonic() - tries.started))
        never = _never_reached(error) if isinstance(error, requests.ConnectionError) else None
        if first and never:
            raise SyncError(never, url=self.url) from error
        return SyncError("broken", attempts=attempt)


def _encoded(json: Any, data: bytes | None) -> tuple[bytes | None, dict[str, str]]:
    """A call's body (``json`` or ``data``) as bytes and its headers, to send from a stream on every try.

    urllib3 sends bytes in one ``sendall`` under the connect timeout, which then bounds the whole upload:
    a photo that takes longer than 10 s to go up failed on every try. From a stream it goes in blocks of
    16 KB, each with that timeout of its own, so only a link that stops moving times out.
    """
    if json is not None:
        return _json.dumps(json, allow_nan=False).encode(), {"Content-Type": "application/json"}
    return data, {}


def _refusal(answer: requests.Response, attempts: int) -> SyncError:
    if answer.status_code == 401:
        return SyncError("token")
    if answer.status_code in _RETRY_STATUSES:
        return SyncError("trouble", status=answer.status_code, attempts=attempts)
    try:
        reason = answer.json().get("error", "")
    except (ValueError, AttributeError):
        reason = ""
    return SyncError("refused", status=answer.status_code, reason=str(reason)[:200] or answer.reason)


class Outbox(Protocol):
    """What the sync reads of a kiosk's data folder. The kiosk hands it over (kiosk.outbox), so the sync, which
    runs beside a kiosk that keeps serving, needs nothing of the kiosk's own code."""

    @property
    def kiosk_db_id(self) -> str: ...

    @property
    def seq(self) -> int: ...

    def feed(self, since: int) -> tuple[list[dict[str, Any]], int]:
        """Every contribution changed after ``since``, in order, and the seq they reach."""

    def photo(self, name: str) -> Path | None:
        """The file of a photo by its name, or None when it is missing."""

    def described_moments(self) -> dict[str, dict[str, Any]]:
        """Every meeting moment of the folder as the archive files it, by its ``event_id``."""

    def current_event(self) -> str | None:
        """The ``event_id`` of the moment running now."""

    def contacts(self) -> list[dict[str, Any]]:
        """The consented contact details."""

    def moderation_log(self) -> list[dict[str, Any]]:
        """Every moderation step, oldest first."""


def sync(
    store: Outbox,
    session: requests.Session,
    archive_url: str,
    token: str,
    progress: Callable[[Progress], None] = lambda progress: None,
    attempts: int = 8,
    pause: float = 0.5,
) -> Summary:
    """Bring everything the kiosk holds to the archive; return what was done, or raise SyncError."""
    archive = _Archive(session, archive_url, token, attempts, pause, progress)
    checkpoint = archive.first_contact()
    since = checkpoint["acked_seq"]
    if checkpoint.get("kiosk_db_id") != store.kiosk_db_id or since > store.seq:
        since = 0  # a copied folder, or an archive ahead of this kiosk: resend all, which is idempotent
    changes, seq = store.feed(since)
    summary = Summary()
    if changes:
        records = [record(public_view(item), item.get("origin")) for item in changes]
        summary.photos = _send_photos(archive, store, records)
        _send_batches(archive, store, records, changes, seq, summary)
    archive.tell(phase="done", records=0, photos=0)
    summary.requests = archive.requests
    return summary


def _send_photos(archive: _Archive, store: Outbox, records: list[dict]) -> int:
    hashes = sorted({sha for item in records if (sha := photo_hash(item["body"]))})
    missing = archive.call("POST", "/api/sync/photos/missing", json={"hashes": hashes})["missing"] if hashes else []
    archive.tell(phase="photos" if missing else "records", records=len(records), photos=len(missing),
                 total=len(records) + len(missing))
    for left, sha in enumerate(missing):
        archive.tell(photos=len(missing) - left)
        path = store.photo(f"{sha}.jpg")
        if path is None:
            raise SyncError("photo_missing", sha=sha)
        archive.call("PUT", f"/api/sync/photos/{sha}", data=path.read_bytes())
    return len(missing)


def _send_batches(archive: _Archive, store: Outbox, records: list[dict], changes: list[dict], seq: int,
                  summary: Summary) -> None:
    about = store.described_moments()
    current = store.current_event()
    contacts = {contact["contribution_id"]: contact for contact in store.contacts()}
    log: dict[str, list[dict]] = {}
    for entry in store.moderation_log():
        log.setdefault(entry["contribution_id"], []).append(log_entry(entry))
    for start in range(0, len(records), MAX_BATCH):
        archive.tell(phase="records", records=len(records) - start, photos=0)
        chunk = records[start:start + MAX_BATCH]
        first, last = changes[start]["seq"], changes[start + len(chunk) - 1]["seq"]
        reaches = seq if start + MAX_BATCH >= len(records) else last
        batch = {"version": PROTOCOL_VERSION, "batch_id": batch_id(store.kiosk_db_id, first, reaches),
                 "kiosk_db_id": store.kiosk_db_id, "seq": reaches, **_moments_of(chunk, about, current), "records": chunk,
                 "contacts": [contacts[item["id"]] for item in chunk if item["id"] in contacts],
                 "moderation": [entry for item in chunk for entry in log.get(item["id"], [])]}
        answer = archive.call("POST", "/api/sync/batches", json=batch)
        for name in ("new", "updated", "unchanged", "stale"):
            setattr(summary, name, getattr(summary, name) + answer[name])


def _moments_of(chunk: list[dict], about: dict[str, dict], current: str | None) -> dict[str, Any]:
    """The moments a batch's records belong to, each as the kiosk describes it, so the archive files every
    contribution under its own moment; ``moment`` is one of them (the current one if named), for an archive that
    knows only one moment a batch."""
    moments = [about[event] for event in dict.fromkeys(item["body"]["event_id"] for item in chunk) if event in about]
    named = next((each for each in moments if each["event_id"] == current), moments[-1] if moments else
                 about.get(current, {}))
    return {"moments": moments, "moment": named}


def pull_plan(session: requests.Session, archive_url: str, token: str, attempts: int = 4, pause: float = 0.5,
              progress: Callable[[Progress], None] = lambda progress: None,
              held: list[str] | None = None) -> dict[str, Any]:
    """Fetch the meeting moment the archive planned for this kiosk, its programme and the highlights so far;
    ``held`` names the planned moments this kiosk ran already, so the archive offers the next one."""
    archive = _Archive(session, archive_url, token, attempts, pause, progress)
    archive.first_contact()
    try:
        return archive.call("GET", "/api/sync/plan?" + urlencode({"held": held or []}, doseq=True))
    except SyncError as error:
        if error.kind == "refused" and error.params["status"] == "404":
            raise SyncError("nothing_planned") from error
        raise
