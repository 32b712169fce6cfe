"""The control room's Archive tab: the archive's address and this kiosk's token, the moment planned there, a sync
with its progress, and a moment's exports to download or print.

Thin HTTP around ``kiosk.archive_link`` (the saved link, the sync as a child process), ``kiosk.steering`` and
``kiosk.export``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, request

from kiosk import archive_link, export, live, steering
from kiosk.auth import facilitator_required
from kiosk.body import change, shown
from kiosk.context import current_kiosk
from kiosk.moment import chosen
from kiosk.wall import whole_number
from netwerk import selection
from netwerk.contributions import N_, ContributionError
from netwerk.errors import json_error
from netwerk.i18n import current_language
from sync.client import archive_address
from sync.progress import MESSAGES, PROGRESS, SyncError

__all__ = ["ARCHIVE_TEXTS", "bp"]

bp = Blueprint("room_archive", __name__)
# What the control room says of a sync or a pull (and of where a sync stands, as the terminal says it); its script
# fills in the {blanks} from the events.
ARCHIVE_TEXTS = {
    "done": N_("In the archive now. New: %(new)s, updated: %(updated)s, unchanged: %(unchanged)s, "
               "photos sent: %(photos)s."),
    "cancelled": N_("Sync cancelled. Nothing is lost: the next sync continues where this one stopped."),
    "pulled": N_("Set up as planned: %(name)s, with %(count)s highlights of earlier moments."),
    "pulled-opened": N_("A new meeting moment as planned: %(name)s, with %(count)s highlights of earlier moments. The "
                        "moment before keeps its own contributions: see Moments of this laptop."),
    "pulled-current": N_("%(name)s is the current meeting moment already: nothing changed."),
    "started": N_("A new meeting moment: %(name)s. The moment before keeps its own contributions: see Moments of "
                  "this laptop."),
    "saved": N_("Saved: %(archive)s. Pull the planned moment or sync now."),
} | PROGRESS | {f"error-{kind}": message for kind, message in MESSAGES.items()}


_MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "html": "text/html"}


@bp.get("/facilitator/export.<fmt>")
@facilitator_required
def download(fmt: str) -> Response:
    """Download a moment (the current one, or ``?moment=N`` of this folder) as CSV, JSON or a printable HTML page;
    ``?view=1`` opens the page to read in the browser instead."""
    store = current_kiosk().store
    number = whole_number("moment")  # 0, or none given: the current moment
    if fmt not in export.FORMATS or number is None:
        abort(404)
    try:
        picked = chosen(store, number or None)
    except LookupError:
        abort(404)
    text = export.render(store, fmt, current_language(), picked["number"], selection.chosen(request.args, "all"))
    name = f"netwerkkiosk-{picked.get('date') or 'moment-' + str(picked['number'])}.{fmt}"
    disposition = "inline" if request.args.get("view") and fmt == "html" else "attachment"
    answer = Response(text, mimetype=_MEDIA_TYPES[fmt],
                      headers={"Content-Disposition": f'{disposition}; filename="{name}"'})
    if fmt == "html":
        answer.headers["Content-Security-Policy"] = export.policy()
    return answer


@bp.post("/api/archive")
@facilitator_required
def link_archive():
    """Keep the archive's address and this kiosk's token for the "sync now" button."""

    def link(fields: dict[str, Any]) -> dict[str, Any]:
        url, token = fields.get("archive"), fields.get("token")
        if not (isinstance(url, str) and isinstance(token, str) and token.strip()):
            raise ContributionError(N_("Give the archive's address (http:// or https://) and this kiosk's token."))
        try:
            address = archive_address(url)
        except SyncError as error:
            raise ContributionError(MESSAGES[error.kind], **error.params) from error
        archive_link.save(current_kiosk().store.folder, address, token.strip())
        return {"archive": address}

    return change(link)


@bp.post("/api/archive/pull")
@facilitator_required
def pull_from_archive():
    """Set the moment up as planned in the archive, with highlights of earlier moments; the walls follow."""
    store = current_kiosk().store
    link = archive_link.load(store.folder)
    if link is None:
        return json_error(N_("Link this kiosk to the archive first: its address and token."), 409)
    try:
        return shown(steering.follow_plan(store, archive_link.pull(store.folder)))
    except SyncError as error:
        return json_error(MESSAGES[error.kind], 404 if error.kind == "nothing_planned" else 502, error.params)
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)


@bp.post("/api/sync")
@facilitator_required
def sync_now():
    """Start a sync to the archive; its progress arrives as ``sync`` events in the control room."""
    kiosk = current_kiosk()
    return kiosk.sync.start(kiosk.store.folder, live.sync_progressed, live.socketio.start_background_task), 202


@bp.post("/api/sync/cancel")
@facilitator_required
def cancel_sync():
    """Stop the running sync (a ``sync`` event says ``cancelled``); the next one goes on where it stopped."""
    return current_kiosk().sync.cancel(), 202


@bp.get("/api/sync")
@facilitator_required
def sync_state():
    """How the last sync is doing: idle, running (with what is left), done (with its summary), failed or cancelled."""
    return current_kiosk().sync.state
