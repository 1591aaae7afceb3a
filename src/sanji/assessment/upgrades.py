"""Upgrade steps of the assessment (registered in sanji/upgrades/configure.zcml, profile 1001 → 1002)."""

import logging

from plone import api

from sanji.assessment.steps import memo_from_history
from sanji.assessment.steps import read_memo
from sanji.assessment.steps import write_memo

logger = logging.getLogger("sanji.assessment")

#: States in which a case is within a tier's step (or returned from one).
OPEN_STATES = ("accepted", "township_review", "county_approval", "returned")


def seed_step_memos(context=None) -> int:
    """Give the cases under way their step memo, so the step they are in is timed when it ends.

    Catalog-driven: only the open cases are woken. Returns how many memos were written.
    """
    catalog = api.portal.get_tool("portal_catalog")
    written = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Application", review_state=OPEN_STATES):
        application = brain._unrestrictedGetObject()
        if read_memo(application) is not None:
            continue
        memo = memo_from_history(application)
        if memo is not None:
            write_memo(application, memo)
            written += 1
    logger.info("Assessment: step memos written for %d open cases", written)
    return written
