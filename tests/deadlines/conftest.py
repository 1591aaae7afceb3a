"""Fixtures of the deadline tests: a bare calendar and the settings records."""

import pytest

from sanji.deadlines.calendar import WorkingCalendar


@pytest.fixture
def calendar() -> WorkingCalendar:
    """chinesecalendar alone, no administrator's corrections."""
    return WorkingCalendar()


@pytest.fixture
def settings(portal):
    """The IDeadlineSettings records, registered even where the profile has not installed them."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from sanji.deadlines.settings import PREFIX
    from sanji.deadlines.settings import IDeadlineSettings

    registry = getUtility(IRegistry)
    registry.registerInterface(IDeadlineSettings, prefix=PREFIX)
    return registry.forInterface(IDeadlineSettings, prefix=PREFIX)
