"""The archive's Flask app: ``create_archive_app`` builds it on a data folder, ``serve`` serves it.

Apart from the package's ``__init__``, so that importing the archive's store or rules builds no app.
"""

from __future__ import annotations

import atexit
import socket
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from archive import (
    admin,
    api,
    bundle_pages,
    cache,
    manifestation,
    open_data,
    organisations,
    pages,
    retention,
    scope,
    team,
)
from archive.highlight import excerpt, highlight
from archive.people import role_label
from archive.programmes import slug
from archive.store import ArchiveStore
from netwerk import assets, headers, i18n, knots
from netwerk.csrf import masked_token
from netwerk.serving import GuardedServer, HeaderDeadline, run_until_stopped
from netwerk.settings import settle_paths
from netwerk.wsgi import readable_query

__all__ = ["create_archive_app", "serve"]


def create_archive_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the archive app on a data folder (``DATA_DIR``) and its database (``DB``: None for its SQLite file)."""
    root = assets.assets_root()
    app = Flask(__name__, template_folder=str(root / "templates"), static_folder=str(root / "static"))
    app.config.from_mapping(
        DATA_DIR="archive-data", DB=None, MAX_CONTENT_LENGTH=32 * 1024 * 1024, LANGUAGE="nl",
        # Times in the team's pages (the moderation log, consents) are said in this zone.
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
        # Behind the TLS reverse proxy, set NETWERKKIOSK_ARCHIVE_SESSION_COOKIE_SECURE=true.
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="archive_session",
        # How many reverse proxies of the team's own stand in front (NETWERKKIOSK_ARCHIVE_PROXIES=1).
        PROXIES=0,
        # The name of the organisation an archive from before organisations becomes on its first start.
        ORGANISATION="Netwerk",
    )
    app.config.from_prefixed_env("NETWERKKIOSK_ARCHIVE")
    app.config.from_mapping(config or {})
    settle_paths(app.config, "DATA_DIR")
    first = app.config["ORGANISATION"]
    app.extensions["archive"] = store = ArchiveStore(app.config["DATA_DIR"], app.config["DB"], (slug(first), first))
    atexit.register(store.close)  # a worker of gunicorn's ends without a word: its pool closes before the interpreter
    app.secret_key = app.extensions["archive"].shared_secret("session_key")
    i18n.init_app(app)
    app.jinja_env.globals.update(is_team=admin.is_team, role=admin.role, role_label=role_label, csrf_token=masked_token,
                                 highlight=highlight, excerpt=excerpt, keep_until=retention.deadline)
    app.jinja_env.filters["unwritten_tags"] = knots.unwritten_tags
    app.jinja_env.filters["readable_colour"] = organisations.readable_colour
    app.after_request(_private_for_the_team)
    app.before_request(lambda: retention.sweep_now_and_then(store))
    headers.init_app(app)
    assets.init_app(app)
    scope.init_app(app)
    cache.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(open_data.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(manifestation.bp)
    app.register_blueprint(bundle_pages.bp)
    app.wsgi_app = _behind_proxies(readable_query(app.wsgi_app), app.config["PROXIES"])
    return app


def _behind_proxies(wsgi_app: Any, proxies: Any) -> Any:
    """Take the reader's address and scheme from the team's own proxies, so that guesses count per reader.

    Only when told how many stand in front: without them, anyone could write ``X-Forwarded-For`` and
    guess the password from a new address each time.
    """
    if not isinstance(proxies, int) or isinstance(proxies, bool) or proxies < 0:
        raise ValueError(f"PROXIES is a number of reverse proxies (0, 1, …), not {proxies!r}")
    return ProxyFix(wsgi_app, x_for=proxies, x_proto=proxies) if proxies else wsgi_app


def _private_for_the_team(response: Response) -> Response:
    # A signed-in team member's pages hold hidden contributions and contacts: never kept in a shared cache.
    # Without the cookie there is no session to look at (and the sync's answers need no "Vary: Cookie").
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies and admin.is_team():
        response.headers["Cache-Control"] = "private, no-store"
    return response


class _SaysWhenItCloses(HeaderDeadline):
    """gevent's handler (with a deadline for the headers), saying ``Connection: close`` when it closes after an answer.

    gevent honours a client's ``Connection: close`` but did not say so in its HTTP/1.1 answer, so a
    client's pool kept the connection and sent its next request into a socket the archive had just
    closed: about one request in ten failed with "closed connection without response".
    """

    def start_response(self, status, headers, exc_info=None):
        if self.close_connection and not any(name.lower() == "connection" for name, _ in headers):
            headers = [*headers, ("Connection", "close")]
        return super().start_response(status, headers, exc_info)


def serve(app: Flask, listener: socket.socket) -> None:
    """Serve the archive on ``listener`` until Ctrl-C or SIGTERM."""
    run_until_stopped(GuardedServer(listener, app, log=None, handler_class=_SaysWhenItCloses))
