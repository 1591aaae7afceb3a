"""Permissions of the assessment (declared in sanji/permissions.zcml, granted in profiles/default/rolemap.xml).

- VIEW_ASSESSMENT: every person's and station's scores, the rankings, the export (managers, supervisors);
- VIEW_OWN_ASSESSMENT: one's own scores (我的考核; every authenticated member, who sees nothing if not staff);
- MANAGE_ASSESSMENT: manual assessments, closing periods, the weights (assessment managers);
- RECORD_INCIDENT: complaints and overturned rejections against a person (supervisors and managers).
"""

VIEW_ASSESSMENT = "sanji: View assessment"
VIEW_OWN_ASSESSMENT = "sanji: View own assessment"
MANAGE_ASSESSMENT = "sanji: Manage assessment"
RECORD_INCIDENT = "sanji: Record assessment incident"
