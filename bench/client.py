"""The load side of the benchmarks: a bounded number of requests over loopback, from this process.

The instance runs in its own process (:mod:`bench.server`); each target is requested a few times to warm
it up, then ``count`` times one after the other on one keep-alive connection (or until a time budget is
spent). What is reported is the median and the spread (interquartile range, min, max) of the response
times, never a mean that one slow outlier of a shared machine moves.
"""

import statistics
import time
from dataclasses import dataclass
from dataclasses import field

import requests

#: Passwords of the sample county's accounts (local default instance only).
PASSWORDS = {"admin": "admin"}
DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class Target:
    """One page or endpoint to time, as ``user`` (None: anonymous)."""

    name: str
    path: str
    user: str | None = None
    method: str = "GET"
    json: bool = False
    #: Requests that change data (the sweep) are timed a few times only, and in order.
    repeat: bool = True


@dataclass
class Timing:
    """Response times (seconds) of one target, and what went wrong if it did."""

    target: Target
    samples: list[float] = field(default_factory=list)
    status: int | None = None
    error: str | None = None
    size: int = 0
    body: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def quartiles(self) -> tuple[float, float]:
        if len(self.samples) < 4:
            return min(self.samples, default=float("nan")), max(self.samples, default=float("nan"))
        q1, _q2, q3 = statistics.quantiles(self.samples, n=4)
        return q1, q3

    def summary(self) -> str:
        if not self.ok:
            return f"{self.error}"
        q1, q3 = self.quartiles
        return (
            f"median {self.median * 1000:8.1f} ms  IQR {q1 * 1000:.1f}–{q3 * 1000:.1f}  "
            f"min {min(self.samples) * 1000:.1f}  max {max(self.samples) * 1000:.1f}  n={len(self.samples)}"
        )


def session_for(user: str | None) -> requests.Session:
    session = requests.Session()
    if user:
        session.auth = (user, PASSWORDS.get(user, DEMO_PASSWORD))
    return session


def request_once(session: requests.Session, base: str, target: Target) -> tuple[float, requests.Response]:
    headers = {"Accept": "application/json"} if target.json else {}
    started = time.perf_counter()
    response = session.request(target.method, f"{base}/{target.path.lstrip('/')}", headers=headers, timeout=600)
    _ = response.content
    return time.perf_counter() - started, response


def _failure(response: requests.Response) -> str | None:
    if response.status_code == 404:
        return "missing (404: not built yet)"
    if response.status_code >= 400:
        return f"HTTP {response.status_code}"
    return None


def measure(base: str, target: Target, *, warmup: int = 2, count: int = 15, budget: float = 45.0) -> Timing:
    """Time ``target`` at ``base``: ``warmup`` untimed requests, then up to ``count`` timed ones.

    Stops early once ``budget`` seconds were spent on timed requests (at least 3 are made), so a slow
    page of a large dataset still finishes in minutes. Requests that change data are made ``count``
    times at most without warm-up (the first sweep gives the cards, the later ones find none new).
    """
    timing = Timing(target)
    with session_for(target.user) as session:
        for _ in range(warmup if target.repeat else 0):
            _seconds, response = request_once(session, base, target)
            timing.error = _failure(response)
            if timing.error:
                timing.status = response.status_code
                return timing
        spent = 0.0
        while len(timing.samples) < count and (spent < budget or len(timing.samples) < 3):
            seconds, response = request_once(session, base, target)
            timing.status = response.status_code
            timing.error = _failure(response)
            if timing.error:
                return timing
            timing.samples.append(seconds)
            timing.size = len(response.content)
            timing.body = response.text[:2000]
            spent += seconds
    return timing


def interleaved(base: str, targets: list[Target], *, warmup: int = 3, rounds: int = 30) -> list[Timing]:
    """Time several targets in turns (A, B, A, B, …): a noisy neighbour then slows them all alike."""
    timings = [Timing(target) for target in targets]
    sessions = [session_for(target.user) for target in targets]
    try:
        for round_number in range(warmup + rounds):
            for timing, session in zip(timings, sessions, strict=True):
                if timing.error:
                    continue
                seconds, response = request_once(session, base, timing.target)
                timing.status, timing.error = response.status_code, _failure(response)
                if round_number >= warmup and not timing.error:
                    timing.samples.append(seconds)
                    timing.size = len(response.content)
    finally:
        for session in sessions:
            session.close()
    return timings
