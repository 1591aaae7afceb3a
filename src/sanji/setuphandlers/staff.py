"""Demo staff of a county: accounts, and the groups through which roles reach them.

Each person joins the group of their role (``sanji-agents`` …) and the group of their place
(``agents-houfeng``, ``reviewers-liangcun``, ``approvers-minzheng``); roles are granted to the
groups, locally on the folders they work in, never to persons one by one.
"""

import os

from plone import api

from sanji import _

DEMO_PASSWORD_VARIABLE = "SANJI_DEMO_PASSWORD"

ROLE_GROUPS = {
    "agent": ("sanji-agents", _("group_agents", default="Village agents")),
    "reviewer": ("sanji-reviewers", _("group_reviewers", default="Township reviewers")),
    "approver": ("sanji-approvers", _("group_approvers", default="County approvers")),
    "supervisor": ("sanji-supervisors", _("group_supervisors", default="Supervisors")),
    "manager": ("sanji-managers", _("group_managers", default="Assessment managers")),
    "editor": ("sanji-editors", _("group_editors", default="Portal editors")),
}
PLACE_GROUP_PREFIX = {"agent": "agents", "reviewer": "reviewers", "approver": "approvers"}

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
    user.setMemberProperties({"fullname": person["fullname"], "email": person.get("email", "")})


def _place_group(person: dict, areas: dict, departments: dict) -> tuple[str, str] | None:
    prefix = PLACE_GROUP_PREFIX.get(person["role"])
    if prefix is None:
        return None
    if person["role"] == "approver":
        department = departments[person["department"]]
        return f"{prefix}-{person['department']}", department["title"]
    area = areas[person["area"]]
    return f"{prefix}-{area.getId()}", area.Title()


def build_staff(staff: list[dict], areas: dict, departments: dict, folders: dict) -> None:
    """Create or update the demo accounts and their groups; give editors their folders."""
    password = demo_password()
    for group_id, title in ROLE_GROUPS.values():
        ensure_group(group_id, title)
    for person in staff:
        _ensure_user(person, password)
        group_id = ROLE_GROUPS[person["role"]][0]
        api.group.add_user(groupname=group_id, username=person["id"])
        place = _place_group(person, areas, departments)
        if place:
            ensure_group(place[0], place[1])
            api.group.add_user(groupname=place[0], username=person["id"])
    for role in ("departments", "services"):
        api.group.grant_roles(groupname="sanji-editors", roles=list(EDITOR_ROLES), obj=folders[role])
