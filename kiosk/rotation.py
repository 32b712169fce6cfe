"""What the wall shows at a day's volume: pins, the spotlight, and every other contribution in turn.

A projector holds eight cards, a market day brings hundreds. The wall therefore turns pages: it asks
for the next few contributions after the last one it showed (``Store.in_turn``), so each comes round
once a round, and the wall never holds more than a screenful and the next. Pins are apart from the
turn: they stay on every page, and there are at most ``MAX_PINS`` of them so they leave room to turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kiosk.moment import layout
from kiosk.store import Store
from netwerk.contributions import KINDS, N_, ContributionError, is_visible, public_view
from netwerk.knots import number_of

__all__ = ["MAX_PINS", "check_room_for_pin", "on_wall", "page", "spotlit"]

MAX_PINS = 3
_PIN_FULL = N_("At most %(pins)s cards can be pinned at once, so the others still get their turn: unpin one first.")


def on_wall(settings: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """Return the test of what the walls may show: visible, and approved when the facilitator asks for that."""
    approved_only = layout(settings)["approved_only"]
    return lambda item: is_visible(item) and (bool(item.get("approved")) or not approved_only)


def page(store: Store, after: int, limit: int, kind: str | None = None) -> dict[str, Any]:
    """Return the next ``limit`` contributions in turn after number ``after``, the pins, and the counts per kind.

    ``kind`` narrows all of it to one kind (a column of the column layout). ``next`` is where the
    following page starts; the counts let the wall time its pages so each card comes round in time.
    """
    shows = on_wall(store.settings())

    def keep(item: Mapping[str, Any]) -> bool:
        return shows(item) and (kind is None or item["kind"] == kind)

    pinned = [public_view(item) for item in store.recent(MAX_PINS, lambda item: keep(item) and item.get("pinned"))]
    items = store.in_turn(after, limit, lambda item: keep(item) and not item.get("pinned"))
    counts = store.tally(shows)
    return {
        "items": [public_view(item) for item in items],
        "pinned": pinned,
        "next": number_of(items[-1]["code"]) if items else after,
        "counts": {name: counts.get(name, 0) for name in KINDS},
        "total": sum(counts.values()),
    }


def spotlit(store: Store) -> dict[str, Any] | None:
    """Return the card for the spotlight: the one the facilitator chose while this moment's wall shows it, else the
    newest."""
    settings = store.settings()
    shows = on_wall(settings)
    wanted = layout(settings)["spotlight_id"]
    # A kiosk whose settings took a spotlight that is no id (before set_layout checked it) shows the newest.
    chosen = store.get_contribution(wanted) if isinstance(wanted, str) else None
    if chosen is None or not shows(chosen) or chosen["event_id"] != settings.get("event_id"):
        chosen = store.newest(shows)
    return chosen and public_view(chosen)


def check_room_for_pin(store: Store) -> None:
    """Refuse a pin when ``MAX_PINS`` cards on the wall are pinned already (409, said in the control room)."""
    if len(store.recent(MAX_PINS, lambda item: is_visible(item) and item.get("pinned"))) >= MAX_PINS:
        raise ContributionError(_PIN_FULL, status=409, pins=MAX_PINS)
