"""Wrong seal PINs, counted in this process: five within fifteen minutes lock the seal for fifteen.

A six-digit PIN is a small secret; what makes it enough is that it cannot be tried more than a
few times. With several replicas, ``SANJI_REDIS_URL`` selects :class:`sanji.limits.lockout.RedisLockout`.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

from zope.interface import implementer

from sanji.seals.interfaces import ISealLockout

#: Wrong PINs within :data:`WINDOW` seconds that lock the seal.
LIMIT = 5
#: Seconds within which wrong PINs are counted, and how long the lock lasts.
WINDOW = 15 * 60.0
LOCK = 15 * 60.0


@implementer(ISealLockout)
class InMemoryLockout:
    """Failures per holder in a sliding window, and locks with their end; guarded by a lock.

    :param clock: seconds as a float, monotonic; tests pass a fake one.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, limit: int = LIMIT, window: float = WINDOW):
        self._clock = clock
        self.limit = limit
        self.window = window
        self.lock_seconds = LOCK
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._mutex = threading.Lock()

    def locked_for(self, holder: str) -> float:
        with self._mutex:
            until = self._locked_until.get(holder, 0.0)
            remaining = until - self._clock()
            if remaining <= 0 and holder in self._locked_until:
                del self._locked_until[holder]
            return max(remaining, 0.0)

    def failure(self, holder: str) -> int:
        with self._mutex:
            now = self._clock()
            times = self._failures.setdefault(holder, deque(maxlen=self.limit))
            while times and times[0] <= now - self.window:
                times.popleft()
            times.append(now)
            if len(times) >= self.limit:
                self._locked_until[holder] = now + self.lock_seconds
                times.clear()
                return 0
            return self.limit - len(times)

    def success(self, holder: str) -> None:
        with self._mutex:
            self._failures.pop(holder, None)

    def unlock(self, holder: str) -> None:
        with self._mutex:
            self._failures.pop(holder, None)
            self._locked_until.pop(holder, None)

    def clear(self) -> None:
        with self._mutex:
            self._failures.clear()
            self._locked_until.clear()
