"""The case page shows where a case stands, masks personal data, and offers exactly the allowed steps."""

import pytest
from plone import api
from zExceptions import NotFound

from tests.cases import VALID_ID
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def render(case, user: str, view: str = "view", **form) -> str:
    request = case.REQUEST
    request.form.update(form)
    with api.env.adopt_user(username=user):
        return api.content.get_view(view, case, request)()


def test_personal_data_is_masked(portal):
    case = new_case(portal)
    html = render(case, "agent-houfeng")
    assert VALID_ID not in html
    assert "13800001234" not in html
    assert "董*山" in html
    assert "6228480000000000000" not in html


def test_buttons_follow_the_workflow(portal):
    case = new_case(portal)
    complete_materials(case)
    html = render(case, "agent-houfeng")
    assert 'data-transition="accept"' in html
    assert 'data-transition="approve"' not in html
    step(case, "accept", "agent-houfeng")
    html = render(case, "agent-houfeng")
    assert 'data-transition="to_township"' in html
    assert "@@receipt.pdf" in html


def test_missing_materials_are_listed(portal):
    case = new_case(portal)
    html = render(case, "agent-houfeng")
    assert "sanji-missing" in html


def test_history_shows_tier_actor_and_comment(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    step(case, "return_for_correction", "reviewer-liangcun", "户口簿复印件不清楚")
    html = render(case, "agent-houfeng")
    assert "户口簿复印件不清楚" in html
    assert "琚凤双" in html


def test_transition_form_refuses_without_reason_and_keeps_the_page(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    request = case.REQUEST
    request.method = "POST"
    request.form.update({"name": "reject", "comment": " "})
    from plone.protect.authenticator import createToken

    with api.env.adopt_user(username="agent-houfeng"):
        request.form["_authenticator"] = createToken()
        html = api.content.get_view("transition", case, request)()
    assert "sanji-transition-error" in html
    assert api.content.get_state(case) == "accepted"


def test_transition_form_for_a_step_not_allowed_is_not_found(portal):
    case = new_case(portal)
    with pytest.raises(NotFound):
        render(case, "agent-houfeng", view="transition", name="approve")
