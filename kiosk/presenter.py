"""The kiosk's one presenter: the wall's turn for the layout on, and the facilitator's hand on it.

Every wall and the control room's picture ask here what to show (``state``) and hear the answer when a
page turns, so they agree to the moment. The presenter follows the store's change feed, like the walls'
counts: a contribution that newly shows on the walls is an arrival, a pin or an unpin plans the page on
screen again. A new moment or another layout starts the turns afresh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from kiosk.follow import Follower
from kiosk.moment import layout
from kiosk.reading import GRID, PIN_ROW, Arrangement, Stage
from kiosk.rotation import WallCounts, on_wall, ranked
from kiosk.store import Store
from kiosk.turn import Turn, Wall
from netwerk.contributions import KINDS, N_, ContributionError, public_view
from netwerk.knots import number_of

__all__ = ["ACTIONS", "TOP", "Presenter"]

ACTIONS = ("pause", "resume", "next", "previous", "show")
# The layouts whose cards turn in pages: one turn each, with a page in a column per kind for "columns".
_TURNING = ("grid", "top", "columns")
# The "most recognised" layout turns through this many, most "me too" first.
TOP = 10


class Presenter(Follower):
    """The turns every wall shows, kept by the kiosk."""

    def __init__(self, pause: Callable[[], object] = lambda: None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(pause)
        self._clock = clock
        self._turning = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._turn: Turn | None = None
        self._changes: list[tuple[tuple[str, str, bool, bool], int]] = []
        self._followed: Any = ()  # the moment whose changes it follows
        self._paused = False
        self._shown: tuple[Any, ...] = ()
        self._arranged: tuple[Any, Arrangement | None] = ((), None)  # the page on screen as last laid out
        self.version = 0  # goes up whenever a page turns: the walls are told

    def state(self, store: Store, counts: WallCounts) -> dict[str, Any]:
        """Return what every wall shows now: the page of the turn (None in a layout that does not turn), the pins,
        and whether it is paused; a page whose time is up turns first."""
        with self._turning:
            now, settings = self._clock(), store.settings()
            pins = counts.pinned(store, settings)
            wall = self._follow(store, settings, now, bool(pins))
            page = self._page(self._turn, wall, now) if wall and self._turn else None
            shown = (self._key, page["page"] if page else None, self._paused)
            if shown != self._shown:
                self._shown = shown
                self.version += 1
            return {"version": self.version, "mode": layout(settings)["mode"], "paused": self._paused,
                    "page": page, "total": sum(counts.per_kind(store, settings).values()),
                    "pins": [dict(public_view(item), role="pin") for item in pins]}

    def control(self, store: Store, counts: WallCounts, action: str, item: Mapping[str, Any] | None = None) -> None:
        """Pause, resume, go on to the next page, back to the one before, or ``show`` one card now in full."""
        if action not in ACTIONS:
            raise ContributionError(N_("Ask to pause, resume, go to the next or previous page, or show a card."))
        with self._turning:
            now, settings = self._clock(), store.settings()
            wall = self._follow(store, settings, now, bool(counts.pinned(store, settings)))
            if action == "show" and (item is None or not on_wall(settings)(item)):
                raise ContributionError(N_("Only a contribution on the wall can be shown."), status=409)
            if wall and self._turn:
                self._steer(self._turn, action, wall, item, now)
            self._paused = {"pause": True, "resume": False}.get(action, self._paused)

    def _steer(self, turn: Turn, action: str, wall: Wall, item: Mapping[str, Any] | None, now: float) -> None:
        if action == "pause":
            turn.pause(now)
        elif action == "resume":
            turn.resume(now)
        elif action == "next":
            turn.forward(wall, now)
        elif action == "previous":
            turn.back(wall, now)
        elif item is not None:
            turn.show_now(item, now)

    def _follow(self, store: Store, settings: Mapping[str, Any], now: float, pinned: bool) -> Wall | None:
        """Start the turn afresh for a new moment or layout; take in what changed in the store since last time.
        ``pinned``: pins stand in their row above the pages, which leaves them less room. None: nothing turns."""
        shown = layout(settings)
        key = (settings.get("event_id"), shown["mode"], shown["approved_only"])
        wall = _wall(store, settings, shown["mode"], pinned) if shown["mode"] in _TURNING else None
        if key != self._key:
            self._key, self._paused = key, False
            self._turn = Turn() if wall else None
        self._changes = []
        started = self._followed == settings.get("event_id")  # what was there when the kiosk started is no arrival
        self.catch_up(store, settings.get("event_id"))
        self._followed = settings.get("event_id")
        if started and wall and self._turn:
            self._take_in(self._turn, wall, now, shown["approved_only"])
        return wall

    def _take_in(self, turn: Turn, wall: Wall, now: float, approved_only: bool) -> None:
        """Arrivals join the turn; a pin or an unpin plans the page on screen again."""
        before = {kept[0]: kept for kept, sign in self._changes if sign < 0}
        after = {kept[0]: kept for kept, sign in self._changes if sign > 0}
        pinned = {key for key, kept in after.items() if kept[3]} ^ {key for key, kept in before.items() if kept[3]}
        arrived = [key for key, kept in after.items()
                   if key not in before or (approved_only and kept[2] and not before[key][2])]
        if pinned:
            turn.again(wall, now)
        for item in map(wall.get, arrived):
            if item and wall.shows(item):
                turn.arrive(item, wall, now)

    def _page(self, turn: Turn, wall: Wall, now: float) -> dict[str, Any]:
        page = turn.page(wall, now)
        items = [dict(public_view(item), role="fresh" if item["id"] in page.fresh else "turn", **wall.marks(item))
                 for item in map(wall.get, page.ids) if item and wall.shows(item)]
        arranged = self._laid_out(page.number, wall, items)
        ends_in = turn.ends_in(now)
        return {"page": page.number, "round": turn.rounds, "owed": len(turn.owed),
                "columns": arranged.columns, "shares": arranged.shares, "kinds": arranged.kinds,
                "seconds": round(page.seconds, 1), "ends_in": None if ends_in is None else round(ends_in, 2),
                "whole": page.whole, "items": items}

    def _laid_out(self, number: int, wall: Wall, items: list[dict[str, Any]]) -> Arrangement:
        """How the page's cards stand: laid out once a page, and again only when a card on it changed (every wall
        asks for the page, and laying out a page of long stories took 3 ms of the kiosk's one loop each time). A
        card too long for the stage even alone stands alone, shortened by the wall at a word."""
        key = (number, wall.stage, wall.kinds, [(item["id"], item.get("rev"), item.get("reactions")) for item in items])
        kept, arranged = self._arranged
        if arranged is None or kept != key:
            arranged = wall.arranged(items) or Arrangement([[n] for n in range(len(items))], (1,) * len(items))
            self._arranged = key, arranged
        return arranged

    def _reset(self) -> None:
        self._changes = []

    def _keep(self, item: Mapping[str, Any]) -> tuple[str, str, bool, bool]:
        return item["id"], item["kind"], bool(item.get("approved")), bool(item.get("pinned"))

    def _count(self, kept: tuple[str, str, bool, bool], sign: int) -> None:
        self._changes.append((kept, sign))


def _wall(store: Store, settings: Mapping[str, Any], mode: str, pinned: bool) -> Wall:
    """What the turn of the grid, of the columns per kind or of the most recognised may show, and where: less high
    while pins stand in their row above it."""
    shows_on = on_wall(settings)
    stage = replace(GRID, height=GRID.height - PIN_ROW) if pinned else GRID
    if mode == "top":
        return _top(store, shows_on, stage)
    return Wall(get=store.get_contribution, in_turn=store.in_turn, shows=shows_on, stage=stage,
                kinds=KINDS if mode == "columns" else ())


def _top(store: Store, shows_on: Callable[[Mapping[str, Any]], bool], stage: Stage) -> Wall:
    """The most recognised: the top ten in turn, in their order now, each marked with its place."""
    top = ranked(store, shows_on, TOP)
    places = {item["id"]: place for place, item in enumerate(top, start=1)}

    def in_turn(after: int, limit: int, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        numbers = [number_of(item["code"]) for item in top]
        start = numbers.index(after) + 1 if after in numbers else 0
        return [item for item in top[start:] + top[:start] if keep(item)][:limit]

    return Wall(get=store.get_contribution, in_turn=in_turn, shows=lambda item: item["id"] in places, stage=stage,
                marks=lambda item: {"rank": places[item["id"]]})
