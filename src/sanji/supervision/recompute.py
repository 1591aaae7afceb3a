"""When the yellow-card thresholds change, the open cases' warn dates are recomputed once per transaction.

The sweep trusts the ``warn_date`` index; after a change in the control panel (or a registry import)
it would otherwise warn by the old thresholds until each case's next step. Waking the open cases is
the price of changing the settings, paid once, not at every sweep.
"""

import transaction
from plone import api

from sanji.supervision.clockstates import RUNNING_STATES
from sanji.supervision.settings import PREFIX

THRESHOLD_RECORDS = (f"{PREFIX}.yellow_days", f"{PREFIX}.yellow_share")


def recompute_warn_dates() -> int:
    """Reindex ``warn_date`` of every case whose clock runs; return how many."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Application", review_state=RUNNING_STATES):
        brain._unrestrictedGetObject().reindexObject(idxs=["warn_date"])
        count += 1
    return count


def _before_commit() -> None:
    recompute_warn_dates()


def thresholds_changed(event) -> None:
    """IRecordModifiedEvent subscriber: schedule one recomputation before this transaction commits."""
    if getattr(event.record, "__name__", None) not in THRESHOLD_RECORDS:
        return
    txn = transaction.get()
    if any(hook is _before_commit for hook, _args, _kws in txn.getBeforeCommitHooks()):
        return
    txn.addBeforeCommitHook(_before_commit)
