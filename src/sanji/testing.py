"""Test layers: a Plone site with Sanji and the Suning sample county, as `make start` builds it."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing.zope import WSGI_SERVER_FIXTURE

#: The profile that builds the sample county in tests.
COUNTY_PROFILE = "sanji.counties:suning"


class SanjiLayer(PloneSandboxLayer):
    """Plone, the Sanji add-on and the Suning sample county, in Simplified Chinese."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        import sanji

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=sanji)

    def setUpPloneSite(self, portal):
        portal.portal_registry["plone.default_language"] = "zh-cn"
        portal.portal_registry["plone.portal_timezone"] = "Asia/Shanghai"
        applyProfile(portal, "sanji:default")
        applyProfile(portal, COUNTY_PROFILE)


SANJI_FIXTURE = SanjiLayer()

SANJI_INTEGRATION_TESTING = IntegrationTesting(bases=(SANJI_FIXTURE,), name="Sanji:Integration")
SANJI_FUNCTIONAL_TESTING = FunctionalTesting(bases=(SANJI_FIXTURE, WSGI_SERVER_FIXTURE), name="Sanji:Functional")
