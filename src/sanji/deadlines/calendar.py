"""Working days on the official Chinese holiday calendar (法定节假日与调休), corrected by the administrators.

Time limits of applications count working days (工作日): weekends and public holidays do not count, and the
weekends the State Council shifts to make up for a holiday (调休上班) do. The `chinese_calendar` package
(PyPI chinesecalendar) knows each year once it is announced; for other years we fall back to Monday–Friday,
and administrators fill the gap with extra holidays and extra working days (settings.IDeadlineSettings).

Counting is done on per-year tables of cumulative working days, built once per year and calendar, so a
supervision sweep over thousands of cases costs a few list look-ups per case, not a walk over the days.
"""

import functools
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

import chinese_calendar
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

from sanji.deadlines.settings import PREFIX

#: The county's timezone when the portal names none: a day ends at midnight in Beijing, not in UTC.
DEFAULT_TIMEZONE = "Asia/Shanghai"


@functools.cache
def _official_year(year: int) -> tuple[bool, ...] | None:
    """Whether each day of ``year`` is a working day by chinesecalendar; None when it does not know the year.

    Pure and shared between calendars: the package's data do not change while the process runs.
    """
    first = date(year, 1, 1)
    try:
        chinese_calendar.is_workday(first)
    except NotImplementedError:
        return None
    days = (date(year + 1, 1, 1) - first).days
    return tuple(chinese_calendar.is_workday(first + timedelta(days=n)) for n in range(days))


@dataclass(frozen=True)
class _Year:
    """One year of a calendar: ``prefix[i]`` is the number of working days among its first ``i`` days."""

    flags: tuple[bool, ...]
    prefix: tuple[int, ...]

    @property
    def total(self) -> int:
        return self.prefix[-1]


def _day_of_year(day: date) -> int:
    """0 for 1 January."""
    return day.toordinal() - date(day.year, 1, 1).toordinal()


class WorkingCalendar:
    """Which days are working days, and how to count them.

    A day is a working day when it is an extra working day, or else when it is not an extra holiday and
    chinesecalendar says so (or, for a year it does not know, when it falls on Monday–Friday). Should a day
    sit in both extra lists (the control panel refuses that), the holiday wins: the office was closed.

    Instances are immutable; their per-year tables are filled lazily.
    """

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays) - self.extra_holidays
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return f"<WorkingCalendar {len(self.extra_holidays)} extra holidays, {len(self.extra_workdays)} extra workdays>"

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = self._build_year(year)
        return table

    def _build_year(self, year: int) -> _Year:
        official = _official_year(year)
        first = date(year, 1, 1)
        flags = []
        for n in range((date(year + 1, 1, 1) - first).days):
            day = first + timedelta(days=n)
            if day in self.extra_holidays:
                flags.append(False)
            elif day in self.extra_workdays:
                flags.append(True)
            elif official is not None:
                flags.append(official[n])
            else:
                flags.append(day.weekday() < 5)
        prefix = [0]
        for flag in flags:
            prefix.append(prefix[-1] + flag)
        return _Year(tuple(flags), tuple(prefix))

    def _rank(self, day: date) -> tuple[int, int]:
        """(year, working days of that year up to and including ``day``)."""
        return day.year, self._year(day.year).prefix[_day_of_year(day) + 1]

    def is_workday(self, day: date) -> bool:
        """Whether the offices work on ``day``. Never raises for a year chinesecalendar does not know."""
        return self._year(day.year).flags[_day_of_year(day)]

    def is_official(self, day: date) -> bool:
        """Whether chinesecalendar knows the year of ``day`` (else Monday–Friday and the extra lists apply)."""
        return self.is_official_year(day.year)

    @staticmethod
    def is_official_year(year: int) -> bool:
        """Whether chinesecalendar knows ``year``."""
        return _official_year(year) is not None

    def add_working_days(self, start: date, days: int) -> date:
        """The deadline: the day on which the ``days``-th working day after ``start`` ends.

        ``start`` itself does not count (the day of acceptance is day 0); ``days == 0`` returns ``start``.

        :raises ValueError: when ``days`` is negative.
        """
        if days < 0:
            raise ValueError(f"days must not be negative, got {days}")
        if days == 0:
            return start
        year, done = self._rank(start)
        needed = done + days  # working days of ``year`` up to and including the deadline
        table = self._year(year)
        while needed > table.total:
            needed -= table.total
            year += 1
            table = self._year(year)
        # The first i with prefix[i] == needed: the deadline is the i-th day of the year (1-based).
        return date(year, 1, 1) + timedelta(days=bisect_left(table.prefix, needed) - 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (``start``, ``end``]: after ``start``, up to and including ``end``; 0 when end <= start.

        The inverse of add_working_days: ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        if end <= start:
            return 0
        start_year, start_rank = self._rank(start)
        end_year, end_rank = self._rank(end)
        whole_years = sum(self._year(year).total for year in range(start_year, end_year))
        return whole_years + end_rank - start_rank

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        """Those of ``years`` that chinesecalendar does not know, sorted."""
        return sorted(year for year in set(years) if not self.is_official_year(year))


@functools.lru_cache(maxsize=8)
def _calendar_for(extra_holidays: frozenset[date], extra_workdays: frozenset[date]) -> WorkingCalendar:
    """One calendar per content of the settings, so its year tables survive from request to request."""
    return WorkingCalendar(extra_holidays, extra_workdays)


def _registry_value(registry, name: str) -> list[date]:
    value = registry.get(f"{PREFIX}.{name}", None)
    return [day for day in value or () if isinstance(day, date)]


def get_calendar() -> WorkingCalendar:
    """The portal's calendar: chinesecalendar and the extra days of IDeadlineSettings.

    Outside a Plone site, or before the records are installed, the extra lists are empty.
    """
    registry = queryUtility(IRegistry)
    if registry is None:
        return _calendar_for(frozenset(), frozenset())
    holidays = _registry_value(registry, "extra_holidays")
    workdays = _registry_value(registry, "extra_workdays")
    return _calendar_for(frozenset(holidays), frozenset(workdays))


def local_zone() -> ZoneInfo:
    """The portal's timezone (plone.portal_timezone), else Asia/Shanghai.

    A server clock on UTC turns the date eight hours after Beijing; deadlines end at local midnight.
    """
    name = None
    registry = queryUtility(IRegistry)
    if registry is not None:
        name = registry.get("plone.portal_timezone", None)
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def now() -> datetime:
    """The current time in the portal's timezone: what pauses and acceptance should record.

    Aware, with a fixed-offset ``datetime.timezone`` for the current offset rather than the
    ZoneInfo itself: the instant is the same, and ZODB can pickle it (a ZoneInfo it cannot).
    """
    current = datetime.now(local_zone())
    return current.astimezone(timezone(current.utcoffset()))


def today() -> date:
    """Today in the portal's timezone: the ``today`` to give compute_clock."""
    return now().date()
