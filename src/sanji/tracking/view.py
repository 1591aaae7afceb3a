"""The public page ``@@track`` (办件查询): the same lookup, errors and limits as ``@track``, for a phone's browser."""

import math

from Products.Five.browser import BrowserView
from zope.i18n import translate

from sanji.tracking.lookup import TooManyAttempts
from sanji.tracking.lookup import TrackingError
from sanji.tracking.lookup import track_limited


class TrackView(BrowserView):
    """Asks on submit only; a link like ``@@track?receipt=…`` (from the SMS) just fills in the number.

    The form posts, so the phone digits stay out of addresses, histories and access logs.
    """

    result: dict | None = None
    message: str | None = None
    errors: dict[str, str] = {}

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        form = self.request.form
        self.receipt = str(form.get("receipt") or "")
        self.phone_last4 = str(form.get("phone_last4") or "")
        if form.get("form.buttons.track"):
            self.lookup()
        return self.index()

    def lookup(self) -> None:
        try:
            self.result = track_limited(self.receipt, self.phone_last4, self.request.getClientAddr())
        except TrackingError as refused:
            self.request.response.setStatus(refused.status)
            if isinstance(refused, TooManyAttempts):
                self.request.response.setHeader("Retry-After", str(math.ceil(refused.retry_after)))
            self.message = translate(refused.message, context=self.request)
            self.errors = {name: translate(text, context=self.request) for name, text in refused.errors.items()}
