"""Utility factories: the shared Redis counters when ``SANJI_REDIS_URL`` is set, else in-process ones.

Registered in ZCML instead of the in-memory classes, so one configuration serves a laptop and a
cluster; the choice is made once, when Zope starts.
"""

import logging

from sanji.limits.connection import connect
from sanji.limits.connection import redis_url
from sanji.limits.lockout import RedisLockout
from sanji.limits.ratelimiter import RedisRateLimiter
from sanji.seals.lockout import InMemoryLockout
from sanji.tracking.ratelimit import InMemoryRateLimiter

logger = logging.getLogger(__name__)


def _shared_or_local(local, shared, what: str):
    url = redis_url()
    if url is None:
        return local()
    logger.info("%s are shared through Redis", what)
    return shared(connect(url))


def rate_limiter():
    return _shared_or_local(InMemoryRateLimiter, RedisRateLimiter, "Lookup rate limits")


def seal_lockout():
    return _shared_or_local(InMemoryLockout, RedisLockout, "Seal PIN lockouts")
