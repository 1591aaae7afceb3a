"""What the public sees (政务公开): current progress, this month and the last twelve by department and item,
and the twenty most recently completed cases with the applicant's name masked.

Nothing personal leaves here: the figures are counts, and of the cases only the item, the place,
the dates and a masked name (董*山) are shown; the twenty names are the only personal data
decrypted, and the whole answer is cached for ``public_cache_seconds``, so a busy page or a
script polling ``@supervision`` decrypts twenty names a minute at most.
"""

import logging
import time
from datetime import date

from plone import api
from plone.memoize import ram

from sanji.api.masking import mask_name
from sanji.api.personal_data import get_personal_data
from sanji.crypto.errors import CryptoError
from sanji.supervision.figures import OPEN_STATES
from sanji.supervision.figures import figures
from sanji.supervision.figures import labels
from sanji.supervision.figures import tier_counts
from sanji.supervision.filters import Filters
from sanji.supervision.filters import month_bounds
from sanji.supervision.settings import setting

logger = logging.getLogger("sanji.supervision")

RECENT = 20
MONTHS = 12


def _first_of_month_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def recent_completed(limit: int = RECENT, catalog=None) -> list[dict]:
    """The ``limit`` most recently completed cases: item, department, township, village, dates, masked name."""
    catalog = catalog if catalog is not None else api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Application",
        review_state="completed",
        sort_on="completed_date",
        sort_order="descending",
        sort_limit=limit,
    )[:limit]
    townships = labels(catalog, "township", {brain.township for brain in brains})
    entries = []
    for brain in brains:
        try:
            name = get_personal_data(brain._unrestrictedGetObject()).get("applicant_name", "")
        except CryptoError:
            logger.warning("Cannot open the personal data of %s for the public list", brain.getPath())
            name = ""
        entries.append(
            {
                "item_code": brain.item_code,
                "item_title": brain.item_title,
                "department": brain.department,
                "township": brain.township,
                "township_title": townships.get(brain.township, brain.township),
                "village": brain.village,
                "accepted_date": brain.accepted_date.isoformat() if brain.accepted_date else None,
                "completed_date": brain.completed_date.isoformat() if brain.completed_date else None,
                "applicant": mask_name(name) if name else "*",
            }
        )
    return entries


def _grouped(start: date, end: date, group_by: str, period: str = "custom") -> dict:
    return figures(Filters(start=start, end=end, period=period, group_by=group_by)).as_dict()


def progress(catalog) -> dict[str, int]:
    """Cases in each open state right now (index lookups): where the county's work stands."""
    return {state: tier_counts(catalog, (state,)) for state in OPEN_STATES}


def _compute(today: date, month: date) -> dict:
    catalog = api.portal.get_tool("portal_catalog")
    month_start, month_end = month_bounds(month.year, month.month)
    year_start = _first_of_month_back(today, MONTHS - 1)
    this_month_end = month_bounds(today.year, today.month)[1]
    return {
        "today": today.isoformat(),
        "in_progress": tier_counts(catalog, OPEN_STATES),
        "progress": progress(catalog),
        "month": {
            "start": month_start.isoformat(),
            "end": month_end.isoformat(),
            "departments": _grouped(month_start, month_end, "department", "month"),
            "items": _grouped(month_start, month_end, "item", "month"),
        },
        "monthly": _grouped(year_start, this_month_end, "month"),
        "recent": recent_completed(catalog=catalog),
    }


def _cache_key(_function, today: date, month: date | None = None):
    seconds = setting("public_cache_seconds")
    bucket = int(time.time() // seconds) if seconds else time.time_ns()
    return ("/".join(api.portal.get().getPhysicalPath()), today.isoformat(), str(month), bucket)


@ram.cache(_cache_key)
def public_statistics(today: date, month: date | None = None) -> dict:
    """Everything the public page and ``@supervision`` show, as JSON-ready data (cached briefly).

    :param month: the first day of the month shown by department and item (default: this month).
    """
    return _compute(today, month or date(today.year, today.month, 1))
