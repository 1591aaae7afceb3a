"""What only people can establish, recorded against a staff member: complaints and overturned rejections.

A supervisor or a manager records a citizen's complaint (投诉) or a rejection that was overturned on review
(驳回被纠正) against the person and the case's receipt number. The case must exist and the person must have
handled it, so an incident cannot be pinned on someone by mistake. Each one adds to the person's and the
station's counters of the period, is kept in the period's list, and is written to the audit log.
"""

from sanji import _
from sanji.api.receipts import find_application
from sanji.assessment.entries import check_comment
from sanji.assessment.entries import writable_period
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.history import audited
from sanji.assessment.ledger import get_period
from sanji.assessment.periods import check_period
from sanji.assessment.recording import station_at
from sanji.assessment.staff import places_of
from sanji.deadlines import calendar

COMPLAINT = "complaint"
OVERTURNED = "overturned"

#: Incident kind → the counter it adds to.
KINDS = {COMPLAINT: "complaints", OVERTURNED: "overturned"}


def _normalised_receipt(value) -> str:
    return "".join(str(value or "").split())


def _tier_on_case(userid: str, application) -> str | None:
    """The tier at which ``userid`` works on the case's route (their place groups decide)."""
    route = application.route()
    tiers = [place.tier for place in places_of(userid)]
    return next((tier for tier in tiers if tier in route), None)


def record_incident(period: str, userid: str, kind: str, receipt: str, note: str = "", *, by: str) -> dict:
    """Count a complaint or an overturned rejection against ``userid`` in ``period``; returns the entry.

    :raises AssessmentRefused: unknown kind, bad period, no such case, a case the person never handled, a
        note too long; :class:`~sanji.assessment.exc.PeriodClosed` for a closed period.
    """
    if kind not in KINDS:
        raise AssessmentRefused(
            _("error_assessment_kind", default="Choose a complaint or an overturned rejection."), "kind"
        )
    period = check_period(period)
    number = _normalised_receipt(receipt)
    application = find_application(number) if number else None
    if application is None:
        raise AssessmentRefused(_("error_assessment_no_case", default="No case has this receipt number."), "receipt")
    tier = _tier_on_case(userid, application) if userid in (application.handled_by or ()) else None
    if tier is None:
        raise AssessmentRefused(
            _("error_assessment_not_handled", default="This staff member did not handle that case."), "userid"
        )
    note = check_comment(note, "note")
    ledger_period = writable_period(period)
    station = station_at(application, tier)
    counter = KINDS[kind]
    ledger_period.person(tier, userid, station).add(**{counter: 1})
    ledger_period.station(tier, station).add(**{counter: 1})
    entry = {
        "kind": kind,
        "person": userid,
        "tier": tier,
        "station": station,
        "receipt": number,
        "note": note,
        "by": by,
        "at": calendar.now().isoformat(timespec="seconds"),
    }
    ledger_period.incidents.append(entry)
    audited(ledger_period, "assessment_incident", application, actor=by, person=userid, kind=kind)
    return dict(entry)


def incidents_of(period: str, userid: str | None = None) -> list[dict]:
    """The incidents recorded in ``period`` (against ``userid`` only, if given), oldest first."""
    ledger_period = get_period(period)
    if ledger_period is None:
        return []
    return [dict(entry) for entry in ledger_period.incidents if userid is None or entry["person"] == userid]
