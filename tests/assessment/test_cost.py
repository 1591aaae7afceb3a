"""Ranking a month reads the ledger and the staff, never the cases: scoring costs O(staff), not O(cases)."""

from sanji.assessment.export import workbook
from sanji.assessment.labels import labelled
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import ranking
from sanji.assessment.ranking import scores


def test_scoring_wakes_no_case(walked_http, functional_portal):
    case = walked_http
    case._p_deactivate()
    assert case._p_changed is None  # a ghost: its state is not loaded
    data = scores("2025-03")
    labelled(ranking("2025-03", "village", PEOPLE, data), PEOPLE)
    workbook("2025-03", functional_portal.REQUEST)
    assert case._p_changed is None
    assert data["people"]["village"][0]["key"] == "agent-houfeng"
