"""plone.restapi endpoints of Sanji: one folder per endpoint, one module per HTTP verb.

Services stay thin: they read the request, call :mod:`sanji.api` or a domain package, and answer
errors as ``{"error": {"type", "message"}}`` with an explicit status, like plone.restapi's own.
"""

from zope.i18n import translate


def error(request, status: int, type_: str, message, errors: dict | None = None) -> dict:
    """Set ``status`` and return the JSON error body; ``errors`` (field → message) become a list."""
    request.response.setStatus(status)
    body = {"type": type_, "message": translate(message, context=request)}
    if errors is not None:
        body["errors"] = [{"field": name, "message": translate(text, context=request)} for name, text in errors.items()]
    return {"error": body}
