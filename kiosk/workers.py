"""Heavy work beside the event loop: a photo's decoding never stalls the open walls.

Under gevent all sockets share one thread; real threads from a pool run the work while the broadcasts go on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from gevent.threadpool import ThreadPool

from kiosk.live import socketio

__all__ = ["Busy", "Workers"]

_Result = TypeVar("_Result")


def _in_thread(pool: ThreadPool, work: Callable[..., _Result], *args: Any) -> _Result:
    """Run blocking ``work`` in a real thread of ``pool`` while the hub's thread goes on with every socket."""

    def captured() -> tuple[bool, Any]:
        # Carry an exception back rather than raise it in the pool, which would log it as a crash.
        try:
            return True, work(*args)
        except Exception as error:  # noqa: BLE001 - re-raised below, in the caller
            return False, error

    done, result = pool.apply(captured)
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
                return _in_thread(self._pool, work, *args)
            with self._slots:
                return work(*args)
        finally:
            with self._lock:
                self._taken -= 1
