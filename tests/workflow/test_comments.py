"""Step comments are sealed at rest and read back where the history is shown; shredding takes them along."""

import pickle

import pytest
from plone import api

from sanji.crypto.shredding import shred
from sanji.workflow.comments import SEALED
from sanji.workflow.comments import SHREDDED
from sanji.workflow.comments import review_history
from sanji.workflow.definition import WORKFLOW_ID
from sanji.workflow.definition import history
from sanji.workflow.subscribers import PAUSE_REASON
from sanji.workflow.upgrades import seal_existing_comments
from tests.cases import VALID_ID
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

REASON = f"申请人身份证号{VALID_ID}与户口簿不一致，请核对"


def returned_case(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng", "材料齐全")
    step(case, "to_township", "agent-houfeng")
    step(case, "return_for_correction", "reviewer-liangcun", REASON)
    return case


def test_the_stored_history_holds_no_comment_in_plain_text(portal):
    case = returned_case(portal)
    stored = case.workflow_history[WORKFLOW_ID]
    assert [entry["comments"] for entry in stored] == ["", "", "", ""]
    assert [SEALED in entry for entry in stored] == [False, True, False, True]
    raw = pickle.dumps(dict(case.workflow_history), protocol=3)
    assert VALID_ID.encode() not in raw
    assert "户口簿".encode() not in raw
    assert REASON not in str(case.pauses)
    assert case.pauses[0]["reason"] == PAUSE_REASON


def test_the_review_history_opens_the_comments_for_plone_and_the_case_page(portal):
    case = returned_case(portal)
    comments = [entry["comments"] for entry in review_history(case)]
    assert comments == ["", "材料齐全", "", REASON]
    assert all(SEALED not in entry for entry in review_history(case))
    with api.env.adopt_user(username="agent-houfeng"):  # what Plone's history viewlet and restapi read
        plone_history = api.portal.get_tool("portal_workflow").getInfoFor(case, "review_history")
    assert [entry["comments"] for entry in plone_history] == comments
    with api.env.adopt_user(username="agent-houfeng"):
        rows = case.restrictedTraverse("@@view").history()
    assert [row["comment"] for row in rows] == comments


def test_review_history_gives_copies(portal):
    case = returned_case(portal)
    review_history(case)[-1]["comments"] = "changed"
    assert review_history(case)[-1]["comments"] == REASON
    assert history(case)[-1]["comments"] == ""


def test_shredding_the_case_destroys_its_comments(portal):
    case = returned_case(portal)
    assert shred(case, actor="cli:test")
    assert [entry["comments"] for entry in review_history(case)] == ["", SHREDDED, "", SHREDDED]
    assert [entry["action"] for entry in review_history(case)][-1] == "return_for_correction"


def old_style(case, comments: list[str], reason: str) -> None:
    """The case as a site before 1004 stored it: plain comments, the reason in the pause ledger."""
    entries = history(case)
    case.workflow_history[WORKFLOW_ID] = tuple(
        {key: value for key, value in entry.items() if key != SEALED} | {"comments": comment}
        for entry, comment in zip(entries, comments, strict=True)
    )
    case.pauses[0] = {**case.pauses[0], "reason": reason}


def test_the_upgrade_seals_the_comments_already_there_and_empties_a_shredded_cases(portal):
    kept = returned_case(portal)
    old_style(kept, ["", "材料齐全", "", REASON], REASON)
    gone = new_case(portal, address="梁村镇后丰村9号")
    complete_materials(gone)
    step(gone, "accept", "agent-houfeng")
    step(gone, "to_township", "agent-houfeng")
    step(gone, "return_for_correction", "reviewer-liangcun", "补正")
    shred(gone)
    old_style(gone, ["", "", "", REASON], REASON)

    seal_existing_comments(None)

    assert [entry["comments"] for entry in history(kept)] == ["", "", "", ""]
    assert [entry["comments"] for entry in review_history(kept)] == ["", "材料齐全", "", REASON]
    assert kept.pauses[0]["reason"] == PAUSE_REASON
    assert [entry["comments"] for entry in history(gone)] == ["", "", "", ""]
    assert REASON not in str(dict(gone.workflow_history)) + str(gone.pauses)
    seal_existing_comments(None)  # again: nothing changes
    assert [entry["comments"] for entry in review_history(kept)] == ["", "材料齐全", "", REASON]


def restricted(expression: str, case):
    """``expression`` evaluated as TALES in restricted Python, as the workflow variable (or a script) is."""
    from Products.PageTemplates.Expressions import SecureModuleImporter
    from Products.PageTemplates.Expressions import getEngine

    engine = getEngine()
    return engine.compile(expression)(engine.getContext({"here": case, "modules": SecureModuleImporter}))


def test_restricted_code_reads_comments_only_through_the_workflows_guard(portal):
    from AccessControl import Unauthorized

    case = returned_case(portal)
    guarded = "python:modules['sanji.workflow.comments'].guarded_review_history(here)"
    with api.env.adopt_user(username="agent-houfeng"):
        assert restricted(guarded, case)[-1]["comments"] == REASON
    with api.env.adopt_user(username="supervisor"), pytest.raises(Unauthorized):
        restricted(guarded, case)  # may view the case, may not review it
    with api.env.adopt_user(username="agent-houfeng"), pytest.raises(Unauthorized):
        restricted("python:modules['sanji.workflow.comments'].review_history(here)", case)
