"""``@@supervision-dashboard``: the supervisors' figures with filters, bars, drill-down and exports.

Thin: the filters come from :mod:`sanji.supervision.filters`, the numbers from
:mod:`sanji.supervision.figures`, the files from :mod:`sanji.supervision.export`. Bad filter input
answers 400 with the page and a message saying what to fix.
"""

from functools import cached_property
from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from sanji import _
from sanji.deadlines.calendar import today
from sanji.supervision import export
from sanji.supervision.figures import Figures
from sanji.supervision.figures import Row
from sanji.supervision.figures import figures
from sanji.supervision.figures import labels
from sanji.supervision.figures import red_cases
from sanji.supervision.filters import GROUPS
from sanji.supervision.filters import FilterError
from sanji.supervision.filters import Filters
from sanji.supervision.filters import month_bounds
from sanji.supervision.filters import parse_filters

#: Where a click on a row leads: the filter it sets and the grouping below it.
DRILL_DOWN = {
    "department": ("department", "item"),
    "township": ("township", "village"),
    "item": ("item", "township"),
}

GROUP_TITLES = {
    "department": _("supervision_group_department", default="Department"),
    "item": _("supervision_group_item", default="Item"),
    "township": _("supervision_group_township", default="Township"),
    "village": _("supervision_group_village", default="Village"),
    "staff": _("supervision_group_staff", default="Staff member"),
    "month": _("supervision_group_month", default="Month"),
}


def filter_options(catalog) -> dict[str, list[tuple[str, str]]]:
    """(code, title) of the departments, townships and items a filter may name."""
    queries = {
        "department": ({"portal_type": "Department"}, "department"),
        "township": ({"portal_type": "ServiceArea", "area_tier": "township"}, "getId"),
        "item": ({"portal_type": "ServiceItem"}, "item_code"),
    }
    options = {}
    for name, (query, attribute) in queries.items():
        found = {getattr(brain, attribute): brain.Title for brain in catalog.unrestrictedSearchResults(**query)}
        options[name] = sorted(((code, title) for code, title in found.items() if code), key=lambda pair: pair[1])
    return options


