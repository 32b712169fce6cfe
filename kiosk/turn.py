"""The wall's turn, kept by the kiosk: which cards every wall shows now, for how long, and what comes next.

A market day brings hundreds of contributions and the projector holds a page of them. The kiosk plans
each page so that every card on it fits whole at the readable size (``kiosk.reading``) and stays up long
enough for its longest text to be read; then the next cards in arrival order, round and round. Because
the kiosk keeps the turn, every wall, a wall opened late and the control room's picture show the same
page at the same moment, and the facilitator can pause it, go back, go on, or show one card now.

Pages lead by turns with the first new arrival and with the turn's next card, so the turn goes on however
busy the room is; the rest of a page is filled from the next dozen, the longest first, so that its time holds
as much reading as it can. While every card fits on one page, an arrival joins the page at once. Pins stand in a row of
their own above the pages (``kiosk.presenter``) and are read whole in the turn like any other card. A page only moves
on when someone looks: ``Turn.page`` moves it when its time is up, so a kiosk with no wall open does
no work.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.reading import Arrangement, Stage, arrange, reading_seconds
from netwerk.knots import number_of

__all__ = ["Page", "Turn", "Wall"]

# The eyes need a moment to find what changed when a page turns.
TURN_OVER = 1.0
# An empty page is looked at again this often.
_IDLE = 20.0
# How far back "previous" goes.
_HISTORY = 50
# A page looks this many cards past the most it may hold for cards that fit beside the others.
_LOOK_AHEAD = 4
# A card that would keep the page up much longer than its first card waits for a page of its own length: a short
# card beside a long story is read in the story's time, a story beside short cards would hold them all up.
_LONGER = 1.2
# ...but a page of short cards may take this long: a card of a few words does not keep five lines off its page.
_SHORT_PAGE = 20.0


@dataclass(frozen=True)
class Wall:
    """What a turn may show, read from the store: ``get`` a contribution by id, ``in_turn(after, limit, keep)``,
    whether it ``shows`` a contribution (visible, approved if need be), the ``stage`` its pages stand on now (less
    high while pins take a row above it) and, for a column per kind, the ``kinds`` of the columns."""

    get: Callable[[str], dict[str, Any] | None]
    in_turn: Callable[[int, int, Callable[[dict[str, Any]], bool]], list[dict[str, Any]]]
    shows: Callable[[Mapping[str, Any]], bool]
    stage: Stage
    marks: Callable[[Mapping[str, Any]], dict[str, Any]] = lambda item: {}  # what a card adds on the wall (a rank)
    kinds: tuple[str, ...] = ()

    def arranged(self, items: list[dict[str, Any]]) -> Arrangement | None:
        """How ``items`` stand whole on a page of this wall; None when they do not fit."""
        return arrange(items, self.stage, self.kinds)


@dataclass(frozen=True)
class Page:
    """One page of a turn: its cards in the order they were found to fit (``ids``; ``kiosk.reading.arrange`` packs
    in order), which of them are ``fresh`` arrivals, how long it stays, and where the turn stood before it and
    stands after it (the number of the last card in turn)."""

    number: int
    ids: tuple[str, ...]
    fresh: tuple[str, ...]
    seconds: float
    before: int
    after: int
    whole: bool = False  # it holds every card there is: it stays as it is, and an arrival joins it at once


@dataclass
class Turn:
    """The wall's turn: of the grid, of the columns per kind, or of the most recognised."""

    pages: list[Page] = field(default_factory=list)
    at: int = -1                     # the page on screen, in ``pages``
    started: float = 0.0             # when it came up
    left: float | None = None        # seconds it still had when paused; None while the turn runs
    arrivals: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)   # passed over by the page before: first on the next
    read: set[str] = field(default_factory=set)         # arrivals read on their own page, ahead of the turn
    numbered: itertools.count = field(default_factory=itertools.count)
    rounds: int = 0                  # how often the turn went past the newest card to the first again
    owed: set[str] = field(default_factory=set)         # cards of the round before, passed over, still to come

    @property
    def paused(self) -> bool:
        return self.left is not None

    def page(self, wall: Wall, now: float) -> Page:
        """Return the page on screen now, turning to the next first when its time is up."""
        if self.at < 0 or (not self.paused and now >= self.started + self.pages[self.at].seconds):
            self.forward(wall, now)
        return self.pages[self.at]

    def ends_in(self, now: float) -> float | None:
        """Seconds until the page turns; None while paused."""
        if self.paused or self.at < 0:
            return None
        return max(0.0, self.started + self.pages[self.at].seconds - now)

    def forward(self, wall: Wall, now: float) -> None:
        """Turn to the next page: one the facilitator went back from, else the next cards in turn."""
        if self.at + 1 < len(self.pages):
            self.at += 1
            self._restart(self._refreshed(wall, self.pages[self.at]), now)
        elif self.at < 0:
            self._put(self._planned(wall, 0), now)
        elif self.pages[self.at].whole:  # every card fits: the same page again, the arrivals on it included
            self.read.clear()
            self.rounds += 1
            self._put(self._planned(wall, self.pages[self.at].before), now)
        else:
            self._put(self._planned(wall, self.pages[self.at].after), now)

    def back(self, wall: Wall, now: float) -> None:
        """Turn back to the page before (as far as ``_HISTORY`` pages), with its reading time anew."""
        if self.at > 0:
            self.at -= 1
            self._restart(self._refreshed(wall, self.pages[self.at]), now)

    def show_now(self, item: Mapping[str, Any], now: float) -> None:
        """Put one card up now, alone and in full; the turn goes on after it where it was."""
        after = self.pages[self.at].after if self.at >= 0 else 0
        page = Page(next(self.numbered), (item["id"],), (), TURN_OVER + reading_seconds(item), after, after)
        self.pages.insert(self.at + 1, page)
        self.at += 1
        self._restart(page, now)

    def pause(self, now: float) -> None:
        """Hold the page on screen until ``resume``."""
        if not self.paused:
            self.left = self.ends_in(now) or 0.0

    def resume(self, now: float) -> None:
        """Let the turn go on; the page keeps what it had left, and a few seconds at least."""
        if self.paused and self.at >= 0:
            self.started = now - self.pages[self.at].seconds + max(self.left or 0.0, 3.0)
        self.left = None

    def arrive(self, item: Mapping[str, Any], wall: Wall, now: float) -> None:
        """Take in a contribution new to the walls: first on the next page, or on this one at once while it holds
        every card (it is planned again with the arrival)."""
        if item["id"] not in self.arrivals:
            self.arrivals.append(item["id"])
        if self.at >= 0 and self.pages[self.at].whole and not self.paused:
            self.again(wall, now)

    def again(self, wall: Wall, now: float) -> None:
        """Plan the page on screen again from where it began (the cards, or the room the pins leave, changed)."""
        if self.at >= 0:
            page = self.pages[self.at]
            self.arrivals = [*page.fresh, *(known for known in self.arrivals if known not in page.fresh)]
            self.read -= set(page.fresh)
            del self.pages[self.at + 1:]
            self._restart(self._planned(wall, page.before), now)

    def _put(self, page: Page, now: float) -> None:
        del self.pages[self.at + 1:]
        self.pages.append(page)
        del self.pages[:-_HISTORY]
        self.at = len(self.pages) - 1
        self._restart(page, now)

    def _restart(self, page: Page, now: float) -> None:
        self.pages[self.at] = page
        self.started = now
        if self.paused:
            self.left = page.seconds

    def _refreshed(self, wall: Wall, page: Page) -> Page:
        """A page from the history as it is now: without the cards hidden meanwhile."""
        kept = _still(wall, list(page.ids))
        return replace(page, number=next(self.numbered), ids=_ids(kept), fresh=(), seconds=_seconds(kept))

    def _planned(self, wall: Wall, after: int) -> Page:
        """The next page with cards on it, passing over a stretch of the turn whose cards were all read as arrivals."""
        page = self._plan(wall, after)
        for _ in range(_HISTORY):
            if page.ids or page.after == page.before:
                break
            page = self._plan(wall, page.after)
        return page

    def _plan(self, wall: Wall, after: int) -> Page:
        """The next page after card number ``after``. It leads, page and page about, with the first arrival or the
        turn's next card (one passed over before, else the next in turn), so neither waits for the other; then,
        of the next few arrivals and cards in turn, as many as fit whole. An arrival read whole on its own page is
        not read again when the turn comes to it this round: the room's time goes to the cards not yet read."""
        number = next(self.numbered)
        arrived = _still(wall, self.arrivals)
        carried = _still(wall, self.carried)
        asked = wall.stage.most + _LOOK_AHEAD
        coming = wall.in_turn(after, asked, wall.shows)
        waiting = set(_ids(arrived + carried)) | self.read
        in_turn = [item for item in coming if item["id"] not in waiting]
        turn = carried + in_turn
        leader = arrived[:1] + turn[:1] if number % 2 else turn[:1] + arrived[:1]
        candidates = (leader + [item for item in arrived + turn if item not in leader])[:asked]
        chosen = _fill(candidates, wall, set(_ids(arrived)))
        reached = self._go_on(after, coming, chosen, arrived, carried, in_turn)
        whole = len(coming) < asked and len(chosen) == len(arrived + turn) and not self.arrivals
        return Page(number, _ids(chosen), _ids([item for item in chosen if item in arrived]), _seconds(chosen), after,
                    number_of(reached[-1]["code"]) if reached else after, whole)

    def _go_on(self, after: int, coming: list[dict[str, Any]], chosen: list[dict[str, Any]],
               arrived: list[dict[str, Any]], carried: list[dict[str, Any]],
               in_turn: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Note what a page ``chosen`` leaves for the next: the arrivals still waiting, the cards passed over, those
        read ahead of the turn, the rounds; return the cards of ``coming`` (the turn's order after ``after``) it went
        past."""
        picked = [item for item in in_turn if item in chosen]
        taken = set(_ids(arrived + carried))
        reached = coming[:coming.index(picked[-1]) + 1] if picked else list(itertools.takewhile(
            lambda item: item["id"] in self.read or item["id"] in taken, coming))
        fresh = [item for item in chosen if item in arrived]
        # Cards in turn passed over on the way to one taken come first on a page soon, the oldest first.
        passed = [item for item in in_turn if item in reached and item not in chosen]
        self.arrivals = [known for known in _ids(arrived) if known not in _ids(fresh)]
        self.carried = list(_ids([item for item in carried + passed if item not in chosen]))
        # An arrival the turn already went past this round (it waited among the arrivals meanwhile) is read again in
        # the next; one it has yet to reach is not read twice in this.
        pointer = number_of(reached[-1]["code"]) if reached else after
        ahead = {item["id"] for item in fresh if number_of(item["code"]) > pointer}
        self.read = (self.read - set(_ids(reached))) | ahead
        self.owed = set(self.carried) & (self.owed - set(_ids(chosen)))
        if reached and pointer <= after:  # past the newest, to the first again
            self.rounds += 1
            self.owed = set(self.carried) - {item["id"] for item in passed if number_of(item["code"]) <= after}
        return reached


def _fill(candidates: list[dict[str, Any]], wall: Wall, arrived: set[str]) -> list[dict[str, Any]]:
    """Return the cards a page takes. The first always (shortened by the wall if it is too long even alone); then,
    arrivals before the turn's cards, the longest first that fit whole beside those taken and do not keep the page up
    much longer. So two stories share a page and short cards fill what is left: a page's time holds as much reading
    as it can."""
    chosen = candidates[:1]
    longest = max(reading_seconds(candidates[0]) * _LONGER, _SHORT_PAGE) if chosen else 0
    for item in sorted(candidates[1:], key=lambda item: (item["id"] not in arrived, -reading_seconds(item))):
        if len(chosen) < wall.stage.most and reading_seconds(item) <= longest and wall.arranged(chosen + [item]):
            chosen.append(item)
    return chosen


def _still(wall: Wall, ids: list[str]) -> list[dict[str, Any]]:
    """The contributions of ``ids`` that the turn still shows."""
    return [item for item in map(wall.get, ids) if item and wall.shows(item)]


def _seconds(cards: list[dict[str, Any]]) -> float:
    """How long a page of ``cards`` stays: long enough to read the longest of them whole."""
    return TURN_OVER + max(map(reading_seconds, cards)) if cards else _IDLE


def _ids(items: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(item["id"] for item in items)
