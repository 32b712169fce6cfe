"""Moderate a contribution: the domain's rule, the store's new revision, then the wall."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk import live
from kiosk.moment import set_collecting
from kiosk.rotation import check_room_for_pin
from kiosk.store import Store
from netwerk.contributions import (
    N_,
    ContributionError,
    changed_by,
    is_waiting,
    moderated,
    undoable,
    utc_stamp,
)
from netwerk.knots import read_knots
from netwerk.media import PhotoStore

__all__ = ["collected", "knot", "moderate", "reveal", "undo"]


def moderate(store: Store, contribution_id: str, action: Any, session: str) -> dict[str, Any] | None:
    """Apply a facilitator's action, log it, and show the result on every wall.

    Returns None if there is no such contribution. ``session`` names the facilitator's session in the log.
    """
    moderated({}, action)  # refuse an unknown action before anything is written
    if action == "pin" and not (store.get_contribution(contribution_id) or {}).get("pinned"):
        check_room_for_pin(store)
    # Read before the deletion empties it: the photo file goes with it (a photo never changes otherwise).
    photo = (store.get_contribution(contribution_id) or {}).get("photo") if action == "delete" else None
    item = store.update_contribution(
        contribution_id,
        lambda record: moderated(record, action),
        lambda record: _entry(action, session, before=changed_by(action, record)),
    )
    if item is not None:
        if action == "delete":
            _erase(store, contribution_id, photo)
        live.contribution_changed(item, arrived=action == "approve")
    return item


def _to_reveal(item: Mapping[str, Any]) -> bool:
    """Collected while the facilitator collected, and waiting for nothing else (a listed word is read one by one)."""
    return bool(item.get("collected")) and is_waiting(item) and not item.get("held_for")


def collected(store: Store) -> int:
    """How many of the moment's contributions wait to be revealed together."""
    return store.tally(_to_reveal, by=lambda item: "collected")["collected"]


def reveal(store: Store, session: str) -> list[dict[str, Any]]:
    """Show every collected contribution at once, each approved and logged as if one by one (so each can be undone),
    and stop collecting: what comes next goes on the wall as it comes. The walls make an entrance of it."""
    set_collecting(store, False)
    shown = [moderate(store, item["id"], "approve", session) for item in reversed(store.arrived(_to_reveal, len(store)))]
    live.collecting(False, 0)
    live.revealed(len(shown))
    return [item for item in shown if item is not None]


def _erase(store: Store, contribution_id: str, photo: str | None) -> None:
    """Leave no byte of a deleted contribution on disk: its contact, its earlier revisions, its photo.

    The photo file goes once no contribution that is still there shows it (the same photo sent twice is one file).
    """
    store.erase(contribution_id)
    if photo and photo not in store.photos_shown():
        PhotoStore(store.folder).remove(photo)


def _entry(action: str, session: str, **details: Any) -> dict[str, Any]:
    return {"action": action, "at": utc_stamp(), "session": session, **details}


def undo(store: Store, session: str) -> dict[str, Any]:
    """Undo this session's last show, hide, pin or unpin that is not undone yet; return the contribution."""
    log = store.moderation_log()
    undone = {entry.get("undoes") for entry in log}
    entry = next((entry for entry in reversed(log) if entry["session"] == session and undoable(entry["action"])
                  and entry["number"] not in undone), None)
    if entry is None:
        raise ContributionError(N_("There is nothing to undo."), status=409)

    def restore(record: dict[str, Any]) -> dict[str, Any]:
        if record.get("deleted"):
            raise ContributionError(N_("This contribution was deleted on request; it cannot come back."), status=409)
        return dict(record, **entry["before"])

    item = store.update_contribution(entry["contribution_id"], restore,
                                     lambda record: _entry("undo", session, undoes=entry["number"]))
    live.contribution_changed(item, arrived=entry["action"] == "hide")
    return item


def knot(store: Store, contribution_id: str, fields: Mapping[str, Any], session: str) -> dict[str, Any] | None:
    """Set a contribution's tags and links as the facilitator wrote them (``#groen #K7``); None if there is none."""
    made = read_knots(fields, store.contribution_by_number, contribution_id)

    def knotted(record: dict[str, Any]) -> dict[str, Any]:
        if record.get("deleted"):
            raise ContributionError(N_("This contribution was deleted on request; it cannot come back."), status=409)
        return dict(record, **made)

    item = store.update_contribution(contribution_id, knotted, lambda record: _entry("knot", session))
    if item is not None:
        live.contribution_changed(item)
    return item
