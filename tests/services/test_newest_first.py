"""@applications pages come newest first however old the cases are: the recent window widens as needed."""

import pytest
from DateTime import DateTime
from plone import api

from sanji.services.applications.get import newest_first
from tests.cases import new_case

AGES = (400, 2, 90, 20, 1)  # days


def aged_cases(portal) -> list[str]:
    """One draft per age in AGES; their receipt numbers, newest first."""
    cases = []
    for number, days in enumerate(AGES):
        case = new_case(portal, address=f"后丰村{60 + number}号")
        case.creation_date = DateTime() - days
        case.reindexObject(idxs=["created"])
        cases.append((days, case.receipt_number))
    return [receipt for _days, receipt in sorted(cases)]


def page(portal, b_start: int, b_size: int):
    """As the village agent, who sees her village's cases (the catalog filters by permission)."""
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username="agent-houfeng"):
        return newest_first(catalog.searchResults, {"portal_type": "Application"}, b_start, b_size)


@pytest.mark.parametrize("sort_all_up_to", [0, 1000], ids=["windows", "all at once"])
def test_every_page_is_in_order_and_knows_the_total(portal, monkeypatch, sort_all_up_to):
    from sanji.services.applications import get

    monkeypatch.setattr(get, "SORT_ALL_UP_TO", sort_all_up_to)
    expected = aged_cases(portal)
    for size in (1, 2, 3, 5, 10):
        found = []
        for start in range(0, len(expected), size):
            results = page(portal, start, size)
            assert results.actual_result_count == len(expected)
            found += [brain.receipt_number for brain in results][:size]
        assert found == expected, size


def test_a_page_beyond_the_end_is_empty(portal, monkeypatch):
    from sanji.services.applications import get

    monkeypatch.setattr(get, "SORT_ALL_UP_TO", 0)
    expected = aged_cases(portal)
    results = page(portal, len(expected) + 3, 2)
    assert list(results) == []
    assert results.actual_result_count == len(expected)


def test_place_criteria_select_what_the_path_selects(portal):
    """Village and township indexes (none for the county) find exactly the cases below each area."""
    from sanji.services.applications.get import place_criteria

    aged_cases(portal)
    catalog = api.portal.get_tool("portal_catalog")
    areas = portal.areas.suning
    assert place_criteria(areas) == {}
    assert place_criteria(areas.liangcun) == {"township": "liangcun"}
    assert place_criteria(areas.liangcun.houfeng) == {"village": "houfeng"}
    for area in (areas, areas.liangcun, areas.liangcun.houfeng, areas.liangcun.qianfeng, areas.wobei):
        by_path = catalog.unrestrictedSearchResults(portal_type="Application", path="/".join(area.getPhysicalPath()))
        by_index = catalog.unrestrictedSearchResults(portal_type="Application", **place_criteria(area))
        assert {brain.UID for brain in by_index} == {brain.UID for brain in by_path}, area.getId()
    assert len(catalog.unrestrictedSearchResults(portal_type="Application", village="houfeng")) == len(AGES)
