"""What the wall shows at a day's volume: pins, the spotlight, and every other contribution in turn.

A projector holds eight cards, a market day brings hundreds. The wall therefore turns pages: it asks
for the next few contributions after the last one it showed (``Store.in_turn``), so each comes round
once a round, and the wall never holds more than a screenful and the next. Pins are apart from the
turn: they stay on every page, and there are at most ``MAX_PINS`` of them so they leave room to turn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.follow import Follower
from kiosk.moment import layout
from kiosk.store import Store
from netwerk.contributions import KINDS, N_, ContributionError, is_visible, public_view
from netwerk.knots import number_of

__all__ = ["MAX_PINS", "WallCounts", "check_room_for_pin", "on_wall", "page", "ranked", "spotlit"]

MAX_PINS = 3
_PIN_FULL = N_("At most %(pins)s cards can be pinned at once, so the others still get their turn: unpin one first.")


def on_wall(settings: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """Return the test of what the walls may show: visible, and approved when the facilitator asks for that."""
    approved_only = layout(settings)["approved_only"]
    return lambda item: is_visible(item) and (bool(item.get("approved")) or not approved_only)


def page(store: Store, counts: WallCounts, after: int, limit: int, kind: str | None = None) -> dict[str, Any]:
    """Return the next ``limit`` contributions in turn after number ``after``, the pins, and the counts per kind.

    ``kind`` narrows all of it to one kind (a column of the column layout). ``next`` is where the
    following page starts; the counts let the wall time its pages so each card comes round in time.
    """
    settings = store.settings()
    shows = on_wall(settings)
    items = store.in_turn(after, limit, lambda item: shows(item) and not item.get("pinned")
                          and (kind is None or item["kind"] == kind))
    per_kind = counts.per_kind(store, settings)
    return {
        "items": [public_view(item) for item in items],
        "pinned": [public_view(item) for item in counts.pinned(store, settings, kind)],
        "next": number_of(items[-1]["code"]) if items else after,
        "counts": per_kind,
        "total": sum(per_kind.values()),
    }


class WallCounts(Follower):
    """How many contributions of each kind the walls show, and which are pinned, kept up to date from the feed.

    Counted anew on every page a wall turned, they took 136 ms at 20,000 contributions.
    """

    def __init__(self, pause: Callable[[], object] = lambda: None) -> None:
        super().__init__(pause)
        self._reset()

    def per_kind(self, store: Store, settings: Mapping[str, Any]) -> dict[str, int]:
        """Return how many contributions of each kind the walls show now."""
        self.catch_up(store, settings.get("event_id"))
        approved_only = layout(settings)["approved_only"]
        return {kind: self._counts[kind, True] + (0 if approved_only else self._counts[kind, False]) for kind in KINDS}

    def pinned(self, store: Store, settings: Mapping[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
        """Return the pinned contributions the walls show (of one ``kind``, or all), most recently changed first."""
        self.catch_up(store, settings.get("event_id"))
        shows = on_wall(settings)
        found = [store.get_contribution(pinned) for pinned, pinned_kind in self._pins.items()
                 if kind is None or pinned_kind == kind]
        found = [item for item in found if item and shows(item) and item.get("pinned")]
        return sorted(found, key=lambda item: item["seq"], reverse=True)[:MAX_PINS]

    def _reset(self) -> None:
        self._counts: Counter[tuple[str, bool]] = Counter()
        self._pins: dict[str, str] = {}

    def _keep(self, item: Mapping[str, Any]) -> tuple[str, str, bool, bool]:
        return item["id"], item["kind"], bool(item.get("approved")), bool(item.get("pinned"))

    def _count(self, kept: tuple[str, str, bool, bool], sign: int) -> None:
        contribution_id, kind, approved, pinned = kept
        self._counts[kind, approved] += sign
        if pinned and sign > 0:
            self._pins[contribution_id] = kind
        elif pinned:
            self._pins.pop(contribution_id, None)


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


def ranked(store: Store, keep: Callable[[Mapping[str, Any]], bool], most: int) -> list[dict[str, Any]]:
    """Return the ``most`` of the current moment's contributions ``keep`` accepts that most people recognised
    ("me too"), the first to come first among equals: the walls' top ten, the control room's order."""
    found = store.arrived(keep, len(store))
    found.sort(key=lambda item: (-(item.get("reactions") or 0), number_of(item["code"])))
    return found[:most]


def check_room_for_pin(store: Store) -> None:
    """Refuse a pin when ``MAX_PINS`` cards on the wall are pinned already (409, said in the control room)."""
    if len(store.recent(MAX_PINS, lambda item: is_visible(item) and item.get("pinned"))) >= MAX_PINS:
        raise ContributionError(_PIN_FULL, status=409, pins=MAX_PINS)
