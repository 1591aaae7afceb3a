"""The lookup rate limit (``@track``, ``@verify``, SMS queries) counted in Redis for every replica."""

import logging

import redis
from zope.interface import implementer

from sanji.limits.redis_window import RedisWindows
from sanji.tracking.ratelimit import InMemoryRateLimiter
from sanji.tracking.ratelimit import IRateLimiter

logger = logging.getLogger(__name__)


@implementer(IRateLimiter)
class RedisRateLimiter:
    """:class:`IRateLimiter` on shared sliding windows.

    When Redis does not answer, the limit is still kept, by this process alone (the in-memory
    limiter), and the log says so: a lookup is never refused, nor let through unlimited, because
    Redis is down.
    """

    def __init__(self, client: redis.Redis, prefix: str = "sanji:limit:"):
        self.windows = RedisWindows(client, prefix)
        self.fallback = InMemoryRateLimiter()

    def retry_after(self, key: str, limit: int, window: float) -> float:
        try:
            return self.windows.retry_after(key, limit, window)
        except redis.RedisError as error:
            logger.warning("Redis unavailable, rate limit counted in this process only: %s", error)
            return self.fallback.retry_after(key, limit, window)

    def record_failure(self, key: str, window: float) -> None:
        try:
            self.windows.record(key, window)
        except redis.RedisError as error:
            logger.warning("Redis unavailable, failure counted in this process only: %s", error)
            self.fallback.record_failure(key, window)

    def clear(self) -> None:
        self.fallback.clear()
        try:
            self.windows.forget_all()
        except redis.RedisError as error:
            logger.warning("Redis unavailable, shared rate limits not cleared: %s", error)
