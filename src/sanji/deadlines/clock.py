"""The clock of one case: its deadlines and the working days used and left, as of a given day.

A pure function of the case's dates, its pauses and the calendar, so the indexers, the worklists and the
supervision sweep all agree, and tests need no frozen time: ``today`` is an argument.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sanji.deadlines.calendar import WorkingCalendar
from sanji.deadlines.ledger import open_pause
from sanji.deadlines.ledger import paused_working_days


@dataclass(frozen=True)
class ClockState:
    """Where a case stands.

    - ``deadline``: the last day of the promised time limit, moved later by the paused working days;
    - ``step_deadline``: the same for the current step (None when the step is not timed);
    - ``used``: working days counted against the case, pauses excluded;
    - ``remaining``: working days from today to the deadline; negative when past, minus the working days from
      the deadline to today (so on a rest day right after the deadline it is still 0 while ``overdue`` is True);
    - ``overdue``: today lies after the deadline;
    - ``paused``: the case is with the applicant and the clock stands still;
    - ``official``: chinesecalendar knows every year involved; otherwise Monday–Friday and the administrators'
      extra days were assumed, and the UI says so.
    """

    deadline: date
    step_deadline: date | None
    used: int
    remaining: int
    overdue: bool
    paused: bool
    official: bool


def compute_clock(
    *,
    accepted: date,
    promised_days: int,
    step_started: date | None,
    step_days: int | None,
    pauses: Sequence[dict],
    calendar: WorkingCalendar,
    today: date,
) -> ClockState:
    """The clock of a case accepted on ``accepted`` with ``promised_days`` working days, as of ``today``.

    While a pause is open the clock stands still: the day the pause began is taken for today, so ``used``
    and ``remaining`` stay as they were when the case was returned, and the deadlines move only once the
    corrected materials come back. A case resubmitted after correction is therefore never wrongly overdue.

    The step deadline counts ``step_days`` from ``step_started`` and moves by the pauses begun since.

    :param pauses: the case's suspension ledger (see ledger.py).
    :raises ValueError: when ``promised_days`` or ``step_days`` is negative.
    """
    current = open_pause(pauses)
    now = min(today, current.start.date()) if current else today

    paused_total = paused_working_days(pauses, calendar, now, since=accepted)
    deadline = calendar.add_working_days(accepted, promised_days + paused_total)

    step_deadline = None
    if step_started is not None and step_days is not None:
        paused_in_step = paused_working_days(pauses, calendar, now, since=step_started)
        step_deadline = calendar.add_working_days(step_started, step_days + paused_in_step)

    used = calendar.working_days_between(accepted, now) - paused_total
    if now <= deadline:
        remaining = calendar.working_days_between(now, deadline)
    else:
        remaining = -calendar.working_days_between(deadline, now)

    last = max(day for day in (deadline, step_deadline, now) if day is not None)
    first = min(accepted, now)
    official = not calendar.unknown_years(range(first.year, last.year + 1))

    return ClockState(
        deadline=deadline,
        step_deadline=step_deadline,
        used=used,
        remaining=remaining,
        overdue=now > deadline,
        paused=current is not None,
        official=official,
    )
