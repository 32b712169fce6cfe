"""The contribution domain: what a contribution is, what input is accepted, what the public sees.

No Flask here: routes hand in plain mappings and get plain dicts or a ContributionError back.
Messages are marked with ``N_`` so Babel extracts them; the route translates them when it answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from netwerk.origin import new_origin

__all__ = [
    "KINDS",
    "MAX_AUTHOR",
    "MAX_TAG",
    "MAX_TAGS",
    "MAX_TEXT",
    "ContributionError",
    "thanks_for",
    "changed_by",
    "contact_details",
    "idempotency_key",
    "is_visible",
    "is_waiting",
    "moderated",
    "new_contribution",
    "normalise",
    "parse_tags",
    "public_view",
    "text_field",
    "undoable",
    "utc_stamp",
    "whole",
]

KINDS = ("story", "example", "idea", "initiative")
MAX_TEXT = 2000
MAX_AUTHOR = 80
MAX_TAG = 40
MAX_TAGS = 10
MAX_KEY = 100

# The fields anyone may see. Contact details and the idempotency key are never among them.
_PUBLIC_FIELDS = (
    "id", "kind", "text", "author", "photo", "prompt_id", "event_id", "created_at",
    "status", "pinned", "reactions", "tags", "rev", "seq", "deleted", "approved", "code", "links", "paper",
)


def N_(message: str) -> str:
    """Mark a message for translation; the route translates it when it answers."""
    return message


class ContributionError(ValueError):
    """Input that cannot become a contribution; ``message`` is safe to show the participant."""

    def __init__(self, message: str, status: int = 400, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.status = status


def thanks_for(record: Mapping[str, Any] | None, device: str) -> str | None:
    """Say what a thank-you page may show of ``record`` to ``device``: visible, pending, collected (to be revealed
    with the others), or nothing (None).

    Contribution ids are public (the wall's feed lists withdrawn ones), so a text that is not on the
    wall is shown only to the phone that sent it, while it waits for the facilitator.
    """
    if record is None or record.get("deleted"):
        return None
    if is_visible(record):
        return "visible"
    if record.get("status") != "pending" or record.get("device") != device:
        return None
    return "collected" if record.get("collected") and not record.get("held_for") else "pending"


def normalise(value: str) -> str:
    """Return text as we store it: NFC, control characters other than newline dropped, trimmed.

    Participants type on every keyboard there is; NFC makes "é" one code point however it was
    typed, and dropping control characters keeps stray terminal codes and NULs off the wall.
    """
    composed = unicodedata.normalize("NFC", value)
    kept = "".join(ch for ch in composed if ch == "\n" or unicodedata.category(ch) != "Cc")
    return kept.strip()


def text_field(fields: Mapping[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    """Return field ``name`` normalised, None when empty; refuse what is not text or too long."""
    value = fields.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ContributionError(N_("The field %(field)s must be text."), field=name)
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        raise ContributionError(N_("The field %(field)s is not valid Unicode."), field=name)
    value = normalise(value)
    if not value:
        if required:
            raise ContributionError(N_("Please write something before you send."))
        return None
    if len(value) > limit:
        raise ContributionError(
            N_("The field %(field)s is too long: at most %(limit)d characters."), field=name, limit=limit
        )
    return value


def parse_tags(fields: Mapping[str, Any]) -> list[str]:
    """Return the tags of ``fields`` (a list, or words in one text), without "#", each once."""
    raw = fields.get("tags") or []
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list):
        raise ContributionError(N_("Tags must be a list of words."))
    tags: list[str] = []
    for value in raw:
        tag = (text_field({"tags": value}, "tags", MAX_TAG, required=False) or "").lstrip("#")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ContributionError(N_("At most %(limit)d tags, please."), limit=MAX_TAGS)
    return tags


MAX_CONTACT = 200


def contact_details(fields: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any] | None:
    """Return the contact details a participant chose to share, or None.

    They count only with the explicit consent tick; details without the tick are refused rather
    than dropped, so nobody believes they shared what was not kept.
    """
    contact = text_field(fields, "contact", MAX_CONTACT, required=False)
    consent = fields.get("contact_consent") in (True, "true", "on", "1", "yes")
    if contact and not consent:
        raise ContributionError(N_("Tick the box to share your contact details, or leave them empty."))
    if not contact:
        return None
    return {"contact": contact, "consent_at": utc_stamp(now, "seconds")}


def utc_stamp(moment: datetime | None = None, timespec: str = "milliseconds") -> str:
    """Say ``moment`` (now when None) as the records do: ISO 8601 in UTC with a ``Z``, ``2026-12-02T09:30:00.000Z``."""
    return (moment or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec=timespec).replace(
        "+00:00", "Z")


def idempotency_key(fields: Mapping[str, Any]) -> str | None:
    """Return the client's idempotency key, so a resent contribution is stored once."""
    return text_field(fields, "idempotency_key", MAX_KEY, required=False)


def new_contribution(
    fields: Mapping[str, Any], *, event_id: str, prompt_id: str | None, now: datetime | None = None
) -> dict[str, Any]:
    """Validate a participant's input and build the record to store, named so that only this kiosk can prove it."""
    kind = fields.get("kind")
    if kind not in KINDS:
        raise ContributionError(N_("Choose what you are sharing: a story, example, idea or initiative."))
    identifier, origin = new_origin()
    return {
        "id": identifier,
        "origin": origin,  # the secret the id was made from: kept on the kiosk, shown to the archive only
        "kind": kind,
        "text": text_field(fields, "text", MAX_TEXT, required=True),
        "author": text_field(fields, "author", MAX_AUTHOR, required=False),
        "photo": None,
        "prompt_id": prompt_id,
        "event_id": event_id,
        "created_at": utc_stamp(now),
        "status": "visible",
        "pinned": False,
        "reactions": 0,
        "tags": parse_tags(fields),
        "links": [],
        "rev": 1,
        "deleted": False,
        "approved": False,
        "paper": False,  # a handwritten card the facilitator entered at the stall
    }


# What each moderation action changes; spotlight is a wall layout, not a change to the contribution.
# "delete" is a participant's request to be removed: the content goes, a tombstone stays, so the
# removal reaches the archive with the next sync.
_MODERATION = {
    "approve": {"status": "visible", "approved": True},
    "hide": {"status": "hidden"},
    "pin": {"pinned": True},
    "unpin": {"pinned": False},
    "delete": {"deleted": True, "status": "hidden", "pinned": False, "text": "", "author": None, "photo": None,
               "tags": [], "links": []},
}


def undoable(action: str) -> bool:
    """Tell whether a moderation action can be undone; a deletion on request cannot."""
    return action in _MODERATION and action != "delete"


def changed_by(action: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """Return what ``action`` is about to change in ``record``, as it is now: what an undo restores.

    Nothing for a deletion on request: keeping the erased text to undo it would defeat the request.
    """
    if not undoable(action):
        return {}
    return {field: record.get(field) for field in _MODERATION[action]}


def moderated(record: Mapping[str, Any], action: Any) -> dict[str, Any]:
    """Return the contribution as the facilitator's ``action`` leaves it."""
    if not isinstance(action, str) or action not in _MODERATION:
        raise ContributionError(N_("Unknown moderation action; use approve, hide, pin, unpin or delete."))
    if record.get("deleted"):
        raise ContributionError(N_("This contribution was deleted on request; it cannot come back."), status=409)
    return dict(record, **_MODERATION[action])


def whole(text: str) -> int | None:
    """Read a whole number of zero or more written in plain digits (no sign, no "⁰", at most 18 of them); None else."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def is_waiting(record: Mapping[str, Any]) -> bool:
    """Tell whether this contribution waits for the facilitator's approval (pre-moderation or a listed word)."""
    return record.get("status") == "pending" and not record.get("deleted", False)


def is_visible(record: Mapping[str, Any]) -> bool:
    """Tell whether the wall and the public may see this contribution."""
    return record.get("status") == "visible" and not record.get("deleted", False)


def public_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return the contribution JSON of the public contract, and nothing else."""
    return {name: record.get(name) for name in _PUBLIC_FIELDS}


def room_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the control room sees of a contribution: the public JSON, and the listed words that held it back
    (``held_for``), so the facilitator reads why it waits."""
    return dict(public_view(record), held_for=list(record.get("held_for") or []))
