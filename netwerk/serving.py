"""Take the port, then serve until Ctrl-C or SIGTERM: the commands' part of running a server.

The port is taken before anything is announced or created, so a port in use fails first and
alone: no banner, no PIN, no new data folder for a kiosk that never ran.

The Wi-Fi is shared with strangers, and every open connection costs the laptop a file: a client
that sends its headers a byte at a time, or opens hundreds of connections, could use them all up.
So headers must arrive within ``HEADER_SECONDS``, a connection that stays silent for
``IDLE_SECONDS`` is closed, one address may hold ``PER_ADDRESS`` connections, and the process may
open as many files as the system allows.

Forty addresses of fifty silent connections each still used up a kiosk's 1,024 files (a Mac starts
at 256): phones got no answer, and not even the 503 could be sent. So the server holds at most
``cap`` client connections, well below the limit, keeping a reserve of files for the journal, photos
and the next phone; at the cap a new connection closes the one that has been silent longest (it has
sent no whole request yet, or waits idle for its next one), and only when none is silent is the
newcomer told 503. A wall's WebSocket and a request being answered are never silent.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
from collections import Counter
from typing import Any

import gevent
from gevent.pywsgi import MAX_REQUEST_LINE, WSGIHandler, WSGIServer
from gevent.server import StreamServer

from netwerk.contributions import N_
from netwerk.terminal import UserError, say
from netwerk.wsgi import TOO_LONG

if os.name == "posix":
    import resource

__all__ = ["GuardedServer", "HeaderDeadline", "listen", "open_files_as_allowed", "run_until_stopped"]

# A phone on one bar of Wi-Fi sends its headers (a few hundred bytes) in a second or two.
HEADER_SECONDS = 10
# Longer than Socket.IO's ping interval and timeout together (25 + 20 s), after which it gives a wall up itself.
IDLE_SECONDS = 60
# A phone's browser opens six connections and a socket; the laptop's projector and control room a dozen or two.
PER_ADDRESS = 50
_BUSY = b"Te veel verbindingen van dit apparaat.\nToo many connections from this device.\n"
_FULL = b"De kiosk heeft het even te druk: probeer het zo weer.\nThe kiosk is too busy: try again in a moment.\n"
# Open files kept free whatever the limit: the journal and snapshot, photos being decoded and written, the
# thread pool, and connections accepted in one go before the longest silent ones are closed.
_RESERVE = 64
# How many connections the server accepts in one go, so that it never runs past its cap by more.
_ACCEPT_AT_ONCE = 16


def _refusal(text: bytes) -> bytes:
    return (b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 10\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s" % (len(text), text))


_TOO_MANY, _TOO_BUSY = _refusal(_BUSY), _refusal(_FULL)

# How much of a too long request line is read to find its end; beyond it the connection is simply closed.
_LONGEST_LINE = 256 * 1024

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


class _TooSlow(socket.timeout):
    """The headers did not arrive in time: the connection is closed (with a 400, once the request line came)."""


class HeaderDeadline(WSGIHandler):
    """gevent's handler, closing a connection whose request line and headers take longer than ``HEADER_SECONDS``.

    The deadline starts at the request's first byte, so a browser's idle keep-alive connection is
    not cut by it (the socket's own timeout, ``IDLE_SECONDS``, ends that), and it ends before the
    application runs, which may take its time with a photo.
    """

    _due: gevent.Timeout | None = None
    _too_long = False

    def read_requestline(self) -> str:
        self.server.silent(self.socket)  # until its headers are in, the first time or between kept-alive requests
        self.rfile.peek(1)
        self._due = gevent.Timeout.start_new(HEADER_SECONDS, _TooSlow)
        line = super().read_requestline()
        return self._shortened(line) if len(line) >= MAX_REQUEST_LINE and not line.endswith("\n") else line

    def _shortened(self, line: str) -> str:
        """Read the rest of a request line past gevent's 8 KB and return it without its query string.

        gevent answered such a line with a bare, plain-text 414; read to its end, the request's headers
        can be read too, and ``netwerk.wsgi`` answers it (``TOO_LONG``): JSON on /api/, in the client's language.
        """
        read, rest = len(line), ""
        while not rest.endswith("\n") and read < _LONGEST_LINE:
            rest = self.rfile.readline(MAX_REQUEST_LINE).decode("latin-1")
            if not rest:
                return line  # the client stopped sending: gevent's own 414 and a close
            read += len(rest)
        if not rest.endswith("\n"):
            return line
        method, _, target = line.partition(" ")
        self._too_long = True
        return f"{method} {target.partition('?')[0].partition(' ')[0]} {(line + rest).rsplit(' ', 1)[-1]}"

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        if self._too_long:
            environ[TOO_LONG] = True
            self.close_connection = True
        return environ

    def read_request(self, raw_requestline: str) -> Any:
        try:
            return super().read_request(raw_requestline)
        except _TooSlow:
            self.close_connection = True
            return False
        finally:
            self._cancel_due()
            self.server.speaking(self.socket)

    def handle_one_request(self) -> Any:
        try:
            return super().handle_one_request()
        finally:
            self._cancel_due()  # a request line refused before its headers were read

    def _cancel_due(self) -> None:
        if self._due is not None:
            self._due.close()
            self._due = None


class GuardedServer(WSGIServer):
    """gevent's server with a cap on all connections and on those of one address, and a timeout on silent ones."""

    max_accept = _ACCEPT_AT_ONCE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connections: Counter[str] = Counter()
        self.cap: int | None = None
        self._open = 0
        self._silent: dict[socket.socket, None] = {}  # in the order they fell silent: the longest first
        self._closing: set[socket.socket] = set()
        self._refused: set[socket.socket] = set()

    def start(self) -> None:
        """Start accepting, with the cap that the open-file limit now in force allows."""
        self.cap = connection_cap(*open_files())
        super().start()

    def do_handle(self, sock: socket.socket, address: tuple) -> None:
        # Runs in the accept loop, before the connection's greenlet: the count is right however fast they come.
        self._open += 1
        if self.cap is not None and self._open - len(self._closing) > self.cap and not self._close_longest_silent():
            self._refused.add(sock)
        super().do_handle(sock, address)

    def silent(self, sock: socket.socket) -> None:
        """Note that ``sock`` waits for a request: it may be closed to make room."""
        self._silent.pop(sock, None)
        self._silent[sock] = None

    def speaking(self, sock: socket.socket) -> None:
        """Note that ``sock`` sent its request's headers: it is served, not closed to make room."""
        self._silent.pop(sock, None)

    def _close_longest_silent(self) -> bool:
        if not self._silent:
            return False
        longest = next(iter(self._silent))
        del self._silent[longest]
        self._closing.add(longest)
        with contextlib.suppress(OSError):
            longest.shutdown(socket.SHUT_RDWR)  # its greenlet reads the end, and closes it
        return True

    def handle(self, sock: socket.socket, address: tuple) -> None:
        host = address[0]
        try:
            if sock in self._refused or self.connections[host] >= PER_ADDRESS:
                _refuse(sock, _TOO_BUSY if sock in self._refused else _TOO_MANY)
                return
            self.connections[host] += 1
            try:
                self._serve(sock, address)
            finally:
                self.connections[host] -= 1
                if not self.connections[host]:
                    del self.connections[host]
        finally:
            self._open -= 1
            self._silent.pop(sock, None)
            self._closing.discard(sock)
            self._refused.discard(sock)

    def _serve(self, sock: socket.socket, address: tuple) -> None:
        sock.settimeout(IDLE_SECONDS)  # every read and write, also of a socket that became a WebSocket
        # gevent writes an answer's head and body apart; with Nagle on, the body of every answer after the
        # first on a kept-alive connection waited for the client's delayed ACK: 40 ms each (bench.control_room).
        with contextlib.suppress(OSError):  # a client that is gone already is served an error by gevent
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle(sock, address)


def _refuse(sock: socket.socket, answer: bytes) -> None:
    sock.settimeout(1)
    with contextlib.suppress(OSError):
        sock.sendall(answer)
    sock.close()


def connection_cap(limit: int | None, in_use: int) -> int | None:
    """Return how many client connections to hold at most, of ``limit`` open files with ``in_use`` taken already.

    An eighth of the limit, and at least ``_RESERVE``, stays free: 256 files (a Mac's start) hold some 160
    connections, 1,024 some 870. None where the system sets no limit this process can read.
    """
    if limit is None:
        return None
    return max(limit - in_use - max(_RESERVE, limit // 8), _ACCEPT_AT_ONCE)


def open_files() -> tuple[int | None, int]:
    """Return the process's limit on open files (None where unknown) and how many it has open now."""
    if os.name != "posix":
        return None, 0
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    limit = None if soft == resource.RLIM_INFINITY else soft
    for folder in ("/proc/self/fd", "/dev/fd"):  # Linux, macOS
        with contextlib.suppress(OSError):
            return limit, len(os.listdir(folder))
    return limit, 0


def open_files_as_allowed() -> int:
    """Raise the soft limit on open files to the hard one, and return it: each phone holds a few of them.

    The common soft limit of 1,024 ends a festival's kiosk at about a thousand phones, attacker or not.
    macOS refuses more than 10,240 when the hard limit is "unlimited".
    """
    if os.name != "posix":
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == hard:
        return soft
    for wanted in (hard, max(soft, 10240)):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return wanted
        except (ValueError, OSError):
            continue
    return soft


def run_until_stopped(server: WSGIServer) -> None:
    """Serve until Ctrl-C or SIGTERM, and then return, so the command can close its store and say goodbye.

    Both signals stop the server the same clean way; without this, Ctrl-C is a KeyboardInterrupt that
    gevent's hub prints with a timestamp before click adds "Aborted!" and exit 1.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(number, server.stop)
    open_files_as_allowed()
    server.serve_forever(stop_timeout=1)
