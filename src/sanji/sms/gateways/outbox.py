"""The local default: nothing leaves the site; administrators read the messages in ``@@sms-outbox``.

The queue keeps every message anyway, so "sending" here only marks it sent and writes it to the
log (with the number masked): right for a laptop, a demonstration, or a county without a contract yet.
"""

import logging
import uuid

from zope.interface import implementer

from sanji import _
from sanji.api.masking import mask_phone
from sanji.sms.interfaces import ISmsGateway
from sanji.sms.interfaces import OutgoingSms
from sanji.sms.interfaces import SendResult

logger = logging.getLogger("sanji.sms")


@implementer(ISmsGateway)
class OutboxGateway:
    title = _("gateway_outbox", default="Outbox in the site (no SMS leaves the site)")

    def send(self, message: OutgoingSms) -> SendResult:
        sign = f"【{message.sign_name}】" if message.sign_name else ""
        logger.info("SMS outbox to %s: %s%s", mask_phone(message.phone), sign, message.text)
        return SendResult(True, provider_message_id=f"outbox-{uuid.uuid4().hex[:12]}")

    def check(self) -> list:
        return []
