"""Test layers: a Plone site with Sanji and the Suning sample county, as `make start` builds it.

The layer has its own master key ring, generated into a temporary folder for the test run and named
by SANJI_MASTER_KEY_FILE, and its own seal authority (SANJI_SEAL_AUTHORITY_KEY_FILE) beside it, so
tests never touch the developer's var/secrets.
"""

import os
import shutil
import tempfile
from pathlib import Path

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

        self.set_up_master_key()
        self.set_up_seal_authority()
        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=sanji)

    def set_up_master_key(self) -> None:
        from sanji.crypto.keys import KEY_FILE_VARIABLE
        from sanji.crypto.keys import new_ring_document
        from sanji.crypto.keys import reset_ring_cache
        from sanji.crypto.keys import write_ring_file

        self._key_dir = Path(tempfile.mkdtemp(prefix="sanji-keys-"))
        self._previous_key_file = os.environ.get(KEY_FILE_VARIABLE)
        path = self._key_dir / "master-keys.json"
        write_ring_file(path, new_ring_document())
        os.environ[KEY_FILE_VARIABLE] = str(path)
        reset_ring_cache()

    def set_up_seal_authority(self) -> None:
        from sanji.seals.authority import KEY_FILE_VARIABLE
        from sanji.seals.authority import generate_authority
        from sanji.seals.authority import write_authority

        self._previous_authority_file = os.environ.get(KEY_FILE_VARIABLE)
        path = self._key_dir / "seal-authority.pem"
        write_authority(path, generate_authority("肃宁县电子签章中心 (测试)"))
        os.environ[KEY_FILE_VARIABLE] = str(path)

    def tearDownZope(self, app):
        from sanji.seals.authority import KEY_FILE_VARIABLE as AUTHORITY_FILE_VARIABLE

        if self._previous_authority_file is None:
            os.environ.pop(AUTHORITY_FILE_VARIABLE, None)
        else:
            os.environ[AUTHORITY_FILE_VARIABLE] = self._previous_authority_file
        from sanji.crypto.keys import KEY_FILE_VARIABLE
        from sanji.crypto.keys import reset_ring_cache

        if self._previous_key_file is None:
            os.environ.pop(KEY_FILE_VARIABLE, None)
        else:
            os.environ[KEY_FILE_VARIABLE] = self._previous_key_file
        reset_ring_cache()
        shutil.rmtree(self._key_dir, ignore_errors=True)

    def setUpPloneSite(self, portal):
        portal.portal_registry["plone.default_language"] = "zh-cn"
        portal.portal_registry["plone.portal_timezone"] = "Asia/Shanghai"
        applyProfile(portal, "sanji:default")
        applyProfile(portal, COUNTY_PROFILE)


SANJI_FIXTURE = SanjiLayer()

SANJI_INTEGRATION_TESTING = IntegrationTesting(bases=(SANJI_FIXTURE,), name="Sanji:Integration")
SANJI_FUNCTIONAL_TESTING = FunctionalTesting(bases=(SANJI_FIXTURE, WSGI_SERVER_FIXTURE), name="Sanji:Functional")
