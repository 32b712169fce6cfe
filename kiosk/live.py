"""The one broadcaster: everything an open wall or control room learns arrives through ``publish``.

Two namespaces: ``/wall`` for walls and participants' live pages, which only ever see visible
contributions, and ``/facilitator`` for signed-in control rooms, which also see pending and hidden
ones so they can moderate them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Mapping, TypeVar

import gevent
from flask_socketio import SocketIO, join_room
from gevent.threadpool import ThreadPool

from netwerk.contributions import is_visible, public_view

__all__ = ["EVENTS", "FACILITATORS", "NAMESPACE", "Busy", "Workers", "announce", "hang_up", "listen_as", "offload",
           "publish", "socketio"]

socketio = SocketIO()
NAMESPACE = "/wall"
FACILITATORS = "/facilitator"
EVENTS = ("contribution", "withdrawn", "prompt", "layout", "sync", "highlights", "alarm", "moment")
_Result = TypeVar("_Result")


def offload(work: Callable[..., _Result], *args: Any, pool: ThreadPool | None = None) -> _Result:
    """Run blocking ``work`` (a photo's decoding, a call to the archive) so that it does not stall every open wall.

    Under gevent all sockets share one thread; a real thread from gevent's pool (or ``pool``) runs
    the work while the broadcasts go on. Elsewhere (threading mode) it simply runs here.
    """
    if socketio.async_mode != "gevent":
        return work(*args)

    def captured() -> tuple[bool, Any]:
        # Carry an exception back rather than raise it in the pool, which would log it as a crash.
        try:
            return True, work(*args)
        except Exception as error:  # noqa: BLE001 - re-raised below, in the caller
            return False, error

    done, result = (gevent.get_hub().threadpool if pool is None else pool).apply(captured)
    if not done:
        raise result
    return result


class Busy(RuntimeError):
    """Every worker is busy and the queue is full: the caller says so (503) rather than wait without end."""


class Workers:
    """At most ``threads`` pieces of heavy work at once, ``queue`` more waiting, and Busy beyond that.

    A photo's decoding takes memory in proportion to its pixels: bounding how many run at once
    bounds the memory, whatever a room full of phones (or one hostile one) sends at the same moment.
    """

    def __init__(self, threads: int, queue: int) -> None:
        self._threads = threads
        self._room = threads + queue
        self._taken = 0
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(threads)  # threading mode: requests run in threads of their own
        self._pool: ThreadPool | None = None

    def run(self, work: Callable[..., _Result], *args: Any) -> _Result:
        """Run ``work`` on one of the workers, waiting for one if need be; raise Busy if too many wait already."""
        with self._lock:
            if self._taken >= self._room:
                raise Busy()
            self._taken += 1
        try:
            if socketio.async_mode == "gevent":
                if self._pool is None:  # made here, in the hub's thread; "is None": an idle pool is falsy
                    self._pool = ThreadPool(self._threads)
                return offload(work, *args, pool=self._pool)
            with self._slots:
                return work(*args)
        finally:
            with self._lock:
                self._taken -= 1


def publish(event: str, payload: Any, to: str | None = None, namespace: str = NAMESPACE) -> None:
    """Send ``event`` to every client of ``namespace`` (the walls, by default), or only to the client ``to``."""
    if event not in EVENTS:
        raise ValueError(f"unknown wall event {event!r}")
    socketio.emit(event, payload, namespace=namespace, to=to)


def listen_as(session_name: str) -> None:
    """Let the control room connecting now be reached by its session's name, so signing out can close it."""
    join_room(f"session {session_name}", namespace=FACILITATORS)


def hang_up(session_name: str) -> None:
    """Close every control room connection of a session that signed out: a copy of its cookie heard pending and
    hidden contributions over a socket opened before, for as long as that socket stayed open."""
    room = f"session {session_name}"
    for sid, _ in list(socketio.server.manager.get_participants(FACILITATORS, room)):
        socketio.server.disconnect(sid, namespace=FACILITATORS)


def announce(record: Mapping[str, Any], arrived: bool = False) -> None:
    """Show a new or changed contribution: on the walls while visible, withdrawn otherwise; always to facilitators.

    ``arrived`` says the walls have not shown it before (just sent, approved, or unhidden): a wall puts
    it up at once as a new arrival, where a mere change (a "me too") only updates a card it shows.
    """
    view = public_view(record)
    publish("contribution", view, namespace=FACILITATORS)
    if is_visible(record):
        publish("contribution", dict(view, arrived=arrived))
    elif record["rev"] > 1:  # a first revision that is not visible was never on a wall
        publish("withdrawn", {"id": view["id"]})
