"""Delivery reports (短信回执) and inbound SMS as the providers push them to our callbacks.

Alibaba Cloud pushes JSON arrays: SmsReport items ``{"phone_number", "success", "err_code", "err_msg",
"biz_id", "out_id", "report_time", …}`` and SmsUp items ``{"phone_number", "content", "sign_name",
"dest_code", "sequence_id", "send_time"}``; it expects ``{"code": 0, "msg": "成功"}``.
Tencent Cloud pushes status reports as an array of ``{"sid", "mobile", "nationcode", "report_status"
("SUCCESS"/"FAIL"), "errmsg", "description", "user_receive_time"}`` and a reply as one object
``{"mobile", "nationcode", "text", "sign", "time", "extend"}``; it expects ``{"result": 0, "errmsg": "OK"}``.
"""

from dataclasses import dataclass
from datetime import datetime

from plone import api

from sanji.sms.inbound import InboundSms
from sanji.sms.queue import DELIVERED
from sanji.sms.queue import FAILED
from sanji.sms.queue import SENDING
from sanji.sms.queue import SENT
from sanji.sms.queue import get_queue

ALIYUN = "aliyun"
TENCENT = "tencent"

ACKNOWLEDGEMENTS = {ALIYUN: {"code": 0, "msg": "成功"}, TENCENT: {"result": 0, "errmsg": "OK"}}


class UnknownPayload(ValueError):
    """The body is neither provider's format."""


@dataclass(frozen=True)
class ProviderReport:
    provider_message_id: str
    delivered: bool
    error: str = ""
    #: our message id, when the provider echoes it (Alibaba Cloud's ``out_id``)
    message_id: str = ""


def _items(payload) -> list[dict]:
    items = payload if isinstance(payload, list) else [payload]
    if not items or not all(isinstance(item, dict) for item in items):
        raise UnknownPayload(payload)
    return items


def parse_reports(payload) -> tuple[str, list[ProviderReport]]:
    """The provider and its reports. :raises UnknownPayload: neither format."""
    items = _items(payload)
    if all("biz_id" in item and "success" in item for item in items):
        return ALIYUN, [
            ProviderReport(
                str(item["biz_id"]),
                item["success"] is True or str(item["success"]).lower() == "true",
                f"{item.get('err_code', '')}: {item.get('err_msg', '')}",
                str(item.get("out_id") or ""),
            )
            for item in items
        ]
    if all("sid" in item and "report_status" in item for item in items):
        return TENCENT, [
            ProviderReport(
                str(item["sid"]),
                item["report_status"] == "SUCCESS",
                f"{item.get('errmsg', '')}: {item.get('description', '')}",
            )
            for item in items
        ]
    raise UnknownPayload(payload)


def parse_inbound(payload) -> tuple[str, list[InboundSms]]:
    """The provider and the SMS it forwards. :raises UnknownPayload: neither format."""
    items = _items(payload)
    if all("phone_number" in item and "content" in item for item in items):
        return ALIYUN, [
            InboundSms(
                str(item["phone_number"]),
                str(item["content"]),
                f"aliyun|{item.get('sequence_id', '')}|{item.get('send_time', '')}",
            )
            for item in items
        ]
    if all("mobile" in item and "text" in item for item in items):
        return TENCENT, [
            InboundSms(str(item["mobile"]), str(item["text"]), f"tencent|{item.get('time', '')}") for item in items
        ]
    raise UnknownPayload(payload)


def _reported_message(queue, report: ProviderReport):
    message = queue.by_provider(report.provider_message_id)
    if message is None and report.message_id:
        message = queue.by_message_id(report.message_id)
    return message


def apply_reports(reports: list[ProviderReport], now: datetime) -> int:
    """Mark the messages reported delivered or failed; returns how many were ours and updated.

    A report may overtake the deliverer's record of the provider's answer; Alibaba Cloud's echoes
    our message id, which finds the message even then. Reports of unknown ids (another system on
    the same account, or already purged) are skipped.
    """
    queue = get_queue(api.portal.get())
    updated = 0
    for report in reports:
        message = _reported_message(queue, report) if queue is not None else None
        if message is None or message.status not in (SENDING, SENT, DELIVERED, FAILED):
            continue
        message.reported_at = now
        if report.delivered:
            message.last_error = ""
            message.record(now, DELIVERED)
        else:
            message.last_error = report.error
            message.record(now, FAILED, report.error)
        updated += 1
    return updated
