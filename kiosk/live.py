"""The one broadcaster: everything an open wall or control room learns arrives through ``publish``.

Two namespaces: ``/wall`` for walls and participants' live pages, which only ever see visible
contributions, and ``/facilitator`` for signed-in control rooms, which also see pending and hidden
ones so they can moderate them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Mapping, TypeVar

import gevent
from flask_socketio import SocketIO

from kiosk.contributions import is_visible, public_view

__all__ = ["EVENTS", "FACILITATORS", "NAMESPACE", "announce", "offload", "publish", "socketio"]

socketio = SocketIO()
NAMESPACE = "/wall"
FACILITATORS = "/facilitator"
EVENTS = ("contribution", "withdrawn", "prompt", "layout", "sync", "highlights")
_Result = TypeVar("_Result")


def offload(work: Callable[..., _Result], *args: Any) -> _Result:
    """Run CPU-heavy ``work`` (a photo's decoding) so that it does not stall every open wall.

    Under gevent all sockets share one thread; a real thread from gevent's pool runs the work
    while the broadcasts go on. Elsewhere (threading mode, tests) it simply runs here.
    """
    if socketio.async_mode != "gevent":
        return work(*args)

    def captured() -> tuple[bool, Any]:
        # Carry an exception back rather than raise it in the pool, which would log it as a crash.
        try:
            return True, work(*args)
        except Exception as error:  # noqa: BLE001 - re-raised below, in the caller
            return False, error

    done, result = gevent.get_hub().threadpool.apply(captured)
    if not done:
        raise result
    return result


def publish(event: str, payload: Any, to: str | None = None, namespace: str = NAMESPACE) -> None:
    """Send ``event`` to every client of ``namespace`` (the walls, by default), or only to the client ``to``."""
    if event not in EVENTS:
        raise ValueError(f"unknown wall event {event!r}")
    socketio.emit(event, payload, namespace=namespace, to=to)


def announce(record: Mapping[str, Any]) -> None:
    """Show a new or changed contribution: on the walls while visible, withdrawn otherwise; always to facilitators."""
    view = public_view(record)
    publish("contribution", view, namespace=FACILITATORS)
    if is_visible(record):
        publish("contribution", view)
    elif record["rev"] > 1:  # a first revision that is not visible was never on a wall
        publish("withdrawn", {"id": view["id"]})
