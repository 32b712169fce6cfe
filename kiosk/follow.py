"""What the walls count of the current moment, kept up to date from the store's change feed.

Counting every contribution again on every wall's request ran on the kiosk's one event loop while
every phone waited: the word cloud took 447 ms at 2,000 contributions, the counts per kind 136 ms at
20,000. A ``Follower`` folds each change in once, when it is next read: what it counted of the
contribution's earlier revision goes out, what it counts of the new one comes in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from kiosk.store import Store
from netwerk.contributions import is_visible

__all__ = ["Follower"]

# Changes folded in between two breaths of the event loop: the first count after a start at 20,000
# contributions takes a second or more, and every phone and wall is served meanwhile.
_CHUNK = 200


class Follower:
    """Counts of the current moment's visible contributions; a subclass says what it keeps of one and counts."""

    def __init__(self, pause: Callable[[], object] = lambda: None) -> None:
        """``pause`` lets the event loop serve others between chunks of a long count (``socketio.sleep(0)``)."""
        self._pause = pause
        self._lock = threading.Lock()
        self._busy = False
        self._event: str | None = None
        self._seq = 0
        self._kept: dict[str, Hashable] = {}

    def catch_up(self, store: Store, event: str | None) -> bool:
        """Fold in what changed in the store since the last time; False while another request does (the counts
        are then as far as they are)."""
        with self._lock:
            catching_up, self._busy = self._busy, True
        if catching_up:
            return False
        try:
            if event != self._event:
                self._event, self._seq, self._kept = event, 0, {}
                self._reset()
            while True:
                changed, self._seq = store.feed(self._seq, _CHUNK)
                for item in changed:
                    self._fold(item)
                if len(changed) < _CHUNK:
                    return True
                self._pause()
        finally:
            self._busy = False

    @property
    def seq(self) -> int:
        """The change the counts have reached."""
        return self._seq

    def _fold(self, item: Mapping[str, Any]) -> None:
        before = self._kept.pop(item["id"], None)
        now = self._keep(item) if item["event_id"] == self._event and is_visible(item) else None
        if before != now:
            if before is not None:
                self._count(before, -1)
            if now is not None:
                self._count(now, 1)
        if now is not None:
            self._kept[item["id"]] = now

    def _reset(self) -> None:
        """Forget every count: a new moment begins."""
        raise NotImplementedError

    def _keep(self, item: Mapping[str, Any]) -> Hashable:
        """Return what the counts need of a visible contribution of the current moment."""
        raise NotImplementedError

    def _count(self, kept: Any, sign: int) -> None:
        """Count a contribution in (``sign`` 1) or out (-1), by what ``_keep`` kept of it."""
        raise NotImplementedError
