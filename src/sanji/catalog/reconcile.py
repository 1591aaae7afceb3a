"""The sweep task ``05-catalog``: index the cases a request committed but could not index.

A request writes a new case's catalog entry after its commit (:mod:`.after_commit`); if its process
died in between, the case is stored but found by no worklist. A village's cases are its children, so
the task compares, village by village, how many children it has with how many entries the catalog
holds right below it (two counts; no case is loaded), and only where they differ looks for the
missing ones. It runs before the cards (``10-cards``), which read the catalog.

A case committed moments ago may still be getting its entry from its own request: the task leaves it to
that request for :data:`GRACE`. Indexing it here as well would only make the two transactions conflict,
and under a steady stream of submissions the sweep's retries kept meeting new ones.
"""

from datetime import datetime
from datetime import timedelta

from plone import api
from zope.interface import implementer

from sanji.content.application import IApplication
from sanji.interfaces import ISweepTask


def children_entries(catalog, path: str) -> int:
    """How many catalog entries lie directly below ``path``."""
    return len(catalog.unrestrictedSearchResults(path={"query": path, "depth": 1}))


#: How long a new case's own request has to write its catalog entry before the sweep does it.
GRACE = timedelta(minutes=2)


@implementer(ISweepTask)
class CatalogTask:
    """Index every case missing from the catalog, but for those its request may still be indexing."""

    def __call__(self, site, now: datetime) -> dict:
        catalog = api.portal.get_tool("portal_catalog")
        indexed = []
        waiting = 0
        for brain in catalog.unrestrictedSearchResults(portal_type="ServiceArea", area_tier="village"):
            village = brain._unrestrictedGetObject()
            if village.objectCount() == children_entries(catalog, brain.getPath()):
                continue
            for case in village.objectValues():
                path = "/".join(case.getPhysicalPath())
                if not IApplication.providedBy(case) or catalog.getrid(path) is not None:
                    continue
                if case.created().asdatetime() > now - GRACE:
                    waiting += 1
                    continue
                case.indexObject()
                indexed.append(case.getId())
        return {"indexed": len(indexed), "cases": indexed[:20], "waiting": waiting}
