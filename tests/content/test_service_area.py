"""A village keeps no order list of its applications; townships keep their villages' order."""

from plone.folder.default import DefaultOrdering
from plone.folder.unordered import UnorderedOrdering
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
