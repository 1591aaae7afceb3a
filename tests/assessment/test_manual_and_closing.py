"""Manual scores combine with the automatic part; incidents count; a closed period is frozen and audited."""

import pytest
from plone import api

from sanji import audit
from sanji.assessment.closing import close_period
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.exc import PeriodClosed
from sanji.assessment.incidents import record_incident
from sanji.assessment.ledger import get_period
from sanji.assessment.manual import set_manual
from sanji.assessment.ranking import ranking
from sanji.assessment.ranking import rows_of
from sanji.assessment.scoring import Weights
from tests.assessment.conftest import at
from tests.assessment.conftest import counts
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

MARCH = "2025-03"
MARKS = {"attitude": 90, "guidance": 80, "complaints": 100}


def last_audit() -> dict:
    return next(iter(audit.recent(0, 1)))


def test_manual_marks_combine_with_the_automatic_score(walked):
    (before,) = rows_of(MARCH, "agent-houfeng")
    assert before["provisional"] and before["combined"] == before["automatic"]
    with at("2025-04-02 09:00"):
        set_manual(MARCH, "agent-houfeng", MARKS, "服务热情", by="manager")
    (row,) = rows_of(MARCH, "agent-houfeng")
    weights = Weights()
    expected = round((row["automatic"] * weights.automatic_share + 90 * weights.manual_share) / 100, 2)
    assert (row["manual"], row["combined"], row["provisional"]) == (90, expected, False)
    assert row["marks"] == MARKS


def test_every_manual_entry_is_audited_and_kept_in_the_period(walked):
    with at("2025-04-02 09:00"):
        set_manual(MARCH, "agent-houfeng", MARKS, by="manager")
        set_manual(MARCH, "agent-houfeng", {**MARKS, "attitude": 70}, by="manager")
    entry = last_audit()
    assert (entry["action"], entry["actor"]) == ("assessment_manual", "manager")
    assert entry["details"] == {
        "period": MARCH,
        "person": "agent-houfeng",
        "attitude": 70,
        "guidance": 80,
        "complaints": 100,
        "score": 83.33,
        "replaced": True,
    }
    history = get_period(MARCH).history
    assert [item["details"]["attitude"] for item in history] == [90, 70]
    assert history[-1]["seq"] == entry["seq"]
    assert audit.verify() == (True, None)


@pytest.mark.parametrize(
    ("marks", "field"),
    [
        ({**MARKS, "attitude": 101}, "attitude"),
        ({**MARKS, "guidance": -1}, "guidance"),
        ({**MARKS, "complaints": "很好"}, "complaints"),
        ({**MARKS, "attitude": 85.5}, "attitude"),
        ({"attitude": 90, "guidance": 80}, "complaints"),
    ],
)
def test_bad_marks_are_refused_naming_the_field(portal, marks, field):
    with pytest.raises(AssessmentRefused) as refused:
        set_manual("2025-03", "agent-houfeng", marks, by="manager")
    assert refused.value.field == field
    assert get_period("2025-03") is None or "agent-houfeng" not in get_period("2025-03").manual


def test_unknown_person_and_bad_period_are_refused(portal):
    with pytest.raises(AssessmentRefused) as refused:
        set_manual("2025-03", "nobody", MARKS, by="manager")
    assert refused.value.field == "userid"
    with pytest.raises(AssessmentRefused) as refused:
        set_manual("2025-13", "agent-houfeng", MARKS, by="manager")
    assert refused.value.field == "period"
    assert "YYYY-MM" in refused.value.message.default


def test_complaints_and_overturned_rejections_count(walked):
    with at("2025-03-20 09:00"):
        record_incident(MARCH, "approver-minzheng", "complaint", walked.receipt_number, "态度生硬", by="supervisor")
        record_incident(MARCH, "approver-minzheng", "overturned", walked.receipt_number, by="manager")
    approver = counts(MARCH, "county", "approver-minzheng")
    assert (approver["complaints"], approver["overturned"]) == (1, 1)
    entry = last_audit()
    assert (entry["action"], entry["actor"], entry["object"]["receipt"]) == (
        "assessment_incident",
        "manager",
        walked.receipt_number,
    )


def test_an_incident_needs_a_case_the_person_handled(walked):
    with pytest.raises(AssessmentRefused) as refused:
        record_incident(MARCH, "approver-renshe", "complaint", walked.receipt_number, by="supervisor")
    assert refused.value.field == "userid"
    with pytest.raises(AssessmentRefused) as refused:
        record_incident(MARCH, "approver-minzheng", "complaint", "2025030399999999", by="supervisor")
    assert refused.value.field == "receipt"
    with pytest.raises(AssessmentRefused) as refused:
        record_incident(MARCH, "approver-minzheng", "praise", walked.receipt_number, by="supervisor")
    assert refused.value.field == "kind"


def test_a_month_still_running_cannot_be_closed(walked):
    with at("2025-03-31 18:00"), pytest.raises(AssessmentRefused) as refused:
        close_period(MARCH, by="manager")
    assert "2025-03" in refused.value.message.mapping["period"]
    assert not get_period(MARCH).closed


def test_a_closed_period_is_frozen(walked):
    with at("2025-04-01 09:00"):
        set_manual(MARCH, "agent-houfeng", MARKS, by="manager")
        close_period(MARCH, by="manager")
    closing = last_audit()
    assert (closing["action"], closing["details"]["period"]) == ("assessment_close", MARCH)
    frozen = ranking(MARCH, "village")
    frozen_county = ranking(MARCH, "county")

    # A late step dated in March (a wrong clock) is not counted; the counters and the scores stay.
    case = new_case(api.portal.get(), address="后丰村8号")
    complete_materials(case)
    with at("2025-03-28 10:00"):
        step(case, "accept", "agent-houfeng")
        step(case, "to_township", "agent-houfeng")
    assert counts(MARCH, "village", "agent-houfeng")["handled"] == 3
    # New weights do not change the frozen scores either.
    api.portal.set_registry_record("sanji.assessment.weight_handled", 80.0)
    api.portal.set_registry_record("sanji.assessment.weight_on_time", 10.0)
    api.portal.set_registry_record("sanji.assessment.weight_speed", 10.0)
    assert ranking(MARCH, "village") == frozen
    assert ranking(MARCH, "county") == frozen_county

    with pytest.raises(PeriodClosed) as refused:
        set_manual(MARCH, "agent-houfeng", {**MARKS, "attitude": 10}, by="manager")
    assert refused.value.status == 409
    assert "2025-03" in api.portal.translate(refused.value.message)
    with pytest.raises(PeriodClosed):
        record_incident(MARCH, "approver-minzheng", "complaint", walked.receipt_number, by="supervisor")
    with pytest.raises(PeriodClosed):
        close_period(MARCH, by="manager")
    assert get_period(MARCH).manual["agent-houfeng"]["attitude"] == 90
    assert last_audit()["seq"] >= closing["seq"]
    assert [item["action"] for item in get_period(MARCH).history] == ["assessment_manual", "assessment_close"]


def test_staff_without_steps_are_ranked_too(walked):
    village = {row["key"]: row for row in ranking(MARCH, "village")}
    assert village["agent-houfeng"]["rank"] == 1
    assert village["agent-qianfeng"]["counts"]["handled"] == 0
    assert village["agent-qianfeng"]["station"] == "qianfeng"
    stations = {row["key"]: row for row in ranking(MARCH, "village", "stations")}
    assert stations["houfeng"]["rank"] == 1 and "qianfeng" in stations
