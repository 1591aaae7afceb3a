"""POST /@assessment: a manager enters (or replaces) one person's manual marks for a month.

Body: ``{"period": "2026-11", "userid": "agent-houfeng", "attitude": 90, "guidance": 85, "complaints": 100,
"comment": "…"}``. 200 with the entry and the person's scores; 400 naming the field at fault; 409 when the
period is closed. Audited like the form (:func:`sanji.assessment.manual.set_manual`).
"""

import plone.protect.interfaces
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides

from sanji import _
from sanji.assessment.exc import AssessmentRefused
from sanji.assessment.labels import labelled
from sanji.assessment.manual import set_manual
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import rows_of
from sanji.assessment.scoring import MANUAL_MARKS
from sanji.services import error

NOT_AN_OBJECT = _("error_json_not_object", default="Send a JSON object here, with one entry per name.")


class AssessmentPost(Service):
    def reply(self) -> dict:
        # A JSON API authenticated per request, as plone.restapi's own services.
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except DeserializationError:
            data = None
        if not isinstance(data, dict):
            return error(self.request, 400, "BadRequest", NOT_AN_OBJECT)
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
