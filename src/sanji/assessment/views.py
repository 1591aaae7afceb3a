"""Pages of the assessment: the ranking (``@@assessment``), one person (``@@assessment-person``, ``@@my-assessment``),
closing a period and the XLSX export. They read :mod:`sanji.assessment.ranking` and stay thin."""

from datetime import datetime
from functools import cached_property
from urllib.parse import urlencode

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Unauthorized
from zope.i18n import translate

from sanji import _
from sanji.assessment.closing import close_period
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.exc import InvalidPeriod
from sanji.assessment.export import workbook
from sanji.assessment.incidents import incidents_of
from sanji.assessment.labels import labelled
from sanji.assessment.ledger import get_period
from sanji.assessment.ledger import known_periods
from sanji.assessment.manual import manual_of
from sanji.assessment.periods import check_period
from sanji.assessment.periods import current_period
from sanji.assessment.periods import has_ended
from sanji.assessment.periods import previous_periods
from sanji.assessment.permissions import MANAGE_ASSESSMENT
from sanji.assessment.permissions import RECORD_INCIDENT
from sanji.assessment.permissions import VIEW_ASSESSMENT
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import STATIONS
from sanji.assessment.ranking import ranking
from sanji.assessment.ranking import rows_of
from sanji.assessment.ranking import scores
from sanji.assessment.staff import ASSESSED_TIERS
from sanji.assessment.staff import display_name
from sanji.assessment.staff import staff_of_tier
from sanji.assessment.vocabularies import incident_kinds
from sanji.content.tiers import TIER_TITLES
from sanji.deadlines import calendar

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: How the period's history names what was recorded.
ACTION_TITLES = {
    "assessment_manual": _("action_assessment_manual", default="Manual assessment"),
    "assessment_incident": _("action_assessment_incident", default="Complaint or overturned rejection"),
    "assessment_close": _("action_assessment_close", default="Period closed"),
}


def requested_period(request) -> str:
    """The ``period`` of the request, else the month running; a bad one is reported and replaced."""
    value = request.form.get("period")
    if not value:
        return current_period()
    try:
        return check_period(value)
    except InvalidPeriod as invalid:
        IStatusMessage(request).add(invalid.message, type="warning")
        return current_period()


def period_choices(selected: str) -> list[str]:
    """The last twelve months and every month with records, newest first."""
    return sorted(set(previous_periods(current_period(), 12)) | set(known_periods()) | {selected}, reverse=True)


class AssessmentBase(BrowserView):
    @cached_property
    def period(self) -> str:
        return requested_period(self.request)

    def periods(self) -> list[str]:
        return period_choices(self.period)

    @cached_property
    def ledger_period(self):
        return get_period(self.period)

    @cached_property
    def data(self) -> dict:
        """The period's scores, computed (or read from the snapshot) once per page."""
        return scores(self.period)

    def weights(self) -> dict:
        return self.data["weights"]

    @property
    def closed(self) -> bool:
        return self.ledger_period is not None and self.ledger_period.closed

    def closed_info(self) -> dict | None:
        if not self.closed:
            return None
        closed_at = self.ledger_period.closed_at
        return {
            "by": display_name(self.ledger_period.closed_by or ""),
            "at": closed_at.astimezone(calendar.local_zone()).strftime("%Y-%m-%d %H:%M") if closed_at else "",
        }

    def can(self, permission: str) -> bool:
        return bool(api.user.has_permission(permission, obj=self.context))

    def can_manage(self) -> bool:
        return self.can(MANAGE_ASSESSMENT)

    def can_record(self) -> bool:
        return self.can(RECORD_INCIDENT)

    def url(self, view: str, **params) -> str:
        query = urlencode({key: value for key, value in params.items() if value})
        return f"{api.portal.get().absolute_url()}/@@{view}" + (f"?{query}" if query else "")

    @staticmethod
    def number(value) -> str:
        """A score as people write it: 88.6, 90 (not 90.0), — when there is none."""
        return "—" if value is None else f"{value:g}"

    def tier_title(self, tier: str) -> str:
        return translate(TIER_TITLES.get(tier, tier), context=self.request)


