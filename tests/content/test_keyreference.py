"""Cases take no intid: edited, deleted and upgraded without one."""

from five.intid.keyreference import KeyReferenceToPersistent
from plone import api
from zope.component import getUtility
from zope.event import notify
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent

from sanji.content.keyreference import unregister_applications
from tests.cases import new_case


def test_a_new_case_has_no_intid_and_other_content_still_has(portal):
    intids = getUtility(IIntIds)
    case = new_case(portal)
    assert intids.queryId(case) is None
    assert KeyReferenceToPersistent(case) not in intids.ids
    assert intids.queryId(portal.services["gaoling-jintie"]) is not None


def test_a_case_is_edited_and_deleted_without_one(as_manager):
    case = new_case(as_manager)
    notify(ObjectModifiedEvent(case))  # link integrity looks for its links
    village = case.aq_parent
    api.content.delete(case, check_linkintegrity=True)
    assert case.getId() not in village.objectIds()


def test_the_upgrade_forgets_the_intids_of_older_cases(as_manager):
    intids = getUtility(IIntIds)
    case = new_case(as_manager)
    key = KeyReferenceToPersistent(case)
    intids.register(key)  # as Plone registered cases before
    assert key in intids.ids

    unregister_applications(as_manager.portal_setup)

    assert key not in intids.ids
    assert intids.queryId(as_manager.services["gaoling-jintie"]) is not None
