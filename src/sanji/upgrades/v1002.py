"""Upgrade to 1002: SMS, electronic supervision and assessment on a site that already has cases."""

from plone import api

#: Indexes added in 1002 that existing applications must fill.
NEW_INDEXES: tuple[str, ...] = (
    # sanji.supervision: cards, warn dates and what the figures aggregate
    "warn_date",
    "cards",
    "settled_tier",
    "outcome",
    "returned",
    "on_time",
    "days_to_complete",
)


def reindex_applications(context) -> None:
    """Fill the indexes new in 1002 for the applications already there (catalog-driven, no folder walk)."""
    catalog = api.portal.get_tool("portal_catalog")
    names = [name for name in NEW_INDEXES if name in catalog.indexes()]
    if not names:
        return
    for brain in catalog.unrestrictedSearchResults(portal_type="Application"):
        brain._unrestrictedGetObject().reindexObject(idxs=names)
