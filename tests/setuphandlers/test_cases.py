"""The sample cases of Suning county: created once, in the states cases.json describes."""

from plone import api

from sanji.setuphandlers.cases import import_sample_cases
from sanji.testing import COUNTY_PROFILE


def states(portal) -> list[str]:
    brains = portal.portal_catalog.unrestrictedSearchResults(portal_type="Application", sort_on="created")
    return [brain.review_state for brain in brains]


def test_sample_cases_in_their_states_and_only_once(as_manager):
    portal = as_manager
    assert import_sample_cases(portal, COUNTY_PROFILE) == 5
    assert states(portal) == ["township_review", "county_approval", "returned", "completed", "draft"]
    assert import_sample_cases(portal, COUNTY_PROFILE) == 0
    assert len(states(portal)) == 5
    with api.env.adopt_user(username="reviewer-liangcun"):
        waiting = api.content.find(portal_type="Application", waiting_for="reviewers-liangcun")
    assert len(waiting) == 1
