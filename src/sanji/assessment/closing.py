"""Closing a period: its scores are computed one last time and frozen in a snapshot, audited.

Only a month that is over can be closed (its steps and cards are all in). Afterwards the ranking, the
person pages, ``@assessment`` and the export read the snapshot; events of that month are no longer counted
and manual entries or incidents for it are refused, so what managers signed off stays what it was.
"""

from sanji import _
from sanji.assessment.entries import writable_period
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.history import audited
from sanji.assessment.periods import check_period
from sanji.assessment.periods import has_ended
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import compute
from sanji.deadlines import calendar


def close_period(period: str, *, by: str) -> dict:
    """Freeze ``period``'s scores; returns the snapshot.

    :raises AssessmentRefused: a bad period name, or a month not yet over;
        :class:`~sanji.assessment.exc.PeriodClosed` when it is closed already.
    """
    period = check_period(period)
    if not has_ended(period):
        raise AssessmentRefused(
            _(
                "error_assessment_period_running",
                default="The period ${period} is not over yet: a month can be closed from the first day of the next.",
                mapping={"period": period},
            ),
            "period",
        )
    ledger_period = writable_period(period)
    snapshot = compute(period)
    pending = sum(1 for rows in snapshot[PEOPLE].values() for row in rows if row["provisional"])
    now = calendar.now()
    ledger_period.snapshot = snapshot
    ledger_period.closed_at = now
    ledger_period.closed_by = by
    audited(ledger_period, "assessment_close", actor=by, without_manual=pending)
    return snapshot
