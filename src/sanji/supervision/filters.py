"""What the supervisor asks the figures for: a period, optional department, township and item, a grouping.

Parsed from the request form in one place, for the dashboard, its exports and ``@supervision``;
bad input raises :class:`FilterError` naming the field with a message for people, never a 500.
"""

import re
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import timedelta

from sanji import _

PERIODS = ("month", "quarter", "year", "custom")
#: Groupings of the rows; ``staff`` is for supervisors only (the public side never shows names).
GROUPS = ("department", "item", "township", "village", "staff", "month")
PUBLIC_GROUPS = ("department", "item", "township", "month")
#: A custom range longer than this is refused (the figures would mean little and cost much).
MAX_RANGE_DAYS = 3 * 366

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class FilterError(ValueError):
    """A filter the figures cannot use; ``field`` names it, ``message`` says why (a translatable msgid)."""

    def __init__(self, field: str, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Filters:
    """Cases accepted from ``start`` to ``end`` (both included), narrowed by place and item, grouped by ``group_by``."""

    start: date
    end: date
    period: str = "month"
    department: str | None = None
    township: str | None = None
    item: str | None = None
    group_by: str = "department"

    def with_changes(self, **changes) -> "Filters":
        return replace(self, **changes)

    def as_form(self) -> dict[str, str]:
        """The request form that gives these filters back (links, exports, drill-down)."""
        form = {"period": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.period != "custom":
            form = {"period": self.period, self.period: period_value(self.period, self.start)}
        for name in ("department", "township", "item"):
            value = getattr(self, name)
            if value:
                form[name] = value
        form["group_by"] = self.group_by
        return form


def period_value(period: str, start: date) -> str:
    """The form value naming the period that begins on ``start``: ``2025-03``, ``2025-Q1``, ``2025``."""
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _bad(field: str):
    return FilterError(field, _("error_supervision_filter_invalid", default="This filter value is not valid."))


def parse_month(value, today: date) -> date:
    """The first day of the month ``value`` names (``YYYY-MM``), or of ``today``'s month when empty.

    :raises FilterError: for anything else.
    """
    value = str(value or "").strip()
    if not value:
        return date(today.year, today.month, 1)
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise FilterError(
            "month",
            _("error_supervision_filter_month", default="Give the month as YYYY-MM, for example 2025-03."),
        )
    return date(int(match[1]), int(match[2]), 1)


def _period_bounds(form: dict, period: str, today: date) -> tuple[date, date]:
    value = str(form.get(period) or "").strip()
    if period == "month":
        match = _MONTH.match(value) if value else None
        if value and (not match or not 1 <= int(match[2]) <= 12):
            raise FilterError(
                "month", _("error_supervision_filter_month", default="Give the month as YYYY-MM, for example 2025-03.")
            )
        return month_bounds(int(match[1]), int(match[2])) if match else month_bounds(today.year, today.month)
    if period == "quarter":
        match = _QUARTER.match(value) if value else None
        if value and not match:
            raise FilterError(
                "quarter", _("error_supervision_filter_quarter", default="Give the quarter as YYYY-Q1 to YYYY-Q4.")
            )
        year, quarter = (int(match[1]), int(match[2])) if match else (today.year, (today.month - 1) // 3 + 1)
        first_month = 3 * (quarter - 1) + 1
        return date(year, first_month, 1), month_bounds(year, first_month + 2)[1]
    if period == "year":
        if value and not _YEAR.match(value):
            raise FilterError(
                "year", _("error_supervision_filter_year", default="Give the year as four digits, e.g. 2025.")
            )
        year = int(value) if value else today.year
        return date(year, 1, 1), date(year, 12, 31)
    return _custom_bounds(form)


def _custom_bounds(form: dict) -> tuple[date, date]:
    bounds = []
    for name in ("start", "end"):
        try:
            bounds.append(date.fromisoformat(str(form.get(name) or "").strip()))
        except ValueError:
            raise FilterError(
                name, _("error_supervision_filter_date", default="Give dates as YYYY-MM-DD, for example 2025-03-31.")
            ) from None
    start, end = bounds
    if start > end:
        raise FilterError(
            "end", _("error_supervision_filter_range_order", default="The end of the range lies before its start.")
        )
    if (end - start).days > MAX_RANGE_DAYS:
        raise FilterError(
            "end", _("error_supervision_filter_range_long", default="Choose a range of at most three years.")
        )
    return start, end


def _code(form: dict, name: str, known: set[str] | None) -> str | None:
    value = str(form.get(name) or "").strip()
    if not value:
        return None
    if not _CODE.match(value) or (known is not None and value not in known):
        raise FilterError(
            name, _("error_supervision_filter_unknown", default="There is no such department, township or item.")
        )
    return value


def parse_filters(
    form: dict, today: date, *, known: dict[str, set[str]] | None = None, groups: tuple[str, ...] = GROUPS
) -> Filters:
    """The filters in ``form`` (a request form); the current month grouped by department by default.

    :param known: the codes that exist per filter (``department``, ``township``, ``item``); a code
        outside them is refused rather than silently matching nothing.
    :raises FilterError: naming the first field that is wrong.
    """
    form = {key: (value[0] if isinstance(value, list) and value else value) for key, value in form.items()}
    period = str(form.get("period") or "month").strip()
    if period not in PERIODS:
        raise _bad("period")
    start, end = _period_bounds(form, period, today)
    known = known or {}
    group_by = str(form.get("group_by") or "department").strip()
    if group_by not in groups:
        raise _bad("group_by")
    return Filters(
        start=start,
        end=end,
        period=period,
        department=_code(form, "department", known.get("department")),
        township=_code(form, "township", known.get("township")),
        item=_code(form, "item", known.get("item")),
        group_by=group_by,
    )
