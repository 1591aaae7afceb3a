"""plone.restapi's @workflow/<transition> takes the same steps and the same refusals as our pages."""

import transaction
from plone import api

from sanji.setuphandlers.seals import demo_seal_pin
from tests.cases import complete_materials


def state_of(case) -> str:
    transaction.begin()
    return api.content.get_state(case)


def test_accept_through_rest(session_as, draft_case, committed):
    committed(complete_materials, draft_case)
    url = f"{draft_case.absolute_url()}/@workflow/accept"
    response = session_as("agent-houfeng").post(url, json={"comment": "材料齐全", "seal_pin": demo_seal_pin()})
    assert response.status_code == 200, response.text
    assert response.json()["review_state"] == "accepted"
    assert state_of(draft_case) == "accepted"
    assert draft_case.accepted_at is not None


def test_the_comment_is_sealed_at_rest_and_plain_in_rest_answers(session_as, draft_case, committed):
    from sanji.workflow.definition import history

    committed(complete_materials, draft_case)
    session = session_as("agent-houfeng")
    url = f"{draft_case.absolute_url()}/@workflow"
    answer = session.post(f"{url}/accept", json={"comment": "材料齐全，已核对原件", "seal_pin": demo_seal_pin()})
    assert answer.status_code == 200, answer.text
    assert answer.json()["comments"] == "材料齐全，已核对原件"
    listed = session.get(url).json()["history"]
    assert [entry["comments"] for entry in listed] == ["", "材料齐全，已核对原件"]
    assert all("comments_sealed" not in entry for entry in listed)
    transaction.begin()
    assert history(draft_case)[-1]["comments"] == ""


def test_accept_without_the_materials_is_refused_with_our_message(session_as, draft_case):
    response = session_as("agent-houfeng").post(f"{draft_case.absolute_url()}/@workflow/accept", json={})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "WorkflowException"
    assert "居民户口簿" in error["message"]  # the missing materials are named
    assert state_of(draft_case) == "draft"


def test_another_village_cannot_accept(session_as, draft_case, committed):
    committed(complete_materials, draft_case)
    response = session_as("agent-qianfeng").post(f"{draft_case.absolute_url()}/@workflow/accept", json={})
    assert response.status_code in (401, 403)
    assert state_of(draft_case) == "draft"


def test_the_village_agent_cannot_share_a_case_with_anyone(session_as, draft_case):
    """Access follows the tiers only: the sharing page, which would delegate roles, is for Managers."""
    session = session_as("agent-houfeng")
    session.headers["Accept"] = "text/html"
    page = session.get(f"{draft_case.absolute_url()}/@@sharing", allow_redirects=False)
    assert page.status_code in (302, 401, 403)
    assert "entries.role_Reader" not in page.text
    assert session.get(draft_case.absolute_url(), allow_redirects=False).status_code == 200  # the case itself
