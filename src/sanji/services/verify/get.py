"""GET /@verify?receipt=…: who sealed each step of the case, and whether its chain is intact."""

from plone.restapi.services import Service

from sanji.seals.report import VerifyError
from sanji.seals.report import check_receipt
from sanji.services.verify import refused


class VerifyGet(Service):
    """200 with the report; 400 malformed receipt, 404 unknown (counted), 429 too many unknown ones."""

    def reply(self) -> dict:
        self.request.response.setHeader("Cache-Control", "no-store")
        try:
            return check_receipt(str(self.request.form.get("receipt") or ""), self.request.getClientAddr())
        except VerifyError as refusal:
            return refused(self.request, refusal)
