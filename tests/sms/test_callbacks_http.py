"""``@sms-report`` and ``@sms-inbound`` over real HTTP, posted as the providers push them."""

import pytest
import requests
import transaction
from plone import api

from sanji.api.receipts import format_receipt_number
from sanji.sms.api import notify
from sanji.sms.phones import open_phone
from sanji.sms.queue import get_queue
from tests.sms.conftest import commit_and_send

SECRET = "callback-secret-of-the-test"
APPLICANT_PHONE = "13800001234"


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("SANJI_SMS_CALLBACK_SECRET", SECRET)


def post(portal_url, endpoint, payload, token=SECRET, **kwargs):
    """POST like a provider: JSON body, the token in the URL, no Accept header of ours."""
    params = {"token": token} if token is not None else {}
    return requests.post(f"{portal_url}/++api++/{endpoint}", json=payload, params=params, timeout=30, **kwargs)


def replies(portal) -> list[tuple[str, str, str]]:
    """(template, number, text) of the replies queued, oldest first."""
    transaction.begin()
    queue = get_queue(portal)
    messages = sorted(queue.messages.values(), key=lambda message: message.created) if queue else []
    result = []
    for message in messages:
        if message.key.startswith("reply:"):
            with api.env.adopt_roles(["Manager"]):
                application = api.content.get(UID=message.application_uid) if message.application_uid else None
            phone = open_phone(message.id, message.phone_sealed, application) if message.phone_sealed else "(sent)"
            result.append((message.template_id, message.phone_masked, message.text, phone))
    return result


def aliyun_up(phone, content, sequence=1):
    return [
        {
            "phone_number": phone,
            "send_time": "2026-11-30 10:00:00",
            "content": content,
            "sign_name": "肃宁县政务服务",
            "dest_code": "1234",
            "sequence_id": sequence,
        }
    ]


def tencent_reply(phone, text, when=1764468000):
    return {"extend": "", "mobile": phone, "nationcode": "86", "sign": "肃宁县政务服务", "text": text, "time": when}


def test_query_from_the_applicants_phone_answers_the_step(portal_url, functional_portal, draft_case, secret):
    response = post(portal_url, "@sms-inbound", aliyun_up(APPLICANT_PHONE, f"CX {draft_case.receipt_number}"))
    assert response.status_code == 200, response.text
    assert response.json() == {"code": 0, "msg": "成功"}
    [(template, masked, text, _phone)] = replies(functional_portal)
    assert (template, masked) == ("query_status", "138****1234")
    assert draft_case.receipt_number in text and "高龄津贴申领" in text and "草稿" in text


@pytest.mark.parametrize(
    "text",
    ["cx{receipt}", "ＣＸ　{receipt}", " Cx {spaced} ", "CX{spaced}"],
)
def test_query_spellings(portal_url, functional_portal, draft_case, secret, text):
    receipt = draft_case.receipt_number
    query = text.format(receipt=receipt, spaced=format_receipt_number(receipt))
    post(portal_url, "@sms-inbound", tencent_reply(APPLICANT_PHONE, query))
    assert [reply[0] for reply in replies(functional_portal)] == ["query_status"]


def test_other_phone_and_unknown_receipt_get_the_same_answer(portal_url, functional_portal, draft_case, secret):
    other = post(portal_url, "@sms-inbound", aliyun_up("13900009999", f"CX {draft_case.receipt_number}", 1))
    unknown = post(portal_url, "@sms-inbound", aliyun_up("13900009999", "CX 2020010100000000", 2))
    malformed = post(portal_url, "@sms-inbound", aliyun_up("13900009999", "CX 123", 3))
    assert other.status_code == unknown.status_code == malformed.status_code == 200
    assert other.json() == unknown.json() == malformed.json()
    answers = replies(functional_portal)
    assert [answer[0] for answer in answers] == ["query_unknown"] * 3
    assert len({answer[2] for answer in answers}) == 1
    assert draft_case.receipt_number not in answers[0][2]
    # Last four digits are not enough: the whole number must match.
    post(portal_url, "@sms-inbound", aliyun_up("13911111234", f"CX {draft_case.receipt_number}", 4))
    assert replies(functional_portal)[-1][0] == "query_unknown"


def test_other_texts_are_not_answered(portal_url, functional_portal, secret):
    for text in ("谢谢", "CXY 2026", "查询"):
        assert post(portal_url, "@sms-inbound", tencent_reply(APPLICANT_PHONE, text)).json() == {
            "result": 0,
            "errmsg": "OK",
        }
    assert replies(functional_portal) == []


def test_a_repeated_push_is_answered_once(portal_url, functional_portal, draft_case, secret):
    payload = aliyun_up(APPLICANT_PHONE, f"CX {draft_case.receipt_number}", 7)
    post(portal_url, "@sms-inbound", payload)
    post(portal_url, "@sms-inbound", payload)
    assert len(replies(functional_portal)) == 1


