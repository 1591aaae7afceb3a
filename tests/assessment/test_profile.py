"""The profile installs the assessment's records, permissions, configlet and user actions."""

import pytest
from plone import api

from sanji.assessment.permissions import MANAGE_ASSESSMENT
from sanji.assessment.permissions import RECORD_INCIDENT
from sanji.assessment.permissions import VIEW_ASSESSMENT
from sanji.assessment.permissions import VIEW_OWN_ASSESSMENT
from sanji.assessment.scoring import Weights
from sanji.assessment.settings import current_weights


def roles_of(portal, permission: str) -> set[str]:
    return {role["name"] for role in portal.rolesOfPermission(permission) if role["selected"]}


def test_weights_are_installed_with_their_defaults(portal):
    assert api.portal.get_registry_record("sanji.assessment.share_manual") == 30
    assert current_weights() == Weights()


@pytest.mark.parametrize(
    ("permission", "granted", "denied"),
    [
        (VIEW_ASSESSMENT, {"AssessmentManager", "Supervisor", "Manager"}, {"VillageAgent", "Authenticated"}),
        (VIEW_OWN_ASSESSMENT, {"Authenticated"}, {"Anonymous"}),
        (MANAGE_ASSESSMENT, {"AssessmentManager", "Manager"}, {"Supervisor", "Authenticated"}),
        (RECORD_INCIDENT, {"AssessmentManager", "Supervisor"}, {"CountyApprover", "Authenticated"}),
    ],
)
def test_permissions_reach_the_right_roles(portal, permission, granted, denied):
    roles = roles_of(portal, permission)
    assert granted <= roles
    assert not denied & roles


def test_demo_accounts_get_what_their_groups_give(portal):
    def can(user: str, permission: str) -> bool:
        return bool(api.user.has_permission(permission, username=user, obj=portal))

    assert can("manager", MANAGE_ASSESSMENT) and can("manager", VIEW_ASSESSMENT)
    assert can("supervisor", VIEW_ASSESSMENT) and not can("supervisor", MANAGE_ASSESSMENT)
    assert can("agent-houfeng", VIEW_OWN_ASSESSMENT) and not can("agent-houfeng", VIEW_ASSESSMENT)
    assert not can("approver-minzheng", RECORD_INCIDENT)


def test_configlet_and_user_actions(portal):
    configlets = {action.getId() for action in api.portal.get_tool("portal_controlpanel").listActions()}
    assert "sanji-assessment" in configlets
    user_actions = api.portal.get_tool("portal_actions").user
    assert {"sanji-my-assessment", "sanji-assessment"} <= set(user_actions.objectIds())
