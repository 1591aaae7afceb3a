"""The case workflow by name: its definition, a case's history, the titles of its states and steps.

Everything that reads a case's history or a title goes through here, so the workflow's id is written
once. The definition itself is GenericSetup XML in profiles/default/workflows/sanji_application_workflow.
"""

from plone import api

WORKFLOW_ID = "sanji_application_workflow"


def definition():
    """The DCWorkflow definition of cases: its states and transitions."""
    return api.portal.get_tool("portal_workflow")[WORKFLOW_ID]


def history(application) -> tuple[dict, ...]:
    """The case's workflow history, oldest entry first; empty before its first step."""
    return tuple(api.portal.get_tool("portal_workflow").getHistoryOf(WORKFLOW_ID, application) or ())


def transition_title(transition: str) -> str:
    """The title of ``transition`` (a msgid of the ``sanji`` domain), or its id for a step the workflow lacks."""
    found = definition().transitions.get(transition)
    return found.title if found is not None else transition


def state_title(state: str) -> str:
    """The title of ``state`` (a msgid of the ``sanji`` domain), or its id for a state the workflow lacks."""
    found = definition().states.get(state)
    return found.title if found is not None else state
