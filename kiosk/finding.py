"""Find contributions in the control room: by state, kind, prompt and words, a page at a time, with counts.

A day brings hundreds; a facilitator must reach any one in seconds and never lose one that waits. The
waiting queue reads in the order it came (the oldest has waited longest); every other list newest first.
A page names where the next one starts, so a control room keeps a screenful and asks for more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.contributions import (
    KINDS,
    N_,
    ContributionError,
    is_visible,
    is_waiting,
    public_view,
    whole,
)
from kiosk.knots import number_of
from kiosk.store import Store

__all__ = ["STATES", "find", "state_of"]

STATES = ("pending", "visible", "hidden", "pinned", "deleted")
_MOST = 100


def state_of(item: Mapping[str, Any]) -> str:
    """Return the one state a contribution is listed under (a pinned card on the wall counts as pinned)."""
    if item.get("deleted"):
        return "deleted"
    if is_waiting(item):
        return "pending"
    if is_visible(item):
        return "pinned" if item.get("pinned") else "visible"
    return "hidden"


def _in_state(item: Mapping[str, Any], state: str | None) -> bool:
    """Pinned cards are on the wall too: the "on the wall" list shows them with the others."""
    found = state_of(item)
    return state is None or found == state or (state == "visible" and found == "pinned")


def _says(item: Mapping[str, Any], words: list[str]) -> bool:
    """Tell whether every word is in the text, the name, the tags or is the card's code (``K17``)."""
    code = number_of(item.get("code") or "")
    haystack = " ".join([item.get("text") or "", item.get("author") or "",
                         *(f"#{tag}" for tag in item.get("tags") or [])]).casefold()
    return all(word in haystack or (number_of(word) is not None and number_of(word) == code) for word in words)


def find(store: Store, fields: Mapping[str, str]) -> dict[str, Any]:
    """Return a page of contributions matching ``fields`` (``state``, ``kind``, ``prompt``, ``q``, ``after`` or
    ``before``, ``limit``), the counts per state for the same kind, prompt and words, and where the next page starts.

    Raises ContributionError for a question that cannot be answered.
    """
    state, kind, prompt = fields.get("state") or None, fields.get("kind") or None, fields.get("prompt") or None
    if state not in (None, *STATES) or kind not in (None, *KINDS):
        raise ContributionError(N_("Ask for a state (pending, visible, hidden, pinned, deleted) and a kind that exist."))
    after, before, limit = (_whole(fields, name) for name in ("after", "before", "limit"))
    limit = min(limit or 50, _MOST)
    words = (fields.get("q") or "").casefold().split()

    def matches(item: Mapping[str, Any]) -> bool:
        return ((kind is None or item["kind"] == kind) and (prompt is None or item.get("prompt_id") == prompt)
                and _says(item, words))

    def keep(item: Mapping[str, Any]) -> bool:
        return matches(item) and _in_state(item, state)

    counts = store.tally(matches, by=state_of)
    counts["visible"] += counts["pinned"]  # as the list "on the wall" shows them
    oldest_first = state == "pending" or after is not None
    items = store.arrived(keep, limit + 1, after=(after or 0) if oldest_first else None, before=before)
    more = len(items) > limit
    items = items[:limit]
    last = number_of(items[-1]["code"]) if items and more else None
    return {"items": [public_view(item) for item in items], "counts": {name: counts[name] for name in STATES},
            "next": {"after" if oldest_first else "before": last} if last else None}


def _whole(fields: Mapping[str, str], name: str) -> int | None:
    text = fields.get(name)
    if not text:
        return None
    number = whole(text)
    if number is None:
        raise ContributionError(N_("after, before and limit are whole numbers."))
    return number
