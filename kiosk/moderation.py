"""Moderate a contribution: the domain's rule, the store's new revision, then the wall."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from kiosk import live
from kiosk.contributions import N_, ContributionError, is_visible, moderated
from kiosk.moment import set_layout
from kiosk.store import Store

__all__ = ["moderate"]


def moderate(store: Store, contribution_id: str, action: Any, session: str) -> dict[str, Any] | None:
    """Apply a facilitator's action, log it, and show the result on every wall.

    Returns None if there is no such contribution. ``session`` names the facilitator's session in the log.
    """
    if action == "spotlight":
        return spotlight(store, contribution_id)
    moderated({}, action)  # refuse an unknown action before anything is written
    at = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    log = {"action": action, "at": at, "session": session}
    item = store.update_contribution(contribution_id, lambda record: moderated(record, action), log)
    if item is not None:
        if action == "delete":
            store.forget_contact(contribution_id)
        live.announce(item)
    return item


def spotlight(store: Store, contribution_id: str) -> dict[str, Any] | None:
    """Show one visible contribution large on every wall; None if there is no such contribution."""
    item = store.get_contribution(contribution_id)
    if item is None:
        return None
    if not is_visible(item):
        raise ContributionError(N_("Only a contribution on the wall can be in the spotlight."), status=409)
    live.publish("layout", set_layout(store, {"mode": "spotlight", "spotlight_id": contribution_id}))
    return item
