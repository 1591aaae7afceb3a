"""Whether the workflow lets a person see every case, whatever its state and wherever it lies.

The catalog's security filter (``allowedRolesAndUsers``) intersects every query with the cases the
caller may see; for a county supervisor that is all of them, and the intersection still costs a pass
over every case of the county (docs/benchmarks.md). When the case workflow gives a role the person holds
globally (a global role is never blocked below the site) the permissions that filter reads in every
state, without acquisition, the filter cannot remove a case: the same query without it finds the same
cases. Plone 6.2 indexes who has "Access contents information"; View is asked too, so that the rule
holds whichever of the two the indexer reads.
"""

from sanji.workflow.definition import definition

#: The permissions the catalog's security filter may be built from.
FILTERED_BY = ("Access contents information", "View")


def viewing_roles() -> set[str] | None:
    """The roles that have every permission of FILTERED_BY on a case in every state of the workflow.

    None when any state acquires one of them (the container's roles then decide).
    """
    workflow = definition()
    common = None
    for state in workflow.states.objectValues():
        for permission in FILTERED_BY:
            roles = (state.permission_roles or {}).get(permission)
            if not isinstance(roles, tuple):  # a list acquires the container's roles, None leaves it alone
                return None
            common = set(roles) if common is None else common & set(roles)
    return common


def sees_every_case(user) -> bool:
    """Whether ``user``'s global roles let them view every case."""
    if user is None:
        return False
    roles = viewing_roles()
    return bool(roles and roles & set(user.getRoles()))
