"""POST /@assessment: a manager enters (or replaces) one person's manual marks for a month.

Body: ``{"period": "2026-11", "userid": "agent-houfeng", "attitude": 90, "guidance": 85, "complaints": 100,
"comment": "…"}``. 200 with the entry and the person's scores; 400 naming the field at fault; 409 when the
period is closed. Audited like the form (:func:`sanji.assessment.manual.set_manual`).
"""

from plone import api
from plone.restapi.services import Service

from sanji import _
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.labels import labelled
from sanji.assessment.manual import set_manual
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import rows_of
from sanji.assessment.scoring import MANUAL_MARKS
from sanji.services import error
from sanji.services import json_object

NOT_JSON = _("error_assessment_json", default="Send the marks as JSON (Content-Type: application/json).")


class AssessmentPost(Service):
    def reply(self) -> dict:
        data, refused = json_object(self.request, NOT_JSON)
        if refused is not None:
            return refused
        userid = str(data.get("userid") or "")
        try:
            entry = set_manual(
                str(data.get("period") or ""),
                userid,
                {name: data.get(name) for name in MANUAL_MARKS},
                str(data.get("comment") or ""),
                by=api.user.get_current().getId(),
            )
        except AssessmentRefused as refused:
            fields = {refused.field: refused.message} if refused.field else None
            return error(self.request, refused.status, refused.type, refused.message, fields)
        period = str(data["period"]).strip()
        return {"period": period, "userid": userid, "manual": entry, "items": labelled(rows_of(period, userid), PEOPLE)}
