"""Upgrade steps: cases leave the full-text and title indexes, and most of ``object_provides``.

See :mod:`sanji.indexers.application`.
"""

from plone import api

TEXT_INDEXES = ("SearchableText", "Title")


def drop_application_text(context) -> None:
    """Remove the applications already there from the text indexes and refresh their metadata.

    Indexing a case again would not do it: a text index keeps a document's old words when the
    document now has no text.
    """
    catalog = api.portal.get_tool("portal_catalog")
    indexes = [catalog._catalog.getIndex(name) for name in TEXT_INDEXES if name in catalog.indexes()]
    for brain in catalog.unrestrictedSearchResults(portal_type="Application"):
        for index in indexes:
            index.unindex_object(brain.getRID())
        catalog.reindexObject(brain._unrestrictedGetObject(), idxs=["getId"], update_metadata=1)


def shorten_application_provides(context) -> None:
    """Index the applications already there with their short ``object_provides``."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Application"):
        catalog.reindexObject(brain._unrestrictedGetObject(), idxs=["object_provides"], update_metadata=0)
