"""GET <area>/@applications: the cases below an area that the caller may see, from the catalog alone.

The catalog filters by the caller's View permission (the workflow decides who sees a case), and
every entry comes from metadata, so listing a county's thousands of cases wakes no object. No
personal data is indexed, so none can leak here.
"""

from datetime import date

from DateTime import DateTime
from plone import api
from plone.restapi.batching import DEFAULT_BATCH_SIZE
from plone.restapi.batching import HypermediaBatch
from plone.restapi.deserializer import parse_int
from plone.restapi.services import Service

from sanji.services.applications import find_item
from sanji.services.applications.visibility import sees_every_case
from sanji.tracking.lookup import clean_typed_digits

#: Days back in which a page of the newest cases is looked for first: the catalog then sorts the recent
#: cases, not all of a county's (which took half a second at 100,000; docs/benchmarks.md). A window
#: holding fewer cases than the page needs is widened, at last to every case.
RECENT_WINDOWS = (7, 31, 183)
#: Up to this many results the catalog sorts them all at once: fewer queries than trying the windows.
SORT_ALL_UP_TO = 1000


def newest_first(search, query: dict, b_start: int, b_size: int):
    """The page ``[b_start, b_start + b_size)`` of ``query``'s results, newest first; sized as all results.

    ``search`` is the catalog's ``searchResults`` (or ``unrestrictedSearchResults``, for a caller who may
    see every case). The newest cases of a window that holds at least ``b_start + b_size`` of them are the
    newest of all, so the page is exact; its ``actual_result_count`` is the count of every result, for the
    batch links.
    """
    total = len(search(**query))
    page = {**query, "sort_on": "created", "sort_order": "descending", "b_start": b_start, "b_size": b_size}
    for days in RECENT_WINDOWS if total > SORT_ALL_UP_TO else ():
        recent = search(**page, created={"query": DateTime() - days, "range": "min"})
        if recent.actual_result_count >= b_start + b_size:
            break
    else:
        recent = search(**page)
    recent.actual_result_count = total
    return recent


def place_criteria(area) -> dict:
    """The catalog criterion of the cases below ``area``: its village or township index, none for the county.

    Cases live in their village's folder and carry their village's and township's ids, so a field index
    answers in one look-up where a path query unites the paths of every case below (40% of a county's
    listing at 100,000 cases). A site holds one county: the county's cases are all of the site's.
    """
    tier = getattr(area, "tier", None)
    if tier in ("village", "township"):
        return {tier: area.getId()}
    if tier == "county":
        return {}
    return {"path": "/".join(area.getPhysicalPath())}


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _entry(brain) -> dict:
    return {
        "@id": brain.getURL(),
        "receipt_number": brain.receipt_number,
        "item_code": brain.item_code,
        "item_title": brain.item_title,
        "review_state": brain.review_state,
        "village": brain.village,
        "township": brain.township,
        "deadline": _iso(brain.deadline),
        "step_deadline": _iso(brain.step_deadline),
    }


class ApplicationsGet(Service):
    """Newest first; filters ``review_state`` (repeatable), ``item`` (UID or code) and ``receipt_number``;
    batching with b_start/b_size."""

    def query(self) -> dict:
        form = self.request.form
        # Cases have no publication dates: Plone's effectiveRange criterion would only intersect every
        # case of the county once more (who may see which case is still filtered, see reply()).
        query = {"portal_type": "Application", "show_inactive": True, **place_criteria(self.context)}
        if form.get("review_state"):
            query["review_state"] = form["review_state"]
        if form.get("item"):
            item = find_item(form["item"])
            # An unknown item matches nothing, as any other filter would.
            query["item_code"] = item.item_code if item is not None else str(form["item"])
        if form.get("receipt_number"):
            # As printed on the receipt (groups of four), typed without spaces or in full-width digits.
            query["receipt_number"] = clean_typed_digits(str(form["receipt_number"]))
        return query

    def reply(self) -> dict:
        b_start = max(parse_int(self.request.form, "b_start", 0), 0)
        b_size = max(parse_int(self.request.form, "b_size", DEFAULT_BATCH_SIZE), 1)
        catalog = api.portal.get_tool("portal_catalog")
        # The same cases either way; without the security filter the catalog skips a pass over all of them.
        search = catalog.unrestrictedSearchResults if sees_every_case(api.user.get_current()) else catalog.searchResults
        brains = newest_first(search, self.query(), b_start, b_size)
        batch = HypermediaBatch(self.request, brains)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [_entry(brain) for brain in batch],
        }
        if batch.links:
            result["batching"] = batch.links
        return result
