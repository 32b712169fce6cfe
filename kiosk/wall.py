"""The projected wall, its catch-up API, the QR codes it shows, and its Socket.IO namespace."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
)

from kiosk import live, moderation, rotation, steering
from kiosk.context import current_kiosk
from kiosk.moment import active_prompt, layout
from kiosk.network import typed_address, wifi_payload
from kiosk.store import Store
from kiosk.tagmap import tag_map
from netwerk.assets import photo_answer
from netwerk.contributions import KINDS, N_, is_visible, public_view, whole
from netwerk.csrf import masked_token
from netwerk.errors import json_error
from netwerk.logos import Logos
from netwerk.media import THUMB_SIDE
from netwerk.qr import qr_svg

__all__ = ["bp", "whole_number"]

_MOST_PER_PAGE = 24
# The change feed answers at most this many at once (with ``more``): 20,000 at once held the loop for 0.8 s.
_MOST_IN_FEED = 200

bp = Blueprint("wall", __name__)


@bp.get("/wall")
def wall() -> str:
    """The page for the projector: theme, prompt and QR codes; its script shows the pages the kiosk turns."""
    store = current_kiosk().store
    settings = store.settings()
    return render_template(
        "wall.html",
        settings=settings,
        prompt=active_prompt(settings),
        layout=layout(settings),
        total=sum(current_kiosk().counts.per_kind(store, settings).values()),
        participant_address=typed_address(current_app.config["PARTICIPANT_URL"]),
        wifi_ssid=current_app.config["WIFI_SSID"],
        wifi_password=current_app.config["WIFI_PASSWORD"],
        csrf_token=masked_token(),  # a facilitator signed in on this laptop steers the turn with its keys
        collected=moderation.collected(store),
    )


def _public_read(view: Callable[..., Any]) -> Callable[..., Any]:
    """Limit how often one address may ask a public read of the walls (``RATE_WALL_READS``), answering 429 beyond.

    Every read runs on the kiosk's one event loop: one address looping reads on twenty kept-alive
    connections made a phone's post wait 9 s. A wall asks a few a second at most.
    """

    @functools.wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        readers, address = current_kiosk().readers, request.remote_addr or ""
        wait = readers.retry_after(address)
        if wait > 0:
            response, status = json_error(N_("Too many requests; please wait a moment."), 429)
            response.headers["Retry-After"] = str(math.ceil(wait))
            return response, status
        readers.take(address)
        return view(*args, **kwargs)

    return limited


@bp.get("/api/wall/page")
@_public_read
def wall_page():
    """The next cards in turn after number ``after`` (``limit`` of them, one ``kind`` or all), the pins, the counts."""
    after, limit, kind = whole_number("after"), whole_number("limit", 8), request.args.get("kind")
    if after is None or limit is None or not 0 < limit <= _MOST_PER_PAGE or kind not in (None, *KINDS):
        return json_error(N_("Ask for a page with after (a number), limit (1 to 24) and perhaps a kind."), 400)
    kiosk = current_kiosk()
    return rotation.page(kiosk.store, kiosk.counts, after, limit, kind)


@bp.get("/api/wall/now")
@_public_read
def wall_now() -> dict:
    """The page every wall shows now (its cards and columns, how long it stays), the pins, and whether it is paused."""
    kiosk = current_kiosk()
    return steering.showing(kiosk.presenter, kiosk.store, kiosk.counts)


@bp.get("/api/wall/spotlight")
@_public_read
def wall_spotlight() -> dict:
    """The card for the spotlight layout: the chosen one, or the newest while none is chosen."""
    return {"item": rotation.spotlit(current_kiosk().store)}


@bp.get("/api/wall/cloud")
@_public_read
def wall_cloud() -> dict:
    """The word cloud of everything the wall may show, without the facilitator's hidden words."""
    kiosk = current_kiosk()
    settings = kiosk.store.settings()
    shown = layout(settings)
    return {"words": kiosk.cloud.words(kiosk.store, settings.get("event_id"), shown["hidden_words"],
                                       shown["approved_only"])}


@bp.get("/api/network")
@_public_read
def network_map() -> dict:
    """The wall's network layout: the newest contributions it can draw readably, as tiles under their tags.

    ``aspect`` is the width of the wall's stage over its height, so the map fills it.
    """
    kiosk, aspect = current_kiosk(), _aspect()

    def drawn() -> dict:
        items = kiosk.store.recent(current_app.config["WALL_NETWORK"], rotation.on_wall(kiosk.store.settings()))
        return tag_map([public_view(item) for item in reversed(items)], aspect)

    return kiosk.reads.get(("network", aspect), drawn)


def _aspect(usual: float = 2.4) -> float:
    try:
        aspect = float(request.args.get("aspect", usual))
    except ValueError:
        return usual
    return round(min(max(aspect, 0.5), 5.0), 2) if math.isfinite(aspect) else usual


def whole_number(name: str, default: int = 0) -> int | None:
    """Return the request's whole-number parameter ``name`` (``default`` when absent), or None when it is not one."""
    text = request.args.get(name)
    return default if text is None else whole(text)


@bp.get("/api/contributions")
@_public_read
def contributions():
    """Visible contributions changed after ``since`` (all for 0), at most ``_MOST_IN_FEED`` at once; a wall catches
    up with it. ``more`` says there are more: ask again from the ``seq`` this answer reached."""
    since = whole_number("since")
    if since is None:
        return json_error(N_("since must be a whole number of zero or more."), 400)
    kiosk = current_kiosk()
    return kiosk.reads.get(("feed", since), lambda: _feed(kiosk.store, since))


def _feed(store: Store, since: int) -> dict[str, Any]:
    changed, seq = store.feed(since, _MOST_IN_FEED)
    event = store.settings().get("event_id")
    current = [item for item in changed if item["event_id"] == event]  # the current moment's, as the wall shows
    return {
        "items": [public_view(item) for item in current if is_visible(item)],
        "withdrawn": [item["id"] for item in current if not is_visible(item)],
        "seq": seq,
        "more": seq < store.seq,
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


@bp.get("/logos/<name>")
def logo(name: str) -> Response:
    """The logo of the organisation whose earlier moments the wall highlights, as the plan brought it."""
    return photo_answer(Logos(current_kiosk().store.folder).path(name), "image/png")


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
    """A wall or live page connects, or reconnects: tell it the theme, the active prompt and the layout. A wall
    says so (``{"wall": true}``) and hears the pages as they turn."""
    wall = isinstance(auth, dict) and auth.get("wall") is True
    live.greet(request.sid, current_kiosk().store.settings(), wall)
