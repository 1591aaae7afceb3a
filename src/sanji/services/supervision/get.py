"""GET /@supervision: current progress, this month's and the last twelve months' statistics per department
and item, and the twenty most recently completed cases with masked names; anonymous, no personal data.

The same data as ``@@supervision-public`` (:func:`sanji.supervision.public.public_statistics`), cached
briefly on the server; ``Cache-Control`` lets a proxy keep it for a minute too.
"""

from plone.restapi.services import Service

from sanji.deadlines.calendar import today
from sanji.services import error
from sanji.supervision.filters import FilterError
from sanji.supervision.filters import parse_month
from sanji.supervision.public import public_statistics


class SupervisionGet(Service):
    """``?month=YYYY-MM`` for another month by department and item; 400 for a malformed month."""

    def reply(self) -> dict:
        try:
            month = parse_month(self.request.form.get("month"), today())
        except FilterError as refused:
            return error(self.request, 400, "BadRequest", refused.message)
        self.request.response.setHeader("Cache-Control", "public, max-age=60")
        return {"@id": f"{self.context.absolute_url()}/@supervision", **public_statistics(today(), month)}
