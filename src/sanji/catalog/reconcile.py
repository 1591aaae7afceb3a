"""The sweep task ``05-catalog``: index the cases a request committed but could not index.

A request writes a new case's catalog entry after its commit (:mod:`.after_commit`); if its process
died in between, the case is stored but found by no worklist. A village's cases are its children, so
the task compares, village by village, how many children it has with how many entries the catalog
holds right below it (two counts; no case is loaded), and only where they differ looks for the
missing ones. It runs before the cards (``10-cards``), which read the catalog.
"""

from plone import api
from zope.interface import implementer

from sanji.content.application import IApplication
from sanji.interfaces import ISweepTask


def children_entries(catalog, path: str) -> int:
    """How many catalog entries lie directly below ``path``."""
    return len(catalog.unrestrictedSearchResults(path={"query": path, "depth": 1}))


@implementer(ISweepTask)
class CatalogTask:
    """Index every case missing from the catalog."""

    def __call__(self, site, now) -> dict:
        catalog = api.portal.get_tool("portal_catalog")
        indexed = []
        for brain in catalog.unrestrictedSearchResults(portal_type="ServiceArea", area_tier="village"):
            village = brain._unrestrictedGetObject()
            if village.objectCount() == children_entries(catalog, brain.getPath()):
                continue
            for case in village.objectValues():
                path = "/".join(case.getPhysicalPath())
                if IApplication.providedBy(case) and catalog.getrid(path) is None:
                    case.indexObject()
                    indexed.append(case.getId())
        return {"indexed": len(indexed), "cases": indexed[:20]}
