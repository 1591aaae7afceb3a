"""What the public may learn from ``@verify`` and ``@@verify``: one answer for the page and the service.

Who sealed which step of a case, for which organisation and when; whether the chain is intact and
where it first breaks; whether an uploaded PDF's signatures are valid against our seal authority.
Staff names and organisations are public (they act in office); nothing about the applicant is.
Unknown receipt numbers count against the client address like ``@track``'s wrong guesses, so the
service cannot be used to find out which receipt numbers exist.
"""

import re
import unicodedata

from plone import api
from zope.component import getUtility
from zope.i18n import translate

from sanji import _
from sanji.api.receipts import find_application
from sanji.api.receipts import format_receipt_number
from sanji.seals.decision import get_decision
from sanji.seals.verify import NotAPdf
from sanji.seals.verify import verify_chain
from sanji.seals.verify import verify_pdf
from sanji.tracking.ratelimit import IRateLimiter
from sanji.tracking.ratelimit import minutes
from sanji.tracking.settings import limit

RECEIPT_RE = re.compile(r"^[0-9]{16}$")
_SEPARATORS = re.compile(r"[\s\-]")
#: Largest PDF accepted for verification (a decision is a few hundred kilobytes).
MAX_PDF_BYTES = 10 * 1024 * 1024


class VerifyError(Exception):
    """A refusal with its HTTP status and a message (not yet translated)."""

    status = 400
    type = "BadRequest"

    def __init__(self, message, retry_after: float = 0):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class UnknownReceipt(VerifyError):
    status = 404
    type = "NotFound"


class TooManyLookups(VerifyError):
    status = 429
    type = "TooManyRequests"


def _t(message) -> str:
    return translate(message, context=api.env.getRequest())


def normalize_receipt(value: str) -> str:
    """:raises VerifyError: unless it is 16 digits (full-width digits, spaces and hyphens allowed)."""
    receipt = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    if not RECEIPT_RE.match(receipt):
        raise VerifyError(
            _("error_verify_receipt", default="Enter the 16-digit receipt number, e.g. 2026 1128 0483 7291.")
        )
    return receipt


def _case_report(application) -> dict:
    report = verify_chain(application, deep=True).as_dict()
    document = get_decision(application)
    report["decision_issued"] = document is not None
    report["receipt_display"] = format_receipt_number(application.receipt_number)
    report["summary"] = _t(
        _("verify_chain_intact", default="Every seal of this case is valid and the chain is intact.")
        if report["intact"]
        else _(
            "verify_chain_broken",
            default="The chain of seals is broken at step ${seq}: ${problem}",
            mapping={"seq": report["first_broken"] or "-", "problem": report["problem"]},
        )
    )
    return report


def check_receipt(receipt: str, client_address: str) -> dict:
    """The chain of the case with this receipt number.

    :raises VerifyError: malformed; :raises UnknownReceipt: no such case (counted);
    :raises TooManyLookups: too many unknown receipts from this address lately.
    """
    receipt = normalize_receipt(receipt)
    limiter = getUtility(IRateLimiter)
    key, window = f"verify-ip:{client_address}", limit("window_minutes") * 60
    wait = limiter.retry_after(key, limit("max_failures_per_address"), window)
    if wait > 0:
        raise TooManyLookups(
            _(
                "error_verify_too_many",
                default="Too many unknown receipt numbers. Try again in ${minutes} minutes.",
                mapping={"minutes": minutes(wait)},
            ),
            retry_after=wait,
        )
    application = find_application(receipt)
    if application is None:
        limiter.record_failure(key, window)
        raise UnknownReceipt(_("error_verify_unknown", default="No case has this receipt number."))
    return {"receipt_number": receipt, "chain": _case_report(application), "pdf": None}


def check_pdf(data: bytes) -> dict:
    """The signatures of an uploaded PDF, and the chain of the case it names, if any.

    :raises VerifyError: empty, too large, or not a PDF.
    """
    if not data:
        raise VerifyError(_("error_verify_no_file", default="Choose the PDF file to verify."))
    if len(data) > MAX_PDF_BYTES:
        raise VerifyError(_("error_verify_too_large", default="The file is too large to be a decision document."))
    try:
        pdf = verify_pdf(data)
    except NotAPdf:
        raise VerifyError(_("error_verify_not_pdf", default="This file is not a PDF that can be read.")) from None
    result = pdf.as_dict()
    result["summary"] = _t(
        _("verify_pdf_valid", default="Every signature is valid and made with a seal of our authority.")
        if pdf.all_valid
        else _("verify_pdf_invalid", default="Not every signature is valid: do not trust this document.")
        if pdf.signatures
        else _("verify_pdf_unsigned", default="This document carries no signature.")
    )
    # Only a genuine document opens its case's chain: a home-made PDF naming a receipt number must
    # not become a way round the limit on receipt lookups.
    genuine = pdf.issued_by_portal or pdf.all_valid
    application = find_application(pdf.receipt_number) if pdf.receipt_number and genuine else None
    return {
        "receipt_number": pdf.receipt_number,
        "chain": _case_report(application) if application is not None else None,
        "pdf": result,
    }
