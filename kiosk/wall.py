"""The projected wall, its catch-up API, the QR codes it shows, and its Socket.IO namespace."""

from __future__ import annotations

import math

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
)

from kiosk import live, rotation
from kiosk.cloud import cloud
from kiosk.context import current_kiosk
from kiosk.moment import active_prompt, layout
from kiosk.network import qr_svg, wifi_payload
from kiosk.tagmap import tag_map
from netwerk.assets import photo_answer
from netwerk.contributions import KINDS, N_, is_visible, public_view, whole
from netwerk.errors import json_error
from netwerk.media import THUMB_SIDE

__all__ = ["bp", "prompt_payload", "whole_number"]

_MOST_PER_PAGE = 24
# Up to this many cards the wall is "nearly empty": the QR codes stand large beside them, inviting the room in.
_FEW_CARDS = 3

bp = Blueprint("wall", __name__)


def prompt_payload(settings: dict) -> dict:
    """Return what walls need to show the theme and the active prompt."""
    prompt = active_prompt(settings)
    return {"theme": settings.get("theme"), "id": prompt and prompt["id"], "text": prompt and prompt["text"]}


@bp.get("/wall")
def wall() -> str:
    """The page for the projector: theme, prompt and QR codes; its script turns the pages of cards."""
    store = current_kiosk().store
    settings = store.settings()
    return render_template(
        "wall.html",
        settings=settings,
        prompt=active_prompt(settings),
        layout=layout(settings),
        seq=store.seq,
        total=sum(store.tally(rotation.on_wall(settings)).values()),
        few_cards=_FEW_CARDS,
        participant_url=current_app.config["PARTICIPANT_URL"],
        wifi_ssid=current_app.config["WIFI_SSID"],
    )


@bp.get("/api/wall/page")
def wall_page():
    """The next cards in turn after number ``after`` (``limit`` of them, one ``kind`` or all), the pins, the counts."""
    after, limit, kind = whole_number("after"), whole_number("limit", 8), request.args.get("kind")
    if after is None or limit is None or not 0 < limit <= _MOST_PER_PAGE or kind not in (None, *KINDS):
        return json_error(N_("Ask for a page with after (a number), limit (1 to 24) and perhaps a kind."), 400)
    return rotation.page(current_kiosk().store, after, limit, kind)


@bp.get("/api/wall/spotlight")
def wall_spotlight() -> dict:
    """The card for the spotlight layout: the chosen one, or the newest while none is chosen."""
    return {"item": rotation.spotlit(current_kiosk().store)}


@bp.get("/api/wall/cloud")
def wall_cloud() -> dict:
    """The word cloud of everything the wall may show, without the facilitator's hidden words."""
    store = current_kiosk().store
    settings = store.settings()
    items = store.recent(len(store), rotation.on_wall(settings))
    return {"words": cloud(items, layout(settings)["hidden_words"])}


@bp.get("/api/network")
def network_map() -> dict:
    """The wall's network layout: the newest contributions it can draw readably, as tiles under their tags.

    ``aspect`` is the width of the wall's stage over its height, so the map fills it.
    """
    store = current_kiosk().store
    items = store.recent(current_app.config["WALL_NETWORK"], rotation.on_wall(store.settings()))
    return tag_map([public_view(item) for item in reversed(items)], _aspect())


def _aspect(usual: float = 2.4) -> float:
    try:
        aspect = float(request.args.get("aspect", usual))
    except ValueError:
        return usual
    return min(max(aspect, 0.5), 5.0) if math.isfinite(aspect) else usual


def whole_number(name: str, default: int = 0) -> int | None:
    """Return the request's whole-number parameter ``name`` (``default`` when absent), or None when it is not one."""
    text = request.args.get(name)
    return default if text is None else whole(text)


@bp.get("/api/contributions")
def contributions():
    """Visible contributions, all or those changed after ``since``; a wall catches up with it."""
    since = whole_number("since")
    if since is None:
        return json_error(N_("since must be a whole number of zero or more."), 400)
    store = current_kiosk().store
    changed, seq = store.feed(since)
    event = store.settings().get("event_id")
    changed = [item for item in changed if item["event_id"] == event]  # the current moment's, as the wall shows
    return {
        "items": [public_view(item) for item in changed if is_visible(item)],
        "withdrawn": [item["id"] for item in changed if not is_visible(item)],
        "seq": seq,
    }


def _svg(data: str) -> Response:
    return Response(qr_svg(data), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=300"})


@bp.get("/media/<name>", defaults={"small": False})
@bp.get(f"/media/{THUMB_SIDE}/<name>", defaults={"small": True})
def photo(name: str, small: bool) -> Response:
    """A contribution's photo, or its small rendition for the phone's list; named by its hash, so it can be
    cached for good."""
    photos = current_kiosk().intake.photos
    return photo_answer(photos.thumbnail(name) if small else photos.path(name))


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
