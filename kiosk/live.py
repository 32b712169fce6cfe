"""The one broadcaster: everything an open wall learns arrives through ``publish``."""

from __future__ import annotations

from typing import Any

from flask_socketio import SocketIO

__all__ = ["EVENTS", "NAMESPACE", "publish", "socketio"]

socketio = SocketIO()
NAMESPACE = "/wall"
EVENTS = ("contribution", "withdrawn", "prompt", "layout")


def publish(event: str, payload: Any, to: str | None = None) -> None:
    """Send ``event`` to every open wall and live page, or only to the client ``to``."""
    if event not in EVENTS:
        raise ValueError(f"unknown wall event {event!r}")
    socketio.emit(event, payload, namespace=NAMESPACE, to=to)
