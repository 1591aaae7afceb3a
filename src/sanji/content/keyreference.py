"""Cases take no integer id (intid).

Plone registers every new object in the intid utility, whose two trees are keyed by the object's id
in the database: each new case appends to the same last buckets, and submissions on two instances
conflicted there. Nothing relates to a case (no relation fields, no links to it in rich text), so a
case has no key reference; Plone's handlers (five.intid, link integrity) skip objects that raise
``NotYet``, as they do for objects not yet stored.
"""

from five.intid.keyreference import KeyReferenceToPersistent
from plone import api
from zope.component import adapter
from zope.component import queryUtility
from zope.interface import implementer
from zope.intid.interfaces import IIntIds
from zope.keyreference.interfaces import IKeyReference
from zope.keyreference.interfaces import NotYet

from sanji.content.application import IApplication


@implementer(IKeyReference)
@adapter(IApplication)
def no_key_reference(application):
    raise NotYet(application)


def unregister_applications(context) -> None:
    """Upgrade step: forget the intids of the cases stored before (they keep the cases alive in a pack)."""
    intids = queryUtility(IIntIds)
    if intids is None:
        return
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Application"):
        key = KeyReferenceToPersistent(brain._unrestrictedGetObject())
        if key in intids.ids:
            intids.unregister(key)
