"""The one broadcaster: everything an open wall, phone or control room learns is told here, by what happened.

Two namespaces: ``/wall`` for walls and participants' live pages, which only ever see visible
contributions, and ``/facilitator`` for signed-in control rooms, which also see pending and hidden
ones so they can moderate them. The modules that change something (intake, moderation, steering,
the sync's run, the disk's watch) call one of the functions below once it is stored; routes never do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_socketio import SocketIO, join_room

from kiosk.moment import active_prompt, layout
from netwerk.contributions import is_visible, public_view, room_view

__all__ = ["EVENTS", "FACILITATORS", "NAMESPACE", "WALLS", "collecting", "contribution_changed", "disk_space", "greet",
           "hang_up", "highlights_changed", "layout_changed", "listen_as", "moment_opened", "page_turned",
           "pin_guessing", "prompt_changed", "revealed", "socketio", "sync_progressed"]

socketio = SocketIO()
NAMESPACE = "/wall"
FACILITATORS = "/facilitator"
# Every event a page can hear: the contract of static/js (wall.js, participant.js, facilitator.js).
EVENTS = ("contribution", "withdrawn", "prompt", "layout", "sync", "highlights", "alarm", "moment", "page",
          "collecting", "revealed")
# The walls' own room in their namespace: a page's cards go to walls, not to every phone on the Wi-Fi.
WALLS = "walls"


def _publish(event: str, payload: Any, to: str | None = None, namespace: str = NAMESPACE) -> None:
    """Send ``event`` to every client of ``namespace`` (the walls, by default), or only to the client ``to``."""
    if event not in EVENTS:
        raise ValueError(f"unknown wall event {event!r}")
    socketio.emit(event, payload, namespace=namespace, to=to)


def contribution_changed(record: Mapping[str, Any], arrived: bool = False) -> None:
    """Show a new or changed contribution: on the walls while visible, withdrawn otherwise; always to facilitators.

    ``arrived`` says the walls have not shown it before (just sent, approved, or unhidden): a wall puts
    it up at once as a new arrival, where a mere change (a "me too") only updates a card it shows.
    """
    view = public_view(record)
    _publish("contribution", room_view(record), namespace=FACILITATORS)
    if is_visible(record):
        _publish("contribution", dict(view, arrived=arrived))
    elif record["rev"] > 1:  # a first revision that is not visible was never on a wall
        _publish("withdrawn", {"id": view["id"]})


def _prompt_payload(settings: Mapping[str, Any]) -> dict[str, Any]:
    """What walls and phones need to show the theme and the active prompt."""
    prompt = active_prompt(settings)
    return {"theme": settings.get("theme"), "id": prompt and prompt["id"], "text": prompt and prompt["text"]}


def prompt_changed(settings: Mapping[str, Any]) -> None:
    """The theme or the active prompt changed: walls and phones show the new one."""
    _publish("prompt", _prompt_payload(settings))


def layout_changed(changed: Mapping[str, Any]) -> None:
    """The walls' layout changed (a mode, the spotlight, approved-only, the cloud's hidden words)."""
    _publish("layout", dict(changed))


def highlights_changed(highlights: list[dict[str, Any]]) -> None:
    """Earlier moments' highlights changed: an open wall shows them without a reload."""
    _publish("highlights", highlights)


def moment_opened(settings: Mapping[str, Any]) -> None:
    """A new meeting moment began: the cards on every wall, phone and control room are the moment before's."""
    for namespace in (NAMESPACE, FACILITATORS):
        _publish("moment", {"event_id": settings["event_id"], "name": settings.get("name")}, namespace=namespace)


def collecting(on: bool, count: int) -> None:
    """Collecting went on or off, or one more was collected: walls and phones say so (how many, never what)."""
    for namespace in (NAMESPACE, FACILITATORS):
        _publish("collecting", {"on": on, "count": count}, namespace=namespace)


def revealed(count: int) -> None:
    """The collected contributions were revealed together: every wall makes an entrance of it."""
    _publish("revealed", {"count": count}, to=WALLS)


def page_turned(state: Mapping[str, Any]) -> None:
    """A page of the wall's turn came up, or the turn paused or went on: every wall shows it, every control room
    knows."""
    _publish("page", dict(state), to=WALLS)
    _publish("page", dict(state), namespace=FACILITATORS)


def greet(sid: str, settings: Mapping[str, Any], wall: bool = False) -> None:
    """A wall or phone (re)connected: tell it alone the theme, the active prompt and the layout; a ``wall`` joins
    the walls' room, where the pages go."""
    if wall:
        join_room(WALLS, sid=sid, namespace=NAMESPACE)
    _publish("prompt", _prompt_payload(settings), to=sid)
    _publish("layout", layout(settings), to=sid)


def sync_progressed(state: Mapping[str, Any]) -> None:
    """The control room's sync moved on (``kiosk.archive_link.SyncRun``'s state)."""
    _publish("sync", dict(state), namespace=FACILITATORS)


def disk_space(low: bool, free: str) -> None:
    """The disk crossed the line of what is left: the control rooms warn, or stop warning."""
    _publish("alarm", {"kind": "disk", "low": low, "free": free}, namespace=FACILITATORS)


def pin_guessing() -> None:
    """Someone is guessing the PIN: every control room says so."""
    _publish("alarm", {"kind": "pin_guessing"}, namespace=FACILITATORS)


def listen_as(session_name: str) -> None:
    """Let the control room connecting now be reached by its session's name, so signing out can close it."""
    join_room(f"session {session_name}", namespace=FACILITATORS)


def hang_up(session_name: str) -> None:
    """Close every control room connection of a session that signed out: a copy of its cookie heard pending and
    hidden contributions over a socket opened before, for as long as that socket stayed open."""
    room = f"session {session_name}"
    for sid, _ in list(socketio.server.manager.get_participants(FACILITATORS, room)):
        socketio.server.disconnect(sid, namespace=FACILITATORS)