def test_guessing_from_one_phone_is_limited(portal_url, functional_portal, draft_case, secret):
    for sequence in range(5):
        post(portal_url, "@sms-inbound", aliyun_up("13900009999", f"CX 20200101000000{sequence:02d}", sequence))
    post(portal_url, "@sms-inbound", aliyun_up("13900009999", f"CX {draft_case.receipt_number}", 99))
    assert len(replies(functional_portal)) == 5  # the sixth is not answered at all


@pytest.mark.parametrize("endpoint", ["@sms-inbound", "@sms-report"])
def test_wrong_or_missing_token(portal_url, functional_portal, secret, endpoint):
    for token in ("wrong", None):
        response = post(portal_url, endpoint, aliyun_up(APPLICANT_PHONE, "CX 2026"), token=token)
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "Unauthorized"
    assert replies(functional_portal) == []


def test_token_in_a_header(portal_url, functional_portal, secret):
    response = post(
        portal_url,
        "@sms-inbound",
        tencent_reply(APPLICANT_PHONE, "谢谢"),
        token=None,
        headers={"X-Sanji-Sms-Token": SECRET},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ["@sms-inbound", "@sms-report"])
def test_not_configured(portal_url, functional_portal, monkeypatch, endpoint):
    monkeypatch.delenv("SANJI_SMS_CALLBACK_SECRET", raising=False)
    response = post(portal_url, endpoint, [], token="")
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "ServiceUnavailable"


@pytest.mark.parametrize("endpoint", ["@sms-inbound", "@sms-report"])
def test_not_a_provider_payload(portal_url, functional_portal, secret, endpoint):
    for payload in ({"hello": "world"}, [], "text"):
        response = post(portal_url, endpoint, payload)
        assert response.status_code == 400
        assert response.json()["error"]["type"] == "BadRequest"
    bad = requests.post(f"{portal_url}/++api++/{endpoint}", params={"token": SECRET}, data=b"{not json", timeout=30)
    assert bad.status_code == 400


def sent_message(portal):
    with api.env.adopt_roles(["Manager"]):
        notify("k", "13900001111", "handler_step", {"receipt": "1", "item": "x", "deadline": "d", "step": "s"})
    commit_and_send()
    transaction.begin()
    return get_queue(portal).messages["k"]


def status_of(portal, key="k"):
    transaction.begin()
    return get_queue(portal).messages[key]


def test_aliyun_report_marks_delivered(portal_url, functional_portal, secret):
    message = sent_message(functional_portal)
    assert message.status == "sent"
    report = [
        {
            "phone_number": "13900001111",
            "send_time": "2026-11-30 10:00:00",
            "report_time": "2026-11-30 10:00:05",
            "success": True,
            "err_code": "DELIVERED",
            "err_msg": "用户接收成功",
            "sms_size": "1",
            "biz_id": message.provider_message_id,
            "out_id": message.id,
        },
        {"phone_number": "13900002222", "success": False, "err_code": "X", "err_msg": "", "biz_id": "not-ours"},
    ]
    response = post(portal_url, "@sms-report", report)
    assert response.status_code == 200, response.text
    assert response.json() == {"code": 0, "msg": "成功", "updated": 1}
    assert status_of(functional_portal).status == "delivered"


def test_tencent_report_marks_failed(portal_url, functional_portal, secret):
    message = sent_message(functional_portal)
    report = [
        {
            "user_receive_time": "2026-11-30 10:00:05",
            "nationcode": "86",
            "mobile": "13900001111",
            "report_status": "FAIL",
            "errmsg": "MK:0012",
            "description": "用户关机",
            "sid": message.provider_message_id,
        }
    ]
    response = post(portal_url, "@sms-report", report)
    assert response.json() == {"result": 0, "errmsg": "OK", "updated": 1}
    failed = status_of(functional_portal)
    assert failed.status == "failed" and "用户关机" in failed.last_error


def test_report_overtaking_the_record(portal_url, functional_portal, secret, via_aliyun):
    """Alibaba Cloud's report may arrive while the deliverer still waits: out_id finds the message."""
    from sanji.sms.delivery import apply_result
    from sanji.sms.interfaces import SendResult

    via_aliyun.mode = "http500"
    message = sent_message(functional_portal)
    message.status = "sending"
    commit_and_send()
    report = [{"success": True, "err_code": "DELIVERED", "err_msg": "", "biz_id": "123^0", "out_id": message.id}]
    assert post(portal_url, "@sms-report", report).json()["updated"] == 1
    transaction.begin()
    message = get_queue(functional_portal).messages["k"]
    apply_result(get_queue(functional_portal), message, SendResult(True, "123^0"), message.created, 8)
    assert message.status == "delivered"
    assert get_queue(functional_portal).by_provider("123^0") is message
