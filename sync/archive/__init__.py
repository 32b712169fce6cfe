"""The central archive: where every kiosk's contributions come together after the event."""

from __future__ import annotations

import socket
from typing import Any

from flask import Flask
from gevent.pywsgi import WSGIServer

from sync.archive import api
from sync.archive.store import ArchiveStore

__all__ = ["create_archive_app", "serve"]


def create_archive_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the archive app on a data folder (``DATA_DIR``)."""
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR="archive-data", MAX_CONTENT_LENGTH=32 * 1024 * 1024)
    app.config.from_prefixed_env("NETWERKKIOSK_ARCHIVE")
    app.config.from_mapping(config or {})
    app.extensions["archive"] = ArchiveStore(app.config["DATA_DIR"])
    app.register_blueprint(api.bp)
    return app


class _NoDelayServer(WSGIServer):
    """gevent's server with Nagle off: an answer's headers and body go out at once, not 40 ms apart.

    With Nagle on, every keep-alive request from a sync (or through a reverse proxy) waits for the
    other side's delayed ACK between the two writes: 500 photos cost 20 s more.
    """

    def handle(self, sock, address):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle(sock, address)


def serve(app: Flask, host: str, port: int) -> None:
    """Serve the archive until stopped."""
    _NoDelayServer((host, port), app, log=None).serve_forever()
