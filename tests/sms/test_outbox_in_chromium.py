"""An administrator reads the outbox in Chromium and sends a failed message again with one click."""

import pytest
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from sanji.sms.api import notify
from tests.sms.conftest import commit_and_send
from tests.sms.conftest import wait_for_sender

pytestmark = pytest.mark.browser


def test_send_a_failed_message_again(page, functional_portal, via_aliyun):
    via_aliyun.mode = "permanent"
    params = {"receipt": "2026113000000001", "item": "高龄津贴申领", "deadline": "2026年12月5日", "step": "乡镇审核中"}
    with api.env.adopt_roles(["Manager"]):
        notify("k", "13900001111", "handler_step", params)
    commit_and_send()
    via_aliyun.mode = "ok"

    url = functional_portal.absolute_url().replace("127.0.0.1", "localhost")
    page.goto(f"{url}/login")
    page.fill("input[name='__ac_name']", SITE_OWNER_NAME)
    page.fill("input[name='__ac_password']", SITE_OWNER_PASSWORD)
    with page.expect_navigation():
        page.click("#buttons-login")
    page.goto(f"{url}/@@sms-outbox")
    row = page.locator("tr.sanji-sms-failed")
    assert "139****1111" in row.inner_text()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in row.inner_text()
    assert "13900001111" not in page.content()

    with page.expect_navigation():
        row.get_by_role("button", name="重新发送").click()
    assert "短信已重新排队发送" in page.content()
    wait_for_sender()
    page.reload()
    assert page.locator("tr.sanji-sms-sent .sanji-sms-status").inner_text() == "已发送"
    assert len(via_aliyun.accepted) == 2
