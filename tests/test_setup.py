"""The add-on installs, records its profile version, and uninstalls cleanly."""

from pathlib import Path

import pytest
from lxml import etree

from sanji.interfaces import ISanjiLayer

PROFILE = "sanji:default"
METADATA = Path(__file__).parents[1] / "src" / "sanji" / "profiles" / "default" / "metadata.xml"


def test_installed(installer):
    assert installer.is_product_installed("sanji")


def test_browser_layer(browser_layers):
    assert ISanjiLayer in browser_layers


def test_profile_version_matches_metadata(profile_last_version):
    expected = etree.parse(str(METADATA)).findtext("version")
    assert profile_last_version(PROFILE) == expected


@pytest.mark.parametrize("portal_type", ["Department", "ServiceItem", "ServiceArea"])
def test_types_installed(get_fti, portal_type):
    assert get_fti(portal_type).klass.startswith("sanji.content.")


def test_theme_enabled(portal):
    from plone.app.theming.utils import getCurrentTheme

    assert getCurrentTheme() == "sanji"


def test_simplified_chinese_first_english_selectable(portal):
    registry = portal.portal_registry
    assert registry["plone.default_language"] == "zh-cn"
    assert registry["plone.available_languages"] == ["zh-cn", "en"]
    assert registry["plone.use_cookie_negotiation"] is True


def test_uninstall_removes_the_browser_layer(installer, portal):
    installer.uninstall_product("sanji")
    from plone.browserlayer import utils

    assert ISanjiLayer not in utils.registered_layers()
    assert not installer.is_product_installed("sanji")
