"""Assessment periods are calendar months in the county's timezone, named ``YYYY-MM``."""

import re
from datetime import date
from datetime import datetime

from sanji import _
from sanji.assessment.exc import InvalidPeriod
from sanji.deadlines import calendar

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_of(moment: date | datetime) -> str:
    """The period a day or a moment belongs to (an aware datetime is taken in the county's timezone)."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(calendar.local_zone())
    return f"{moment.year:04d}-{moment.month:02d}"


def current_period() -> str:
    """The month running now (``calendar.now()``, which tests freeze)."""
    return period_of(calendar.now())


def check_period(value: str) -> str:
    """``value`` stripped, if it names a month.

    :raises InvalidPeriod: for anything else, with a message naming the expected form.
    """
    text = str(value or "").strip()
    if not _PERIOD.match(text):
        raise InvalidPeriod(
            _(
                "error_assessment_period",
                default="A period is a month written as YYYY-MM, e.g. 2026-11; got “${value}”.",
                mapping={"value": text[:20]},
            )
        )
    return text


def has_ended(period: str, today: date | None = None) -> bool:
    """Whether the month is over: only then can it be closed (its cards and steps are all in)."""
    return period < period_of(today or calendar.today())


def previous_periods(period: str, count: int) -> list[str]:
    """``period`` and the ``count - 1`` months before it, newest first (for pickers)."""
    year, month = (int(part) for part in check_period(period).split("-"))
    periods = []
    for _offset in range(count):
        periods.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return periods
