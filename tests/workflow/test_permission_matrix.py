"""Who may see, change and move a case, for every role in every state (高龄津贴: village → township → county)."""

import pytest
from plone import api

from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

#: How to reach each state from a fresh draft: (transition, user, comment).
PATHS = {
    "draft": [],
    "accepted": [("accept", "agent-houfeng", "")],
    "township_review": [("accept", "agent-houfeng", ""), ("to_township", "agent-houfeng", "")],
    "county_approval": [
        ("accept", "agent-houfeng", ""),
        ("to_township", "agent-houfeng", ""),
        ("to_county", "reviewer-liangcun", ""),
    ],
    "returned": [
        ("accept", "agent-houfeng", ""),
        ("to_township", "agent-houfeng", ""),
        ("return_for_correction", "reviewer-liangcun", "缺少户口簿"),
    ],
    "approved": [
        ("accept", "agent-houfeng", ""),
        ("to_township", "agent-houfeng", ""),
        ("to_county", "reviewer-liangcun", ""),
        ("approve", "approver-minzheng", ""),
    ],
    "rejected": [
        ("accept", "agent-houfeng", ""),
        ("to_township", "agent-houfeng", ""),
        ("reject", "reviewer-liangcun", "不符合条件"),
    ],
    "completed": [
        ("accept", "agent-houfeng", ""),
        ("to_township", "agent-houfeng", ""),
        ("to_county", "reviewer-liangcun", ""),
        ("approve", "approver-minzheng", ""),
        ("complete", "approver-minzheng", ""),
    ],
}
STATES = list(PATHS)
ALL = set(STATES)
FROM_TOWNSHIP = {"township_review", "county_approval", "returned", "approved", "rejected", "completed"}
FROM_COUNTY = {"county_approval", "approved", "completed"}  # returned and rejected here at the township

#: user → (states where they see the case, states where they may change it, {state: transitions})
MATRIX = {
    None: (set(), set(), {}),
    "agent-houfeng": (
        ALL,
        {"draft", "returned"},
        {
            "draft": {"accept"},
            "accepted": {"to_township", "reject", "return_for_correction"},
            "returned": {"resubmit_township"},
            "approved": {"complete"},
            "rejected": {"complete"},
        },
    ),
    "agent-qianfeng": (set(), set(), {}),
    "reviewer-liangcun": (
        FROM_TOWNSHIP,
        set(),
        {
            "township_review": {"to_county", "reject", "return_for_correction"},
            "approved": {"complete"},
            "rejected": {"complete"},
        },
    ),
    "reviewer-wobei": (set(), set(), {}),
    "approver-minzheng": (
        FROM_COUNTY,
        set(),
        {"county_approval": {"approve", "reject", "return_for_correction"}, "approved": {"complete"}},
    ),
    "approver-renshe": (set(), set(), {}),
    "supervisor": (ALL, set(), {}),
    "manager": (set(), set(), {}),
}


@pytest.fixture
def cases(portal):
    built = {}
    for state, path in PATHS.items():
        case = new_case(portal, address=f"后丰村{state}号")  # distinct, or it is the same submission
        complete_materials(case)
        for transition, user, comment in path:
            step(case, transition, user, comment)
        assert api.content.get_state(case) == state
        built[state] = case
    return built


def _as(user):
    return api.env.adopt_roles(["Anonymous"]) if user is None else api.env.adopt_user(username=user)


@pytest.mark.parametrize("user", list(MATRIX))
def test_matrix(cases, user):
    sees, changes, moves = MATRIX[user]
    workflow = api.portal.get_tool("portal_workflow")
    for state, case in cases.items():
        with _as(user):
            assert api.user.has_permission("View", obj=case) == (state in sees), (user, state, "View")
            assert api.user.has_permission("Modify portal content", obj=case) == (state in changes), (user, state)
            assert not api.user.has_permission("Sharing page: Delegate roles", obj=case), (user, state, "sharing")
            available = {t["id"] for t in workflow.getTransitionsFor(case)}
            found = api.content.find(portal_type="Application", UID=case.UID())
        assert available == moves.get(state, set()), (user, state, available)
        assert bool(found) == (state in sees), (user, state, "catalog")


def test_approvers_reach_only_their_department(cases):
    case = cases["county_approval"]
    assert "CountyApprover" in api.user.get_roles(username="approver-minzheng", obj=case)
    assert "CountyApprover" not in api.user.get_roles(username="approver-renshe", obj=case)
