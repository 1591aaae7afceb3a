"""A village keeps no order list of its applications, nor rewrites its path entry; townships keep their order."""

from plone import api
from plone.folder.default import DefaultOrdering
from plone.folder.unordered import UnorderedOrdering
from Products.CMFCore.indexing import getQueue
from Products.CMFCore.indexing import processQueue
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

from tests.cases import new_case

ORDER_KEY = "plone.folder.ordered.order"


def test_a_village_is_unordered(portal):
    village = portal.areas.suning.liangcun.houfeng
    assert isinstance(village.getOrdering(), UnorderedOrdering)
    case = new_case(portal)
    assert case.getId() in village.objectIds()
    assert case.getId() not in IAnnotations(village).get(ORDER_KEY, ())


def test_townships_and_the_county_keep_their_order(portal):
    township = portal.areas.suning.liangcun
    assert isinstance(township.getOrdering(), DefaultOrdering)
    assert isinstance(portal.areas.suning.getOrdering(), DefaultOrdering)
    first = township.objectIds()[0]
    township.moveObjectsToBottom([first])
    assert township.objectIds()[-1] == first


def test_a_case_added_leaves_the_village_as_it_was(portal):
    village = portal.areas.suning.liangcun.houfeng
    before = (village.modified(), village.listCreators())
    new_case(portal, agent="agent-houfeng")
    assert (village.modified(), village.listCreators()) == before


def test_an_edit_still_dates_the_village(portal):
    village = portal.areas.suning.liangcun.houfeng
    before = village.modified()
    village.station_phone = "0317-5011234"
    notify(ObjectModifiedEvent(village))
    assert village.modified() > before
    township = portal.areas.suning.liangcun
    before = township.modified()
    notify(ObjectModifiedEvent(township))
    assert township.modified() > before


def queued_indexes(obj) -> list:
    """The index names queued for ``obj`` (an empty list: all of them)."""
    return [attributes for _op, queued, attributes, _metadata in getQueue().getState() if queued is obj]


def test_a_village_is_reindexed_without_its_path(portal):
    village = portal.areas.suning.liangcun.houfeng
    processQueue()
    village.reindexObject()
    [indexes] = queued_indexes(village)
    assert "path" not in indexes
    assert {"modified", "Title", "allowedRolesAndUsers", "area_tier"} <= set(indexes)
    township = portal.areas.suning.liangcun
    township.reindexObject()
    assert queued_indexes(township) == [[]]
    processQueue()
    village.reindexObject(idxs=["modified"], update_metadata=0)  # CMF's full signature still works
    assert queued_indexes(village) == [["modified"]]


def test_a_renamed_village_is_found_under_its_new_path(portal):
    case = new_case(portal)
    with api.env.adopt_roles(["Manager"]):
        village = api.content.rename(portal.areas.suning.liangcun.houfeng, new_id="houfeng-cun")
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(path="/".join(village.getPhysicalPath()))
    assert {brain.getPath().rsplit("/", 1)[-1] for brain in found} >= {"houfeng-cun", case.getId()}
    assert not catalog.unrestrictedSearchResults(path="/plone/areas/suning/liangcun/houfeng")
