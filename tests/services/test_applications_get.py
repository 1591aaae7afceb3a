"""GET <area>/@applications over real HTTP: each person sees the cases the workflow shows them, no more."""

import pytest
import transaction
from plone import api
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

from tests.cases import APPLICANT

VILLAGE = "/areas/suning/liangcun/houfeng/@applications"
TOWNSHIP = "/areas/suning/liangcun/@applications"
ENTRY_KEYS = {
    "@id",
    "receipt_number",
    "item_code",
    "item_title",
    "review_state",
    "village",
    "township",
    "deadline",
    "step_deadline",
}


def receipts(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {entry["receipt_number"] for entry in response.json()["items"]}


@pytest.fixture
def cases(draft_case, township_case):
    return {"draft": draft_case.receipt_number, "township": township_case.receipt_number}


@pytest.fixture(autouse=True)
def no_object_is_woken(cases, monkeypatch):
    """Lists read brains only: waking an object during a request fails the test."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("the list woke an object")

    monkeypatch.setattr(AbstractCatalogBrain, "getObject", refuse)
    monkeypatch.setattr(AbstractCatalogBrain, "_unrestrictedGetObject", refuse)


def test_the_village_agent_sees_her_cases(session_as, cases):
    response = session_as("agent-houfeng").get(VILLAGE)
    assert receipts(response) == set(cases.values())
    entry = next(e for e in response.json()["items"] if e["receipt_number"] == cases["township"])
    assert set(entry) == ENTRY_KEYS
    assert entry["@id"].endswith(f"/areas/suning/liangcun/houfeng/{cases['township']}")
    assert (entry["item_code"], entry["village"], entry["township"]) == ("MZ-001", "houfeng", "liangcun")
    assert entry["review_state"] == "township_review"
    assert len(entry["deadline"]) == 10
    assert len(entry["step_deadline"]) == 10
    for secret in APPLICANT.values():
        assert secret not in response.text


def test_an_agent_of_another_village_sees_nothing(session_as, cases):
    qianfeng = session_as("agent-qianfeng")
    assert receipts(qianfeng.get(VILLAGE)) == set()
    assert receipts(qianfeng.get("/areas/suning/liangcun/qianfeng/@applications")) == set()


def test_the_township_reviewer_sees_what_reached_his_township(session_as, cases):
    reviewer = session_as("reviewer-liangcun")
    assert receipts(reviewer.get(TOWNSHIP)) == {cases["township"]}
    assert receipts(reviewer.get(VILLAGE)) == {cases["township"]}
    assert receipts(session_as("reviewer-wobei").get(TOWNSHIP)) == set()


def test_anonymous_gets_nothing(session_as, cases):
    response = session_as().get(TOWNSHIP)
    assert receipts(response) == set()
    assert response.json()["items_total"] == 0


def test_filters(session_as, cases, functional_portal):
    agent = session_as("agent-houfeng")
    assert receipts(agent.get(VILLAGE, params={"review_state": "draft"})) == {cases["draft"]}
    both = {"review_state": ["draft", "township_review"]}
    assert receipts(agent.get(VILLAGE, params=both)) == set(cases.values())
    assert receipts(agent.get(VILLAGE, params={"item": "MZ-001"})) == set(cases.values())
    uid = functional_portal.services["gaoling-jintie"].UID()
    assert receipts(agent.get(VILLAGE, params={"item": uid, "review_state": "township_review"})) == {cases["township"]}
    assert receipts(agent.get(VILLAGE, params={"item": "RS-001"})) == set()
    assert receipts(agent.get(VILLAGE, params={"item": "no-such-item"})) == set()


def test_batching(session_as, cases):
    response = session_as("agent-houfeng").get(VILLAGE, params={"b_size": 1})
    data = response.json()
    assert data["items_total"] == 2
    assert len(data["items"]) == 1
    assert "next" in data["batching"]
    second = session_as("agent-houfeng").get(VILLAGE, params={"b_size": 1, "b_start": 1}).json()
    assert {data["items"][0]["receipt_number"], second["items"][0]["receipt_number"]} == set(cases.values())


def test_receipt_number_filter(session_as, cases):
    agent = session_as("agent-houfeng")
    number = cases["township"]
    assert receipts(agent.get(VILLAGE, params={"receipt_number": number})) == {number}
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert receipts(agent.get(TOWNSHIP, params={"receipt_number": grouped})) == {number}
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in number)  # as a Chinese input method types it
    assert receipts(agent.get(VILLAGE, params={"receipt_number": f"{full_width[:8]}-{full_width[8:]}"})) == {number}
    assert receipts(agent.get(VILLAGE, params={"receipt_number": "2000010100000000"})) == set()
    # Another village's agent does not find it by its number either.
    assert receipts(session_as("agent-qianfeng").get(VILLAGE, params={"receipt_number": number})) == set()


def test_a_county_supervisor_sees_every_case(session_as, cases):
    response = session_as("supervisor").get("/areas/suning/@applications")
    assert receipts(response) >= set(cases.values())
    assert response.json()["items_total"] == len(response.json()["items"])


def test_the_security_filter_holds_when_the_workflow_hides_a_state(session_as, cases, functional_portal):
    """Supervisors may not see drafts any more: their listing is filtered again, not taken unfiltered."""
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById("sanji_application_workflow")
    draft = workflow.states["draft"]
    draft.setPermission("Access contents information", False, ["Manager", "VillageAgent"])
    case = functional_portal.areas.suning.liangcun.houfeng[cases["draft"]]
    workflow.updateRoleMappingsFor(case)
    case.reindexObject(idxs=["allowedRolesAndUsers"])
    transaction.commit()
    response = session_as("supervisor").get("/areas/suning/@applications")
    assert cases["draft"] not in receipts(response)
    assert cases["township"] in receipts(response)
    assert response.json()["items_total"] == len(response.json()["items"])
