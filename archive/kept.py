"""Values kept in one process while the archive's data version stays: see ``archive.cache``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["Kept"]

T = TypeVar("T")


def _one(key: Hashable, value: Any) -> int:
    return 1


class Kept:
    """Values by key, each valid for the data version it was computed at, together weighing at most ``limit``.

    ``weigh`` says what a value weighs (by default 1: ``limit`` counts values; the pages count their
    bytes). The least recently used go first; a value heavier than ``largest`` is not kept at all, so
    one huge value never pushes out every other.
    """

    def __init__(self, limit: int, weigh: Callable[[Hashable, Any], int] = _one, largest: int | None = None) -> None:
        self.limit = limit
        self.largest = limit if largest is None else largest
        self.weight = 0
        self._weigh = weigh
        self._values: OrderedDict[Hashable, tuple[str, Any, int]] = OrderedDict()

    def get(self, key: Hashable, version: str) -> Any | None:
        """Return the value kept for ``key`` at this version, or None."""
        found = self._values.get(key)
        if found is None or found[0] != version:
            return None
        self._values.move_to_end(key)
        return found[1]

    def put(self, key: Hashable, version: str, value: Any) -> None:
        """Keep ``value`` for ``key`` at this version, forgetting the least recently used beyond ``limit``."""
        self._forget(key)
        weight = self._weigh(key, value)
        if weight > self.largest:
            return
        self._values[key] = (version, value, weight)
        self.weight += weight
        while self.weight > self.limit:
            self._forget(next(iter(self._values)))

    def _forget(self, key: Hashable) -> None:
        found = self._values.pop(key, None)
        if found is not None:
            self.weight -= found[2]

    def value(self, key: Hashable, version: str, compute: Callable[[], T]) -> T:
        """Return the kept value for ``key``, computing and keeping it first if it is missing or old."""
        found = self.get(key, version)
        if found is None:
            found = compute()
            self.put(key, version, found)
        return found
