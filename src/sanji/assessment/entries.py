"""Checks shared by whatever people enter (manual marks, incidents): the comment, and a period still open."""

from sanji import _
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.exc import PeriodClosed
from sanji.assessment.ledger import Period
from sanji.assessment.ledger import get_period

#: Longest comment kept (a paragraph; the page is no place for a report).
MAX_COMMENT = 2000


def check_comment(value, field: str) -> str:
    """The comment stripped.

    :raises AssessmentRefused: when it is longer than MAX_COMMENT.
    """
    text = str(value or "").strip()
    if len(text) > MAX_COMMENT:
        message = _(
            "error_assessment_comment_long",
            default="The comment is too long: at most ${max} characters.",
            mapping={"max": MAX_COMMENT},
        )
        raise AssessmentRefused(message, field)
    return text


def refuse_if_closed(period: str) -> None:
    """:raises PeriodClosed: when ``period`` is closed (its scores are frozen)."""
    existing = get_period(period)
    if existing is not None and existing.closed:
        raise PeriodClosed(period)


def writable_period(period: str) -> Period:
    """The ledger's ``period``, created if needed.

    :raises PeriodClosed: when it is closed.
    """
    refuse_if_closed(period)
    return get_period(period, create=True)
