"""``@@supervision-public``: the public page (办件公开), anonymous; data from :mod:`sanji.supervision.public`."""

from functools import cached_property

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from sanji import _
from sanji.deadlines.calendar import today
from sanji.supervision.filters import FilterError
from sanji.supervision.filters import parse_month
from sanji.supervision.public import public_statistics

STATE_TITLES = {
    "accepted": _("supervision_state_accepted", default="At the village station"),
    "township_review": _("supervision_state_township_review", default="In township review"),
    "county_approval": _("supervision_state_county_approval", default="In county approval"),
    "returned": _("supervision_state_returned", default="Returned for correction"),
    "approved": _("supervision_state_approved", default="Approved, result being issued"),
    "rejected": _("supervision_state_rejected", default="Rejected, result being issued"),
}


class PublicView(BrowserView):
    """``?month=YYYY-MM`` shows another month by department and item; a bad value answers 400 with a message."""

    index = ViewPageTemplateFile("templates/public.pt")
    error: FilterError | None = None

    def __call__(self):
        try:
            self.month = parse_month(self.request.form.get("month"), today())
        except FilterError as error:
            self.error = error
            self.month = parse_month("", today())
            self.request.response.setStatus(400)
        self.request.response.setHeader("Cache-Control", "public, max-age=60")
        return self.index()

    @cached_property
    def stats(self) -> dict:
        return public_statistics(today(), self.month)

    def error_message(self) -> str:
        return translate(self.error.message, context=self.request) if self.error else ""

    def month_value(self) -> str:
        return f"{self.month.year}-{self.month.month:02d}"

    def states(self) -> list[dict]:
        """Cases in each open state, with their titles."""
        return [
            {"state": state, "title": translate(STATE_TITLES[state], context=self.request), "count": count}
            for state, count in self.stats["progress"].items()
        ]

    @staticmethod
    def percent(rate: float | None) -> str:
        return "–" if rate is None else f"{rate * 100:.1f}%"

    def monthly(self) -> list[dict]:
        """The last twelve months with bar widths relative to the busiest month."""
        rows = self.stats["monthly"]["rows"]
        widest = max((row["accepted"] for row in rows), default=0) or 1
        return [
            {**row, "width": 100 * row["accepted"] / widest, "completed_width": 100 * row["completed"] / widest}
            for row in rows
        ]
