"""Answers computed from the store, kept while the store's data stays as it was.

Every public read of the walls ran on the kiosk's one event loop and went through every contribution
each time: the counts per kind of ``/api/wall/page`` 136 ms and the word cloud more than a second at
20,000 contributions, on every wall's every request. The store's ``version`` changes with every change
of a contribution or of the settings, so an answer computed at one version is the answer until the
next: computed once, then read by every wall.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from kiosk.store import Store

__all__ = ["PerVersion"]

_Answer = TypeVar("_Answer")
# A wall asks a handful of distinct questions (a page's counts per kind, the network at its screen's shape):
# a bound, so that questions made up by a client cannot fill the memory between two changes.
_MOST = 256


class PerVersion:
    """A memo of answers about ``store``, emptied whenever the store's version moves on."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._answers: dict[Hashable, object] = {}

    def get(self, question: Hashable, compute: Callable[[], _Answer]) -> _Answer:
        """Return the answer to ``question`` at the store's current version, computing it only the first time."""
        version = self._store.version  # read before computing: a change meanwhile makes the answer stale, not wrong
        with self._lock:
            if version != self._version:
                self._version, self._answers = version, {}
            if question in self._answers:
                return self._answers[question]  # type: ignore[return-value]
        answer = compute()
        with self._lock:
            if version == self._version and len(self._answers) < _MOST:
                self._answers[question] = answer
        return answer
