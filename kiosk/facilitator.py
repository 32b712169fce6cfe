"""The facilitator's API: sign in with the PIN, moderate contributions. Thin HTTP around the domain."""

from __future__ import annotations

from flask import Blueprint, current_app, request, session

from kiosk import body, moderation
from kiosk.auth import facilitator_required, pin_matches, start_session
from kiosk.context import current_kiosk
from kiosk.contributions import N_, ContributionError, public_view
from kiosk.errors import json_error

__all__ = ["bp"]

bp = Blueprint("facilitator", __name__)


@bp.post("/api/session")
def sign_in():
    """Sign in with the PIN: 200 with a CSRF token and a session cookie; 401 wrong, 429 after many wrong."""
    guard = current_kiosk().pin_guard
    address = request.remote_addr or ""
    wait = guard.retry_after(address)
    if wait > 0:
        return json_error(N_("Too many wrong PINs. Please wait %(seconds)d seconds."), 429, {"seconds": int(wait) + 1})
    fields = body.fields()
    given = fields.get("pin") if isinstance(fields, dict) else None
    if not pin_matches(given, current_app.config["PIN"]):
        guard.take(address)
        return json_error(N_("That PIN is not right."), 401)
    return {"csrf_token": start_session()}


@bp.post("/api/contributions/<contribution_id>/moderation")
@facilitator_required
def moderate(contribution_id: str):
    """Approve, hide, pin or unpin a contribution; 200 with the changed item."""
    fields = body.fields()
    action = fields.get("action") if isinstance(fields, dict) else None
    try:
        item = moderation.moderate(current_kiosk().store, contribution_id, action, session["facilitator"])
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    if item is None:
        return json_error(N_("There is no contribution with that id."), 404)
    return public_view(item)
