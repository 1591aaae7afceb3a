"""Cases under way when the assessment is installed get their step memo, so their current step is timed."""

from zope.annotation.interfaces import IAnnotations

from sanji.assessment.steps import MEMO
from sanji.assessment.steps import read_memo
from sanji.assessment.upgrades import seed_step_memos
from tests.assessment.conftest import at
from tests.assessment.conftest import counts
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def forget(case) -> None:
    """As if the case had been taken to this point before the assessment existed."""
    del IAnnotations(case)[MEMO]


def test_a_case_in_township_review_is_timed_after_the_upgrade(portal):
    case = new_case(portal)
    complete_materials(case)
    with at("2025-07-01 10:00"):
        step(case, "accept", "agent-houfeng")
        step(case, "to_township", "agent-houfeng")
    memo = read_memo(case)
    forget(case)
    assert seed_step_memos() == 1
    assert read_memo(case) == memo  # township, since 1 July, passed on by the agent from the village
    with at("2025-07-03 10:00"):
        step(case, "to_county", "reviewer-liangcun")
    reviewer = counts("2025-07", "township", "reviewer-liangcun")
    assert (reviewer["timed"], reviewer["step_days"], reviewer["on_time"]) == (1, 2, 0)


def test_a_returned_case_remembers_who_sent_it_up(portal):
    case = new_case(portal)
    complete_materials(case)
    with at("2025-07-01 10:00"):
        step(case, "accept", "agent-houfeng")
        step(case, "to_township", "agent-houfeng")
        step(case, "to_county", "reviewer-liangcun")
        step(case, "return_for_correction", "approver-minzheng", "缺材料")
    memo = read_memo(case)
    forget(case)
    seed_step_memos()
    assert read_memo(case) == memo
    assert (memo.tier, memo.entered_by, memo.entered_from) == ("county", "reviewer-liangcun", "township")


def test_drafts_and_cases_with_a_memo_are_left_alone(portal):
    draft = new_case(portal)
    assert seed_step_memos() == 0
    assert read_memo(draft) is None
