"""Roles and permissions of the case workflow, as constants shared by code, ZCML and GenericSetup.

The roles are Plone roles (declared in profiles/default/rolemap.xml). They reach people through
groups placed as local roles: village agents on their village area, township reviewers on their
township area, county approvers on each application of their department (a borg.localrole
adapter), supervisors and managers site-wide.
"""

VILLAGE_AGENT = "VillageAgent"
TOWNSHIP_REVIEWER = "TownshipReviewer"
COUNTY_APPROVER = "CountyApprover"
SUPERVISOR = "Supervisor"
ASSESSMENT_MANAGER = "AssessmentManager"

#: The role that acts for each tier.
TIER_ROLES = {"village": VILLAGE_AGENT, "township": TOWNSHIP_REVIEWER, "county": COUNTY_APPROVER}

ADD_APPLICATION = "sanji: Add Application"
ACCEPT_APPLICATION = "sanji: Accept application"
DECIDE = "sanji: Decide application"
RESUBMIT = "sanji: Resubmit application"
COMPLETE = "sanji: Complete application"


def agents_group(village_id: str) -> str:
    return f"agents-{village_id}"


def reviewers_group(township_id: str) -> str:
    return f"reviewers-{township_id}"


def approvers_group(department_id: str) -> str:
    return f"approvers-{department_id}"


def supervisors_group(place_id: str) -> str:
    """电子监察 of one township or department: red cards there are escalated to its members."""
    return f"supervisors-{place_id}"
