"""Editors get a clear message for a bad guide; the public reads but never edits."""

import pytest
from AccessControl import Unauthorized
from plone import api
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import ValidationError
from zope.schema import getValidationErrors

from sanji.content.service_item import IServiceItem


def errors_of(item) -> dict:
    return {name or "invariant": error for name, error in getValidationErrors(IServiceItem, item)}


def test_sample_item_is_valid(portal):
    assert errors_of(portal.services["gaoling-jintie"]) == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [("promised_days", -1), ("promised_days", 0), ("statutory_days", None), ("department", "XX")],
)
def test_bad_values_are_refused(portal, field, value):
    item = portal.services["gaoling-jintie"]
    setattr(item, field, value)
    assert field in errors_of(item)


def test_unknown_department_says_so(portal):
    field = IServiceItem["department"].bind(portal.services["gaoling-jintie"])
    with pytest.raises(ValidationError) as caught:
        field.validate("XX")
    assert "There is no department with this code" in translate(caught.value.doc())


def test_promised_cannot_exceed_statutory(portal):
    item = portal.services["gaoling-jintie"]
    item.promised_days = item.statutory_days + 1
    assert isinstance(errors_of(item)["invariant"], Invalid)


def test_tiers_move_upwards(portal):
    item = portal.services["gaoling-jintie"]
    item.accept_tier, item.review_tier, item.approve_tier = "village", "county", "township"
    assert "upwards" in translate(errors_of(item)["invariant"].args[0])


def test_anonymous_reads_but_cannot_edit(portal):
    item = portal.services["gaoling-jintie"]
    with api.env.adopt_roles(["Anonymous"]):
        assert api.user.has_permission("View", obj=item)
        assert not api.user.has_permission("Modify portal content", obj=item)
        assert api.user.has_permission("View", obj=item["blank-form"])
        with pytest.raises(Unauthorized):
            portal.services.restrictedTraverse("gaoling-jintie/edit")


def test_editor_group_can_edit_items_but_not_the_site(portal):
    user = api.user.create(email="editor@example.invalid", username="test-editor", password="secret-123")
    api.group.add_user(groupname="sanji-editors", user=user)
    item = portal.services["gaoling-jintie"]
    assert api.user.has_permission("Modify portal content", user=user, obj=item)
    assert api.user.has_permission("sanji: Add ServiceItem", user=user, obj=portal.services)
    assert not api.user.has_permission("Modify portal content", user=user, obj=portal)


def test_village_agent_cannot_edit_items(portal):
    item = portal.services["gaoling-jintie"]
    assert not api.user.has_permission("Modify portal content", username="agent-houfeng", obj=item)
