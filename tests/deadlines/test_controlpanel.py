"""The control panel of the working-day calendar: for managers only, with the unknown-years notice."""

import re
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
import time_machine
from AccessControl import Unauthorized
from plone.app.testing import TEST_USER_ID
from plone.app.testing import logout
from plone.app.testing import setRoles
from zope.interface import alsoProvides

from sanji.interfaces import ISanjiLayer

VIEW = "@@sanji-deadlines-controlpanel"


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    return request


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal


def render(portal) -> str:
    return portal.restrictedTraverse(VIEW)()


def test_renders_for_a_manager_and_names_the_unknown_year(settings, request_, manager):
    with time_machine.travel(datetime(2026, 6, 1, 4, 0, tzinfo=UTC), tick=False):
        html = render(manager)
    assert 'id="sanji-unknown-years"' in html
    notice = html.split('id="sanji-unknown-years"', 1)[1].split("</div>", 1)[0]
    assert "2027" in notice and "2026" not in notice
    assert "form.widgets.extra_holidays" in html
    assert "form.widgets.extra_workdays" in html


def test_no_warning_when_both_years_are_known(settings, request_, manager):
    with time_machine.travel(datetime(2025, 6, 1, 4, 0, tzinfo=UTC), tick=False):
        html = render(manager)
    assert 'id="sanji-unknown-years"' not in html
    assert 'id="sanji-known-years"' in html


def test_unauthorized_for_anonymous(settings, request_, portal):
    logout()
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse(VIEW)


@pytest.mark.parametrize("role", ["Site Administrator", "Editor", "Reviewer"])
def test_unauthorized_below_manager(settings, request_, portal, role):
    # cmf.ManagePortal belongs to Manager alone in Plone; Site Administrators do not get it.
    setRoles(portal, TEST_USER_ID, [role])
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse(VIEW)


def submit(portal, **lists) -> str:
    """Post the form as a browser would, one date widget per list entry."""
    request = portal.REQUEST
    request.environ["REQUEST_METHOD"] = "POST"
    request.form["form.buttons.save"] = "Save"
    for name, days in lists.items():
        request.form[f"form.widgets.{name}.count"] = str(len(days))
        for index, day in enumerate(days):
            request.form[f"form.widgets.{name}.{index}"] = day
    return portal.restrictedTraverse(VIEW)()


def test_saving_sorts_and_deduplicates_and_the_calendar_follows(settings, request_, manager):
    from sanji.deadlines.calendar import get_calendar

    submit(
        manager,
        extra_holidays=["2027-02-10", "2027-02-09", "2027-02-10"],
        extra_workdays=["2027-02-06"],
    )
    assert settings.extra_holidays == [date(2027, 2, 9), date(2027, 2, 10)]
    assert settings.extra_workdays == [date(2027, 2, 6)]
    calendar = get_calendar()
    assert not calendar.is_workday(date(2027, 2, 9))  # a Tuesday
    assert calendar.is_workday(date(2027, 2, 6))  # a Saturday


def test_a_day_in_both_lists_is_refused(settings, request_, manager):
    html = submit(manager, extra_holidays=["2027-02-10"], extra_workdays=["2027-02-10"])
    text = re.sub(r"<[^>]+>", " ", html)  # the day shows in the error message, not only in the inputs
    assert "2027-02-10" in text
    assert settings.extra_holidays == []
    assert settings.extra_workdays == []
