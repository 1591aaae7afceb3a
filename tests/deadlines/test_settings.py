"""The calendar of the portal reads the administrators' days from the registry; today is Beijing's."""

from datetime import UTC
from datetime import date
from datetime import datetime

import time_machine

from sanji.deadlines.calendar import get_calendar
from sanji.deadlines.calendar import now
from sanji.deadlines.calendar import today
from sanji.deadlines.settings import PREFIX


def test_outside_a_site_the_lists_are_empty():
    calendar = get_calendar()
    assert calendar.extra_holidays == frozenset()
    assert calendar.extra_workdays == frozenset()
    assert not calendar.is_workday(date(2025, 1, 29))


def test_profile_installs_the_records(portal):
    registry = portal.portal_registry
    assert registry[f"{PREFIX}.extra_holidays"] == []
    assert registry[f"{PREFIX}.extra_workdays"] == []


def test_reads_the_registry(portal, settings):
    settings.extra_holidays = [date(2040, 2, 13)]
    settings.extra_workdays = [date(2025, 2, 3)]
    calendar = get_calendar()
    assert calendar.extra_holidays == {date(2040, 2, 13)}
    assert not calendar.is_workday(date(2040, 2, 13))
    assert calendar.is_workday(date(2025, 2, 3))
    assert get_calendar() is calendar  # the same settings give the same calendar and its year tables

    settings.extra_holidays = []
    assert get_calendar().is_workday(date(2040, 2, 13))


def test_today_is_the_date_in_beijing():
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        assert today() == date(2027, 1, 1)
    with time_machine.travel(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), tick=False):
        assert today() == date(2026, 12, 31)


def test_today_follows_the_portal_timezone(portal):
    portal.portal_registry["plone.portal_timezone"] = "Asia/Shanghai"
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        assert today() == date(2027, 1, 1)
    portal.portal_registry["plone.portal_timezone"] = "Europe/Berlin"
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        assert today() == date(2026, 12, 31)


def test_now_is_aware_and_local():
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        moment = now()
    assert moment.utcoffset().total_seconds() == 8 * 3600
    assert (moment.date(), moment.hour) == (date(2027, 1, 1), 1)
