"""The search box opens a case from its receipt number, for whoever may see it; other queries search as Plone does."""

import pytest
from plone import api
from zope.interface import alsoProvides

from sanji.browser.search import receipt_number
from sanji.interfaces import ISanjiLayer
from tests.cases import new_case


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2026112804837291", "2026112804837291"),
        ("2026 1128 0483 7291", "2026112804837291"),
        ("２０２６１１２８０４８３７２９１", "2026112804837291"),
        ("2026-1128-0483-7291", "2026112804837291"),
        ("202611280483729", None),
        ("高龄津贴", None),
        (["2026112804837291"], None),
        (None, None),
    ],
)
def test_what_counts_as_a_receipt_number(typed, number):
    assert receipt_number(typed) == number


def search(portal, user: str, text: str):
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    request.form["SearchableText"] = text
    request.response.setStatus(200)
    request.response.headers.pop("location", None)
    with api.env.adopt_user(username=user):
        html = api.content.get_view("search", portal, request)()
    return request.response.getStatus(), request.response.getHeader("Location"), html


def test_a_receipt_number_opens_its_case(portal):
    case = new_case(portal)
    number = " ".join(case.receipt_number[i : i + 4] for i in range(0, 16, 4))
    status, location, _html = search(portal, "agent-houfeng", number)
    assert (status, location) == (302, case.absolute_url())


def test_a_case_the_user_may_not_see_is_not_revealed(portal):
    case = new_case(portal)
    status, location, html = search(portal, "agent-qianfeng", case.receipt_number)  # another village's agent
    assert status == 200 and not location
    assert case.absolute_url() not in html


def test_other_queries_are_plones_search(portal):
    status, location, html = search(portal, "agent-houfeng", "高龄津贴")
    assert status == 200 and not location
    assert 'id="searchform"' in html or "search-results" in html
