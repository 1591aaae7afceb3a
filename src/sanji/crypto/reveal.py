"""``@@reveal?field=<name>``: one personal field of a case, unmasked, for who may see it; always audited.

The case page shows personal data masked. Revealing a field is a separate, deliberate act: a POST
with the CSRF token, allowed with the permission "sanji: Reveal personal data" (given to the tier
roles, which people hold only on the cases they handle) on a case they may view. Every reveal writes
an audit entry naming who, when, the case and the field, never the value. The answer is JSON for the
page's script (``Accept: application/json``) or an HTML fragment, and is never cached.
"""

import json
from datetime import date
from html import escape

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import MethodNotAllowed
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji import _
from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import personal_data_shredded
from sanji.audit.chain import log

#: The permission of ``@@reveal``; granted to the tier roles and Manager in rolemap.xml.
REVEAL_PERSONAL_DATA = "sanji: Reveal personal data"


def shredded_message(when) -> Message:
    return _(
        "text_personal_data_shredded",
        default="The personal data of this case was destroyed on ${date} after its retention period.",
        mapping={"date": f"{when:%Y-%m-%d}"},
    )


def display_value(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class RevealView(BrowserView):
    def __call__(self):
        if self.request.method != "POST":
            raise MethodNotAllowed("POST only")
        CheckAuthenticator(self.request)
        if not api.user.has_permission("View", obj=self.context):
            raise Unauthorized("Revealing needs access to the case.")
        name = self.request.form.get("field")
        name = name if isinstance(name, str) else ""
        when = personal_data_shredded(self.context)
        if when is not None:
            return self.error(410, "Gone", shredded_message(when))
        data = get_personal_data(self.context)
        if not name or name not in data:
            return self.error(
                404, "NotFound", _("error_no_such_personal_field", default="This case has no such personal data.")
            )
        log("reveal", self.context, field=name)
        return self.answer(name, display_value(data[name]))

    @property
    def wants_json(self) -> bool:
        return "application/json" in (self.request.getHeader("Accept") or "")

    def _private(self, content_type: str) -> None:
        response = self.request.response
        response.setHeader("Content-Type", content_type)
        response.setHeader("Cache-Control", "private, no-store, max-age=0")
        response.setHeader("Pragma", "no-cache")
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("X-Theme-Disabled", "1")  # a fragment, not a page to theme

    def answer(self, name: str, value: str) -> str:
        if self.wants_json:
            self._private("application/json; charset=utf-8")
            return json.dumps({"field": name, "value": value}, ensure_ascii=False)
        self._private("text/html; charset=utf-8")
        return f'<span class="sanji-revealed" data-field="{escape(name)}">{escape(value)}</span>'

    def error(self, status: int, kind: str, message: Message) -> str:
        text = translate(message, context=self.request)
        self.request.response.setStatus(status)
        if self.wants_json:
            self._private("application/json; charset=utf-8")
            return json.dumps({"error": {"type": kind, "message": text}}, ensure_ascii=False)
        self._private("text/html; charset=utf-8")
        return f'<span class="sanji-reveal-error">{escape(text)}</span>'
