"""The archive's sync API and its public contributions API: thin HTTP around ``ArchiveStore``.

Every sync call names its kiosk by its token (``Authorization: Bearer …``), never by the body.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from datetime import date

from flask import Blueprint, current_app, g, request

from archive import filters
from archive.store import ArchiveStore, ForeignRecords, MissingPhotos
from netwerk.errors import json_error
from netwerk.json_body import read_json
from netwerk.protocol import ProtocolError, is_sha256, validate_batch

__all__ = ["bp"]

bp = Blueprint("archive_api", __name__)
_MAX_PHOTO = 16 * 1024 * 1024
_MOST_HELD = 200  # planned moments a kiosk names as held: more than a programme line ever has


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


def kiosk_required(view: Callable) -> Callable:
    """Let a call through only with a valid, unrevoked kiosk token; the kiosk it names goes in ``g.kiosk``."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        kiosk = _store().kiosk_for(token) if scheme.lower() == "bearer" and token else None
        if kiosk is None:
            return json_error("unknown or revoked kiosk token", 401)
        g.kiosk = kiosk
        return view(*args, **kwargs)

    return guarded


@bp.get("/api/sync/checkpoint")
@kiosk_required
def checkpoint():
    """What the archive holds of this kiosk: its kiosk_db_id and the acknowledged seq."""
    return _store().checkpoint(g.kiosk)


@bp.post("/api/sync/photos/missing")
@kiosk_required
def missing_photos():
    """Which of these photo hashes the archive lacks."""
    body = read_json()
    hashes = body.get("hashes") if isinstance(body, dict) else None
    if not isinstance(hashes, list) or not all(is_sha256(sha) for sha in hashes):
        return json_error("hashes must be a list of SHA-256 hex strings", 422)
    return {"missing": _store().missing_photos(hashes)}


@bp.put("/api/sync/photos/<sha>")
@kiosk_required
def put_photo(sha: str):
    """Keep a photo whose bytes hash to its name; a repeat is harmless."""
    if not is_sha256(sha):
        return json_error("a photo is named by its SHA-256 in hex", 422)
    if (request.content_length or 0) > _MAX_PHOTO:
        return json_error("photo too large", 413)
    if not _store().add_photo(sha, request.get_data(cache=False)):
        return json_error("the photo's bytes do not match its hash", 422)
    return {"stored": sha}


@bp.post("/api/sync/batches")
@kiosk_required
def apply_batch():
    """Apply a batch once and answer with counts and the new acked_seq; 409 names photos to send first."""
    try:
        batch = validate_batch(read_json())
        return _store().apply(g.kiosk, batch)
    except ProtocolError as error:
        return json_error(str(error), 422)
    except MissingPhotos as error:
        return json_error(str(error), 409, missing=error.hashes)
    except ForeignRecords as error:
        return json_error(str(error), 403, foreign=error.names)


@bp.get("/api/sync/plan")
@kiosk_required
def plan():
    """The meeting moment planned next for this kiosk, its programme, and highlights of the programme so far;
    ``held`` names planned moments the kiosk ran already (perhaps not synced yet), which are not next."""
    held = [key for key in request.args.getlist("held")[:_MOST_HELD] if len(key) <= 100]
    planned = _store().planning.plan_for(g.kiosk, date.today().isoformat(), held)
    if planned is None:
        return json_error("no meeting moment is planned for this kiosk in the archive", 404)
    programme = _store().planning.planned_programme(planned["programme_id"])
    return {"programme": {name: programme[name] for name in ("id", "theme", "description", "start", "end", "tags")},
            "moment": planned, "highlights": _store().planning.highlights(programme["id"], leave_out=planned["id"]),
            "logo": _logo(programme["organisation"])}


def _logo(organisation: str) -> str | None:
    """The organisation's logo for the walls' highlights, in base64: the kiosk has no internet at the event."""
    found = _store().organisations.get(organisation)
    logo = _store().logos.read(found["logo"]) if found and found["logo"] else None
    return base64.b64encode(logo).decode("ascii") if logo else None


@bp.get("/api/contributions")
def contributions():
    """The visible contributions of a view (``programme``, ``event``, ``q``, ``kind``, ``tag``, ``from``, ``to``),
    each with the kiosk that brought it; hidden ones never, whoever asks.

    At most ``limit`` (1,000 when left out) at a time, oldest first: ``next`` is the ``after`` that asks for the
    ones after them, null at the end.
    """
    items, following = filters.page_of(filters.from_request(), filters.after())
    return {"items": items, "next": following}


@bp.get("/api/health")
def health():
    """Whether this process answers and reaches its database: for the reverse proxy, systemd and the tests."""
    return {"ok": _store().reachable()}
