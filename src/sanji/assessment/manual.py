"""人工考核: the managers' marks for what the program cannot see (attitude, guidance, justified complaints).

One assessment per person and period, each mark 0–100, with a comment. Entering it again replaces it; every
entry is written to the audit log (who entered which marks for whom, when) and to the period's own history,
which the assessment pages show to managers. A closed period refuses entries.
"""

from collections.abc import Mapping

from sanji import _
from sanji.assessment.entries import check_comment
from sanji.assessment.entries import refuse_if_closed
from sanji.assessment.entries import writable_period
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.history import audited
from sanji.assessment.ledger import get_period
from sanji.assessment.periods import check_period
from sanji.assessment.scoring import MANUAL_MARKS
from sanji.assessment.scoring import manual_score
from sanji.assessment.staff import is_staff
from sanji.deadlines import calendar


def check_mark(name: str, value) -> int:
    """A mark as an integer 0–100.

    :raises AssessmentRefused: naming the field, for anything else.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or number != int(number) or not 0 <= number <= 100:
        raise AssessmentRefused(
            _(
                "error_assessment_mark",
                default="Each mark is a whole number from 0 to 100.",
            ),
            name,
        )
    return int(number)


def check_entry(period: str, userid: str, marks: Mapping, comment: str = "") -> tuple[str, dict, str]:
    """``period``, the marks and the comment, validated.

    :raises AssessmentRefused: for a bad period, an unknown person, a missing or out-of-range mark, a
        comment too long; :class:`PeriodClosed` for a closed period.
    """
    period = check_period(period)
    if not userid or not is_staff(str(userid)):
        raise AssessmentRefused(
            _("error_assessment_unknown_person", default="No staff member has this user id."), "userid"
        )
    values = {}
    for name in MANUAL_MARKS:
        if marks.get(name) in (None, ""):
            raise AssessmentRefused(_("error_required", default="Required input is missing."), name)
        values[name] = check_mark(name, marks[name])
    comment = check_comment(comment, "comment")
    refuse_if_closed(period)
    return period, values, comment


def set_manual(period: str, userid: str, marks: Mapping, comment: str = "", *, by: str) -> dict:
    """Record (or replace) the manual assessment of ``userid`` for ``period`` by the manager ``by``.

    :returns: the stored entry (marks, comment, by, at, score).
    :raises AssessmentRefused: see :func:`check_entry`.
    """
    period, values, comment = check_entry(period, userid, marks, comment)
    ledger_period = writable_period(period)
    score = round(manual_score(values), 2)
    at = calendar.now().isoformat(timespec="seconds")
    previous = ledger_period.manual.get(userid)
    entry = {**values, "comment": comment, "by": by, "at": at, "score": score}
    ledger_period.manual[userid] = entry
    audited(
        ledger_period,
        "assessment_manual",
        actor=by,
        person=userid,
        score=score,
        replaced=previous is not None,
        **values,
    )
    return dict(entry)


def manual_of(period: str, userid: str) -> dict | None:
    ledger_period = get_period(period)
    entry = ledger_period.manual.get(userid) if ledger_period is not None else None
    return dict(entry) if entry else None
