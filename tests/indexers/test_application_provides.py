"""A case's object_provides holds its type and Plone's content interfaces, not Zope's plumbing."""

from plone import api
from Products.CMFCore.indexing import processQueue

from sanji.indexers.upgrades import shorten_application_provides
from tests.cases import new_case

SHORT = {
    "sanji.content.application.IApplication",
    "plone.dexterity.interfaces.IDexterityItem",
    "plone.dexterity.interfaces.IDexterityContent",
    "Products.CMFCore.interfaces.IContentish",
}


def provides(case) -> set[str]:
    processQueue()
    catalog = api.portal.get_tool("portal_catalog")
    rid = catalog.getrid("/".join(case.getPhysicalPath()))
    return set(catalog.getIndexDataForRID(rid)["object_provides"])


def test_a_case_is_found_by_its_type_interface_only(portal):
    case = new_case(portal)
    assert provides(case) == SHORT
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(object_provides="sanji.content.application.IApplication")
    assert case in [brain._unrestrictedGetObject() for brain in found]
    assert not catalog.unrestrictedSearchResults(
        object_provides="Products.CMFCore.interfaces.IDynamicType", portal_type="Application"
    )


def test_other_content_keeps_every_interface(portal):
    item = portal.services["gaoling-jintie"]
    catalog = api.portal.get_tool("portal_catalog")
    rid = catalog.getrid("/".join(item.getPhysicalPath()))
    assert "Products.CMFCore.interfaces.IDynamicType" in catalog.getIndexDataForRID(rid)["object_provides"]


def test_the_upgrade_shortens_older_cases(portal):
    case = new_case(portal)
    catalog = api.portal.get_tool("portal_catalog")
    index = catalog._catalog.getIndex("object_provides")
    provides(case)  # indexed now
    rid = catalog.getrid("/".join(case.getPhysicalPath()))
    older = (*SHORT, "Products.CMFCore.interfaces.IDynamicType", "OFS.interfaces.IWriteLock")
    index.index_object(rid, type("Older", (), {"object_provides": older})())
    assert "OFS.interfaces.IWriteLock" in provides(case)

    shorten_application_provides(portal.portal_setup)

    assert provides(case) == SHORT
