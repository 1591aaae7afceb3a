"""Fixtures of the deadline tests: a bare calendar, the settings records and the control panel view."""

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


@pytest.fixture
def deadlines_zcml(integration, portal):
    """sanji.deadlines' components, loaded on a stacked registry and removed after the test.

    Needed until the root configure.zcml includes .deadlines; harmless afterwards (a file already
    loaded is skipped).
    """
    from plone.app.testing.helpers import popGlobalRegistry
    from plone.app.testing.helpers import pushGlobalRegistry
    from plone.testing import zca
    from zope.configuration import xmlconfig

    import sanji.deadlines

    pushGlobalRegistry(portal)
    try:
        context = zca.stackConfigurationContext(integration.get("configurationContext"))
        xmlconfig.file("configure.zcml", package=sanji.deadlines, context=context)
        yield
    finally:
        popGlobalRegistry(portal)
