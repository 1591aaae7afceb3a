"""What the two provider callbacks share: the secret, the JSON body, the refusals.

Neither provider signs its pushes, so the callback URL configured in their consoles carries a
token, ``…/++api++/@sms-report?token=<secret>`` (or the header ``X-Sanji-Sms-Token``, for a
gateway in between), compared in constant time with SANJI_SMS_CALLBACK_SECRET. Without that
variable the callbacks refuse everything. ``++api++`` makes plone.rest route the POST whatever
Accept header the provider sends.
"""

import hmac
import json

from sanji import _
from sanji.sms.credentials import CALLBACK_SECRET
from sanji.sms.credentials import credential

HEADER = "X-Sanji-Sms-Token"


class CallbackRefused(Exception):
    """A callback that is not answered: ``status``, ``type`` and an i18n ``message`` for the JSON error."""

    def __init__(self, status: int, type_: str, message):
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message


def check_secret(request) -> None:
    """:raises CallbackRefused: the secret is not configured (503) or the request lacks it (401)."""
    secret = credential(CALLBACK_SECRET)
    if not secret:
        raise CallbackRefused(
            503,
            "ServiceUnavailable",
            _("error_sms_callback_unconfigured", default="SMS callbacks are not configured on this site."),
        )
    token = str(request.getHeader(HEADER) or request.form.get("token") or "")
    if not hmac.compare_digest(token.encode(), secret.encode()):
        raise CallbackRefused(
            401, "Unauthorized", _("error_sms_callback_token", default="Missing or wrong callback token.")
        )


def json_payload(request):
    """The pushed JSON (an object or an array). :raises CallbackRefused: 400 when it is not JSON."""
    try:
        return json.loads(request.get("BODY") or b"")
    except (ValueError, UnicodeDecodeError):
        raise unknown_format() from None


def unknown_format() -> CallbackRefused:
    """400: the body is not what either provider pushes."""
    return CallbackRefused(
        400, "BadRequest", _("error_sms_callback_body", default="The body is not the provider's JSON.")
    )
