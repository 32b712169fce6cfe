"""Token buckets that slow one phone down without touching the rest of the room."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["RateLimiter"]

_PRUNE_AT = 50_000


class RateLimiter:
    """Allow ``burst`` actions at once per key, then one per ``interval`` seconds."""

    def __init__(self, burst: int, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.interval = interval
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _tokens(self, key: str, now: float) -> float:
        tokens, stamp = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - stamp) / self.interval)

    def retry_after(self, key: str) -> float:
        """Return 0 if ``key`` may act now, else the seconds until it may."""
        with self._lock:
            tokens = self._tokens(key, self._clock())
        return 0.0 if tokens >= 1 else (1 - tokens) * self.interval

    def take(self, key: str) -> None:
        """Spend one token of ``key``."""
        with self._lock:
            now = self._clock()
            self._buckets[key] = (self._tokens(key, now) - 1, now)
            if len(self._buckets) > _PRUNE_AT:
                self._prune(now)

    def _prune(self, now: float) -> None:
        # A bucket that has refilled is the same as no bucket, so forget it.
        full = [key for key in self._buckets if self._tokens(key, now) >= self.burst]
        for key in full:
            del self._buckets[key]
