"""Upgrade steps of the cases already there: their comments sealed, and their permissions refreshed.

See :mod:`sanji.workflow.comments`. A shredded case has no data key to seal them with: its comments
are emptied instead, as its personal data was destroyed.
"""

import logging
from collections.abc import Iterator

import transaction
from plone import api

from sanji.crypto.errors import DataShredded
from sanji.workflow.comments import seal_comments
from sanji.workflow.definition import WORKFLOW_ID
from sanji.workflow.definition import definition
from sanji.workflow.subscribers import PAUSE_REASON

logger = logging.getLogger("sanji.upgrades")

#: Cases per savepoint, so that a county's history does not sit in memory all at once.
BATCH = 500


def _cases() -> Iterator:
    """Every case of the site, with a savepoint after each :data:`BATCH` of them."""
    catalog = api.portal.get_tool("portal_catalog")
    for number, brain in enumerate(catalog.unrestrictedSearchResults(portal_type="Application"), start=1):
        yield brain._unrestrictedGetObject()
        if number % BATCH == 0:
            transaction.savepoint(optimistic=True)


def seal_existing_comments(context) -> None:
    """Seal every plain comment of every case, and keep only :data:`PAUSE_REASON` in the pause ledgers."""
    cases = comments = 0
    for application in _cases():
        try:
            comments += seal_comments(application)
        except DataShredded:
            _drop_comments(application)
        _plain_pause_reasons(application)
        cases += 1
    logger.info("Sealed %d comments of %d cases", comments, cases)


def update_case_permissions(context) -> None:
    """Apply the workflow's permission maps again to every case (e.g. a permission it now manages)."""
    workflow = definition()
    for application in _cases():
        workflow.updateRoleMappingsFor(application)


def _drop_comments(application) -> None:
    entries = application.workflow_history.get(WORKFLOW_ID) or ()
    if any(entry.get("comments") for entry in entries):
        application.workflow_history[WORKFLOW_ID] = tuple({**entry, "comments": ""} for entry in entries)


def _plain_pause_reasons(application) -> None:
    pauses = getattr(application, "pauses", None) or ()
    for index, pause in enumerate(pauses):
        if pause.get("reason") != PAUSE_REASON:
            pauses[index] = {**pause, "reason": PAUSE_REASON}
