"""The subscribers fill the ledger from a real case walked through the workflow, and from cards."""

from zope.event import notify

from sanji.assessment.ledger import known_periods
from sanji.events import ApplicationCarded
from tests.assessment.conftest import at
from tests.assessment.conftest import counts
from tests.assessment.conftest import station_counts
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

MARCH = "2025-03"


def test_each_step_is_counted_for_whoever_took_it(walked):
    # Accept, send up, resubmit; one timed step (the village's, 1 day of 1); the township's return.
    assert counts(MARCH, "village", "agent-houfeng") == {
        "handled": 3,
        "timed": 1,
        "on_time": 1,
        "step_days": 1,
        "yellow": 0,
        "red": 0,
        "returns": 1,
        "overturned": 0,
        "complaints": 0,
    }
    # Return and send up; the township step took 2 working days net of the 3 with the applicant: late.
    reviewer = counts(MARCH, "township", "reviewer-liangcun")
    assert (reviewer["handled"], reviewer["timed"], reviewer["on_time"], reviewer["step_days"]) == (2, 1, 0, 2)
    assert reviewer["returns"] == 0
    # Approve (1 working day of 2) and complete.
    approver = counts(MARCH, "county", "approver-minzheng")
    assert (approver["handled"], approver["timed"], approver["on_time"], approver["step_days"]) == (2, 1, 1, 1)


def test_stations_add_up_their_staff(walked):
    assert station_counts(MARCH, "village", "houfeng")["handled"] == 3
    assert station_counts(MARCH, "village", "houfeng")["returns"] == 1
    assert station_counts(MARCH, "township", "liangcun")["step_days"] == 2
    assert station_counts(MARCH, "county", "minzheng")["timed"] == 1


def test_steps_fall_into_the_month_they_happened(portal):
    case = new_case(portal)
    complete_materials(case)
    with at("2025-03-31 16:00"):
        step(case, "accept", "agent-houfeng")
    with at("2025-04-01 09:00"):
        step(case, "to_township", "agent-houfeng")
    assert counts("2025-03", "village", "agent-houfeng")["handled"] == 1
    assert counts("2025-04", "village", "agent-houfeng")["timed"] == 1
    assert counts("2025-04", "village", "agent-houfeng")["step_days"] == 1
    assert known_periods()[:2] == ["2025-04", "2025-03"]


def test_the_village_returning_its_own_case_blames_nobody(portal):
    case = new_case(portal)
    complete_materials(case)
    with at("2025-05-06 10:00"):
        step(case, "accept", "agent-houfeng")
        step(case, "return_for_correction", "agent-houfeng", "缺少照片")
    assert counts("2025-05", "village", "agent-houfeng")["returns"] == 0
    assert counts("2025-05", "village", "agent-houfeng")["handled"] == 2


def test_a_county_return_counts_against_the_reviewer_who_sent_it_up(portal):
    case = new_case(portal)
    complete_materials(case)
    with at("2025-05-06 10:00"):
        step(case, "accept", "agent-houfeng")
        step(case, "to_township", "agent-houfeng")
        step(case, "to_county", "reviewer-liangcun")
        step(case, "return_for_correction", "approver-minzheng", "材料不全")
    assert counts("2025-05", "township", "reviewer-liangcun")["returns"] == 1
    assert counts("2025-05", "village", "agent-houfeng")["returns"] == 0
    # Resubmitted by the agent: a second return by the county is hers.
    with at("2025-05-07 10:00"):
        step(case, "resubmit_county", "agent-houfeng")
        step(case, "return_for_correction", "approver-minzheng", "仍不全")
    assert counts("2025-05", "village", "agent-houfeng")["returns"] == 1
    assert counts("2025-05", "township", "reviewer-liangcun")["returns"] == 1


def test_cards_count_against_every_member_of_the_waiting_group(portal):
    case = new_case(portal)
    with at("2025-06-10 10:00"):
        notify(ApplicationCarded(case, "yellow", waiting_for=("reviewers-liangcun",)))
        notify(ApplicationCarded(case, "red", waiting_for=("reviewers-liangcun",)))
        notify(ApplicationCarded(case, "red", waiting_for=("sanji-supervisors", "unknown-group")))
    reviewer = counts("2025-06", "township", "reviewer-liangcun")
    assert (reviewer["yellow"], reviewer["red"], reviewer["handled"]) == (1, 1, 0)
    assert station_counts("2025-06", "township", "liangcun")["red"] == 1
    assert counts("2025-06", "village", "agent-houfeng") == {}
