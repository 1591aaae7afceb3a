"""The control panel (gateway check, bad input refused with a message) and the outbox page, over HTTP."""

import re

import pytest
import requests
import transaction
from plone import api

from sanji.setuphandlers.staff import demo_password
from sanji.sms.api import notify
from sanji.sms.queue import get_queue
from tests.sms.conftest import commit_and_send
from tests.sms.conftest import wait_for_sender

PANEL = "@@sanji-sms-controlpanel"
OUTBOX = "@@sms-outbox"


def form_fields(html: str) -> dict:
    """Every input of the form with its current value (textareas too), as a browser would submit it."""
    fields = {}
    for match in re.finditer(r"<input[^>]*>", html):
        tag = match.group()
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name and (not kind or kind.group(1) not in ("submit", "checkbox", "radio")):
            fields[name.group(1)] = value.group(1) if value else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.DOTALL):
        fields[match.group(1)] = match.group(2).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.DOTALL):
        selected = [option for option in re.findall(r"<option[^>]*>", match.group(2)) if "selected" in option]
        fields[match.group(1)] = re.search(r'value="([^"]*)"', selected[0]).group(1) if selected else ""
    return fields


def save(session, url, **changes) -> requests.Response:
    page = session.get(url, timeout=30)
    data = {**form_fields(page.text), **changes, "form.buttons.save": "保存"}
    return session.post(url, data=data, timeout=30)


def test_panel_shows_the_gateways_and_what_is_missing(admin, portal_url, monkeypatch):
    monkeypatch.delenv("SANJI_SMS_CALLBACK_SECRET", raising=False)
    page = admin.get(f"{portal_url}/{PANEL}", timeout=30)
    assert page.status_code == 200
    assert 'id="sanji-sms-ready"' in page.text  # the outbox needs nothing
    assert 'id="sanji-sms-no-callbacks"' in page.text
    for gateway in ("outbox", "aliyun", "tencent"):
        assert f'value="{gateway}"' in page.text
    assert "form.widgets.template_citizen_returned" in page.text

    monkeypatch.delenv("SANJI_SMS_ACCESS_KEY_ID", raising=False)
    response = save(admin, f"{portal_url}/{PANEL}", **{"form.widgets.gateway:list": "aliyun"})
    assert response.status_code == 200
    problems = response.text.split('id="sanji-sms-problems"', 1)[1].split("</div>", 1)[0]
    assert "SANJI_SMS_ACCESS_KEY_ID" in problems and "citizen_accepted" in problems


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("form.widgets.template_citizen_completed", "您的${item}已办结，身份证${id_number}", "${id_number}"),
        ("form.widgets.quiet_start", "25:00", "HH:MM"),
        ("form.widgets.sign_name", "【肃宁】", "【】"),
        ("form.widgets.aliyun_codes", "citizen_accepted=SMS_1\nnot_a_template=SMS_2", "not_a_template"),
        ("form.widgets.max_attempts", "0", ""),
    ],
)
def test_bad_input_is_refused_with_a_message(admin, portal_url, field, value, message):
    response = save(admin, f"{portal_url}/{PANEL}", **{field: value, "form.widgets.quiet_end": "07:30"})
    assert response.status_code == 200
    errors = re.findall(r'class="invalid-feedback">(.*?)</', response.text, re.DOTALL)
    assert len(errors) == 1
    assert message in errors[0]
    transaction.begin()
    assert api.portal.get_registry_record("sanji.sms.quiet_end") == "08:00"  # nothing of the form was saved
    assert "id_number" not in api.portal.get_registry_record("sanji.sms.template_citizen_completed")


def test_good_input_is_saved(admin, portal_url):
    save(
        admin,
        f"{portal_url}/{PANEL}",
        **{"form.widgets.quiet_start": "22:30", "form.widgets.template_citizen_completed": "${item}办结了"},
    )
    transaction.begin()
    assert api.portal.get_registry_record("sanji.sms.quiet_start") == "22:30"
    assert api.portal.get_registry_record("sanji.sms.template_citizen_completed") == "${item}办结了"


@pytest.mark.parametrize("userid", [None, "agent-houfeng", "supervisor"])
@pytest.mark.parametrize("view", [PANEL, OUTBOX])
def test_not_for_others(portal_url, functional_portal, userid, view):
    auth = (userid, demo_password()) if userid else None
    response = requests.get(f"{portal_url}/{view}", auth=auth, timeout=30, allow_redirects=False)
    assert response.status_code in {302, 401, 403}
    assert "sanji-sms" not in response.text


def queue_one(phone="13900001111"):
    params = {"receipt": "2026113000000001", "item": "高龄津贴", "deadline": "12月5日", "step": "乡镇审核中"}
    with api.env.adopt_roles(["Manager"]):
        notify("k", phone, "handler_step", params)
    commit_and_send()


def test_outbox_lists_messages_masked(admin, portal_url, functional_portal):
    queue_one()
    page = admin.get(f"{portal_url}/{OUTBOX}", timeout=30)
    assert page.status_code == 200
    assert "139****1111" in page.text and "13900001111" not in page.text
    assert "2026113000000001" in page.text
    assert "sanji-sms-sent" in page.text
    assert 'name="requeue"' not in page.text


def test_a_failed_message_is_sent_again_from_the_outbox(admin, portal_url, functional_portal, via_aliyun):
    via_aliyun.mode = "permanent"
    queue_one()
    page = admin.get(f"{portal_url}/{OUTBOX}", timeout=30)
    assert "sanji-sms-failed" in page.text and "isv.MOBILE_NUMBER_ILLEGAL" in page.text
    transaction.begin()
    message_id = get_queue(functional_portal).messages["k"].id
    refused = admin.post(f"{portal_url}/{OUTBOX}", data={"requeue": message_id}, timeout=30)
    assert refused.status_code == 403  # without the form's CSRF token
    via_aliyun.mode = "ok"
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    done = admin.post(f"{portal_url}/{OUTBOX}", data={"requeue": message_id, "_authenticator": token}, timeout=30)
    assert done.status_code == 200
    assert "sanji-sms-failed" not in done.text  # queued again, or already sent by the sender thread
    wait_for_sender()
    assert "sanji-sms-sent" in admin.get(f"{portal_url}/{OUTBOX}", timeout=30).text
    message = get_queue(functional_portal).messages["k"]
    assert (message.status, message.attempts) == ("sent", 1)
    assert [request["params"]["PhoneNumbers"] for request in via_aliyun.received] == ["13900001111"] * 2


def test_site_administrators_read_the_outbox(portal_url, functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="siteadmin@example.invalid", username="siteadmin", password="a-long-password-1")
        api.user.grant_roles(username="siteadmin", roles=["Site Administrator"])
    commit_and_send()
    response = requests.get(f"{portal_url}/{OUTBOX}", auth=("siteadmin", "a-long-password-1"), timeout=30)
    assert response.status_code == 200
    assert "sanji-sms-outbox" in response.text


def test_no_callback_notice_once_the_secret_is_set(admin, portal_url, monkeypatch):
    monkeypatch.setenv("SANJI_SMS_CALLBACK_SECRET", "s")
    assert 'id="sanji-sms-no-callbacks"' not in admin.get(f"{portal_url}/{PANEL}", timeout=30).text
