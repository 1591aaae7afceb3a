"""Over plone.restapi: the PIN travels in the JSON body of @workflow/<transition>; GET gives decision_url."""

import base64

import transaction
from plone import api

from sanji.seals.chain import chain
from tests.cases import complete_materials
from tests.cases import step


def fresh(case):
    transaction.begin()
    return case


def test_transition_with_the_pin_in_the_json_body(session_as, draft_case, committed):
    committed(complete_materials, draft_case)
    response = session_as("agent-houfeng").post(
        f"{draft_case.absolute_url()}/@workflow/accept", json={"comment": "材料齐全", "seal_pin": "123456"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["review_state"] == "accepted"
    fresh(draft_case)
    assert api.content.get_state(draft_case) == "accepted"
    [entry] = chain(draft_case)
    assert entry["actor"] == "agent-houfeng"
    assert "123456" not in response.text


def test_transition_without_the_pin_is_a_400_with_the_message(session_as, draft_case, committed):
    committed(complete_materials, draft_case)
    response = session_as("agent-houfeng").post(
        f"{draft_case.absolute_url()}/@workflow/accept", json={"comment": "材料齐全"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "WorkflowException"
    assert "请输入签章密码" in error["message"]
    fresh(draft_case)
    assert api.content.get_state(draft_case) == "draft"
    assert chain(draft_case) == []


def test_transition_with_a_wrong_pin_is_a_400(session_as, draft_case, committed):
    committed(complete_materials, draft_case)
    response = session_as("agent-houfeng").post(
        f"{draft_case.absolute_url()}/@workflow/accept", json={"seal_pin": "000000"}
    )
    assert response.status_code == 400
    assert "签章密码错误" in response.json()["error"]["message"]
    fresh(draft_case)
    assert api.content.get_state(draft_case) == "draft"
    assert chain(draft_case) == []


def test_application_gives_its_decision_url(session_as, township_case, committed, portal_url):
    session = session_as("approver-minzheng")
    committed(step, township_case, "to_county", "reviewer-liangcun")
    before = session.get(township_case.absolute_url()).json()
    assert "decision_url" in before
    assert before["decision_url"] is None
    response = session.post(f"{township_case.absolute_url()}/@workflow/approve", json={"seal_pin": "123456"})
    assert response.status_code == 200, response.text
    answer = session.get(township_case.absolute_url()).json()
    assert answer["decision_url"] == f"{township_case.absolute_url()}/@@decision.pdf"
    pdf = session.get(answer["decision_url"])
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    verified = session_as().post(
        f"{portal_url}/@verify",
        json={
            "file": {
                "data": base64.b64encode(pdf.content).decode(),
                "encoding": "base64",
                "filename": "审批结果通知书.pdf",
                "content-type": "application/pdf",
            }
        },
    )
    assert verified.status_code == 200, verified.text
    body = verified.json()
    assert body["pdf"]["all_valid"] is True
    assert body["pdf"]["issued_by_portal"] is True
    assert body["chain"]["intact"] is True
