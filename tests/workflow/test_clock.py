"""Deadlines follow the case in working days; time returned for correction does not count."""

from datetime import date
from datetime import datetime

import time_machine
from plone import api

from sanji.api.clock import clock_state
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(f"{day} 10:00"), tick=False)


def test_resubmitted_case_is_not_overdue(portal):
    case = new_case(portal)  # 高龄津贴: promised 4 working days
    assert case.promised_days == 4
    complete_materials(case)
    with at("2025-03-03"):  # a Monday
        step(case, "accept", "agent-houfeng")
    assert case.deadline == date(2025, 3, 7)
    with at("2025-03-04"):
        step(case, "to_township", "agent-houfeng")
    with at("2025-03-05"):
        step(case, "return_for_correction", "reviewer-liangcun", "补充户口簿")
        assert clock_state(case, date(2025, 3, 5)).paused
    with at("2025-03-20"):
        assert not clock_state(case, date(2025, 3, 20)).overdue
        step(case, "resubmit_township", "agent-houfeng")
        state = clock_state(case, date(2025, 3, 20))
    assert not state.overdue
    assert state.remaining == 2
    assert case.deadline == state.deadline > date(2025, 3, 20)
    with api.env.adopt_user(username="reviewer-liangcun"):
        found = api.content.find(portal_type="Application", deadline={"query": date(2025, 3, 20), "range": "min"})
    assert [brain.UID for brain in found] == [case.UID()]
    assert (found[0].days_used, found[0].days_remaining) == (state.used, 2)  # metadata: lists need no object


def test_deadline_skips_the_national_day_holiday(portal):
    case = new_case(portal, address="后丰村10号")
    complete_materials(case)
    with at("2024-09-30"):  # the last working day before the 2024 National Day week
        step(case, "accept", "agent-houfeng")
    # 1-7 October are holidays: the four working days are 8-11 October.
    assert case.deadline == date(2024, 10, 11)
