"""Limits on wrong guesses, so that four phone digits are enough to protect a receipt number.

Ten thousand possible digits are no protection against a script; five tries per receipt in fifteen
minutes are. Failures are counted in a sliding window per key (a client address, a receipt number).

The limiter is a utility providing :class:`IRateLimiter`. The in-process one below is right for one
instance (FileStorage, ``make start``); with several replicas each would count alone, so
``SANJI_REDIS_URL`` selects the shared one (:class:`sanji.limits.ratelimiter.RedisRateLimiter`).
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from zope.interface import Interface
from zope.interface import implementer


class IRateLimiter(Interface):
    """Counts failures per key within a window of time; keys are opaque strings (``ip:…``, ``receipt:…``)."""

    def retry_after(key: str, limit: int, window: float) -> float:
        """Seconds until ``key`` may try again: 0 while fewer than ``limit`` failures lie within ``window`` seconds."""

    def record_failure(key: str, window: float) -> None:
        """Count one failure of ``key`` now; it is forgotten ``window`` seconds later."""

    def clear() -> None:
        """Forget every failure (tests; an administrator after a false alarm)."""


@implementer(IRateLimiter)
class InMemoryRateLimiter:
    """Sliding windows in a dict guarded by a lock: one process, all its threads.

    :param clock: seconds as a float, monotonic; tests pass a fake one.
    :param max_keys: memory bound; beyond it the keys whose last failure is oldest are forgotten
        (a flood of distinct keys then weakens the limit instead of exhausting memory).
    """

    #: Failures kept per key; more than any sensible limit.
    MAX_PER_KEY = 100

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._max_keys = max_keys
        self._failures: dict[str, deque[float]] = {}
        self._longest_window = 0.0
        self._lock = threading.Lock()

    def retry_after(self, key: str, limit: int, window: float) -> float:
        with self._lock:
            now = self._clock()
            times = self._recent(key, now, window)
            if len(times) < limit:
                return 0.0
            # Allowed again when so many failures have left the window that fewer than ``limit`` remain.
            return max(times[-limit] + window - now, 0.0)

    def record_failure(self, key: str, window: float) -> None:
        with self._lock:
            now = self._clock()
            self._longest_window = max(self._longest_window, window)
            self._recent(key, now, window)
            self._failures.setdefault(key, deque(maxlen=self.MAX_PER_KEY)).append(now)
            if len(self._failures) > self._max_keys:
                self._prune(now)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()

    def _recent(self, key: str, now: float, window: float) -> deque[float]:
        """The failures of ``key`` within ``window`` (older ones are dropped); the caller holds the lock."""
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def _prune(self, now: float) -> None:
        for key in [k for k, times in self._failures.items() if times[-1] <= now - self._longest_window]:
            del self._failures[key]
        excess = len(self._failures) - self._max_keys
        if excess > 0:
            for key in sorted(self._failures, key=lambda k: self._failures[k][-1])[:excess]:
                del self._failures[key]


def minutes(seconds: float) -> int:
    """What a person is told to wait: whole minutes, at least one."""
    return max(math.ceil(seconds / 60), 1)
