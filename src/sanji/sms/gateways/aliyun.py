"""Alibaba Cloud SMS (阿里云短信服务): Dysmsapi ``SendSms``, API version 2017-05-25, RPC style.

The request is a form-encoded POST of the common parameters plus ``PhoneNumbers``, ``SignName``,
``TemplateCode``, ``TemplateParam`` (JSON of the template's variables by name) and ``OutId`` (our
message id, echoed in delivery reports), signed with HMAC-SHA1 as the RPC signature documents:
``StringToSign = "POST&%2F&" + percent(canonicalized query)``, key ``AccessKeySecret + "&"``.
The answer ``{"Code": "OK", "BizId": …}`` means accepted; delivery reports name the message by BizId.
"""

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from urllib.parse import quote

from zope.interface import implementer

from sanji import _
from sanji.sms.credentials import ACCESS_KEY_ID
from sanji.sms.credentials import ACCESS_KEY_SECRET
from sanji.sms.credentials import credential
from sanji.sms.gateways.base import endpoint
from sanji.sms.gateways.base import post_json
from sanji.sms.interfaces import ISmsGateway
from sanji.sms.interfaces import OutgoingSms
from sanji.sms.interfaces import SendResult

ENDPOINT_VARIABLE = "SANJI_SMS_ALIYUN_ENDPOINT"
DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
VERSION = "2017-05-25"
REGION = "cn-hangzhou"

#: Refusals that no retry can cure: the number itself is wrong or blocked.
PERMANENT_CODES = frozenset({"isv.MOBILE_NUMBER_ILLEGAL", "isv.BLACK_KEY_CONTROL_LIMIT", "isv.PARAM_LENGTH_LIMIT"})


def percent_encode(value: str) -> str:
    """RFC 3986 percent-encoding as Alibaba Cloud signs it: space %20, ``*`` %2A, ``~`` kept."""
    return quote(str(value), safe="~")


def canonicalized_query(params: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def rpc_signature(method: str, params: Mapping[str, str], secret: str) -> str:
    """The ``Signature`` parameter of an RPC request (every parameter but Signature itself)."""
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonicalized_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def send_sms_params(message: OutgoingSms, access_key_id: str, now: datetime, nonce: str) -> dict[str, str]:
    """Common and SendSms parameters, unsigned."""
    return {
        "AccessKeyId": access_key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": REGION,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce,
        "SignatureVersion": "1.0",
        "Timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": VERSION,
        "PhoneNumbers": message.phone,
        "SignName": message.sign_name,
        "TemplateCode": message.template_code,
        "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
        "OutId": message.message_id,
    }


@implementer(ISmsGateway)
class AliyunGateway:
    title = _("gateway_aliyun", default="Alibaba Cloud SMS (Dysmsapi)")

    def check(self) -> list:
        return [
            _("check_missing_env", default="${name} is not set.", mapping={"name": name})
            for name in (ACCESS_KEY_ID, ACCESS_KEY_SECRET)
            if not credential(name)
        ]

    def send(self, message: OutgoingSms) -> SendResult:
        key_id, secret = credential(ACCESS_KEY_ID), credential(ACCESS_KEY_SECRET)
        if not (key_id and secret):
            return SendResult(False, error=f"{ACCESS_KEY_ID} / {ACCESS_KEY_SECRET} not set")
        if not message.template_code:
            return SendResult(False, error=f"no Alibaba Cloud template code for {message.template_id}")
        params = send_sms_params(message, key_id, datetime.now(UTC), uuid.uuid4().hex)
        params["Signature"] = rpc_signature("POST", params, secret)
        document, failure = post_json(endpoint(ENDPOINT_VARIABLE, DEFAULT_ENDPOINT), data=params)
        if failure is not None:
            return failure
        code = str(document.get("Code") or "")
        if code == "OK" and document.get("BizId"):
            return SendResult(True, provider_message_id=str(document["BizId"]))
        return SendResult(False, error=f"{code}: {document.get('Message', '')}", permanent=code in PERMANENT_CODES)
