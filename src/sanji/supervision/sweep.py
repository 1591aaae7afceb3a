"""The sweep: every :class:`sanji.interfaces.ISweepTask` in the order of its name, each in its own transaction.

Run by ``sanji-sweep <zope.conf>`` (the CronJob over a shared storage) or by a POST to
``@@sanji-sweep`` (one FileStorage instance, a local clock). A task that conflicts with another
instance's sweep is retried from a fresh view of the database, where it finds its work done; a task
that fails is logged and the next one still runs, so an SMS provider that is down never stops the
cards.
"""

import logging
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

import transaction
from zope.component import getUtilitiesFor

from sanji.deadlines import calendar
from sanji.interfaces import ISweepTask

logger = logging.getLogger("sanji.sweep")

#: Attempts per task: a conflict with a concurrent sweep or a busy instance is retried.
ATTEMPTS = 5


@dataclass
class TaskResult:
    """What one task reported, or the error that stopped it."""

    name: str
    summary: dict = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"task": self.name, "summary": self.summary, "error": self.error, "seconds": round(self.seconds, 3)}


@dataclass
class SweepReport:
    """One sweep: when it ran and each task's result, in order."""

    now: datetime
    results: list[TaskResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.error is None for result in self.results)

    def as_dict(self) -> dict:
        return {"now": self.now.isoformat(), "ok": self.ok, "tasks": [result.as_dict() for result in self.results]}

    def __str__(self) -> str:
        lines = [f"sweep at {self.now.isoformat()}: {'ok' if self.ok else 'FAILED'}"]
        for result in self.results:
            detail = result.error or ", ".join(f"{key}={value}" for key, value in sorted(result.summary.items()))
            lines.append(f"  {result.name}: {detail} ({result.seconds:.2f} s)")
        return "\n".join(lines)


def sweep_tasks() -> list[tuple[str, ISweepTask]]:
    """The registered tasks, by name."""
    return sorted(getUtilitiesFor(ISweepTask), key=lambda item: item[0])


def run_task(site, name: str, task, now: datetime, attempts: int = ATTEMPTS) -> TaskResult:
    """Run ``task`` in its own transaction, retried on conflicts; never raises.

    Each attempt begins a new transaction, which brings the connection up to date: the retry sees
    what the concurrent sweep committed (the card it gave) and does not do it again.
    """
    started = time.monotonic()
    result = TaskResult(name)
    manager = transaction.manager
    try:
        for attempt in manager.attempts(attempts):
            with attempt as txn:
                txn.note(f"sanji-sweep: {name}")
                result.summary = dict(task(site, now) or {})
    except Exception as error:  # one broken task must not stop the others
        manager.abort()
        result.error = f"{type(error).__name__}: {error}"
        logger.exception("Sweep task %s failed", name)
    result.seconds = time.monotonic() - started
    return result


def run_sweep(site, now: datetime | None = None, attempts: int = ATTEMPTS) -> SweepReport:
    """Run every sweep task at ``now`` (default: the portal's current time); commits as it goes."""
    now = now or calendar.now()
    report = SweepReport(now)
    for name, task in sweep_tasks():
        report.results.append(run_task(site, name, task, now, attempts))
    logger.info("%s", report)
    return report
