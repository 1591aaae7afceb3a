"""Township reviewers and county approvers reach a case once it has reached their tier.

Village agents work on their village area, where cases are stored, so their role arrives by
acquisition from the area's local roles. The higher tiers are given their role on each case by
this borg.localrole provider, and only from the moment the case first entered their step: a
township never sees what its villages settle or refuse themselves, and a department never sees
what a township settled.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from sanji.content.application import IApplication
from sanji.roles import COUNTY_APPROVER
from sanji.roles import TOWNSHIP_REVIEWER
from sanji.roles import approvers_group
from sanji.roles import reviewers_group


@implementer(ILocalRoleProvider)
@adapter(IApplication)
class TierHandlers:
    def __init__(self, context):
        self.context = context

    def _grants(self) -> dict[str, tuple[str, ...]]:
        reached = getattr(self.context, "reached", None) or ()
        grants = {}
        if "township" in reached and getattr(self.context, "township", None):
            grants[reviewers_group(self.context.township)] = (TOWNSHIP_REVIEWER,)
        if "county" in reached and getattr(self.context, "department_id", None):
            grants[approvers_group(self.context.department_id)] = (COUNTY_APPROVER,)
        return grants

    def getRoles(self, principal_id: str) -> tuple[str, ...]:
        return self._grants().get(principal_id, ())

    def getAllRoles(self):
        yield from self._grants().items()
