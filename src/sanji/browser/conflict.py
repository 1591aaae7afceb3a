"""After the last retry of a write conflict: a clean "busy, try again" instead of an error page.

Several instances writing one database (RelStorage) sometimes collide on the same object; Zope
retries the request (max-conflict-retries). When even the last retry collides, nothing was
written, so the honest answer is 503 with Retry-After: clients and the browser may simply retry.
"""

import json

from Products.Five.browser import BrowserView
from ZODB.POSException import ConflictError
from zope.component import adapter
from zope.i18n import translate
from ZPublisher.interfaces import IPubFailure

from sanji import _

RETRY_AFTER_SECONDS = 2

MESSAGE = _(
    "error_busy_retry",
    default="The portal is busy with the same records right now; nothing was saved. Please try again.",
)


class ConflictView(BrowserView):
    """Exception view (``index.html``) for ZODB's ConflictError."""

    def __call__(self) -> str:
        response = self.request.response
        response.setStatus(503)
        response.setHeader("Retry-After", str(RETRY_AFTER_SECONDS))
        message = translate(MESSAGE, context=self.request)
        if "json" in (self.request.getHeader("Accept") or ""):
            response.setHeader("Content-Type", "application/json")
            return json.dumps({"error": {"type": "ConflictError", "message": message}}, ensure_ascii=False)
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        return message


@adapter(IPubFailure)
def keep_busy_status(event) -> None:
    """Put back the 503 of :class:`ConflictView` once the publisher gave up on a conflict.

    plone.transformchain sets the status of an error page from the exception's class name, which
    turns a ConflictError into 500; this runs after it (the publisher notifies ``IPubFailure`` last).
    """
    if not event.retry and isinstance(event.exc_info[1], ConflictError):
        event.request.response.setStatus(503)
