"""The warn date of a case: the first day on which its remaining working days reach the yellow threshold.

Indexed (``warn_date``) at every step, so the sweep finds the cases due for a yellow card with one
range query instead of computing every open case's clock; when the thresholds change, the open
cases' warn dates are recomputed (:func:`sanji.supervision.recompute.recompute_warn_dates`).
"""

from datetime import date
from datetime import timedelta

from sanji.deadlines.calendar import WorkingCalendar


def yellow_threshold(promised_days: int, yellow_days: int, yellow_share: int) -> int:
    """Remaining working days at or below which a case promised in ``promised_days`` is warned."""
    by_share = (max(promised_days, 0) * yellow_share) // 100
    return max(yellow_days, by_share)


def warn_date(deadline: date, threshold: int, calendar: WorkingCalendar) -> date:
    """The earliest day from which at most ``threshold`` working days remain before ``deadline``.

    Remaining days count as :func:`sanji.deadlines.clock.compute_clock` counts them: the working days
    in (day, deadline]. So a threshold of 0 gives the deadline itself, 1 the last working day before
    it, and a rest day just before that window belongs to the window only if no working day is skipped.
    """
    if threshold < 0:
        raise ValueError(f"threshold must not be negative, got {threshold}")
    day = deadline
    # Step back while the day before still leaves no more than ``threshold`` working days; a calendar
    # without working days (a misconfiguration) stops after ten years instead of looping.
    earliest = deadline - timedelta(days=3660)
    while day > earliest and calendar.working_days_between(day - timedelta(days=1), deadline) <= threshold:
        day -= timedelta(days=1)
    return day
