"""Stand-ins for the SMS providers on 127.0.0.1: they check the real request format and signature.

Each recomputes the provider's signature from the documentation, independently of the adapters
(``percent_encode`` as Alibaba Cloud's own sample code writes it; the TC3 key derivation step by
step as Tencent Cloud's), and answers with the providers' real success and error documents. ``mode``
makes them fail: ``error`` (a temporary refusal), ``permanent`` (an invalid number), ``http500``,
``timeout`` (answers after ``delay`` seconds), ``garbage`` (not JSON).
"""

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import UTC
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl
from urllib.parse import quote

ALIYUN_KEY_ID = "LTAI5tTestKeyId"
ALIYUN_SECRET = "aliyun-test-secret"
TENCENT_SECRET_ID = "AKIDtestsecretid"
TENCENT_SECRET_KEY = "tencent-test-secret-key"
TENCENT_APP_ID = "1400006666"


class StandIn:
    """A provider on a free port of 127.0.0.1; ``received`` lists what it was sent, checked."""

    def __init__(self, mode: str = "ok", delay: float = 2.0):
        self.mode = mode
        self.delay = delay
        self.received: list[dict] = []
        self.lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, document = standin.answer(self.headers, body)
                if standin.mode == "timeout":
                    time.sleep(standin.delay)
                payload = document if isinstance(document, bytes) else json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client timed out
                    self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def record(self, entry: dict) -> None:
        with self.lock:
            self.received.append(entry)

    @property
    def accepted(self) -> list[dict]:
        """Requests whose signature and format were right."""
        return [entry for entry in self.received if entry["valid"]]

    def answer(self, headers, body: bytes) -> tuple[int, object]:
        raise NotImplementedError