class DashboardView(BrowserView):
    """The page, or ``?export=csv`` / ``?export=xlsx`` of the same table."""

    index = ViewPageTemplateFile("templates/dashboard.pt")
    error: FilterError | None = None
    red_total = 0
    #: How many open red cases the page lists (the most overdue first).
    red_limit = 50

    def __call__(self):
        today_ = today()
        start, end = month_bounds(today_.year, today_.month)
        self.filters = Filters(start=start, end=end)
        try:
            known = {name: {code for code, _title in pairs} for name, pairs in self.options.items()}
            self.filters = parse_filters(self.request.form, today_, known=known)
            fmt = str(self.request.form.get("export") or "")
            if fmt and fmt not in ("csv", "xlsx"):
                raise FilterError(
                    "export", _("error_supervision_export_format", default="Exports are available as csv or xlsx.")
                )
        except FilterError as error:
            self.error = error
            self.request.response.setStatus(400)
            return self.index()
        if fmt:
            return self.export(fmt)
        return self.index()

    @cached_property
    def options(self) -> dict[str, list[tuple[str, str]]]:
        return filter_options(api.portal.get_tool("portal_catalog"))

    @cached_property
    def figures(self) -> Figures:
        return figures(self.filters)

    def error_message(self) -> str:
        return translate(self.error.message, context=self.request) if self.error else ""

    def group_titles(self) -> list[tuple[str, str]]:
        return [(name, translate(GROUP_TITLES[name], context=self.request)) for name in GROUPS]

    def group_title(self) -> str:
        return translate(GROUP_TITLES[self.filters.group_by], context=self.request)

    def url(self, **changes) -> str:
        form = self.filters.with_changes(**changes).as_form() if changes else self.filters.as_form()
        return f"{self.context.absolute_url()}/@@supervision-dashboard?{urlencode(form)}"

    def export_url(self, fmt: str) -> str:
        return f"{self.url()}&export={fmt}"

    def drill_url(self, row: Row) -> str | None:
        target = DRILL_DOWN.get(self.filters.group_by)
        if not row.key:
            return None
        if self.filters.group_by == "month":
            year, month = (int(part) for part in row.key.split("-"))
            start, end = month_bounds(year, month)
            return self.url(period="month", start=start, end=end, group_by="department")
        if target is None:
            return None
        return self.url(**{target[0]: row.key, "group_by": target[1]})

    @staticmethod
    def percent(rate: float | None) -> str:
        return "–" if rate is None else f"{rate * 100:.1f}%"

    @staticmethod
    def days(value: int | None) -> str:
        return "–" if value is None else str(value)

    def kpis(self) -> list[dict]:
        """The headline numbers above the table."""
        total = self.figures.total
        rates = total.rates()
        counts = total.counts
        items = [
            ("accepted", _("supervision_measure_accepted", default="Accepted"), str(counts["accepted"])),
            ("in_progress", _("supervision_measure_in_progress", default="In progress"), str(counts["in_progress"])),
            ("completed", _("supervision_measure_completed", default="Completed"), str(counts["completed"])),
            ("on_time", _("supervision_rate_on_time", default="On-time rate"), self.percent(rates["on_time"])),
            ("yellow", _("supervision_measure_yellow", default="Yellow cards"), str(counts["yellow"])),
            ("red", _("supervision_measure_red", default="Red cards"), str(counts["red"])),
            ("returned", _("supervision_measure_returned", default="Returned"), str(counts["returned"])),
            ("rejected", _("supervision_measure_rejected", default="Rejected"), str(counts["rejected"])),
            (
                "village",
                _("supervision_rate_settled_in_village", default="Settled in the village"),
                self.percent(rates["settled_in_village"]),
            ),
            (
                "township",
                _("supervision_rate_settled_in_township", default="Settled in the township"),
                self.percent(rates["settled_in_township"]),
            ),
            (
                "median",
                _("supervision_column_median_days", default="Median working days"),
                self.days(total.median_days),
            ),
            (
                "p90",
                _("supervision_column_p90_days", default="90th percentile working days"),
                self.days(total.p90_days),
            ),
        ]
        return [{"name": name, "title": title, "value": value} for name, title, value in items]

    def rows(self) -> list[dict]:
        """Table rows with the widths (per cent of the largest group) of their bars."""
        widest = max((row.counts["accepted"] for row in self.figures.rows), default=0) or 1
        found = []
        for row in self.figures.rows:
            counts = row.counts
            late = counts["completed"] - counts["on_time"]
            found.append(
                {
                    "row": row,
                    "label": row.label
                    or translate(_("label_supervision_unknown_group", default="(none)"), context=self.request),
                    "url": self.drill_url(row),
                    "rates": {name: self.percent(rate) for name, rate in row.rates().items()},
                    "bar": {
                        "on_time": 100 * counts["on_time"] / widest,
                        "late": 100 * late / widest,
                        "open": 100 * counts["in_progress"] / widest,
                    },
                }
            )
        return found

    @cached_property
    def red_cases(self) -> list[dict]:
        """Open cases with a red card (those the user may see), with township and village titles."""
        brains, self.red_total = red_cases(self.filters, self.red_limit)
        catalog = api.portal.get_tool("portal_catalog")
        townships = labels(catalog, "township", {brain.township for brain in brains})
        villages = labels(catalog, "village", {brain.village for brain in brains})
        return [
            {
                "url": brain.getURL(),
                "receipt_number": brain.receipt_number,
                "item_title": brain.item_title,
                "township": townships.get(brain.township, brain.township),
                "village": villages.get(brain.village, brain.village),
                "deadline": brain.deadline.isoformat() if brain.deadline else "",
            }
            for brain in brains
        ]

    def export(self, fmt: str) -> bytes:
        header, rows = export.table(self.figures, lambda msg: translate(msg, context=self.request))
        name = f"supervision-{self.filters.start.isoformat()}-{self.filters.end.isoformat()}-{self.filters.group_by}"
        response = self.request.response
        if fmt == "csv":
            response.setHeader("Content-Type", "text/csv; charset=utf-8")
            data = export.to_csv(header, rows)
        else:
            response.setHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            data = export.to_xlsx(header, rows, self.filters.group_by)
        response.setHeader("Content-Disposition", f'attachment; filename="{name}.{fmt}"')
        response.setHeader("Cache-Control", "no-store")
        return data
