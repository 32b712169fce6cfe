"""A kiosk's wall watched on a clock of the test's own: the presenter's pages, half a second at a time.

A real kiosk app (its store, its intake) holds a day's contributions sent from phones of their own; the
presenter keeps the turn on a clock the caller moves, so an hour of a wall takes a second or two. Used by
tests/kiosk/test_turn.py and by ``python -m bench.wall_reading``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from kiosk.presenter import Presenter
from kiosk.reading import GRID, PIN_ROW, arrange, reading_seconds
from tests.harness.day import wall_day
from tests.harness.phones import phone_address

__all__ = ["STEP", "Clock", "Seen", "Watched"]

STEP = 0.5


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Seen:
    """What a room saw of each contribution: the stretches it stood whole on screen, noted every ``step`` seconds,
    and when it arrived (``since``; the start for those there from the first)."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.runs: dict[str, list[list[float]]] = {}
        self.since: dict[str, float] = {}

    def note(self, keys: Iterable[str], now: float) -> None:
        """The contributions ``keys`` stand whole on screen at ``now``."""
        for key in keys:
            runs = self.runs.setdefault(key, [])
            if runs and runs[-1][1] >= now - self.step - 1e-9:
                runs[-1][1] = now
            else:
                runs.append([now, now])

    def reads(self, key: str, text: str) -> list[list[float]]:
        """The stretches ``key`` stood on screen for its reading time."""
        need = reading_seconds({"text": text})
        return [run for run in self.runs.get(key, []) if run[1] - run[0] + self.step >= need]

    def longest_wait(self, key: str, text: str, end: float) -> float:
        """The longest time, from its arrival to ``end``, that ``key`` went without being read."""
        reads = self.reads(key, text)
        if not reads:
            return end - self.since.get(key, 0.0)
        edges = [self.since.get(key, 0.0), *[edge for run in reads for edge in run], end]
        return max(edges[n + 1] - edges[n] for n in range(0, len(edges), 2))

    def share(self, texts: Mapping[str, str]) -> float:
        """The share of all characters of ``texts`` that were read."""
        read = sum(len(text) for key, text in texts.items() if self.reads(key, text))
        return read / max(1, sum(map(len, texts.values())))


class Watched:
    """A kiosk with ``count`` contributions and a presenter on the test's clock; ``watch`` runs it."""

    def __init__(self, app, count: int) -> None:
        self.client = app.test_client()
        self.kiosk = app.extensions["netwerkkiosk"]
        self.phones = 0
        self.items = {}
        for item in wall_day(count):
            self.send(item)
        self.clock = Clock()
        self.presenter = Presenter(clock=self.clock)
        self.seen = Seen(STEP)
        self.pinned: set[tuple[str, ...]] = set()  # the pins' row, as it stood at each step
        self.pages: list[tuple[float, int, int, int]] = []  # the pages as they came up: time, page, round, owed
        self.layouts: set[tuple[str, ...]] = set()  # the kinds of the pages' columns (none: not a column per kind)

    def send(self, item: dict) -> dict:
        fields = {key: item[key] for key in ("kind", "text", "author")}
        answer = self.client.post("/api/contributions", json=fields,
                                  environ_base={"REMOTE_ADDR": phone_address(self.phones)})
        assert answer.status_code == 201, answer.get_json()
        self.phones += 1
        sent = answer.get_json()
        self.items[sent["id"]] = sent
        return sent

    def state(self) -> dict:
        return self.presenter.state(self.kiosk.store, self.kiosk.counts)

    def watch(self, seconds: float, every: float = 0, seed: int = 9) -> None:
        """Let the wall run ``seconds``, a new contribution arriving ``every`` seconds; note what is on screen."""
        arrivals = iter(wall_day(int(seconds / every) + 1, seed=seed) if every else [])
        end, due = self.clock.now + seconds, self.clock.now + every
        while self.clock.now < end:
            if every and self.clock.now >= due:
                self.seen.since[self.send(next(arrivals))["id"]] = self.clock.now
                due += every
            state = self.state()
            self.pinned.add(tuple(sorted(item["id"] for item in state["pins"])))
            page = state["page"]
            if not self.pages or self.pages[-1][1] != page["page"]:
                self.pages.append((self.clock.now, page["page"], page["round"], page["owed"]))
            stage = replace(GRID, height=GRID.height - PIN_ROW) if state["pins"] else GRID
            self.layouts.add(tuple(page["kinds"]))
            assert arrange(page["items"], stage, page["kinds"]) is not None or len(page["items"]) == 1
            self.seen.note((item["id"] for item in page["items"]), self.clock.now)
            self.clock.now += STEP

    def rounds(self) -> list[tuple[float, float]]:
        """The turn's whole rounds: from the page that began each to the end of the page that read the last of its
        cards (a page that goes round holds the last cards of one round and the first of the next, and cards a
        page passed over may come a page or two later)."""
        began = [0] + [n for n in range(1, len(self.pages)) if self.pages[n][2] != self.pages[n - 1][2]]
        whole = []
        for start, following in zip(began, began[1:]):
            done = next((n for n in range(following, len(self.pages) - 1) if self.pages[n][3] == 0), None)
            if done is not None:
                whole.append((self.pages[start][0], self.pages[done + 1][0]))
        return whole

    def unread_in(self, start: float, end: float) -> list[str]:
        """The cards there when a round began that it did not read: none stood whole for its reading time in it."""
        return [key for key in self.items if self.seen.since.get(key, 0.0) < start
                and not any(start <= run[1] <= end for run in self.reads(key))]

    def reads(self, key: str) -> list[list[float]]:
        return self.seen.reads(key, self.items[key]["text"])

    def longest_wait(self, key: str, end: float) -> float:
        return self.seen.longest_wait(key, self.items[key]["text"], end)

    def round_seconds(self) -> float:
        """How long one round of every card takes now, with nothing arriving: a fresh presenter's pages, summed."""
        clock = Clock()
        presenter = Presenter(clock=clock)
        shown: set[str] = set()
        while not shown >= set(self.items) and clock.now < 200_000:
            state = presenter.state(self.kiosk.store, self.kiosk.counts)
            shown.update(item["id"] for item in state["page"]["items"])
            clock.now += max(STEP, state["page"]["ends_in"] + 0.01)
        return clock.now
