"""The projected wall, its catch-up API, the QR codes it shows, and its Socket.IO namespace."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
)

from kiosk import live
from kiosk.context import current_kiosk
from kiosk.contributions import N_, is_visible, public_view
from kiosk.errors import json_error
from kiosk.graph import network
from kiosk.moment import active_prompt, layout
from kiosk.network import qr_svg, wifi_payload

__all__ = ["bp", "parse_since", "prompt_payload"]

bp = Blueprint("wall", __name__)


def prompt_payload(settings: dict) -> dict:
    """Return what walls need to show the theme and the active prompt."""
    prompt = active_prompt(settings)
    return {"theme": settings.get("theme"), "id": prompt and prompt["id"], "text": prompt and prompt["text"]}


@bp.get("/wall")
def wall() -> str:
    """The page for the projector: theme, prompt, QR corner and the newest contributions."""
    store = current_kiosk().store
    settings = store.settings()
    seq = store.seq
    items = store.recent(current_app.config["WALL_CARDS"], is_visible)
    return render_template(
        "wall.html",
        settings=settings,
        prompt=active_prompt(settings),
        items=[public_view(item) for item in items],
        layout=layout(settings),
        seq=seq,
        participant_url=current_app.config["PARTICIPANT_URL"],
        wifi_ssid=current_app.config["WIFI_SSID"],
        max_cards=current_app.config["WALL_CARDS"],
    )


@bp.get("/api/network")
def network_map() -> dict:
    """The moment's network for the wall's network layout: what the wall may show, with its tags and links."""
    store = current_kiosk().store
    settings = store.settings()
    moment = {"event_id": settings["event_id"], "name": settings.get("name") or settings.get("theme") or ""}
    approved_only = layout(settings)["approved_only"]
    items = store.recent(current_app.config["WALL_CARDS"] * 10,
                         lambda item: is_visible(item) and (item.get("approved") or not approved_only))
    return network([moment], [public_view(item) for item in items])


def parse_since() -> int | None:
    """Return the request's ``since`` (0 when absent), or None when it is not a whole number."""
    since_text = request.args.get("since", "0")
    if not (since_text.isascii() and since_text.isdigit()) or len(since_text) > 18:
        return None
    return int(since_text)


@bp.get("/api/contributions")
def contributions():
    """Visible contributions, all or those changed after ``since``; a wall catches up with it."""
    since = parse_since()
    if since is None:
        return json_error(N_("since must be a whole number of zero or more."), 400)
    changed, seq = current_kiosk().store.feed(since)
    return {
        "items": [public_view(item) for item in changed if is_visible(item)],
        "withdrawn": [item["id"] for item in changed if not is_visible(item)],
        "seq": seq,
    }


def _svg(data: str) -> Response:
    return Response(qr_svg(data), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=300"})


@bp.get("/media/<name>")
def photo(name: str) -> Response:
    """A contribution's photo; named by its hash, so it can be cached for good."""
    path = current_kiosk().intake.photos.path(name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=365 * 24 * 3600)


@bp.get("/qr.svg")
def participant_qr() -> Response:
    """The QR code that opens the participant page."""
    return _svg(current_app.config["PARTICIPANT_URL"])


@bp.get("/wifi.svg")
def wifi_qr() -> Response:
    """The QR code that joins the phone to the kiosk's Wi-Fi, when one was given."""
    ssid = current_app.config["WIFI_SSID"]
    if not ssid:
        abort(404)
    return _svg(wifi_payload(ssid, current_app.config["WIFI_PASSWORD"]))


@live.socketio.on("connect", namespace=live.NAMESPACE)
def on_connect(auth=None) -> None:
    """A wall or live page connects, or reconnects: tell it the theme, the active prompt and the layout."""
    settings = current_kiosk().store.settings()
    live.publish("prompt", prompt_payload(settings), to=request.sid)
    live.publish("layout", layout(settings), to=request.sid)
