from plone.app.testing import TEST_USER_ID, setRoles
from zope.interface import alsoProvides
from sanji.interfaces import ISanjiLayer

def test_probe(deadlines_zcml, settings, portal):
    alsoProvides(portal.REQUEST, ISanjiLayer)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = portal.restrictedTraverse("@@sanji-deadlines-controlpanel")()
    import re
    print(re.findall(r'<(?:input|button|select)[^>]*>', html))
    print(html[html.find('<form'):html.find('<form')+200])
    print(portal.portal_registry.get("plone.portal_timezone"))
