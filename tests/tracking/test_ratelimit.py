"""The in-process limiter with a fake clock: windows slide, keys are apart, threads do not lose counts."""

import threading

import pytest
from zope.interface.verify import verifyObject

from sanji.tracking.ratelimit import InMemoryRateLimiter
from sanji.tracking.ratelimit import IRateLimiter
from sanji.tracking.ratelimit import minutes

WINDOW = 15 * 60


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def limiter(clock):
    return InMemoryRateLimiter(clock=clock)


def fail(limiter, key="receipt:1", times=1):
    for _n in range(times):
        limiter.record_failure(key, WINDOW)


def test_provides_the_interface(limiter):
    assert verifyObject(IRateLimiter, limiter)


def test_allows_until_the_limit(limiter):
    fail(limiter, times=4)
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0
    fail(limiter)
    assert limiter.retry_after("receipt:1", 5, WINDOW) == WINDOW


def test_the_window_slides(limiter, clock):
    fail(limiter)  # at 1000
    clock.now += 300
    fail(limiter, times=4)  # at 1300
    assert limiter.retry_after("receipt:1", 5, WINDOW) == WINDOW - 300
    clock.now += WINDOW - 300  # the first failure leaves the window
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0
    fail(limiter)
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 300
    clock.now += 300
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0


def test_keys_are_counted_apart(limiter):
    fail(limiter, "ip:10.0.0.1", times=5)
    assert limiter.retry_after("ip:10.0.0.1", 5, WINDOW) > 0
    assert limiter.retry_after("ip:10.0.0.2", 5, WINDOW) == 0
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0


def test_expired_keys_are_forgotten(limiter, clock):
    fail(limiter, times=5)
    clock.now += WINDOW
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0
    assert limiter._failures == {}


def test_memory_stays_bounded(clock):
    limiter = InMemoryRateLimiter(clock=clock, max_keys=10)
    for number in range(25):
        clock.now += 1
        fail(limiter, f"ip:{number}")
    assert len(limiter._failures) <= 10
    assert "ip:24" in limiter._failures  # the most recent are kept


def test_clear(limiter):
    fail(limiter, times=5)
    limiter.clear()
    assert limiter.retry_after("receipt:1", 5, WINDOW) == 0


def test_threads_lose_no_failure(limiter):
    def work():
        fail(limiter, "ip:shared", times=10)

    threads = [threading.Thread(target=work) for _n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(limiter._failures["ip:shared"]) == 80
    assert limiter.retry_after("ip:shared", 80, WINDOW) > 0
    assert limiter.retry_after("ip:shared", 81, WINDOW) == 0


@pytest.mark.parametrize(("seconds", "expected"), [(1, 1), (60, 1), (61, 2), (899.5, 15)])
def test_minutes_to_wait(seconds, expected):
    assert minutes(seconds) == expected
