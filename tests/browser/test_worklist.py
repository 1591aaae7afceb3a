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


def test_long_worklists_come_in_pages_in_the_same_order(portal, monkeypatch):
    """Dated cases (earliest step deadline first), then undated ones by age, across page boundaries."""
    from sanji.browser import worklist

    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    dated = [forwarded_case(portal, f"后丰村{n}号") for n in range(20, 23)]
    for number, case in enumerate(dated, start=1):
        case.step_deadline = date(2000, 1, 4 - number)  # the last forwarded is due first
        case.reindexObject()
    drafts = [new_case(portal, address=f"后丰村{n}号") for n in range(30, 33)]
    expected = [case.receipt_number for case in reversed(dated)] + [case.receipt_number for case in drafts]

    def page(user: str, start) -> list[str]:
        portal.REQUEST.form["b_start"] = start
        return [row["receipt"].replace(" ", "") for row in rows_for(portal, user)]

    assert page("reviewer-liangcun", 0) == expected[:2]
    assert page("reviewer-liangcun", 2) == expected[2:3]
    agent_pages = [page("agent-houfeng", start) for start in (0, 2, 4)]
    assert [receipt for rows in agent_pages for receipt in rows] == expected[3:]
    assert page("agent-houfeng", "not a number") == expected[3:5]
    assert page("agent-houfeng", -7) == expected[3:5]


def test_done_tab_comes_in_pages(portal, monkeypatch):
    from sanji.browser import worklist

    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    cases = [forwarded_case(portal, f"后丰村{n}号") for n in range(40, 43)]
    portal.REQUEST.form["b_start"] = 2
    rows = rows_for(portal, "agent-houfeng", "done")
    assert len(rows) == 1
    assert rows[0]["receipt"].replace(" ", "") in {case.receipt_number for case in cases}


def test_worklist_page_links_to_the_next_page(portal, monkeypatch):
    from sanji.browser import worklist

    monkeypatch.setattr(worklist, "PAGE_SIZE", 1)
    forwarded_case(portal, "后丰村50号")
    forwarded_case(portal, "后丰村51号")
    with api.env.adopt_user(username="reviewer-liangcun"):
        html = api.content.get_view("worklist", portal, portal.REQUEST)()
    assert "b_start:int=1" in html or "b_start=1" in html


def test_the_handler_sees_the_card_of_a_late_case(portal):
    """电子监察: the sweep's red card shows in the worklist of the tier whose turn it is."""
    from sanji.supervision.cards import give_card
    from sanji.supervision.record import Card

    late = forwarded_case(portal, "后丰村7号")
    forwarded_case(portal, "后丰村8号")
    give_card(late, Card(card="red", given=date.today(), deadline=late.deadline, remaining=-1), ("reviewers-liangcun",))
    rows = rows_for(portal, "reviewer-liangcun")
    assert [row["card"] for row in rows if row["receipt"].replace(" ", "") == late.receipt_number] == ["red"]
    assert sorted(row["card"] or "" for row in rows) == ["", "red"]
    with api.env.adopt_user(username="reviewer-liangcun"):
        html = api.content.get_view("worklist", portal, portal.REQUEST)()
    assert html.count("sanji-card-red") == 1
    assert "红牌" in html
