"""The sync's record format, shared by the kiosk's client and the archive.

A batch carries its id, the kiosk's ``kiosk_db_id``, the meeting moment, the records, the
consented contact details of those records (beside the bodies, never in them), their moderation
log entries, and the ``seq`` it reaches. A record is a contribution at one revision: its id, ``rev``, the deleted flag
and its body (the public contribution JSON). Every field is checked here, on the archive's side,
before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "MAX_BATCH", "PROTOCOL_VERSION", "ProtocolError", "batch_id", "is_sha256", "log_entry", "photo_hash", "record",
    "validate_batch",
]

PROTOCOL_VERSION = 1
MAX_BATCH = 500
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PHOTO_URL = re.compile(r"/media/([0-9a-f]{64})\.jpg")


class ProtocolError(ValueError):
    """A batch or record that does not follow this format; the archive answers 422."""


def record(contribution: dict[str, Any]) -> dict[str, Any]:
    """Turn a stored contribution (its public view) into a sync record."""
    body = {key: value for key, value in contribution.items() if key != "seq"}
    return {"id": contribution["id"], "rev": contribution["rev"], "deleted": bool(contribution.get("deleted")),
            "body": body}


def photo_hash(body: dict[str, Any]) -> str | None:
    """Return the SHA-256 of the photo a record's body names, or None."""
    found = _PHOTO_URL.fullmatch(body.get("photo") or "")
    return found.group(1) if found else None


def batch_id(kiosk_db_id: str, first_seq: int, last_seq: int) -> str:
    """Name a batch by what it holds, so a resent batch has the same id and gets the same answer."""
    return f"{kiosk_db_id}:{first_seq}-{last_seq}"


def validate_batch(batch: Any) -> dict[str, Any]:
    """Return the batch if it follows the format; raise ProtocolError saying what is wrong."""
    if not isinstance(batch, dict):
        raise ProtocolError("a batch is a JSON object")
    if batch.get("version") != PROTOCOL_VERSION:
        raise ProtocolError(f"this archive speaks sync protocol version {PROTOCOL_VERSION}")
    for name in ("batch_id", "kiosk_db_id"):
        if not isinstance(batch.get(name), str) or not 0 < len(batch[name]) <= 200:
            raise ProtocolError(f"{name} must be a short string")
    if not isinstance(batch.get("seq"), int) or batch["seq"] < 0:
        raise ProtocolError("seq must be a whole number of zero or more")
    records = batch.get("records")
    if not isinstance(records, list) or len(records) > MAX_BATCH:
        raise ProtocolError(f"records must be a list of at most {MAX_BATCH}")
    for item in records:
        if not (isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("rev"), int)
                and isinstance(item.get("deleted"), bool) and isinstance(item.get("body"), dict)):
            raise ProtocolError("every record has an id, a rev, a deleted flag and a body")
    if not isinstance(batch.get("moment", {}), dict):
        raise ProtocolError("moment must be an object")
    contacts = batch.get("contacts", [])
    if not isinstance(contacts, list) or not all(
            isinstance(c, dict) and isinstance(c.get("contribution_id"), str) and isinstance(c.get("contact"), str)
            for c in contacts):
        raise ProtocolError("contacts must be a list of objects with a contribution_id and a contact")
    moderation = batch.get("moderation", [])
    if not isinstance(moderation, list) or not all(_is_log_entry(entry) for entry in moderation):
        raise ProtocolError("moderation must be a list of objects with a contribution_id, a rev and an action")
    return batch


def _is_log_entry(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("contribution_id"), str)
            and isinstance(entry.get("rev"), int) and isinstance(entry.get("action"), str)
            and all(isinstance(entry.get(name), (str, type(None))) for name in ("at", "session")))


def log_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """Turn a kiosk's moderation log entry into the sync's: who did what when, never what was erased."""
    return {name: entry.get(name) for name in ("contribution_id", "rev", "action", "at", "session")}


def is_sha256(text: Any) -> bool:
    """Tell whether ``text`` is a lowercase SHA-256 in hex, as photos are named."""
    return isinstance(text, str) and bool(_SHA256.fullmatch(text))
