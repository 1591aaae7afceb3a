"""Shared helpers of the assessment tests: travelling in time, walking a case, the ledger's counters."""

from datetime import datetime

import pytest
import time_machine

from sanji.assessment.ledger import get_period


def at(moment: str):
    """Freeze the clock (Python's, DateTime's and so calendar.now()) at ``moment`` in Beijing time."""
    return time_machine.travel(datetime.fromisoformat(f"{moment}+08:00"), tick=False)


def counts(period: str, tier: str, userid: str) -> dict:
    """The person's counters as a plain dict (zeros when nothing was recorded)."""
    ledger_period = get_period(period)
    counters = ledger_period.people.get((tier, userid)) if ledger_period is not None else None
    return counters.counts().__dict__ if counters is not None else {}


def station_counts(period: str, tier: str, station: str) -> dict:
    ledger_period = get_period(period)
    counters = ledger_period.stations.get((tier, station)) if ledger_period is not None else None
    return counters.counts().__dict__ if counters is not None else {}


def walk(portal):
    """A 高龄津贴 case (4 working days: village 1, township 1, county 2) walked through March 2025.

    - Mon 3rd: accepted by the agent; Tue 4th: sent to the township (1 day: on time);
    - Wed 5th: returned by the reviewer (against the agent who sent it up); Mon 10th: resubmitted;
    - Tue 11th: sent to the county: 5 working days less 3 with the applicant = 2 > 1 (late);
    - Wed 12th: approved (1 day of 2: on time) and completed by the approver.
    """
    from tests.cases import complete_materials
    from tests.cases import new_case
    from tests.cases import step

    case = new_case(portal)
    complete_materials(case)
    with at("2025-03-03 10:00"):
        step(case, "accept", "agent-houfeng")
    with at("2025-03-04 10:00"):
        step(case, "to_township", "agent-houfeng")
    with at("2025-03-05 10:00"):
        step(case, "return_for_correction", "reviewer-liangcun", "户口簿复印件不清楚")
    with at("2025-03-10 10:00"):
        step(case, "resubmit_township", "agent-houfeng")
    with at("2025-03-11 10:00"):
        step(case, "to_county", "reviewer-liangcun")
    with at("2025-03-12 10:00"):
        step(case, "approve", "approver-minzheng")
        step(case, "complete", "approver-minzheng")
    return case


@pytest.fixture
def walked(portal):
    """The case of :func:`walk` on the integration layer."""
    return walk(portal)


@pytest.fixture
def walked_http(functional_portal):
    """The case of :func:`walk` on the functional layer, committed for the live server."""
    import transaction

    case = walk(functional_portal)
    transaction.commit()
    return case


def session(userid: str):
    """A requests session with basic auth as a demo account (password ``demo``)."""
    import requests

    http = requests.Session()
    http.auth = (userid, "demo")
    http.headers["Accept"] = "application/json"
    return http
