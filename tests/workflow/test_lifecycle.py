"""A case moves from the village through township and county to its result, and back when returned."""

import pytest
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

from sanji.workflow.comments import review_history
from sanji.workflow.subscribers import PAUSE_REASON
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def transitions_for(application, user: str) -> set[str]:
    with api.env.adopt_user(username=user):
        return {t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(application)}


def test_full_route_village_township_county(portal):
    case = new_case(portal)
    assert api.content.get_state(case) == "draft"
    complete_materials(case)
    assert step(case, "accept", "agent-houfeng") == "accepted"
    assert transitions_for(case, "agent-houfeng") >= {"to_township", "reject", "return_for_correction"}
    assert "approve" not in transitions_for(case, "agent-houfeng")
    assert step(case, "to_township", "agent-houfeng") == "township_review"
    assert step(case, "to_county", "reviewer-liangcun", "材料齐全") == "county_approval"
    assert step(case, "approve", "approver-minzheng") == "approved"
    assert step(case, "complete", "approver-minzheng") == "completed"
    history = api.portal.get_tool("portal_workflow").getHistoryOf("sanji_application_workflow", case)
    assert [(h["action"], h["tier"]) for h in history[1:]] == [
        ("accept", "village"),
        ("to_township", "village"),
        ("to_county", "township"),
        ("approve", "county"),
        ("complete", ""),
    ]
    assert history[3]["actor"] == "reviewer-liangcun"
    assert review_history(case)[3]["comments"] == "材料齐全"  # stored sealed (tests/workflow/test_comments.py)


def test_village_settled_item_never_leaves_the_village(portal):
    item = next(b.getObject() for b in api.content.find(portal_type="ServiceItem", approve_tier="village"))
    case = new_case(portal, item.getId())
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    assert "approve" in transitions_for(case, "agent-houfeng")
    assert not {"to_township", "to_county"} & transitions_for(case, "agent-houfeng")
    assert step(case, "approve", "agent-houfeng") == "approved"


def test_township_settled_item_stops_at_the_township(portal):
    item = next(b.getObject() for b in api.content.find(portal_type="ServiceItem", approve_tier="township"))
    case = new_case(portal, item.getId())
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert "approve" in transitions_for(case, "reviewer-liangcun")
    assert "to_county" not in transitions_for(case, "reviewer-liangcun")


def test_accept_needs_every_material(portal):
    case = new_case(portal)
    with pytest.raises(WorkflowException) as refused:
        step(case, "accept", "agent-houfeng")
    assert "居民身份证" in str(refused.value) or "身份证" in str(refused.value)
    assert api.content.get_state(case) == "draft"


@pytest.mark.parametrize("transition", ["reject", "return_for_correction"])
def test_reject_and_return_need_a_reason(portal, transition):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    with pytest.raises(WorkflowException):
        step(case, transition, "reviewer-liangcun", "   ")
    assert api.content.get_state(case) == "township_review"


def test_return_and_resubmit_goes_back_to_the_tier_that_returned(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    step(case, "to_county", "reviewer-liangcun")
    assert step(case, "return_for_correction", "approver-minzheng", "户口簿复印件不清楚") == "returned"
    assert case.returned_from == "county"
    assert transitions_for(case, "agent-houfeng") == {"resubmit_county"}
    assert step(case, "resubmit_county", "agent-houfeng") == "county_approval"
    assert case.pauses and case.pauses[0]["reason"] == PAUSE_REASON  # the reason given stays in the sealed comment


def test_wrong_tier_cannot_act(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert transitions_for(case, "agent-houfeng") == set()
    assert transitions_for(case, "approver-minzheng") == set()
    assert transitions_for(case, "reviewer-wobei") == set()
    with pytest.raises(WorkflowException):
        step(case, "to_county", "agent-houfeng")


def test_events_are_emitted(portal):
    from zope.component import getGlobalSiteManager

    from sanji.events import IApplicationAccepted
    from sanji.events import IApplicationSubmitted

    seen = []
    gsm = getGlobalSiteManager()

    def record(obj, event):
        seen.append((type(event).__name__, event.transition, event.tier))

    gsm.registerHandler(record, (None, IApplicationSubmitted))
    gsm.registerHandler(record, (None, IApplicationAccepted))
    try:
        case = new_case(portal)
        complete_materials(case)
        step(case, "accept", "agent-houfeng")
    finally:
        gsm.unregisterHandler(record, (None, IApplicationSubmitted))
        gsm.unregisterHandler(record, (None, IApplicationAccepted))
    assert seen == [("ApplicationSubmitted", None, "village"), ("ApplicationEvent", "accept", "village")]


def test_double_submission_creates_one_application(portal):
    first = new_case(portal)
    second = new_case(portal)
    assert first.UID() == second.UID()
    assert len(portal.portal_catalog.unrestrictedSearchResults(portal_type="Application")) == 1
    other = new_case(portal, address="后丰村5号")
    assert other.UID() != first.UID()
