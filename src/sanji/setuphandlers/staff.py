"""Demo staff of a county: accounts, and the groups through which roles reach them.

Each person joins the group of their role (``sanji-agents`` …) and the group of their place
(``agents-houfeng``, ``reviewers-liangcun``, ``approvers-minzheng``, ``supervisors-liangcun``); roles
are granted to the groups, locally on the folders they work in, never to persons one by one. Their
work mobile (member property ``mobile``, profiles/default/userschema.xml) receives the SMS reminders.
"""

import os

from plone import api

from sanji import _
from sanji.roles import ASSESSMENT_MANAGER
from sanji.roles import SUPERVISOR
from sanji.roles import TOWNSHIP_REVIEWER
from sanji.roles import VILLAGE_AGENT
from sanji.roles import agents_group
from sanji.roles import approvers_group
from sanji.roles import reviewers_group
from sanji.roles import supervisors_group

DEMO_PASSWORD_VARIABLE = "SANJI_DEMO_PASSWORD"

ROLE_TITLES = {
    VILLAGE_AGENT: _("role_village_agent", default="village agents"),
    TOWNSHIP_REVIEWER: _("role_township_reviewer", default="township reviewers"),
    "approver": _("role_county_approver", default="approvers"),
    "supervisor": _("role_place_supervisors", default="supervisors"),
}

ROLE_GROUPS = {
    "agent": ("sanji-agents", _("group_agents", default="Village agents")),
    "reviewer": ("sanji-reviewers", _("group_reviewers", default="Township reviewers")),
    "approver": ("sanji-approvers", _("group_approvers", default="County approvers")),
    "supervisor": ("sanji-supervisors", _("group_supervisors", default="Supervisors")),
    "manager": ("sanji-managers", _("group_managers", default="Assessment managers")),
    "editor": ("sanji-editors", _("group_editors", default="Portal editors")),
}
#: Site-wide roles of the role groups that work county-wide.
GLOBAL_ROLES = {"sanji-supervisors": [SUPERVISOR], "sanji-managers": [ASSESSMENT_MANAGER]}

#: Local roles of the editors group on the folders they maintain.
EDITOR_ROLES = ("Contributor", "Editor", "Reviewer")


def demo_password() -> str:
    """Password of every demo account: SANJI_DEMO_PASSWORD, ``demo`` on a laptop."""
    return os.environ.get(DEMO_PASSWORD_VARIABLE) or "demo"


def ensure_group(group_id: str, title) -> None:
    if api.group.get(groupname=group_id) is None:
        api.group.create(groupname=group_id, title=api.portal.translate(title) if title else group_id)


def _ensure_user(person: dict, password: str) -> None:
    acl_users = api.portal.get_tool("acl_users")
    if api.user.get(userid=person["id"]) is None:
        # Straight to the user source: demo passwords are short on purpose (local default only).
        acl_users.source_users.doAddUser(person["id"], password)
    else:
        acl_users.source_users.doChangeUser(person["id"], password)
    user = api.user.get(userid=person["id"])
    user.setMemberProperties(
        {"fullname": person["fullname"], "email": person.get("email", ""), "mobile": person.get("phone") or ""}
    )


def _place_group(person: dict, areas: dict) -> str | None:
    if person["role"] == "agent":
        return agents_group(areas[person["area"]].getId())
    if person["role"] == "reviewer":
        return reviewers_group(areas[person["area"]].getId())
    if person["role"] == "approver":
        return approvers_group(person["department"])
    if person["role"] == "supervisor" and person.get("department"):
        return supervisors_group(person["department"])
    if person["role"] == "supervisor" and areas[person["area"]].tier == "township":
        return supervisors_group(areas[person["area"]].getId())
    return None


def _group_title(place: str, role: str) -> str:
    return f"{place} {api.portal.translate(ROLE_TITLES[role])}"


def build_places(areas: dict, departments: dict) -> None:
    """A group for every village, township and department, with its role where it works.

    Agents work on their village area (a local role, acquired by the applications stored there);
    township reviewers and department approvers reach each case once it reaches their step
    (sanji.workflow.localroles). The supervisors of a township or department carry no role of their
    own (supervisors work county-wide); their group is whom the red cards there are escalated to.
    """
    for area in areas.values():
        if area.tier == "village":
            group = agents_group(area.getId())
            ensure_group(group, _group_title(area.Title(), VILLAGE_AGENT))
            api.group.grant_roles(groupname=group, roles=[VILLAGE_AGENT], obj=area)
        elif area.tier == "township":
            ensure_group(reviewers_group(area.getId()), _group_title(area.Title(), TOWNSHIP_REVIEWER))
            ensure_group(supervisors_group(area.getId()), _group_title(area.Title(), "supervisor"))
    for department_id, department in departments.items():
        ensure_group(approvers_group(department_id), _group_title(department["title"], "approver"))
        ensure_group(supervisors_group(department_id), _group_title(department["title"], "supervisor"))


def build_staff(staff: list[dict], areas: dict, departments: dict, folders: dict) -> None:
    """Create or update the demo accounts and their groups; give groups their roles."""
    password = demo_password()
    for group_id, title in ROLE_GROUPS.values():
        ensure_group(group_id, title)
    for group_id, roles in GLOBAL_ROLES.items():
        api.group.grant_roles(groupname=group_id, roles=roles)
    build_places(areas, departments)
    for person in staff:
        _ensure_user(person, password)
        api.group.add_user(groupname=ROLE_GROUPS[person["role"]][0], username=person["id"])
        place = _place_group(person, areas)
        if place:
            api.group.add_user(groupname=place, username=person["id"])
    for role in ("departments", "services"):
        api.group.grant_roles(groupname="sanji-editors", roles=list(EDITOR_ROLES), obj=folders[role])
    # Agents open the items' online forms, which are not public.
    api.group.grant_roles(groupname="sanji-agents", roles=["Reader"], obj=folders["services"])
