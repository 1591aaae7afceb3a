"""Every submission and step of a case is audited, without the comment (which may name a person)."""

from sanji import audit
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def test_submission_and_transitions_are_audited(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    step(case, "return_for_correction", "reviewer-liangcun", "请联系13800001234补充材料")
    entries = [entry for entry in audit.recent(0, 50) if entry["action"] in ("submit", "transition")]
    entries.reverse()
    assert [(e["action"], e["details"].get("transition"), e["actor"], e["details"]["tier"]) for e in entries] == [
        ("submit", None, "agent-houfeng", "village"),
        ("transition", "accept", "agent-houfeng", "village"),
        ("transition", "to_township", "agent-houfeng", "village"),
        ("transition", "return_for_correction", "reviewer-liangcun", "township"),
    ]
    assert all(entry["object"]["receipt"] == case.receipt_number for entry in entries)
    assert "13800001234" not in repr(list(audit.recent(0, 50)))
    assert audit.verify() == (True, None)
