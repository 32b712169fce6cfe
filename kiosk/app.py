"""The kiosk's Flask app: ``create_app`` builds it from settings, with its store, intake and blueprints.

It lives apart from the package's ``__init__`` so that importing any part of ``kiosk`` (the sync client and the
archive use its rules, its store and its media) never loads the kiosk's web layer.
"""

from __future__ import annotations

import gc
import socket
from typing import Any

from flask import Flask
from geventwebsocket.handler import WebSocketHandler
from werkzeug.serving import make_server

from kiosk import (
    diskspace,
    facilitator,
    live,
    participant,
    room_archive,
    start,
    system,
    wall,
)
from kiosk.archive_link import SyncRun
from kiosk.auth import PinGuard, secret_key
from kiosk.cloud import CloudCounts
from kiosk.config import DEFAULTS
from kiosk.context import Kiosk
from kiosk.intake import Intake
from kiosk.moment import ensure_moment
from kiosk.network import participant_url
from kiosk.pairing import Pairing
from kiosk.presenter import Presenter
from kiosk.ratelimit import RateLimiter
from kiosk.reactions import Reactions
from kiosk.rotation import WallCounts
from kiosk.sessions import Sessions
from kiosk.store import Store
from kiosk.versioned import PerVersion
from kiosk.wordlist import WordList
from netwerk import assets, errors, headers, i18n, knots
from netwerk.media import PhotoStore
from netwerk.serving import GuardedServer, HeaderDeadline, run_until_stopped
from netwerk.settings import settle_paths
from netwerk.wsgi import readable_query

__all__ = ["create_app", "serve_kiosk"]


def _open_kiosk(config: dict[str, Any]) -> Kiosk:
    read_only = config["READ_ONLY"]
    store = Store(config["DATA_DIR"], read_only=read_only)
    if not read_only:
        ensure_moment(store)
    limits = RateLimiter(*config["RATE_PER_PHONE"]), RateLimiter(*config["RATE_PER_ADDRESS"])
    intake = Intake(store, PhotoStore(store.folder), *limits, WordList.in_folder(store.folder, create=not read_only))
    reactions = Reactions(
        store, RateLimiter(*config["RATE_REACTIONS"]), RateLimiter(*config["RATE_REACTIONS_PER_ADDRESS"])
    )
    pin_guard = PinGuard(RateLimiter(*config["RATE_WRONG_PIN"]), RateLimiter(*config["RATE_WRONG_PIN_KIOSK"]))
    return Kiosk(store=store, intake=intake, reactions=reactions, pin_guard=pin_guard, pairing=Pairing(),
                 sync=SyncRun(), sessions=Sessions(store.folder), reads=PerVersion(store),
                 cloud=CloudCounts(pause=_breathe), counts=WallCounts(pause=_breathe),
                 readers=RateLimiter(*config["RATE_WALL_READS"]), presenter=Presenter(pause=_breathe))


def _breathe() -> None:
    """Let every other request and socket have the event loop for a moment: a long count goes on after."""
    live.socketio.sleep(0)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the kiosk app: defaults, then NETWERKKIOSK_* variables, then ``test_config``."""
    root = assets.assets_root()
    app = Flask(__name__, template_folder=str(root / "templates"), static_folder=str(root / "static"))
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("NETWERKKIOSK")
    if test_config:
        app.config.from_mapping(test_config)
    settle_paths(app.config, "DATA_DIR")
    app.config["PARTICIPANT_URL"] = participant_url(app.config["PUBLIC_URL"], app.config["PORT"])
    app.extensions["netwerkkiosk"] = _open_kiosk(app.config)
    app.secret_key = secret_key(app.config["DATA_DIR"])
    i18n.init_app(app)
    app.jinja_env.filters.update(knots=knots.written, unwritten_tags=knots.unwritten_tags)
    errors.init_app(app)
    headers.init_app(app)
    assets.init_app(app)
    live.socketio.init_app(app, async_mode=app.config["ASYNC_MODE"])
    for blueprint in (participant.bp, wall.bp, facilitator.bp, room_archive.bp, system.bp, start.bp):
        app.register_blueprint(blueprint)
    app.wsgi_app = readable_query(app.wsgi_app)  # outside Socket.IO's middleware too
    return app


class _KioskHandler(HeaderDeadline, WebSocketHandler):
    """The kiosk's connections: pages, photos and the walls' WebSockets, each with a deadline for its headers."""


def _count_ahead(kiosk: Kiosk) -> None:
    """Count what the walls read before the first wall asks: at 20,000 contributions the first count takes seconds.

    What is counted then lives as long as the kiosk, as do the contributions read at the start; frozen, the
    garbage collector no longer walks them all on every full collection while phones and walls wait.
    """
    event = kiosk.store.settings().get("event_id")
    kiosk.counts.catch_up(kiosk.store, event)
    kiosk.cloud.catch_up(kiosk.store, event)
    gc.collect()
    gc.freeze()


def serve_kiosk(app: Flask, listener: socket.socket) -> None:
    """Serve the kiosk's pages and its Socket.IO on ``listener`` until stopped, watching the free space meanwhile."""
    kiosk = app.extensions["netwerkkiosk"]
    live.socketio.start_background_task(diskspace.watch, kiosk.store.folder, app.logger)
    live.socketio.start_background_task(_count_ahead, kiosk)
    if live.socketio.async_mode == "gevent":
        run_until_stopped(GuardedServer(listener, app, handler_class=_KioskHandler, log=None))
        return
    # Threading mode exists for the wall benchmark's comparison only.
    host, port = listener.getsockname()[:2]
    make_server(host, port, app, threaded=True, fd=listener.fileno()).serve_forever()
