"""The case workflow by name: a case's history and the titles of its states and steps."""

from plone import api

from sanji.workflow.definition import WORKFLOW_ID
from sanji.workflow.definition import history
from sanji.workflow.definition import state_title
from sanji.workflow.definition import transition_title
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def test_history_is_the_cases_own_oldest_first(portal):
    case = new_case(portal)
    assert [entry["action"] for entry in history(case)] == [None]  # created, no step yet
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert [entry["action"] for entry in history(case)] == [None, "accept", "to_township"]
    assert history(case) == tuple(api.portal.get_tool("portal_workflow").getHistoryOf(WORKFLOW_ID, case))


def test_history_of_an_object_outside_the_workflow_is_empty(portal):
    assert history(portal.services) == ()


def test_titles_are_the_definitions_msgids_and_unknown_ids_fall_back_to_themselves(portal):
    workflow = api.portal.get_tool("portal_workflow")[WORKFLOW_ID]
    assert transition_title("approve") == workflow.transitions["approve"].title
    assert state_title("township_review") == workflow.states["township_review"].title
    assert transition_title("approve") != "approve"
    assert transition_title("no_such_step") == "no_such_step"
    assert state_title("no_such_state") == "no_such_state"
