"""Layers for the services and tracking tests: the Sanji layer plus their ZCML.

Until the root configure.zcml includes ``.services`` and ``.tracking`` these tests load them
here; afterwards loading them again does nothing (ZCML files are processed once per context).
"""

from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE

from sanji.testing import SANJI_FIXTURE


class SanjiServicesLayer(PloneSandboxLayer):
    defaultBases = (SANJI_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import sanji.services
        import sanji.tracking

        self.loadZCML(package=sanji.services)
        self.loadZCML(package=sanji.tracking)


SERVICES_FIXTURE = SanjiServicesLayer()
SERVICES_INTEGRATION_TESTING = IntegrationTesting(bases=(SERVICES_FIXTURE,), name="SanjiServices:Integration")
SERVICES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(SERVICES_FIXTURE, WSGI_SERVER_FIXTURE), name="SanjiServices:Functional"
)
