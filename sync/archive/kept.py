"""Values kept in one process while the archive's data version stays: see ``sync.archive.cache``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["Kept"]

T = TypeVar("T")


class Kept:
    """At most ``size`` values by key, each valid for the data version it was computed at."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()

    def get(self, key: Hashable, version: str) -> Any | None:
        """Return the value kept for ``key`` at this version, or None."""
        found = self._values.get(key)
        if found is None or found[0] != version:
            return None
        self._values.move_to_end(key)
        return found[1]

    def put(self, key: Hashable, version: str, value: Any) -> None:
        """Keep ``value`` for ``key`` at this version, forgetting the least recently used beyond ``size``."""
        self._values[key] = (version, value)
        self._values.move_to_end(key)
        while len(self._values) > self.size:
            self._values.popitem(last=False)

    def value(self, key: Hashable, version: str, compute: Callable[[], T]) -> T:
        """Return the kept value for ``key``, computing and keeping it first if it is missing or old."""
        found = self.get(key, version)
        if found is None:
            found = compute()
            self.put(key, version, found)
        return found
