"""Record-id sets read straight from catalog indexes: what the sweep and the figures intersect.

A catalog query builds brains and sorts; these return the index's own BTree sets, so set algebra
(intersection, difference) runs in C and no metadata record, let alone a case, is loaded. Queued
reindexing of the transaction is processed first, as a catalog query would.
"""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import difference
from BTrees.IIBTree import intersection
from Products.CMFCore.indexing import processQueue
from Products.ZCatalog.query import IndexQuery


def index(catalog, name: str):
    """The index ``name`` of ``catalog`` (a KeyError names a missing one: upgrade the profile)."""
    return catalog._catalog.getIndex(name)


def index_set(catalog, name: str, query) -> IISet:
    """Record ids matching ``query`` on index ``name`` (a value, a list of values, or a query dict)."""
    found_index = index(catalog, name)
    record = IndexQuery({name: query}, name, found_index.query_options)
    found = found_index.query_index(record)
    return found if found is not None else IISet()


def matching(catalog, include: dict, exclude: dict | None = None) -> IISet:
    """Record ids matching every criterion of ``include`` and none of ``exclude`` (index name → query)."""
    processQueue()
    result = None
    for name, query in include.items():
        found = index_set(catalog, name, query)
        result = found if result is None else intersection(result, found)
    result = result if result is not None else IISet()
    for name, query in (exclude or {}).items():
        result = difference(result, index_set(catalog, name, query))
    return result
