"""``@applications`` on a service area: list the cases below it (GET), submit one at a village (POST)."""

from plone import api


def find_item(key: str):
    """The brain of the service item with this UID or item code (e.g. ``MZ-001``), or None."""
    key = str(key or "").strip()
    if not key:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    for query in ({"UID": key}, {"item_code": key}):
        brains = catalog(portal_type="ServiceItem", **query)
        if brains:
            return brains[0]
    return None
