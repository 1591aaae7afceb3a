"""A dozen cases of March 2025 in known states, built step by step in date order, with the sweep in between.

Hand-computed figures (cohort: accepted 1-31 March 2025, all in 后丰村, 梁村镇):

====  ==============================  ================================  ====  =======  =====
case  item (promised working days)    what happened                     days  on time  cards
====  ==============================  ================================  ====  =======  =====
c1    高龄津贴 (4, county)             accepted 3 Mar, completed 5 Mar     2     yes
c2    高龄津贴                         completed 7 Mar (the deadline)      4     yes      yellow
c3    高龄津贴                         completed 12 Mar                    7     no       yellow, red
c4    高龄津贴                         rejected by the county 4 Mar        1     yes
c5    高龄津贴                         still with the township             –     –        yellow, red
c6    高龄津贴                         returned by the township 4 Mar      –     –
c7    village item (1, village)        approved and completed 3 Mar        0     yes
c8    village item                     completed 4 Mar                     1     yes
c9    township item (10, township)     completed 5 Mar                     2     yes
c10   township item                    completed 6 Mar                     3     yes
c11   高龄津贴                         accepted 1 April (outside March)    –
c12   高龄津贴                         a draft, never accepted             –
====  ==============================  ================================  ====  =======  =====

March: accepted 10, in progress 2 (c5, c6), completed 8, on time 7 (rate 7/8), yellow 3, red 2,
returned 1, rejected 1; decided 8: settled in the village 2 (25 %), in the township 2 more (50 %);
days 0, 1, 1, 2, 2, 3, 4, 7: median (4th of 8) 2, P90 (8th of 8) 7.
"""

from datetime import date

from plone import api

from sanji.supervision.cards import sweep_cards
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step
from tests.supervision.conftest import at

GAOLING = "gaoling-jintie"
VILLAGE_ITEM = "yanglao-daiyu-zige-renzheng"
TOWNSHIP_ITEM = "hukou-qianyi"

AGENT, REVIEWER, APPROVER = "agent-houfeng", "reviewer-liangcun", "approver-minzheng"

#: (day, case, transition, user, comment); "sweep" runs the cards task that day.
TIMELINE = [
    ("2025-03-03", "c1", "accept", AGENT, ""),
    ("2025-03-03", "c2", "accept", AGENT, ""),
    ("2025-03-03", "c3", "accept", AGENT, ""),
    ("2025-03-03", "c4", "accept", AGENT, ""),
    ("2025-03-03", "c5", "accept", AGENT, ""),
    ("2025-03-03", "c6", "accept", AGENT, ""),
    ("2025-03-03", "c7", "accept", AGENT, ""),
    ("2025-03-03", "c7", "approve", AGENT, ""),
    ("2025-03-03", "c7", "complete", AGENT, ""),
    ("2025-03-03", "c8", "accept", AGENT, ""),
    ("2025-03-03", "c9", "accept", AGENT, ""),
    ("2025-03-03", "c10", "accept", AGENT, ""),
    ("2025-03-03", "c9", "to_township", AGENT, ""),
    ("2025-03-03", "c10", "to_township", AGENT, ""),
    *[("2025-03-04", case, "to_township", AGENT, "") for case in ("c1", "c2", "c3", "c4", "c5", "c6")],
    ("2025-03-04", "c4", "to_county", REVIEWER, ""),
    ("2025-03-04", "c4", "reject", APPROVER, "不符合条件"),
    ("2025-03-04", "c4", "complete", APPROVER, ""),
    ("2025-03-04", "c6", "return_for_correction", REVIEWER, "补充户口簿"),
    ("2025-03-04", "c8", "approve", AGENT, ""),
    ("2025-03-04", "c8", "complete", AGENT, ""),
    ("2025-03-05", "c1", "to_county", REVIEWER, ""),
    ("2025-03-05", "c1", "approve", APPROVER, ""),
    ("2025-03-05", "c1", "complete", APPROVER, ""),
    ("2025-03-05", "c2", "to_county", REVIEWER, ""),
    ("2025-03-05", "c3", "to_county", REVIEWER, ""),
    ("2025-03-05", "c9", "approve", REVIEWER, ""),
    ("2025-03-05", "c9", "complete", REVIEWER, ""),
    ("2025-03-06", "c10", "approve", REVIEWER, ""),
    ("2025-03-06", "c10", "complete", REVIEWER, ""),
    ("2025-03-06", "sweep", "", "", ""),
    ("2025-03-07", "c2", "approve", APPROVER, ""),
    ("2025-03-07", "c2", "complete", APPROVER, ""),
    ("2025-03-10", "sweep", "", "", ""),
    ("2025-03-12", "c3", "approve", APPROVER, ""),
    ("2025-03-12", "c3", "complete", APPROVER, ""),
    ("2025-04-01", "c11", "accept", AGENT, ""),
]

ITEMS = {"c7": VILLAGE_ITEM, "c8": VILLAGE_ITEM, "c9": TOWNSHIP_ITEM, "c10": TOWNSHIP_ITEM}


def build(portal) -> dict:
    """The twelve cases by name, with their steps taken on their days."""
    cases = {}
    for number in range(1, 13):
        name = f"c{number}"
        case = new_case(portal, ITEMS.get(name, GAOLING), address=f"后丰村{number}号")
        complete_materials(case)
        cases[name] = case
    for day, name, transition, user, comment in TIMELINE:
        if name == "sweep":
            sweep_cards(portal, date.fromisoformat(day))
            continue
        with at(day):
            step(cases[name], transition, user, comment)
    return cases


def march_states(cases: dict) -> dict[str, str]:
    return {name: api.content.get_state(case) for name, case in cases.items()}
