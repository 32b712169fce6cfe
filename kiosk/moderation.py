"""Moderate a contribution: the domain's rule, the store's new revision, then the wall."""

from __future__ import annotations

from typing import Any

from kiosk import live
from kiosk.contributions import is_visible, moderated, public_view
from kiosk.store import Store

__all__ = ["moderate"]


def moderate(store: Store, contribution_id: str, action: Any) -> dict[str, Any] | None:
    """Apply a facilitator's action and show the result on every wall; None if there is no such contribution."""
    moderated({}, action)  # refuse an unknown action before anything is written
    item = store.update_contribution(contribution_id, lambda record: moderated(record, action))
    if item is None:
        return None
    if is_visible(item):
        live.publish("contribution", public_view(item))
    else:
        live.publish("withdrawn", {"id": item["id"]})
    return item
