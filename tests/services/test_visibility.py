"""Who may see every case: a global role that the workflow lets view a case in every state."""

import pytest
from plone import api

from sanji.services.applications.visibility import sees_every_case
from sanji.services.applications.visibility import viewing_roles
from sanji.workflow.definition import WORKFLOW_ID


@pytest.fixture
def workflow(portal):
    return api.portal.get_tool("portal_workflow").getWorkflowById(WORKFLOW_ID)


def test_the_roles_that_view_every_state(portal):
    assert viewing_roles() == {"Manager", "Supervisor", "VillageAgent"}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("supervisor", True),  # global Supervisor
        ("supervisor-liangcun", True),  # a township's supervisor sees the county too (global role)
        ("agent-houfeng", False),  # VillageAgent is a local role of her village only
        ("reviewer-liangcun", False),
        ("manager", False),  # AssessmentManager: scores, not cases
    ],
)
def test_sees_every_case(portal, username, expected):
    assert sees_every_case(api.user.get(username=username)) is expected


def test_nobody_known_sees_nothing(portal):
    assert sees_every_case(None) is False


@pytest.mark.parametrize("permission", ["Access contents information", "View"])
def test_a_state_that_hides_cases_from_supervisors(portal, workflow, permission):
    workflow.states["returned"].setPermission(permission, False, ["Manager", "VillageAgent"])
    assert viewing_roles() == {"Manager", "VillageAgent"}
    assert not sees_every_case(api.user.get(username="supervisor"))


def test_a_state_that_acquires_view_decides_nothing(portal, workflow):
    workflow.states["draft"].setPermission("View", True, ["Manager", "Supervisor"])
    assert viewing_roles() is None
    assert not sees_every_case(api.user.get(username="supervisor"))
