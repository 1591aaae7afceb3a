"""POST /@verify: a PDF in plone.restapi's file format under ``file``, or a ``receipt``.

``{"file": {"data": "<base64>", "encoding": "base64", "filename": "决定书.pdf",
"content-type": "application/pdf"}}`` validates the PDF's signatures against our seal authority and,
for a genuine decision, reports its case's chain too; ``{"receipt": "…"}`` answers as GET does.
"""

import base64
import binascii

from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service

from sanji import _
from sanji.seals.report import VerifyError
from sanji.seals.report import check_pdf
from sanji.seals.report import check_receipt
from sanji.services.verify import refused


def _file_bytes(value) -> bytes:
    """:raises VerifyError: unless ``value`` is a plone.restapi file object with base64 data."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), str):
        raise VerifyError(_("error_verify_file_format", default='Send the PDF as {"data", "encoding": "base64"}.'))
    if value.get("encoding", "base64") != "base64":
        raise VerifyError(_("error_verify_file_format", default='Send the PDF as {"data", "encoding": "base64"}.'))
    try:
        return base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError):
        raise VerifyError(_("error_verify_base64", default="The file's data is not valid base64.")) from None


class VerifyPost(Service):
    """200 with the report; 400 for a missing or malformed file or receipt; 404/429 as GET."""

    def reply(self) -> dict:
        self.request.response.setHeader("Cache-Control", "no-store")
        try:
            try:
                data = json_body(self.request)
            except DeserializationError:
                raise VerifyError(_("error_verify_body", default="Send a JSON object with file or receipt.")) from None
            if "file" in data:
                return check_pdf(_file_bytes(data["file"]))
            return check_receipt(str(data.get("receipt") or ""), self.request.getClientAddr())
        except VerifyError as refusal:
            return refused(self.request, refusal)
