"""Fixtures of the supervision tests: cases at known dates, and the card events the sweep sends."""

from datetime import date
from datetime import datetime

import pytest
import time_machine
from zope.component import getGlobalSiteManager

from sanji.events import IApplicationCarded
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def at(day: date | str, hour: int = 10):
    """Freeze the clock at ``hour`` o'clock of ``day`` (the steps record their dates from it)."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0), tick=False)


def accepted_case(portal, day: str, *, address: str = "梁村镇后丰村3号", **applicant):
    """A 高龄津贴 case (4 working days, village → township → county) accepted on ``day``."""
    case = new_case(portal, address=address, **applicant)
    complete_materials(case)
    with at(day):
        step(case, "accept", "agent-houfeng")
    return case


def decide(case, day: str, decision: str = "approve", *, complete: bool = True) -> None:
    """Take an accepted 高龄津贴 case up to the county on ``day`` and decide it there (and complete it)."""
    with at(day):
        step(case, "to_township", "agent-houfeng")
        step(case, "to_county", "reviewer-liangcun")
        step(case, decision, "approver-minzheng", "不符合条件" if decision == "reject" else "")
        if complete:
            step(case, "complete", "approver-minzheng")


@pytest.fixture
def carded():
    """Every ApplicationCarded sent while the test runs, in order."""
    events = []

    def handler(event):
        events.append(event)

    manager = getGlobalSiteManager()
    manager.registerHandler(handler, (IApplicationCarded,))
    yield events
    manager.unregisterHandler(handler, (IApplicationCarded,))
