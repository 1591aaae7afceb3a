"""Crypto-shredding at the end of the retention period: the case stays, its personal data does not.

Destroying an application's data key makes its personal data and its captured pages unreadable for
good, while the case itself (item, places, dates, states, history) stays for the statistics and the
catalog. The ID-number hash leaves the catalog too, so the person can no longer be linked to it.

The retention period is the registry record ``sanji.retention_years`` (default 30 years after
completion, 办结). Old revisions of the data key record remain in a FileStorage until the next pack:
pack the database after shredding (see :func:`sanji.crypto.envelope.destroy_data_key`).
"""

from collections.abc import Iterator
from datetime import date
from datetime import datetime

from plone import api

from sanji.audit.chain import log
from sanji.crypto.envelope import data_key_record
from sanji.crypto.envelope import destroy_data_key
from sanji.crypto.envelope import site_of

RETENTION_RECORD = "sanji.retention_years"
DEFAULT_RETENTION_YEARS = 30


def retention_years() -> int:
    value = api.portal.get_registry_record(RETENTION_RECORD, default=None)
    return int(value) if value else DEFAULT_RETENTION_YEARS


def retention_cutoff(today: date, years: int) -> date:
    """Cases completed before this date are past their retention (29 February counts as 28)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def shred(application, *, reason: str = "retention", actor: str | None = None, when: datetime | None = None) -> bool:
    """Destroy the data key of ``application``; False when there is none or it is gone already.

    Writes an audit entry and drops the case's ID-number hash from the catalog.
    """
    record = data_key_record(application)
    key_id = record.key_id if record is not None else None
    if not destroy_data_key(application, when):
        return False
    application.reindexObject(idxs=["id_number_hash"])
    log("shred", application, actor=actor, site=site_of(application), reason=reason, key_id=key_id)
    return True


def expired(today: date, years: int | None = None) -> Iterator:
    """Catalog brains of the completed cases whose retention period has ended."""
    cutoff = retention_cutoff(today, years if years is not None else retention_years())
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Application",
        review_state="completed",
        completed_date={"query": cutoff, "range": "max"},
    ):
        if brain.completed_date and brain.completed_date < cutoff:
            yield brain
