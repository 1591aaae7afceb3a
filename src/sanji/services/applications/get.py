"""GET <area>/@applications: the cases below an area that the caller may see, from the catalog alone.

The catalog filters by the caller's View permission (the workflow decides who sees a case), and
every entry comes from metadata, so listing a county's thousands of cases wakes no object. No
personal data is indexed, so none can leak here.
"""

from datetime import date

from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service

from sanji.services.applications import find_item


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
    """Filters ``review_state`` (repeatable) and ``item`` (UID or code); batching with b_start/b_size."""

    def query(self) -> dict:
        form = self.request.form
        query = {
            "portal_type": "Application",
            "path": "/".join(self.context.getPhysicalPath()),
            "sort_on": "created",
            "sort_order": "descending",
        }
        if form.get("review_state"):
            query["review_state"] = form["review_state"]
        if form.get("item"):
            item = find_item(form["item"])
            # An unknown item matches nothing, as any other filter would.
            query["item_code"] = item.item_code if item is not None else str(form["item"])
        return query

    def reply(self) -> dict:
        brains = api.portal.get_tool("portal_catalog").searchResults(**self.query())
        batch = HypermediaBatch(self.request, brains)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [_entry(brain) for brain in batch],
        }
        if batch.links:
            result["batching"] = batch.links
        return result
