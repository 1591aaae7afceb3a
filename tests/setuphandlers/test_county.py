"""The Suning sample county: what the article describes, created once however often imported."""

import pytest
from plone import api

from sanji.testing import COUNTY_PROFILE


def count(**query) -> int:
    return len(api.content.find(**query))


def test_twelve_departments_and_fifty_nine_items(portal):
    assert count(portal_type="Department") == 12
    assert count(portal_type="ServiceItem") == 59


def test_every_department_owns_items(portal):
    for department in api.content.find(portal_type="Department"):
        assert count(portal_type="ServiceItem", department=department.department) >= 1, department.Title


def test_every_item_has_a_blank_form_and_an_online_form(portal):
    for brain in api.content.find(portal_type="ServiceItem"):
        item = brain.getObject()
        assert item["blank-form"].file.contentType == "application/pdf", brain.getPath()
        assert item["blank-form"].file.data.startswith(b"%PDF-")
        assert item["online-form"].portal_type == "EasyForm"


def test_elderly_allowance_belongs_to_civil_affairs(portal):
    item = portal.services["gaoling-jintie"]
    minzheng = portal.departments.minzheng
    assert item.title == "高龄津贴申领"
    assert item.department == minzheng.code
    assert item.approve_tier == "county"
    assert api.content.get_state(item) == "published"


def test_online_form_asks_applicant_and_item_questions(portal):
    from collective.easyform.api import get_schema

    schema = get_schema(portal.services["gaoling-jintie"]["online-form"])
    names = list(schema.names(all=True))
    assert {"applicant_name", "id_number", "phone", "address"} <= set(names)
    assert len(names) > 4


def test_houfeng_village_in_liangcun_township(portal):
    houfeng = portal.areas.suning.liangcun.houfeng
    assert houfeng.title == "后丰村"
    assert houfeng.tier == "village"
    assert houfeng.station_agent == "琚凤双"
    assert portal.areas.suning.liangcun.tier == "township"
    assert portal.areas.suning.tier == "county"


def test_items_are_settled_at_every_tier(portal):
    """小事不出村、大事不出乡: some items never leave the village, more never leave the township."""
    for tier in ("village", "township", "county"):
        assert count(portal_type="ServiceItem", approve_tier=tier) >= 1, tier


@pytest.mark.parametrize(
    ("userid", "group"),
    [
        ("agent-houfeng", "agents-houfeng"),
        ("reviewer-liangcun", "reviewers-liangcun"),
        ("approver-minzheng", "approvers-minzheng"),
        ("supervisor", "sanji-supervisors"),
        ("manager", "sanji-managers"),
        ("supervisor-liangcun", "supervisors-liangcun"),
        ("supervisor-minzheng", "supervisors-minzheng"),
    ],
)
def test_demo_staff(portal, userid, group):
    user = api.user.get(userid=userid)
    assert user is not None
    assert group in [g.getId() for g in api.group.get_groups(user=user)]


def test_staff_have_a_work_mobile_for_sms(portal):
    """The member property the SMS reminders go to, editable in the personal information form."""
    assert api.user.get(userid="reviewer-liangcun").getProperty("mobile") == "13800002002"
    assert "mobile" in portal.portal_memberdata.propertyIds()


def test_every_township_and_department_has_a_supervisors_group(portal):
    """Red cards are escalated to these groups; a place without its own supervisor has an empty one."""
    assert api.group.get(groupname="supervisors-liangcun") is not None
    assert api.group.get(groupname="supervisors-minzheng") is not None
    assert api.group.get(groupname="supervisors-renshe") is not None
    assert api.user.get_users(groupname="supervisors-renshe") == []


def test_demo_password_comes_from_the_environment(portal):
    users = portal.acl_users
    assert users.authenticate("agent-houfeng", "demo", portal.REQUEST) is not None
    assert users.authenticate("agent-houfeng", "wrong", portal.REQUEST) is None


def test_import_again_changes_nothing(as_manager, setup_tool):
    before = {b.getPath(): b.modified for b in api.content.find(portal_type=["ServiceItem", "File", "Department"])}
    setup_tool.runAllImportStepsFromProfile(f"profile-{COUNTY_PROFILE}", ignore_dependencies=True)
    after = {b.getPath(): b.modified for b in api.content.find(portal_type=["ServiceItem", "File", "Department"])}
    assert after == before
    assert count(portal_type="ServiceItem") == 59


def test_import_again_keeps_edits_and_restores_what_is_missing(as_manager, setup_tool):
    portal = as_manager
    item = portal.services["gaoling-jintie"]
    item.promised_days = 3
    api.content.delete(item["online-form"])
    setup_tool.runAllImportStepsFromProfile(f"profile-{COUNTY_PROFILE}", ignore_dependencies=True)
    assert item.promised_days == 3
    assert "online-form" in item
