"""County approvers reach the applications of their department's items, wherever they are stored.

Applications live in village areas (so village and township roles arrive by acquisition); the
department is a property of the case, so its approvers' role is given by this borg.localrole
provider on each application.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from sanji.content.application import IApplication
from sanji.roles import COUNTY_APPROVER
from sanji.roles import approvers_group


@implementer(ILocalRoleProvider)
@adapter(IApplication)
class DepartmentApprovers:
    def __init__(self, context):
        self.context = context

    @property
    def group(self) -> str | None:
        department_id = getattr(self.context, "department_id", None)
        return approvers_group(department_id) if department_id else None

    def getRoles(self, principal_id: str) -> tuple[str, ...]:
        return (COUNTY_APPROVER,) if principal_id == self.group else ()

    def getAllRoles(self):
        if self.group:
            yield self.group, (COUNTY_APPROVER,)
