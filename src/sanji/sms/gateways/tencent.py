"""Tencent Cloud SMS (腾讯云短信): ``SendSms`` of API version 2021-01-11, signed with TC3-HMAC-SHA256.

A JSON POST to the endpoint with ``PhoneNumberSet`` (E.164), ``SmsSdkAppId``, ``SignName``,
``TemplateId``, ``TemplateParamSet`` (the placeholders' values in order) and ``SessionContext`` (our
message id). The signature follows Tencent Cloud API 3.0: canonical request over the method, path,
``content-type`` and ``host`` headers and the payload's SHA-256; keys derived by HMAC-SHA256 from
``"TC3" + SecretKey`` through the date, the service (``sms``) and ``tc3_request``. The answer lists
one ``SendStatus`` per number; its ``SerialNo`` is what status callbacks call ``sid``.
"""

import hashlib
import hmac
import json
from datetime import UTC
from datetime import datetime
from urllib.parse import urlsplit

from zope.interface import implementer

from sanji import _
from sanji.sms.credentials import SDK_APP_ID
from sanji.sms.credentials import SECRET_ID
from sanji.sms.credentials import SECRET_KEY
from sanji.sms.credentials import credential
from sanji.sms.gateways.base import endpoint
from sanji.sms.gateways.base import post_json
from sanji.sms.interfaces import ISmsGateway
from sanji.sms.interfaces import OutgoingSms
from sanji.sms.interfaces import SendResult

ENDPOINT_VARIABLE = "SANJI_SMS_TENCENT_ENDPOINT"
REGION_VARIABLE = "SANJI_SMS_TENCENT_REGION"
DEFAULT_ENDPOINT = "https://sms.tencentcloudapi.com/"
DEFAULT_REGION = "ap-guangzhou"
SERVICE = "sms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"

PERMANENT_CODES = frozenset(
    {
        "InvalidParameterValue.IncorrectPhoneNumber",
        "FailedOperation.PhoneNumberInBlacklist",
        "FailedOperation.PhoneNumberParseFail",
    }
)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def tc3_signature(secret_key: str, host: str, payload: bytes, timestamp: int) -> tuple[str, str]:
    """The hex signature and the credential scope date of a POST of ``payload`` to ``host``."""
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{day}/{SERVICE}/tc3_request"
    string_to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), day), SERVICE), "tc3_request")
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest(), day


def send_sms_body(message: OutgoingSms, sdk_app_id: str) -> bytes:
    return json.dumps(
        {
            "PhoneNumberSet": [f"+86{message.phone}"],
            "SmsSdkAppId": sdk_app_id,
            "SignName": message.sign_name,
            "TemplateId": message.template_code,
            "TemplateParamSet": list(message.params.values()),
            "SessionContext": message.message_id,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def signed_headers(url: str, payload: bytes, *, secret_id: str, secret_key: str, timestamp: int, region: str) -> dict:
    host = urlsplit(url).netloc
    signature, day = tc3_signature(secret_key, host, payload, timestamp)
    return {
        "Authorization": (
            f"{ALGORITHM} Credential={secret_id}/{day}/{SERVICE}/tc3_request, "
            f"SignedHeaders=content-type;host, Signature={signature}"
        ),
        "Content-Type": CONTENT_TYPE,
        "Host": host,
        "X-TC-Action": "SendSms",
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Version": VERSION,
        "X-TC-Region": region,
    }


def _result(document: dict) -> SendResult:
    response = document.get("Response") or {}
    error = response.get("Error")
    if error:
        code = str(error.get("Code") or "")
        return SendResult(False, error=f"{code}: {error.get('Message', '')}", permanent=code in PERMANENT_CODES)
    statuses = response.get("SendStatusSet") or []
    if not statuses:
        return SendResult(False, error="no SendStatusSet in the answer")
    status = statuses[0]
    code = str(status.get("Code") or "")
    if code == "Ok" and status.get("SerialNo"):
        return SendResult(True, provider_message_id=str(status["SerialNo"]))
    return SendResult(False, error=f"{code}: {status.get('Message', '')}", permanent=code in PERMANENT_CODES)


@implementer(ISmsGateway)
class TencentGateway:
    title = _("gateway_tencent", default="Tencent Cloud SMS")

    def check(self) -> list:
        return [
            _("check_missing_env", default="${name} is not set.", mapping={"name": name})
            for name in (SECRET_ID, SECRET_KEY, SDK_APP_ID)
            if not credential(name)
        ]

    def send(self, message: OutgoingSms) -> SendResult:
        secret_id, secret_key, app_id = credential(SECRET_ID), credential(SECRET_KEY), credential(SDK_APP_ID)
        if not (secret_id and secret_key and app_id):
            return SendResult(False, error=f"{SECRET_ID} / {SECRET_KEY} / {SDK_APP_ID} not set")
        if not message.template_code:
            return SendResult(False, error=f"no Tencent Cloud template id for {message.template_id}")
        url = endpoint(ENDPOINT_VARIABLE, DEFAULT_ENDPOINT)
        payload = send_sms_body(message, app_id)
        region = endpoint(REGION_VARIABLE, DEFAULT_REGION)
        headers = signed_headers(
            url,
            payload,
            secret_id=secret_id,
            secret_key=secret_key,
            timestamp=int(datetime.now(UTC).timestamp()),
            region=region,
        )
        document, failure = post_json(url, data=payload, headers=headers)
        if failure is not None:
            return failure
        return _result(document)
