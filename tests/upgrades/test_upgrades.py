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
    assert setup_tool.getLastVersionForProfile(PROFILE) == ("1005",)
    assert "Application" in api.portal.get_tool("portal_types")
    assert "sanji_application_workflow" in api.portal.get_tool("portal_workflow")
    assert "waiting_for" in api.portal.get_tool("portal_catalog").indexes()


def test_upgrade_1004_takes_the_sharing_page_from_a_cases_owner(portal):
    """Cases from before 1004 let their Owner (the village agent) delegate roles on the sharing page."""
    from Products.DCWorkflow.utils import modifyRolesForPermission

    from sanji.workflow.upgrades import update_case_permissions
    from tests.cases import new_case

    case = new_case(portal)
    modifyRolesForPermission(case, "Sharing page: Delegate roles", ("Manager", "Owner"))  # as before 1004
    with api.env.adopt_user(username="agent-houfeng"):
        assert api.user.has_permission("Sharing page: Delegate roles", obj=case)
    update_case_permissions(None)
    with api.env.adopt_user(username="agent-houfeng"):
        assert not api.user.has_permission("Sharing page: Delegate roles", obj=case)
        assert api.user.has_permission("View", obj=case)


def test_upgrade_1005_turns_the_footers_contact_link_into_a_page(as_manager, setup_tool):
    """Plone's contact action opened a modal mail form (unusable without a mail address): now 联系我们, a page;
    办件公开's tab links its page by name (with ``@@`` Plone's navigation marker lit it on every page)."""
    actions = api.portal.get_tool("portal_actions")
    contact = actions.site_actions.contact
    contact.manage_changeProperties(title="Contact", i18n_domain="plone", modal="{}")  # Plone's own
    public = actions.portal_tabs["sanji-supervision-public"]
    public.manage_changeProperties(url_expr="string:${globals_view/navigationRootUrl}/@@supervision-public")
    setup_tool.setLastVersionForProfile(PROFILE, "1004")
    setup_tool.upgradeProfile(PROFILE)
    assert (contact.title, contact.i18n_domain, contact.modal) == ("Contact us", "sanji", "")
    assert public.url_expr == "string:${globals_view/navigationRootUrl}/supervision-public"
