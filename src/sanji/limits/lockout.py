"""Wrong seal PINs counted in Redis, so five wrong tries lock a seal on every replica at once."""

import logging

import redis
from zope.interface import implementer

from sanji.limits.redis_window import RedisWindows
from sanji.seals.interfaces import ISealLockout
from sanji.seals.lockout import LIMIT
from sanji.seals.lockout import LOCK
from sanji.seals.lockout import WINDOW
from sanji.seals.lockout import InMemoryLockout

logger = logging.getLogger(__name__)


@implementer(ISealLockout)
class RedisLockout:
    """:class:`ISealLockout` with the failures and the locks of each holder in Redis.

    A lock is a key that expires by itself (``SET … EX``): whichever replica the next step reaches
    refuses the seal until then. When Redis does not answer, this process counts alone (the
    in-memory lockout) and the log says so; seals stay usable and still limited.
    """

    def __init__(self, client: redis.Redis, prefix: str = "sanji:seal:", limit: int = LIMIT, window: float = WINDOW):
        self.client = client
        self.windows = RedisWindows(client, f"{prefix}failures:")
        self.lock_prefix = f"{prefix}locked:"
        self.limit = limit
        self.window = window
        self.lock_seconds = LOCK
        self.fallback = InMemoryLockout(limit=limit, window=window)

    def _lock_key(self, holder: str) -> str:
        return f"{self.lock_prefix}{holder}"

    def locked_for(self, holder: str) -> float:
        try:
            milliseconds = self.client.pttl(self._lock_key(holder))
        except redis.RedisError as error:
            logger.warning("Redis unavailable, seal lock checked in this process only: %s", error)
            return self.fallback.locked_for(holder)
        return max(milliseconds, 0) / 1000

    def failure(self, holder: str) -> int:
        try:
            count = self.windows.record(holder, self.window)
            if count < self.limit:
                return self.limit - count
            self.client.set(self._lock_key(holder), 1, ex=int(self.lock_seconds))
            self.windows.forget(holder)
        except redis.RedisError as error:
            logger.warning("Redis unavailable, wrong PIN counted in this process only: %s", error)
            return self.fallback.failure(holder)
        return 0

    def success(self, holder: str) -> None:
        self.fallback.success(holder)
        try:
            self.windows.forget(holder)
        except redis.RedisError as error:
            logger.warning("Redis unavailable, wrong PINs of %s not forgotten: %s", holder, error)

    def unlock(self, holder: str) -> None:
        self.fallback.unlock(holder)
        self.windows.forget(holder)
        self.client.delete(self._lock_key(holder))

    def clear(self) -> None:
        self.fallback.clear()
        self.windows.forget_all()
        for key in self.client.scan_iter(match=f"{self.lock_prefix}*", count=500):
            self.client.delete(key)
