"""The provider adapters against stand-ins that check the real request format and signature."""

import time

import pytest

from sanji.sms.gateways.aliyun import AliyunGateway
from sanji.sms.gateways.outbox import OutboxGateway
from sanji.sms.gateways.tencent import TencentGateway
from sanji.sms.interfaces import OutgoingSms
from tests.sms import standin

MESSAGE = OutgoingSms(
    message_id="4f2a9c0d1e3b4a5f8e7d6c5b4a392817",
    phone="13800001234",
    text="您办理的“高龄津贴申领”已受理，受理编号2026112804837291。",
    template_id="citizen_accepted",
    params={"item": "高龄津贴申领", "receipt": "2026112804837291", "deadline": "2026年12月5日"},
    sign_name="肃宁县政务服务",
    template_code="SMS_1000001",
)


def test_aliyun_request_is_signed_and_complete(aliyun):
    result = AliyunGateway().send(MESSAGE)
    assert result.ok, result
    assert result.provider_message_id.endswith("^0")
    [request] = aliyun.received
    assert request["signature_ok"] and not request["problems"]
    params = request["params"]
    assert params["PhoneNumbers"] == "13800001234"
    assert params["SignName"] == "肃宁县政务服务"
    assert params["TemplateCode"] == "SMS_1000001"
    assert params["OutId"] == MESSAGE.message_id
    assert '"receipt":"2026112804837291"' in params["TemplateParam"]


def test_tencent_request_is_signed_and_complete(tencent):
    result = TencentGateway().send(MESSAGE)
    assert result.ok, result
    assert result.provider_message_id.startswith("5000:")
    [request] = tencent.received
    assert request["signature_ok"] and not request["problems"]
    document = request["document"]
    assert document["PhoneNumberSet"] == ["+8613800001234"]
    assert document["TemplateId"] == "SMS_1000001"
    # In the order the placeholders appear in the text: Tencent numbers them {1}, {2}, {3}.
    assert document["TemplateParamSet"] == ["高龄津贴申领", "2026112804837291", "2026年12月5日"]
    assert document["SessionContext"] == MESSAGE.message_id


@pytest.mark.parametrize(
    ("gateway", "variable"), [(AliyunGateway, "SANJI_SMS_ACCESS_KEY_SECRET"), (TencentGateway, "SANJI_SMS_SECRET_KEY")]
)
def test_wrong_secret_is_refused_by_the_provider(gateway, variable, aliyun, tencent, monkeypatch):
    monkeypatch.setenv(variable, "not-the-secret")
    result = gateway().send(MESSAGE)
    assert not result.ok and not result.permanent
    assert "Signature" in result.error
    assert not aliyun.accepted and not tencent.accepted


@pytest.mark.parametrize("gateway", [AliyunGateway, TencentGateway])
def test_temporary_refusal_is_retried(gateway, aliyun, tencent):
    aliyun.mode = tencent.mode = "error"
    result = gateway().send(MESSAGE)
    assert not result.ok and not result.permanent
    assert "LimitExceeded" in result.error or "BUSINESS_LIMIT_CONTROL" in result.error


@pytest.mark.parametrize("gateway", [AliyunGateway, TencentGateway])
def test_invalid_number_is_given_up(gateway, aliyun, tencent):
    aliyun.mode = tencent.mode = "permanent"
    result = gateway().send(MESSAGE)
    assert not result.ok and result.permanent


@pytest.mark.parametrize("mode", ["http500", "garbage"])
@pytest.mark.parametrize("gateway", [AliyunGateway, TencentGateway])
def test_server_errors_are_temporary(gateway, mode, aliyun, tencent):
    aliyun.mode = tencent.mode = mode
    result = gateway().send(MESSAGE)
    assert not result.ok and not result.permanent
    assert result.error


@pytest.mark.parametrize("gateway", [AliyunGateway, TencentGateway])
def test_timeout_is_temporary_and_bounded(gateway, aliyun, tencent):
    aliyun.mode = tencent.mode = "timeout"
    started = time.monotonic()
    result = gateway().send(MESSAGE)
    assert time.monotonic() - started < 1.5  # SANJI_SMS_TIMEOUT=0.5, the stand-in waits 2 s
    assert not result.ok and not result.permanent
    assert "timeout" in result.error


@pytest.mark.parametrize("gateway", [AliyunGateway, TencentGateway])
def test_provider_down(gateway, monkeypatch, credentials):
    for variable in ("SANJI_SMS_ALIYUN_ENDPOINT", "SANJI_SMS_TENCENT_ENDPOINT"):
        monkeypatch.setenv(variable, "http://127.0.0.1:9/")  # discard port: nothing listens
    result = gateway().send(MESSAGE)
    assert not result.ok and not result.permanent
    assert "network error" in result.error


def test_missing_template_code_is_not_sent(aliyun, tencent):
    message = OutgoingSms(**{**MESSAGE.__dict__, "template_code": ""})
    assert "template" in AliyunGateway().send(message).error
    assert "template" in TencentGateway().send(message).error
    assert aliyun.received == tencent.received == []


def test_configuration_checks_name_what_is_missing(monkeypatch, credentials, tmp_path):
    assert AliyunGateway().check() == TencentGateway().check() == OutboxGateway().check() == []
    monkeypatch.delenv("SANJI_SMS_ACCESS_KEY_SECRET")
    monkeypatch.delenv("SANJI_SMS_SDK_APP_ID")
    [aliyun_problem] = AliyunGateway().check()
    [tencent_problem] = TencentGateway().check()
    assert aliyun_problem.mapping == {"name": "SANJI_SMS_ACCESS_KEY_SECRET"}
    assert tencent_problem.mapping == {"name": "SANJI_SMS_SDK_APP_ID"}
    # A Kubernetes Secret mounted as a file counts too.
    secret = tmp_path / "secret"
    secret.write_text(standin.ALIYUN_SECRET + "\n")
    monkeypatch.setenv("SANJI_SMS_ACCESS_KEY_SECRET_FILE", str(secret))
    assert AliyunGateway().check() == []


def test_file_credential_signs(aliyun, monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(standin.ALIYUN_SECRET)
    monkeypatch.setenv("SANJI_SMS_ACCESS_KEY_SECRET", "overridden-by-the-file")
    monkeypatch.setenv("SANJI_SMS_ACCESS_KEY_SECRET_FILE", str(secret))
    assert AliyunGateway().send(MESSAGE).ok


def test_no_credentials_no_request(aliyun, monkeypatch):
    monkeypatch.delenv("SANJI_SMS_ACCESS_KEY_ID")
    result = AliyunGateway().send(MESSAGE)
    assert not result.ok and "SANJI_SMS_ACCESS_KEY_ID" in result.error
    assert aliyun.received == []


def test_outbox_logs_the_masked_number(caplog):
    with caplog.at_level("INFO", logger="sanji.sms"):
        result = OutboxGateway().send(MESSAGE)
    assert result.ok and result.provider_message_id.startswith("outbox-")
    assert "138****1234" in caplog.text and "13800001234" not in caplog.text
    assert "【肃宁县政务服务】您办理的“高龄津贴申领”已受理" in caplog.text