class RankingView(AssessmentBase):
    """``@@assessment``: a tier's people or stations ranked for a period, with the picker and the export."""

    @cached_property
    def tier(self) -> str:
        tier = self.request.form.get("tier")
        return tier if tier in ASSESSED_TIERS else ASSESSED_TIERS[0]

    @cached_property
    def kind(self) -> str:
        return STATIONS if self.request.form.get("kind") == STATIONS else PEOPLE

    def tiers(self) -> list[dict]:
        return [{"id": tier, "title": self.tier_title(tier)} for tier in ASSESSED_TIERS]

    def rows(self) -> list[dict]:
        return labelled(ranking(self.period, self.tier, self.kind, self.data), self.kind)

    def can_close(self) -> bool:
        return self.can_manage() and not self.closed and has_ended(self.period)

    def history(self) -> list[dict]:
        """The audited entries of the period (manual scores, incidents, closing), newest first; managers only."""
        if self.ledger_period is None or not (self.can_manage() or self.can_record()):
            return []
        rows = []
        for entry in reversed(list(self.ledger_period.history)):
            details = dict(entry.get("details") or {})
            rows.append(
                {
                    "seq": entry["seq"],
                    "time": _local(entry["time"]),
                    "actor": display_name(entry["actor"]),
                    "action": translate(ACTION_TITLES.get(entry["action"], entry["action"]), context=self.request),
                    "person": display_name(details.pop("person", "")) if details.get("person") else "",
                    "details": ", ".join(f"{key}={value}" for key, value in sorted(details.items()) if key != "period"),
                }
            )
        return rows

    def person_url(self, userid: str) -> str:
        return self.url("assessment-person", userid=userid, period=self.period)

    def export_url(self) -> str:
        return self.url("assessment-export", period=self.period)


class PersonView(AssessmentBase):
    """``@@assessment-person?userid=…``: one person's automatic and manual parts; staff may open only their own."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Sign in to see assessment scores.")
        if self.userid != api.user.get_current().getId() and not self.can(VIEW_ASSESSMENT):
            raise Unauthorized("Staff may see their own assessment only.")
        return self.index()

    @cached_property
    def userid(self) -> str:
        return str(self.request.form.get("userid") or api.user.get_current().getId())

    def name(self) -> str:
        return display_name(self.userid)

    def rows(self) -> list[dict]:
        return labelled(rows_of(self.period, self.userid, self.data), PEOPLE)

    def manual(self) -> dict | None:
        return manual_of(self.period, self.userid)

    def incidents(self) -> list[dict]:
        kinds = incident_kinds(self.context)
        return [
            {**entry, "kind_title": translate(kinds.getTerm(entry["kind"]).title, context=self.request)}
            for entry in incidents_of(self.period, self.userid)
        ]

    def assessed(self) -> bool:
        """Whether the person is among the staff assessed (a manager or supervisor is not)."""
        return any(self.userid in staff_of_tier(tier) for tier in ASSESSED_TIERS)

    def manual_form_url(self) -> str:
        return self.url("assessment-manual", userid=self.userid, period=self.period)

    def ranking_url(self, tier: str) -> str:
        return self.url("assessment", period=self.period, tier=tier)


class MyAssessmentView(PersonView):
    """``@@my-assessment`` (我的考核): always the signed-in person."""

    @cached_property
    def userid(self) -> str:
        return api.user.get_current().getId()


class ClosePeriodView(BrowserView):
    """``@@assessment-close`` (POST, with the form's authenticator): freeze a period's scores."""

    def __call__(self):
        if self.request.method != "POST":
            raise Unauthorized("Closing a period needs the form's POST.")
        CheckAuthenticator(self.request)
        period = str(self.request.form.get("period") or "")
        messages = IStatusMessage(self.request)
        try:
            close_period(period, by=api.user.get_current().getId())
        except AssessmentRefused as refused:
            messages.add(refused.message, type="error")
        else:
            messages.add(
                _(
                    "info_assessment_closed",
                    default="The period ${period} is closed; its scores are frozen.",
                    mapping={"period": period},
                ),
                type="info",
            )
        target = f"{api.portal.get().absolute_url()}/@@assessment?" + urlencode({"period": period})
        return self.request.response.redirect(target)


class ExportView(AssessmentBase):
    """``@@assessment-export?period=…``: the period's rankings as XLSX."""

    def __call__(self):
        data = workbook(self.period, self.request)
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader("Content-Disposition", f'attachment; filename="assessment-{self.period}.xlsx"')
        response.setHeader("Cache-Control", "no-store")
        return data


def _local(value: str) -> str:
    """An audit entry's UTC time in the county's timezone."""
    return datetime.fromisoformat(value).astimezone(calendar.local_zone()).strftime("%Y-%m-%d %H:%M:%S")
