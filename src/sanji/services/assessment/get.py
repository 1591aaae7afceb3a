"""GET /@assessment?period=YYYY-MM&tier=village|township|county&kind=people|stations[&userid=…]

Managers and supervisors (``sanji: View assessment``) get the ranking of a tier's people or stations, or one
person's rows with ``userid``. Anyone else signed in gets their own rows only; asking for someone else's is
403. Anonymous callers never reach this (401).
"""

from plone import api
from plone.restapi.services import Service

from sanji import _
from sanji.assessment.exc import InvalidPeriod
from sanji.assessment.labels import labelled
from sanji.assessment.periods import check_period
from sanji.assessment.periods import current_period
from sanji.assessment.permissions import VIEW_ASSESSMENT
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import STATIONS
from sanji.assessment.ranking import ranking
from sanji.assessment.ranking import rows_of
from sanji.assessment.ranking import scores
from sanji.assessment.staff import ASSESSED_TIERS
from sanji.services import error

OWN_ONLY = _("error_assessment_own_only", default="You may see your own assessment only.")
BAD_TIER = _("error_assessment_tier", default="The tier is one of village, township or county.")
BAD_KIND = _("error_assessment_kind_param", default="Rank either people or stations.")


class AssessmentGet(Service):
    """200 with ``items`` (rows best first); 400 bad period, tier or kind; 403 someone else's scores."""

    def reply(self) -> dict:
        self.request.response.setHeader("Cache-Control", "no-store")
        form = self.request.form
        try:
            period = check_period(form["period"]) if form.get("period") else current_period()
        except InvalidPeriod as invalid:
            return error(self.request, 400, "BadRequest", invalid.message)
        me = api.user.get_current().getId()
        everyone = bool(api.user.has_permission(VIEW_ASSESSMENT, obj=self.context))
        userid = str(form.get("userid") or "") or (None if everyone else me)
        if userid and userid != me and not everyone:
            return error(self.request, 403, "Forbidden", OWN_ONLY)
        tier = form.get("tier") or ASSESSED_TIERS[0]
        kind = form.get("kind") or PEOPLE
        if tier not in ASSESSED_TIERS:
            return error(self.request, 400, "BadRequest", BAD_TIER)
        if kind not in (PEOPLE, STATIONS):
            return error(self.request, 400, "BadRequest", BAD_KIND)
        data = scores(period)
        body = {
            "@id": f"{self.context.absolute_url()}/@assessment",
            "period": period,
            "closed": data["closed"],
            "weights": data["weights"],
        }
        if userid:
            return {**body, "userid": userid, "items": labelled(rows_of(period, userid, data), PEOPLE)}
        return {**body, "tier": tier, "kind": kind, "items": labelled(ranking(period, tier, kind, data), kind)}
