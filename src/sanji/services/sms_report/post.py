"""POST /++api++/@sms-report?token=…: Alibaba Cloud SmsReport or Tencent Cloud status callback JSON."""

from plone.restapi.services import Service

from sanji.deadlines import calendar
from sanji.services import error
from sanji.sms.callbacks import CallbackRefused
from sanji.sms.callbacks import check_secret
from sanji.sms.callbacks import json_payload
from sanji.sms.callbacks import unknown_format
from sanji.sms.reports import ACKNOWLEDGEMENTS
from sanji.sms.reports import UnknownPayload
from sanji.sms.reports import apply_reports
from sanji.sms.reports import parse_reports


class SmsReportPost(Service):
    """200 with the provider's acknowledgement; 400 not a report, 401 wrong token, 503 not configured."""

    def reply(self) -> dict:
        try:
            check_secret(self.request)
            try:
                provider, reports = parse_reports(json_payload(self.request))
            except UnknownPayload:
                raise unknown_format() from None
        except CallbackRefused as refused:
            return error(self.request, refused.status, refused.type, refused.message)
        updated = apply_reports(reports, calendar.now())
        return {**ACKNOWLEDGEMENTS[provider], "updated": updated}
