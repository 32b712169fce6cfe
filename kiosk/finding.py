"""Find contributions in the control room: by state, kind, prompt and words, a page at a time, with counts.

A day brings hundreds; a facilitator must reach any one in seconds and never lose one that waits. The
waiting queue reads in the order it came (the oldest has waited longest); every other list newest first.
A page names where the next one starts, so a control room keeps a screenful and asks for more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.rotation import ranked
from kiosk.store import Store
from netwerk.contributions import (
    KINDS,
    N_,
    ContributionError,
    is_visible,
    is_waiting,
    room_view,
    whole,
)
from netwerk.knots import number_of

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


def _saying(words: list[str]) -> Callable[[Mapping[str, Any]], bool]:
    """Return a test of whether every word is in the text, the name or the tags; a code (``K17``) is the card's own
    or one it names whole (``#K17``, not ``#K1741``).

    The words' codes are read once, not once a contribution: a search runs through the whole day.
    """
    codes = [number_of(word) for word in words]
    named = [re.compile(rf"(?<![\w#])#?k{wanted}(?!\d)") if wanted is not None else None for wanted in codes]
    if not words:
        return lambda item: True

    def says(item: Mapping[str, Any]) -> bool:
        code = number_of(item.get("code") or "")
        haystack = " ".join([item.get("text") or "", item.get("author") or "",
                             *(f"#{tag}" for tag in item.get("tags") or [])]).casefold()
        return all(word in haystack if wanted is None else wanted == code or bool(pattern.search(haystack))
                   for word, wanted, pattern in zip(words, codes, named, strict=True))

    return says


def find(store: Store, fields: Mapping[str, str]) -> dict[str, Any]:
    """Return a page of contributions matching ``fields`` (``state``, ``kind``, ``prompt``, ``q``, ``after`` or
    ``before``, ``limit``, ``order``), the counts per state for the same kind, prompt and words, how many wait in
    all, and where the next page starts. ``order=recognised`` lists the most "me too" first, in one page.

    A list is what waits, oldest first, then the rest, newest first: ``after`` goes on in the first part,
    ``before`` in the second. ``limit=0`` asks for the counts alone. Raises ContributionError for a question
    that cannot be answered.
    """
    state, kind, prompt = fields.get("state") or None, fields.get("kind") or None, fields.get("prompt") or None
    if state not in (None, *STATES) or kind not in (None, *KINDS):
        raise ContributionError(N_("Ask for a state (pending, visible, hidden, pinned, deleted) and a kind that exist."))
    after, before, limit = (_whole(fields, name) for name in ("after", "before", "limit"))
    limit = 50 if limit is None else min(limit, _MOST)
    says = _saying((fields.get("q") or "").casefold().split())

    def matches(item: Mapping[str, Any]) -> bool:
        return ((kind is None or item["kind"] == kind) and (prompt is None or item.get("prompt_id") == prompt)
                and says(item))

    def keep(item: Mapping[str, Any]) -> bool:
        return matches(item) and _in_state(item, state)

    counts = store.tally(matches, by=state_of)
    counts["visible"] += counts["pinned"]  # as the list "on the wall" shows them
    if fields.get("order") == "recognised":  # the most recognised first: one page, as many as a list holds
        items, following = ranked(store, keep, limit), None
    else:
        queue = state in (None, "pending") and before is None
        items, following = _page(store, keep, limit, after=(after or 0) if queue else None, before=before,
                                 others=state != "pending")
    asked = number_of(fields.get("q") or "")
    items.sort(key=lambda item: number_of(item.get("code") or "") != asked)  # the card asked for by its code first
    return {"items": [room_view(item) for item in items], "counts": {name: counts[name] for name in STATES},
            "waiting": store.tally(lambda item: True, by=state_of)["pending"],
            "next": following}


def _page(store: Store, keep: Callable[[Mapping[str, Any]], bool], limit: int, *, after: int | None,
          before: int | None, others: bool) -> tuple[list[dict[str, Any]], dict[str, int] | None]:
    """Return up to ``limit`` of the waiting ones after ``after`` (none when it is None), then of the others
    before ``before`` (none unless ``others``), and where the next page starts: the waiting part never loses
    its place to newer arrivals, and a list that cannot hold a part never reads through the day for it."""
    if limit == 0:
        return [], None
    items: list[dict[str, Any]] = []
    if after is not None:
        items = store.arrived(lambda item: keep(item) and state_of(item) == "pending", limit + 1, after=after)
        if len(items) > limit:
            return items[:limit], {"after": _number(items[limit - 1])}
    if not others:
        return items, None
    room = limit - len(items)
    rest = store.arrived(lambda item: keep(item) and state_of(item) != "pending", room + 1, before=before)
    if len(rest) <= room:
        return items + rest, None
    # A page the waiting ones fill exactly goes on from the top of the others: just above the newest.
    return items + rest[:room], {"before": _number(rest[room - 1]) if room else _number(rest[0]) + 1}


def _number(item: Mapping[str, Any]) -> int:
    return number_of(item["code"]) or 0


def _whole(fields: Mapping[str, str], name: str) -> int | None:
    text = fields.get(name)
    if not text:
        return None
    number = whole(text)
    if number is None:
        raise ContributionError(N_("after, before and limit are whole numbers."))
    return number