def aliyun_percent_encode(value: str) -> str:
    """As in Alibaba Cloud's signature documentation's sample code."""
    return quote(value, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


class AliyunStandIn(StandIn):
    """Dysmsapi 2017-05-25 SendSms, RPC style, HMAC-SHA1 signature."""

    REQUIRED = (
        "AccessKeyId",
        "Action",
        "Format",
        "RegionId",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureVersion",
        "Timestamp",
        "Version",
        "PhoneNumbers",
        "SignName",
        "TemplateCode",
        "TemplateParam",
        "Signature",
    )

    def signature(self, params: dict) -> str:
        canonical = "&".join(
            f"{aliyun_percent_encode(k)}={aliyun_percent_encode(v)}"
            for k, v in sorted((k, v) for k, v in params.items() if k != "Signature")
        )
        string_to_sign = "POST&%2F&" + aliyun_percent_encode(canonical)
        digest = hmac.new((ALIYUN_SECRET + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    def answer(self, headers, body):
        request_id = str(uuid.uuid4()).upper()
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        problems = [name for name in self.REQUIRED if name not in params]
        if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            problems.append("content-type")
        fixed = {
            "Action": "SendSms",
            "Version": "2017-05-25",
            "Format": "JSON",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
        }
        problems += [name for name, value in fixed.items() if params.get(name) != value]
        try:
            datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ")
            json.loads(params.get("TemplateParam", ""))
        except ValueError:
            problems.append("Timestamp/TemplateParam")
        signature_ok = params.get("AccessKeyId") == ALIYUN_KEY_ID and hmac.compare_digest(
            params.get("Signature", ""), self.signature(params)
        )
        self.record(
            {
                "params": params,
                "problems": problems,
                "signature_ok": signature_ok,
                "valid": signature_ok and not problems,
            }
        )
        return self.respond(request_id, problems, signature_ok)

    def respond(self, request_id: str, problems: list, signature_ok: bool) -> tuple[int, object]:
        failures = {
            "error": (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1"}),
            "permanent": (200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}),
            "http500": (500, {"Code": "InternalError", "Message": "The request processing has failed."}),
        }
        if problems:
            return 400, {"RequestId": request_id, "Code": "MissingParameter", "Message": f"{problems}"}
        if not signature_ok:
            return 400, {
                "RequestId": request_id,
                "HostId": "dysmsapi.aliyuncs.com",
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched with our calculation.",
            }
        if self.mode == "garbage":
            return 502, b"<html>Bad Gateway</html>"
        if self.mode in failures:
            status, document = failures[self.mode]
            return status, {"RequestId": request_id, **document}
        return 200, {"RequestId": request_id, "Code": "OK", "Message": "OK", "BizId": f"{len(self.received)}0061974^0"}


class TencentStandIn(StandIn):
    """SMS SendSms 2021-01-11, TC3-HMAC-SHA256 signature."""

    HEADERS = {
        "X-TC-Action": "SendSms",
        "X-TC-Version": "2021-01-11",
        "Content-Type": "application/json; charset=utf-8",
    }
    FIELDS = ("PhoneNumberSet", "SmsSdkAppId", "SignName", "TemplateId", "TemplateParamSet")

    def signature(self, headers, body: bytes, timestamp: int) -> str:
        day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        canonical_headers = f"content-type:{headers.get('Content-Type')}\nhost:{headers.get('Host')}\n"
        canonical_request = f"POST\n/\n\n{canonical_headers}\ncontent-type;host\n{hashlib.sha256(body).hexdigest()}"
        string_to_sign = (
            f"TC3-HMAC-SHA256\n{timestamp}\n{day}/sms/tc3_request\n"
            f"{hashlib.sha256(canonical_request.encode()).hexdigest()}"
        )

        def sign(key, message):
            return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()

        secret_date = sign(("TC3" + TENCENT_SECRET_KEY).encode("utf-8"), day)
        secret_service = sign(secret_date, "sms")
        secret_signing = sign(secret_service, "tc3_request")
        return hmac.new(secret_signing, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()

    def problems(self, headers, document: dict) -> list[str]:
        problems = [name for name, value in self.HEADERS.items() if headers.get(name) != value]
        if not headers.get("X-TC-Region"):
            problems.append("X-TC-Region")
        problems += [name for name in self.FIELDS if name not in document]
        if document.get("SmsSdkAppId") != TENCENT_APP_ID:
            problems.append("SmsSdkAppId")
        if not all(str(number).startswith("+86") for number in document.get("PhoneNumberSet", [])):
            problems.append("PhoneNumberSet")
        return problems

    def answer(self, headers, body):
        try:
            document = json.loads(body)
            timestamp = int(headers.get("X-TC-Timestamp") or 0)
        except ValueError:
            document, timestamp = {}, 0
        problems = self.problems(headers, document)
        day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        expected = (
            f"TC3-HMAC-SHA256 Credential={TENCENT_SECRET_ID}/{day}/sms/tc3_request, "
            f"SignedHeaders=content-type;host, Signature={self.signature(headers, body, timestamp)}"
        )
        signature_ok = hmac.compare_digest(headers.get("Authorization", ""), expected)
        signature_ok = signature_ok and abs(time.time() - timestamp) < 300
        valid = signature_ok and not problems
        self.record({"document": document, "problems": problems, "signature_ok": signature_ok, "valid": valid})
        return self.respond(document, problems, signature_ok)

    def respond(self, document: dict, problems: list, signature_ok: bool) -> tuple[int, object]:
        request_id = str(uuid.uuid4())
        if not signature_ok:
            error = {
                "Code": "AuthFailure.SignatureFailure",
                "Message": "The provided credentials could not be validated.",
            }
            return 200, {"Response": {"Error": error, "RequestId": request_id}}
        if problems:
            error = {"Code": "MissingParameter", "Message": f"{problems}"}
            return 200, {"Response": {"Error": error, "RequestId": request_id}}
        if self.mode == "http500":
            return 500, {"Response": {"Error": {"Code": "InternalError", "Message": "internal error"}}}
        if self.mode == "garbage":
            return 502, b"<html>Bad Gateway</html>"
        status = {
            "SerialNo": f"5000:{len(self.received)}0457106691570536",
            "PhoneNumber": document["PhoneNumberSet"][0],
            "Fee": 1,
            "SessionContext": document.get("SessionContext", ""),
            "Code": "Ok",
            "Message": "send success",
            "IsoCode": "CN",
        }
        refusals = {
            "error": ("LimitExceeded.PhoneNumberThirtySecondLimit", "too many messages to this number in 30 seconds"),
            "permanent": ("InvalidParameterValue.IncorrectPhoneNumber", "incorrect phone number"),
        }
        if self.mode in refusals:
            code, message = refusals[self.mode]
            status = {**status, "SerialNo": "", "Fee": 0, "Code": code, "Message": message}
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}
