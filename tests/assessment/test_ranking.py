"""The walked case's ledger gives exact scores and ranks, computed by hand from its steps."""

from sanji.assessment.ranking import STATIONS
from sanji.assessment.ranking import ranking

MARCH = "2025-03"


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_village_agents(walked):
    rows = by_key(ranking(MARCH, "village"))
    # 3 steps (the most: 100), 1 timed step on time (100), 1 day a step (the fastest: 100) = 100, minus 3
    # for the return she caused.
    houfeng = rows["agent-houfeng"]
    assert (houfeng["handled_score"], houfeng["on_time_score"], houfeng["speed_score"]) == (100, 100, 100)
    assert (houfeng["deductions"], houfeng["automatic"], houfeng["rank"]) == (3, 97, 1)
    # The other agents did nothing this month: 0, ranked together after her.
    assert {row["automatic"] for key, row in rows.items() if key != "agent-houfeng"} == {0}
    assert {row["rank"] for key, row in rows.items() if key != "agent-houfeng"} == {2}


def test_township_reviewer_was_late(walked):
    reviewer = by_key(ranking(MARCH, "township"))["reviewer-liangcun"]
    # 2 steps (the most: 100 × 30%), 0 of 1 on time (0 × 50%), 2 days a step (the only one: 100 × 20%) = 50.
    assert (reviewer["on_time_score"], reviewer["automatic"], reviewer["rank"]) == (0, 50, 1)
    assert reviewer["average_days"] == 2 and reviewer["on_time_rate"] == 0


def test_county_approver_and_stations(walked):
    approver = by_key(ranking(MARCH, "county"))["approver-minzheng"]
    assert (approver["automatic"], approver["rank"]) == (100, 1)
    stations = by_key(ranking(MARCH, "township", STATIONS))
    assert (stations["liangcun"]["automatic"], stations["liangcun"]["rank"]) == (50, 1)
    assert stations["liangcun"]["provisional"]  # stations have no manual part
