"""The figures against the hand-computed scenario (tests/supervision/scenario.py)."""

from datetime import date

import pytest

from sanji.supervision.figures import figures
from sanji.supervision.figures import percentile
from sanji.supervision.filters import Filters
from tests.supervision import scenario

MARCH = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31))


@pytest.fixture
def cases(portal):
    return scenario.build(portal)


def test_the_scenario_is_what_the_table_says(cases):
    states = scenario.march_states(cases)
    assert states["c5"] == "township_review"
    assert states["c6"] == "returned"
    assert states["c11"] == "accepted"
    assert states["c12"] == "draft"
    assert all(states[name] == "completed" for name in ("c1", "c2", "c3", "c4", "c7", "c8", "c9", "c10"))
    assert cases["c3"].card == "red"
    assert cases["c2"].card == "yellow"


def test_totals(cases):
    total = figures(MARCH).total
    assert total.counts == {
        "accepted": 10,
        "in_progress": 2,
        "completed": 8,
        "on_time": 7,
        "yellow": 3,
        "red": 2,
        "returned": 1,
        "rejected": 1,
    }
    assert total.decided == 8
    assert total.settled == {"village": 2, "township": 2, "county": 4}
    assert total.days == {0: 1, 1: 2, 2: 2, 3: 1, 4: 1, 7: 1}
    assert (total.median_days, total.p90_days) == (2, 7)
    rates = total.rates()
    assert rates["on_time"] == pytest.approx(7 / 8)
    assert rates["settled_in_village"] == pytest.approx(0.25)
    assert rates["settled_in_township"] == pytest.approx(0.5)
    assert rates["red"] == pytest.approx(0.2)
    assert rates["rejected"] == pytest.approx(1 / 8)


def test_rows_by_item(cases, portal):
    rows = {row.key: row for row in figures(MARCH.with_changes(group_by="item")).rows}
    gaoling = rows[portal.services[scenario.GAOLING].item_code]
    assert gaoling.label == portal.services[scenario.GAOLING].title
    assert gaoling.counts["accepted"] == 6
    assert (gaoling.counts["completed"], gaoling.counts["on_time"], gaoling.counts["red"]) == (4, 3, 2)
    assert (gaoling.median_days, gaoling.p90_days) == (2, 7)  # 1, 2, 4, 7
    village = rows[portal.services[scenario.VILLAGE_ITEM].item_code]
    assert village.settled["village"] == 2
    assert (village.median_days, village.p90_days) == (0, 1)
    township = rows[portal.services[scenario.TOWNSHIP_ITEM].item_code]
    assert (township.median_days, township.p90_days) == (2, 3)
    assert township.rates()["settled_in_township"] == 1.0


def test_filters_narrow_the_cohort(cases, portal):
    gaoling = portal.services[scenario.GAOLING]
    assert figures(MARCH.with_changes(item=gaoling.item_code)).total.counts["accepted"] == 6
    assert figures(MARCH.with_changes(department=gaoling.department)).total.counts["accepted"] == 6
    assert figures(MARCH.with_changes(township="liangcun")).total.counts["accepted"] == 10
    assert figures(MARCH.with_changes(township="dongshangcun")).total.counts["accepted"] == 0
    spring = Filters(start=date(2025, 3, 1), end=date(2025, 4, 30), period="custom", group_by="month")
    assert [(row.key, row.counts["accepted"]) for row in figures(spring).rows] == [("2025-03", 10), ("2025-04", 1)]


def test_rows_by_staff_and_village(cases):
    staff = {row.key: row for row in figures(MARCH.with_changes(group_by="staff")).rows}
    assert staff["agent-houfeng"].counts["accepted"] == 10
    assert staff["approver-minzheng"].counts["rejected"] == 1
    villages = figures(MARCH.with_changes(group_by="village")).rows
    assert [(row.key, row.counts["accepted"]) for row in villages] == [("houfeng", 10)]


def test_figures_follow_the_catalog(cases):
    """The cache is keyed by the catalog's counter: a new step shows at once."""
    from tests.cases import step
    from tests.supervision.conftest import at

    assert figures(MARCH).total.counts["completed"] == 8
    with at("2025-03-13"):
        step(cases["c5"], "to_county", scenario.REVIEWER)
        step(cases["c5"], "approve", scenario.APPROVER)
        step(cases["c5"], "complete", scenario.APPROVER)
    total = figures(MARCH).total
    assert total.counts["completed"] == 9
    assert total.counts["on_time"] == 7


@pytest.mark.parametrize(
    ("histogram", "median", "p90"),
    [({}, None, None), ({5: 1}, 5, 5), ({1: 1, 2: 1, 3: 1, 4: 1}, 2, 4), ({1: 9, 10: 1}, 1, 1), ({1: 8, 10: 2}, 1, 10)],
)
def test_nearest_rank_percentiles(histogram, median, p90):
    assert percentile(histogram, 0.5) == median
    assert percentile(histogram, 0.9) == p90


def test_few_groups_and_many_groups_agree(cases, portal, monkeypatch):
    """Departments, townships and months are counted by C intersections, the rest in one pass: same figures."""
    from sanji.supervision import figures as module

    for group_by in ("department", "township", "month", "item"):
        fast = {row.key: row for row in figures(MARCH.with_changes(group_by=group_by)).rows}
        monkeypatch.setattr(module, "FEW_GROUPS", -1)
        slow = {
            row.key: row for row in module._compute(portal.portal_catalog, MARCH.with_changes(group_by=group_by)).rows
        }
        monkeypatch.undo()
        assert fast == slow, group_by
    departments = {row.key: row for row in figures(MARCH).rows}
    gaoling = departments[portal.services[scenario.GAOLING].department]
    assert gaoling.counts["accepted"] == 6
    assert (gaoling.median_days, gaoling.p90_days) == (2, 7)
    assert sum(row.counts["accepted"] for row in departments.values()) == 10
