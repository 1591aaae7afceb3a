"""Upgrade 1001 → 1002 adds the supervision's indexes and fills them for the cases already there."""

from plone import api

from sanji.upgrades.v1002 import NEW_INDEXES
from sanji.upgrades.v1002 import reindex_applications
from tests.supervision.conftest import accepted_case
from tests.supervision.conftest import decide

SUPERVISION_INDEXES = ("warn_date", "cards", "settled_tier", "outcome", "returned", "on_time", "days_to_complete")


def test_new_indexes_are_declared_for_the_upgrade(portal):
    catalog = api.portal.get_tool("portal_catalog")
    assert set(SUPERVISION_INDEXES) <= set(NEW_INDEXES)
    assert set(SUPERVISION_INDEXES) <= set(catalog.indexes())
    assert "card" in catalog.schema()


def test_cases_of_an_older_site_get_their_index_values(as_manager):
    portal = as_manager
    case = accepted_case(portal, "2025-03-03")
    decide(case, "2025-03-04", "reject")
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_delIndex(list(SUPERVISION_INDEXES))
    portal.portal_setup.runImportStepFromProfile("profile-sanji:default", "catalog")
    assert not catalog.unrestrictedSearchResults(outcome="rejected")

    reindex_applications(portal.portal_setup)
    (brain,) = catalog.unrestrictedSearchResults(
        outcome="rejected", settled_tier="county", on_time=True, returned=False, days_to_complete=1
    )
    assert brain.receipt_number == case.receipt_number
