"""The sync's record format, shared by the kiosk's client and the archive.

A batch carries its id, the kiosk's ``kiosk_db_id``, the meeting moments its records belong to (``moments``;
``moment`` is one of them, for archives that knew one moment a batch), the records, the
consented contact details of those records (beside the bodies, never in them), their moderation
log entries, and the ``seq`` it reaches. A record is a contribution at one revision: its id, ``rev``, the deleted flag
and its body (the public contribution JSON). Every field is checked here, on the archive's side,
before anything is written.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from netwerk.contributions import (
    KINDS,
    MAX_AUTHOR,
    MAX_CONTACT,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
    ContributionError,
    text_field,
)
from netwerk.moments import MOMENT_KINDS, is_date

__all__ = [
    "MAX_BATCH", "PROTOCOL_VERSION", "ProtocolError", "batch_id", "is_sha256", "log_entry", "photo_hash", "record",
    "validate_batch",
]

PROTOCOL_VERSION = 1
MAX_BATCH = 500
_MAX_NUMBER = 2**63 - 1  # what SQLite and PostgreSQL keep in an integer column
_STATUSES = ("visible", "pending", "hidden")
_SHORT = 100  # ids of moments and prompts, short codes
_SHA256 = re.compile(r"[0-9a-f]{64}")
# The contract's contribution JSON, less the kiosk's own change sequence.
_BODY_FIELDS = ("id", "kind", "text", "author", "photo", "prompt_id", "event_id", "created_at", "status", "pinned",
                "reactions", "tags", "rev", "deleted", "approved", "code", "links", "paper")
_PHOTO_URL = re.compile(r"/media/([0-9a-f]{64})\.jpg")


class ProtocolError(ValueError):
    """A batch or record that does not follow this format; the archive answers 422."""


def record(contribution: dict[str, Any], origin: str | None = None) -> dict[str, Any]:
    """Turn a stored contribution (its public view) into a sync record, with the secret its id was made from
    (``netwerk.origin``), which goes to the archive beside the body and is never kept there."""
    body = {key: value for key, value in contribution.items() if key != "seq"}
    return {"id": contribution["id"], "rev": contribution["rev"], "deleted": bool(contribution.get("deleted")),
            "origin": origin, "body": body}


def photo_hash(body: dict[str, Any]) -> str | None:
    """Return the SHA-256 of the photo a record's body names, or None."""
    found = _PHOTO_URL.fullmatch(body.get("photo") or "")
    return found.group(1) if found else None


def batch_id(kiosk_db_id: str, first_seq: int, last_seq: int) -> str:
    """Name a batch by what it holds, so a resent batch has the same id and gets the same answer."""
    return f"{kiosk_db_id}:{first_seq}-{last_seq}"


def validate_batch(batch: Any) -> dict[str, Any]:
    """Return the batch as checked (each record's body as the kiosk makes one) and leave the batch it was given as it
    was; raise ProtocolError saying what is wrong."""
    _check_header(batch)
    checked = dict(batch, records=[_checked_record(item) for item in batch["records"]])
    _check_moment(batch.get("moment", {}))
    moments = batch.get("moments", [])
    _refuse_unless(isinstance(moments, list) and len(moments) <= MAX_BATCH, "moments",
                   f"must be a list of at most {MAX_BATCH}")
    for moment in moments:
        _check_moment(moment)
    contacts = batch.get("contacts", [])
    if not isinstance(contacts, list) or not all(_is_contact(contact) for contact in contacts):
        raise ProtocolError("contacts must be a list of objects with a contribution_id and a contact")
    moderation = batch.get("moderation", [])
    if not isinstance(moderation, list) or not all(_is_log_entry(entry) for entry in moderation):
        raise ProtocolError("moderation must be a list of objects with a contribution_id, a rev and an action")
    return checked


def _check_header(batch: Any) -> None:
    """Refuse a batch that is not an object of this version, with its ids, its seq and a list of records."""
    if not isinstance(batch, dict):
        raise ProtocolError("a batch is a JSON object")
    if batch.get("version") != PROTOCOL_VERSION:
        raise ProtocolError(f"this archive speaks sync protocol version {PROTOCOL_VERSION}")
    for name in ("batch_id", "kiosk_db_id"):
        if not isinstance(batch.get(name), str) or not 0 < len(batch[name]) <= 200:
            raise ProtocolError(f"{name} must be a short string")
    if not _is_number(batch.get("seq"), 0):
        raise ProtocolError("seq must be a whole number of zero or more")
    records = batch.get("records")
    if not isinstance(records, list) or len(records) > MAX_BATCH:
        raise ProtocolError(f"records must be a list of at most {MAX_BATCH}")


def _checked_record(item: Any) -> dict[str, Any]:
    if not (isinstance(item, dict) and isinstance(item.get("deleted"), bool) and isinstance(item.get("body"), dict)):
        raise ProtocolError("every record has an id, a rev, a deleted flag and a body")
    _short_text(item, "origin")
    return dict(item, body=checked_body(item))


