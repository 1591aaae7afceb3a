"""POST /++api++/@sms-inbound?token=…: Alibaba Cloud SmsUp or Tencent Cloud reply callback JSON.

The answer SMS is queued and sent after this request commits (:mod:`sanji.sms.inbound`); the
provider only learns that the push was received, never what was answered.
"""

from plone.restapi.services import Service

from sanji.services import error
from sanji.sms.callbacks import CallbackRefused
from sanji.sms.callbacks import check_secret
from sanji.sms.callbacks import json_payload
from sanji.sms.callbacks import unknown_format
from sanji.sms.inbound import answer
from sanji.sms.reports import ACKNOWLEDGEMENTS
from sanji.sms.reports import UnknownPayload
from sanji.sms.reports import parse_inbound


class SmsInboundPost(Service):
    """200 with the provider's acknowledgement; 400 not an inbound SMS, 401 wrong token, 503 not configured."""

    def reply(self) -> dict:
        try:
            check_secret(self.request)
            try:
                provider, messages = parse_inbound(json_payload(self.request))
            except UnknownPayload:
                raise unknown_format() from None
        except CallbackRefused as refused:
            return error(self.request, refused.status, refused.type, refused.message)
        for sms in messages:
            answer(sms)
        return dict(ACKNOWLEDGEMENTS[provider])
