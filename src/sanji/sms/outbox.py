"""``@@sms-outbox``: every SMS the site queued, newest first, with its status; for administrators.

With the ``outbox`` gateway this is where the messages are read. Numbers are masked; a failed
message can be queued again (a POST with the form's CSRF token).
"""

from datetime import datetime

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate

from sanji import _
from sanji.deadlines import calendar
from sanji.sms.api import requeue
from sanji.sms.queue import FAILED
from sanji.sms.queue import STATUS_TITLES
from sanji.sms.queue import get_queue
from sanji.sms.templates import TEMPLATES

PAGE_SIZE = 50


def local_time(value: datetime | None) -> str:
    return value.astimezone(calendar.local_zone()).strftime("%Y-%m-%d %H:%M") if value else ""


class SmsOutboxView(BrowserView):
    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        if self.request.method == "POST" and self.request.form.get("requeue"):
            CheckAuthenticator(self.request)
            self.requeue(str(self.request.form["requeue"]))
            self.request.response.redirect(f"{self.context.absolute_url()}/@@sms-outbox")
            return ""
        return self.index()

    def requeue(self, message_id: str) -> None:
        messages = IStatusMessage(self.request)
        if requeue(message_id):
            messages.add(_("status_sms_requeued", default="The message is queued again."), "info")
        else:
            messages.add(_("error_sms_requeue", default="Only a failed message can be queued again."), "error")

    @property
    def start(self) -> int:
        try:
            return max(int(self.request.form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            return 0

    def queue(self):
        return get_queue(api.portal.get())

    def total(self) -> int:
        queue = self.queue()
        return len(queue) if queue is not None else 0

    def pending(self) -> int:
        queue = self.queue()
        return len(queue.waiting()) if queue is not None else 0

    def rows(self) -> list[dict]:
        queue = self.queue()
        if queue is None:
            return []
        rows = []
        for message in queue.newest(self.start, PAGE_SIZE):
            template = TEMPLATES.get(message.template_id)
            rows.append(
                {
                    "id": message.id,
                    "created": local_time(message.created),
                    "phone": message.phone_masked,
                    "audience": message.audience,
                    "template": translate(template.title, context=self.request) if template else message.template_id,
                    "text": message.text,
                    "status": message.status,
                    "status_title": translate(STATUS_TITLES.get(message.status, message.status), context=self.request),
                    "attempts": message.attempts,
                    "next_attempt": local_time(message.next_attempt) if message.status == "queued" else "",
                    "gateway": message.gateway,
                    "provider_id": message.provider_message_id,
                    "error": message.last_error,
                    "can_requeue": message.status == FAILED and bool(message.phone_sealed),
                }
            )
        return rows

    def _url(self, start: int) -> str:
        return f"{self.context.absolute_url()}/@@sms-outbox?b_start={start}"

    def newer_url(self) -> str | None:
        return self._url(max(self.start - PAGE_SIZE, 0)) if self.start > 0 else None

    def older_url(self) -> str | None:
        return self._url(self.start + PAGE_SIZE) if self.start + PAGE_SIZE < self.total() else None
