"""The clock of a case: deadlines in working days, paused while it is returned for correction.

Bridges the application to :mod:`sanji.deadlines`. Transitions call :func:`refresh_clock`, which
stores the overall and step deadlines on the application, where the catalog indexes them; lists
and the supervision sweep then query those indexes instead of waking every case.
"""

from datetime import date
from datetime import datetime

from persistent.list import PersistentList

from sanji.deadlines import ledger
from sanji.deadlines.calendar import get_calendar
from sanji.deadlines.clock import ClockState
from sanji.deadlines.clock import compute_clock
from sanji.deadlines.steps import step_limits


def pauses(application) -> PersistentList:
    """The suspension ledger of ``application`` (created on first use)."""
    ledger_list = getattr(application, "pauses", None)
    if ledger_list is None:
        ledger_list = application.pauses = PersistentList()
    return ledger_list


def start_pause(application, when: datetime, reason: str, actor: str | None) -> None:
    ledger.start_pause(pauses(application), when, reason, actor or "")


def end_pause(application, when: datetime) -> None:
    if ledger.open_pause(pauses(application)) is not None:
        ledger.end_pause(pauses(application), when)


def clock_state(application, today: date) -> ClockState | None:
    """Deadlines, time used and remaining; None before the case is accepted."""
    if application.accepted_at is None:
        return None
    tier = application.current_tier()
    limits = step_limits(application.promised_days, application.route())
    return compute_clock(
        accepted=application.accepted_at.date(),
        promised_days=application.promised_days,
        step_started=application.step_started if tier else None,
        step_days=limits.get(tier) if tier else None,
        pauses=pauses(application),
        calendar=get_calendar(),
        today=today,
    )


def refresh_clock(application, today: date) -> ClockState | None:
    """Store the current deadlines on ``application`` (the caller reindexes)."""
    state = clock_state(application, today)
    application.deadline = state.deadline if state else None
    application.step_deadline = state.step_deadline if state else None
    # As of this refresh (each step, and the supervision sweep): lists show them without waking
    # the case; what is overdue *now* is always a query on the deadline indexes.
    application.days_used = state.used if state else None
    application.days_remaining = state.remaining if state else None
    return state
