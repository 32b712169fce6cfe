"""Take the port, then serve until Ctrl-C or SIGTERM: the commands' part of running a server.

The port is taken before anything is announced or created, so a port in use fails first and
alone: no banner, no PIN, no new data folder for a kiosk that never ran.
"""

from __future__ import annotations

import errno
import signal
import socket

import gevent
from flask import Flask
from gevent.pywsgi import WSGIServer
from gevent.server import StreamServer
from geventwebsocket.handler import WebSocketHandler
from werkzeug.serving import make_server

from kiosk import live
from kiosk.contributions import N_
from kiosk.terminal import UserError, say

__all__ = ["listen", "run_until_stopped", "serve_kiosk"]

# Phones connect in waves when a QR code goes up; a short queue turns the late ones away.
_BACKLOG = 1024
_REASONS = {
    errno.EADDRINUSE: N_("port %(port)s is in use by another program: stop that one, or choose another port with "
                         "--port."),
    errno.EACCES: N_("port %(port)s needs administrator rights: choose one above 1023 with --port."),
    errno.EADDRNOTAVAIL: N_("this computer has no address %(host)s: leave --host out to listen on all of them."),
}


def listen(host: str, port: int) -> socket.socket:
    """Take ``host:port`` for a server, or raise one clear line about why it cannot be had."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                      flags=socket.AI_PASSIVE)[0]
        return StreamServer.get_listener(address, backlog=_BACKLOG, family=family)
    except OSError as error:  # socket.gaierror too: a host name this computer does not have
        code = errno.EADDRNOTAVAIL if isinstance(error, socket.gaierror) else error.errno
        reason = say(_REASONS[code], host=host, port=port) if code in _REASONS else error.strerror or str(error)
        raise UserError(N_("Cannot listen on %(host)s:%(port)s: %(reason)s"), host=host, port=port,
                        reason=reason) from error


def run_until_stopped(server: WSGIServer) -> None:
    """Serve until Ctrl-C or SIGTERM, and then return, so the command can close its store and say goodbye.

    Both signals stop the server the same clean way; without this, Ctrl-C is a KeyboardInterrupt that
    gevent's hub prints with a timestamp before click adds "Aborted!" and exit 1.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(number, server.stop)
    server.serve_forever(stop_timeout=1)


def serve_kiosk(app: Flask, listener: socket.socket) -> None:
    """Serve the kiosk's pages and its Socket.IO on ``listener`` until stopped."""
    if live.socketio.async_mode == "gevent":
        run_until_stopped(WSGIServer(listener, app, handler_class=WebSocketHandler, log=None))
        return
    # Threading mode exists for the wall benchmark's comparison only.
    host, port = listener.getsockname()[:2]
    make_server(host, port, app, threaded=True, fd=listener.fileno()).serve_forever()
