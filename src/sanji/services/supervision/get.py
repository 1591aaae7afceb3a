"""GET /@supervision: current progress, this month's and the last twelve months' statistics per department
and item, and the twenty most recently completed cases with masked names; anonymous, no personal data.

The same data as ``@@supervision-public`` (:func:`sanji.supervision.public.public_statistics`), cached
briefly on the server; ``Cache-Control`` lets a proxy keep it for a minute too.
"""

from plone.restapi.services import Service

from sanji.deadlines.calendar import today
from sanji.supervision.public import public_statistics


class SupervisionGet(Service):
    def reply(self) -> dict:
        self.request.response.setHeader("Cache-Control", "public, max-age=60")
        return {"@id": f"{self.context.absolute_url()}/@supervision", **public_statistics(today())}
