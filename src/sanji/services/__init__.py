"""plone.restapi endpoints of Sanji: one folder per endpoint, one module per HTTP verb.

Services stay thin: they read the request, call :mod:`sanji.api` or a domain package, and answer
errors as ``{"error": {"type", "message"}}`` with an explicit status, like plone.restapi's own.
"""

import plone.protect.interfaces
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from zope.i18n import translate
from zope.interface import alsoProvides

from sanji import _

NOT_AN_OBJECT = _("error_json_not_object", default="Send a JSON object here, with one entry per name.")
NOT_JSON = _("error_json_content_type", default="Send the application as JSON (Content-Type: application/json).")


def error(request, status: int, type_: str, message, errors: dict | None = None) -> dict:
    """Set ``status`` and return the JSON error body; ``errors`` (field → message) become a list."""
    request.response.setStatus(status)
    body = {"type": type_, "message": translate(message, context=request)}
    if errors is not None:
        body["errors"] = [{"field": name, "message": translate(text, context=request)} for name, text in errors.items()]
    return {"error": body}


def json_object(request, not_json=NOT_JSON) -> tuple[dict | None, dict | None]:
    """``(body, None)`` with the request's JSON object, or ``(None, error)`` to answer (415 or 400).

    These services take no CSRF token (authenticated per request, as plone.restapi's own), so only a
    JSON body is accepted: a browser sends one cross-site only after a CORS preflight, so a forged form
    or a "simple" request from another site cannot write.
    """
    if (request.getHeader("Content-Type") or "").split(";", 1)[0].strip().lower() != "application/json":
        return None, error(request, 415, "UnsupportedMediaType", not_json)
    alsoProvides(request, plone.protect.interfaces.IDisableCSRFProtection)
    try:
        data = json_body(request)
    except DeserializationError:
        data = None
    if not isinstance(data, dict):
        return None, error(request, 400, "BadRequest", NOT_AN_OBJECT)
    return data, None
