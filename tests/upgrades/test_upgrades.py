"""Upgrade steps reach the profile's version, and an old site upgrades to a working one."""

from pathlib import Path

from lxml import etree
from plone import api

PROFILE = "sanji:default"
METADATA = Path(__file__).parents[2] / "src" / "sanji" / "profiles" / "default" / "metadata.xml"


def test_steps_lead_to_the_current_version(setup_tool):
    current = etree.parse(str(METADATA)).findtext("version")
    steps = setup_tool.listUpgrades(PROFILE, show_old=True)
    flat = [step for entry in steps for step in (entry if isinstance(entry, list) else [entry])]
    assert max(step["dest"] for step in flat) == (current,)


def test_upgrade_from_1000(as_manager, setup_tool):
    """A site installed at 1000 (no application type yet) gets everything of 1001."""
    setup_tool.setLastVersionForProfile(PROFILE, "1000")
    assert setup_tool.listUpgrades(PROFILE)
    setup_tool.upgradeProfile(PROFILE)
    assert setup_tool.getLastVersionForProfile(PROFILE) == ("1004",)
    assert "Application" in api.portal.get_tool("portal_types")
    assert "sanji_application_workflow" in api.portal.get_tool("portal_workflow")
    assert "waiting_for" in api.portal.get_tool("portal_catalog").indexes()