def _is_number(value: Any, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= _MAX_NUMBER


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _refuse_unless(condition: bool, field: str, rule: str) -> None:
    if not condition:
        raise ProtocolError(f"{field} {rule}")


def _short_text(body: dict[str, Any], name: str, required: bool = False) -> None:
    value = body.get(name)
    _refuse_unless((value is None and not required) or (isinstance(value, str) and 0 < len(value) <= _SHORT), name,
                   "must be a short string")


def _time(value: Any) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _check_moment(moment: Any) -> None:
    """Refuse a meeting moment whose fields the pages could not show."""
    _refuse_unless(isinstance(moment, dict), "moment", "must be an object")
    _short_text(moment, "origin")
    for name in ("event_id", "theme", "period", "name", "place", "date", "description", "programme_id", "planned_id"):
        value = moment.get(name)
        _refuse_unless(value is None or (isinstance(value, str) and len(value) <= MAX_TEXT), f"moment.{name}",
                       "must be text")
    _refuse_unless(moment.get("date") in (None, "") or is_date(moment["date"]), "moment.date",
                   "must be a date written year-month-day")
    _refuse_unless(moment.get("kind") in (None, "", *MOMENT_KINDS), "moment.kind",
                   f"must be one of {', '.join(MOMENT_KINDS)}")
    _refuse_unless(moment.get("participants") is None or _is_number(moment["participants"], 0),
                   "moment.participants", "must be a whole number of zero or more")
    prompts = moment.get("prompts") or []
    _refuse_unless(isinstance(prompts, list) and all(isinstance(prompt, str) for prompt in prompts),
                   "moment.prompts", "must be a list of texts")


def checked_body(item: dict[str, Any]) -> dict[str, Any]:
    """Return a record's body as the kiosk makes one, keeping only the contract's fields, or raise ProtocolError.

    The rules are the kiosk's own (kinds, lengths, tags from ``netwerk.contributions``), so whatever a
    kiosk token sends, the archive's pages get contributions of the shape they render.
    """
    body = {name: item["body"].get(name) for name in _BODY_FIELDS}
    _check_identity(item, body)
    body["rev"], body["deleted"] = item["rev"], item["deleted"]
    _check_content(body, deleted=item["deleted"])
    for name in ("pinned", "approved", "paper"):
        body[name] = bool(body[name]) if body[name] is None else body[name]  # older kiosks had no "approved", "paper"
        _refuse_unless(isinstance(body[name], bool), name, "must be true or false")
    _refuse_unless(_is_number(body["reactions"], 0), "reactions", "must be a whole number of zero or more")
    _refuse_unless(_is_tag_list(body["tags"]), "tags", f"must be a list of at most {MAX_TAGS} words")
    links = body["links"] if body["links"] is not None else []
    _refuse_unless(_is_link_list(links), "links", "must be a list of {id, code}")
    body["links"] = [{"id": link["id"], "code": link["code"]} for link in links]
    return body


def _check_identity(item: dict[str, Any], body: dict[str, Any]) -> None:
    """The body must name the record it is in: the same UUID, and its revision or none."""
    _refuse_unless(_is_uuid(item.get("id")) and body["id"] == item["id"], "id", "must be the record's UUID")
    _refuse_unless(_is_number(item.get("rev"), 1) and body["rev"] in (None, item["rev"]), "rev",
                   "must be the record's revision, a whole number from 1")


def _check_content(body: dict[str, Any], deleted: bool) -> None:
    """What the pages show of a contribution: its kind, text and name, photo, moment, prompt, code, time, status."""
    _refuse_unless(body["kind"] in KINDS, "kind", f"must be one of {', '.join(KINDS)}")
    try:
        for name, limit in (("text", MAX_TEXT), ("author", MAX_AUTHOR)):
            text_field(body, name, limit, required=name == "text" and not deleted)
    except ContributionError as error:
        raise ProtocolError(f"{error} ({name})") from error
    _refuse_unless(body["photo"] is None or bool(_PHOTO_URL.fullmatch(str(body["photo"]))), "photo",
                   "must be null or /media/<sha256>.jpg of this archive")
    _short_text(body, "event_id", required=True)
    for name in ("prompt_id", "code"):
        _short_text(body, name)
    _refuse_unless(_time(body["created_at"]), "created_at", "must be an ISO 8601 time with its zone")
    _refuse_unless(body["status"] in _STATUSES, "status", f"must be one of {', '.join(_STATUSES)}")


def _is_tag_list(tags: Any) -> bool:
    return isinstance(tags, list) and len(tags) <= MAX_TAGS and all(
        isinstance(tag, str) and 0 < len(tag) <= MAX_TAG for tag in tags)


def _is_link_list(links: Any) -> bool:
    return isinstance(links, list) and len(links) <= _SHORT and all(
        isinstance(link, dict) and _is_uuid(link.get("id")) and isinstance(link.get("code"), str)
        and len(link["code"]) <= _SHORT for link in links)


def _is_contact(contact: Any) -> bool:
    return (isinstance(contact, dict) and _is_uuid(contact.get("contribution_id"))
            and isinstance(contact.get("contact"), str) and 0 < len(contact["contact"]) <= MAX_CONTACT
            and (contact.get("consent_at") is None or _time(contact["consent_at"])))


def _is_log_entry(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("contribution_id"), str)
            and _is_number(entry.get("rev"), 1) and isinstance(entry.get("action"), str)
            and all(isinstance(entry.get(name), (str, type(None))) for name in ("at", "session")))


def log_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """Turn a kiosk's moderation log entry into the sync's: who did what when, never what was erased."""
    return {name: entry.get(name) for name in ("contribution_id", "rev", "action", "at", "session")}


def is_sha256(text: Any) -> bool:
    """Tell whether ``text`` is a lowercase SHA-256 in hex, as photos are named."""
    return isinstance(text, str) and bool(_SHA256.fullmatch(text))
