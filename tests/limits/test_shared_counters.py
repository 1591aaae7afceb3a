"""Wrong guesses counted in Redis hold across replicas; a Redis outage degrades to per-process limits."""

import logging
import time

import pytest
from zope.component import getUtility

from sanji.limits import factories
from sanji.limits.connection import connect
from sanji.limits.connection import redis_url as configured_url
from sanji.limits.lockout import RedisLockout
from sanji.limits.ratelimiter import RedisRateLimiter
from sanji.seals.interfaces import ISealLockout
from sanji.seals.lockout import InMemoryLockout
from sanji.tracking.ratelimit import InMemoryRateLimiter
from sanji.tracking.ratelimit import IRateLimiter

#: Nothing listens here: a Redis that is down.
DOWN = "redis://127.0.0.1:1/0"


def two_replicas(redis_url, prefix, cls):
    """The same counter as two pods see it: separate clients, one server."""
    return cls(connect(redis_url), prefix=prefix), cls(connect(redis_url), prefix=prefix)


def test_failures_on_one_replica_limit_the_other(redis_url, prefix):
    one, two = two_replicas(redis_url, prefix, RedisRateLimiter)
    for limiter in (one, two, one):
        assert two.retry_after("receipt:2026", limit=3, window=60) == 0
        limiter.record_failure("receipt:2026", window=60)
    wait = one.retry_after("receipt:2026", limit=3, window=60)
    assert 59 < wait <= 60
    assert two.retry_after("receipt:2026", limit=3, window=60) == pytest.approx(wait, abs=1)
    assert two.retry_after("receipt:other", limit=3, window=60) == 0


def test_failures_leave_the_window(redis_url, prefix):
    limiter = RedisRateLimiter(connect(redis_url), prefix=prefix)
    limiter.record_failure("ip:10.0.0.1", window=0.3)
    assert limiter.retry_after("ip:10.0.0.1", limit=1, window=0.3) > 0
    time.sleep(0.4)
    assert limiter.retry_after("ip:10.0.0.1", limit=1, window=0.3) == 0


def test_keys_expire_with_their_window(redis_url, prefix):
    """A flood of distinct keys cannot fill the shared server: each set expires."""
    limiter = RedisRateLimiter(connect(redis_url), prefix=prefix)
    limiter.record_failure("ip:10.0.0.2", window=30)
    assert 0 < limiter.windows.client.ttl(f"{prefix}ip:10.0.0.2") <= 30


def test_clear_forgets_only_its_own_prefix(redis_url, prefix):
    """Clearing Sanji's counters leaves whatever else shares the Redis server."""
    limiter = RedisRateLimiter(connect(redis_url), prefix=f"{prefix}mine:")
    neighbour = RedisRateLimiter(connect(redis_url), prefix=f"{prefix}theirs:")
    limiter.record_failure("a", window=60)
    neighbour.record_failure("a", window=60)
    limiter.clear()
    assert limiter.retry_after("a", limit=1, window=60) == 0
    assert neighbour.retry_after("a", limit=1, window=60) > 0


def test_five_wrong_pins_lock_the_seal_on_every_replica(redis_url, prefix):
    one, two = two_replicas(redis_url, prefix, RedisLockout)
    left = [replica.failure("approver-minzheng") for replica in (one, two, one, two)]
    assert left == [4, 3, 2, 1]
    assert two.locked_for("approver-minzheng") == 0
    assert one.failure("approver-minzheng") == 0
    assert 14 * 60 < two.locked_for("approver-minzheng") <= 15 * 60
    assert one.locked_for("reviewer-liangcun") == 0
    two.unlock("approver-minzheng")
    assert one.locked_for("approver-minzheng") == 0


def test_a_right_pin_forgets_the_wrong_ones(redis_url, prefix):
    one, two = two_replicas(redis_url, prefix, RedisLockout)
    one.failure("agent-houfeng")
    one.failure("agent-houfeng")
    two.success("agent-houfeng")
    assert one.failure("agent-houfeng") == 4


def test_redis_down_still_limits_in_this_process(caplog):
    limiter = RedisRateLimiter(connect(DOWN))
    with caplog.at_level(logging.WARNING):
        limiter.record_failure("receipt:1", window=60)
        assert limiter.retry_after("receipt:1", limit=1, window=60) > 0
    assert "Redis unavailable" in caplog.text

    lockout = RedisLockout(connect(DOWN))
    assert [lockout.failure("approver-minzheng") for _ in range(5)] == [4, 3, 2, 1, 0]
    assert lockout.locked_for("approver-minzheng") > 0


def test_the_environment_chooses_the_counters(monkeypatch, tmp_path, redis_url):
    monkeypatch.delenv("SANJI_REDIS_URL", raising=False)
    monkeypatch.delenv("SANJI_REDIS_URL_FILE", raising=False)
    assert isinstance(factories.rate_limiter(), InMemoryRateLimiter)
    assert isinstance(factories.seal_lockout(), InMemoryLockout)

    monkeypatch.setenv("SANJI_REDIS_URL", redis_url)
    assert isinstance(factories.rate_limiter(), RedisRateLimiter)
    assert isinstance(factories.seal_lockout(), RedisLockout)

    secret = tmp_path / "redis-url"
    secret.write_text("redis://:s3cret@redis:6379/1\n")
    monkeypatch.setenv("SANJI_REDIS_URL_FILE", str(secret))
    assert configured_url() == "redis://:s3cret@redis:6379/1"


def test_zope_registers_the_chosen_counters(portal):
    """Without SANJI_REDIS_URL (the test layers), one instance counts in memory."""
    assert isinstance(getUtility(IRateLimiter), InMemoryRateLimiter)
    assert isinstance(getUtility(ISealLockout), InMemoryLockout)
