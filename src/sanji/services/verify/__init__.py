"""``@verify`` on the site root: anyone checks a decision PDF or a case's seals (see :mod:`sanji.seals.report`)."""

import math

from sanji.seals.report import VerifyError
from sanji.services import error


def refused(request, refusal: VerifyError) -> dict:
    """The JSON error of a refusal, with Retry-After when the client has to wait."""
    if refusal.retry_after:
        request.response.setHeader("Retry-After", str(math.ceil(refusal.retry_after)))
    return error(request, refusal.status, refusal.type, refusal.message)
