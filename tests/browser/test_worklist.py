"""Each staff member's worklist: what waits for them, oldest step deadline first; and what they did."""

from datetime import date

import pytest
from plone import api
from zExceptions import Unauthorized

from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def rows_for(portal, user: str, tab: str = "waiting") -> list[dict]:
    request = portal.REQUEST
    request.form["tab"] = tab
    with api.env.adopt_user(username=user):
        return api.content.get_view("worklist", portal, request).rows()


def forwarded_case(portal, address: str):
    case = new_case(portal, address=address)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    return case


def test_reviewer_sees_forwarded_cases_earliest_deadline_first(portal):
    first = forwarded_case(portal, "后丰村1号")
    second = forwarded_case(portal, "后丰村2号")
    second.step_deadline = date(2000, 1, 1)
    second.reindexObject()
    receipts = [row["receipt"].replace(" ", "") for row in rows_for(portal, "reviewer-liangcun")]
    assert receipts == [second.receipt_number, first.receipt_number]
    assert rows_for(portal, "reviewer-liangcun")[0]["overdue"] is True


def test_agent_waits_on_drafts_and_not_on_forwarded_cases(portal):
    draft = new_case(portal, address="后丰村9号")
    forwarded = forwarded_case(portal, "后丰村8号")
    receipts = {row["receipt"].replace(" ", "") for row in rows_for(portal, "agent-houfeng")}
    assert draft.receipt_number in receipts
    assert forwarded.receipt_number not in receipts
    done = {row["receipt"].replace(" ", "") for row in rows_for(portal, "agent-houfeng", "done")}
    assert forwarded.receipt_number in done


def test_other_places_see_nothing(portal):
    forwarded_case(portal, "后丰村7号")
    assert rows_for(portal, "reviewer-wobei") == []
    assert rows_for(portal, "agent-qianfeng") == []
    assert rows_for(portal, "approver-minzheng") == []


def test_anonymous_has_no_worklist(portal):
    from plone.app.testing import logout

    logout()
    with pytest.raises(Unauthorized):
        api.content.get_view("worklist", portal, portal.REQUEST)()


def test_worklist_page_renders(portal):
    forwarded_case(portal, "后丰村6号")
    with api.env.adopt_user(username="reviewer-liangcun"):
        html = api.content.get_view("worklist", portal, portal.REQUEST)()
    assert "sanji-worklist-table" in html
    assert "高龄津贴申领" in html
