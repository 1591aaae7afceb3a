"""Sliding windows of failures in Redis: one sorted set per key, scored by the time of each failure.

Every operation is one Lua script, so it is atomic across replicas (two wrong PINs at once on two pods
both count) and costs one round trip. Times come from the Redis server's clock (``TIME``), so pods
whose clocks drift still agree.
"""

import uuid

import redis

#: Record a failure: drop what left the window, add now, expire the set with the window.
#: KEYS[1] = the set; ARGV = window seconds, a unique member. Returns the failures now in the window.
_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return redis.call('ZCARD', KEYS[1])
"""

#: Seconds until fewer than ``limit`` failures remain in the window (0 when already fewer).
#: KEYS[1] = the set; ARGV = window seconds, limit. Returned as a string (Lua numbers become integers).
_RETRY_AFTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then return '0' end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return tostring(math.max(tonumber(oldest[2]) + window - now, 0))
"""


class RedisWindows:
    """Failure windows under a key prefix (``sanji:track:``, ``sanji:seal:``) of one Redis database."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.prefix = prefix
        self._record = client.register_script(_RECORD)
        self._retry_after = client.register_script(_RETRY_AFTER)

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def record(self, name: str, window: float) -> int:
        """Count one failure of ``name`` now; return how many lie within ``window``."""
        return int(self._record(keys=[self.key(name)], args=[window, uuid.uuid4().hex]))

    def retry_after(self, name: str, limit: int, window: float) -> float:
        return float(self._retry_after(keys=[self.key(name)], args=[window, limit]))

    def forget(self, *names: str) -> None:
        self.client.delete(*(self.key(name) for name in names))

    def forget_all(self) -> None:
        """Delete every key under the prefix (SCAN, never KEYS, on a shared server)."""
        batch = []
        for key in self.client.scan_iter(match=f"{self.prefix}*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                self.client.delete(*batch)
                batch.clear()
        if batch:
            self.client.delete(*batch)
