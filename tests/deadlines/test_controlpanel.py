"""The control panel of the working-day calendar: for managers only, with the unknown-years notice."""

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


def test_renders_for_a_manager_and_names_the_unknown_year(deadlines_zcml, settings, request_, manager):
    with time_machine.travel(datetime(2026, 6, 1, 4, 0, tzinfo=UTC), tick=False):
        html = render(manager)
    assert 'id="sanji-unknown-years"' in html
    notice = html.split('id="sanji-unknown-years"', 1)[1].split("</div>", 1)[0]
    assert "2027" in notice and "2026" not in notice
    assert "form.widgets.extra_holidays" in html
    assert "form.widgets.extra_workdays" in html


def test_no_warning_when_both_years_are_known(deadlines_zcml, settings, request_, manager):
    with time_machine.travel(datetime(2025, 6, 1, 4, 0, tzinfo=UTC), tick=False):
        html = render(manager)
    assert 'id="sanji-unknown-years"' not in html
    assert 'id="sanji-known-years"' in html


def test_unauthorized_for_anonymous(deadlines_zcml, settings, request_, portal):
    logout()
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse(VIEW)


@pytest.mark.parametrize("role", ["Site Administrator", "Editor", "Reviewer"])
def test_unauthorized_below_manager(deadlines_zcml, settings, request_, portal, role):
    # cmf.ManagePortal belongs to Manager alone in Plone; Site Administrators do not get it.
    setRoles(portal, TEST_USER_ID, [role])
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse(VIEW)
