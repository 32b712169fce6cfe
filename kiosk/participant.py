"""The participant's pages and the contribution API: thin HTTP around ``Intake``."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk import body
from kiosk.context import current_kiosk
from kiosk.intake import Phone
from kiosk.moment import active_prompt
from netwerk.contributions import (
    N_,
    ContributionError,
    is_visible,
    public_view,
    thanks_for,
)
from netwerk.errors import json_error
from netwerk.i18n import translate
from netwerk.media import thumbnail_url

__all__ = ["bp"]

bp = Blueprint("participant", __name__)
_DEVICE_COOKIE = "nk_device"


def _phone() -> Phone:
    return Phone(address=request.remote_addr or "", device=request.cookies.get(_DEVICE_COOKIE))


def _with_device_cookie(response: Response) -> Response:
    # The device cookie lets the rate limit tell phones apart even when they share an address.
    if _DEVICE_COOKIE not in request.cookies:
        response.set_cookie(
            _DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=365 * 24 * 3600, httponly=True, samesite="Lax"
        )
    return response


def _refill(fields: dict[str, Any]) -> dict[str, str]:
    """Return a refused post's fields as text the form can show again: lists joined, lone surrogates replaced."""
    shown = {}
    for name, value in fields.items():
        if isinstance(value, list):
            value = " ".join(part for part in value if isinstance(part, str))
        if isinstance(value, str):
            shown[name] = value.encode("utf-8", "replace").decode("utf-8")
    return shown


def _with_thumbnail(item: dict) -> dict:
    """A card for the phone's list, with the address of its photo's small rendition (``thumb``) for ``srcset``."""
    return dict(item, thumb=thumbnail_url(item["photo"])) if item["photo"] else item


def _form_page(fields=None, error: ContributionError | None = None) -> Response:
    store = current_kiosk().store
    settings = store.settings()
    fields = fields or {}
    phone = _phone()
    page = render_template(
        "participant.html",
        settings=settings,
        prompt=active_prompt(settings),
        latest=[_with_thumbnail(public_view(item))
                for item in store.recent(current_app.config["PHONE_CARDS"], is_visible)],
        reacted=store.reacted_to(phone.device or phone.address),
        fields=fields,
        key=fields.get("idempotency_key") or str(uuid.uuid4()),
        error=translate(error.message, error.params) if error else None,
    )
    return _with_device_cookie(make_response(page, error.status if error else 200))


@bp.get("/")
def form() -> Response:
    """The one-screen form a phone opens from the QR code."""
    return _form_page()


@bp.post("/contribute")
def contribute_form() -> Response:
    """The form post of a phone without JavaScript: store, then 303 to the thank-you page."""
    fields = body.fields()
    if not isinstance(fields, dict):
        return _form_page(None, ContributionError(N_("Send the contribution as a JSON object.")))
    try:
        item = current_kiosk().intake.submit(fields, _phone(), body.photo())
    except ContributionError as error:
        return _form_page(_refill(fields), error)
    return redirect(url_for(".thanks", id=item["id"]), 303)


@bp.get("/thanks")
def thanks() -> Response:
    """Tell the participant their contribution is on the wall, and offer another."""
    item = current_kiosk().store.get_contribution(request.args.get("id", ""))
    phone = _phone()
    shown = thanks_for(item, phone.device or phone.address)
    return _with_device_cookie(make_response(render_template("thanks.html", item=item if shown else None,
                                                             shown=shown)))


@bp.post("/api/contributions")
def contribute_api():
    """The API the phone's script (and any client) uses: JSON or a form body, 201 with the item."""
    fields = body.fields()
    if not isinstance(fields, dict):
        return json_error(N_("Send the contribution as a JSON object."), 400)
    try:
        item = current_kiosk().intake.submit(fields, _phone(), body.photo())
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    return item, 201


@bp.post("/contributions/<contribution_id>/react")
def react_form(contribution_id: str) -> Response:
    """"Me too" from a phone without JavaScript: count it, then back to the list."""
    try:
        current_kiosk().reactions.react(contribution_id, _phone())
    except ContributionError as error:
        return _form_page(None, error)
    return redirect(url_for(".form") + "#latest", 303)


@bp.post("/api/contributions/<contribution_id>/reactions")
def react_api(contribution_id: str):
    """"Me too": 200 with the contribution and its new count; once per device, 404 for what is not on the wall."""
    try:
        item = current_kiosk().reactions.react(contribution_id, _phone())
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    return item
