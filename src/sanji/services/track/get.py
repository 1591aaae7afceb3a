"""GET /@track?receipt=…&phone_last4=…: anonymous, answered from :func:`sanji.tracking.lookup.track_limited`."""

import math

from plone.restapi.services import Service

from sanji.services import error
from sanji.tracking.lookup import TooManyAttempts
from sanji.tracking.lookup import TrackingError
from sanji.tracking.lookup import track_limited


class TrackGet(Service):
    """200 with where the case stands; 400 malformed input, 404 no such pair, 429 too many wrong guesses."""

    def reply(self) -> dict:
        # What a case looks like today must not be kept by a browser or a proxy.
        self.request.response.setHeader("Cache-Control", "no-store")
        form = self.request.form
        try:
            return track_limited(
                str(form.get("receipt") or ""),
                str(form.get("phone_last4") or ""),
                self.request.getClientAddr(),
            )
        except TooManyAttempts as refused:
            self.request.response.setHeader("Retry-After", str(math.ceil(refused.retry_after)))
            return error(self.request, refused.status, refused.type, refused.message)
        except TrackingError as refused:
            return error(self.request, refused.status, refused.type, refused.message, refused.errors or None)
