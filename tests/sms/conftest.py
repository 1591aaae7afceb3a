"""The SMS tests: stand-in providers, credentials in the environment, the gateway chosen in the registry."""

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from sanji.sms.sender import SENDER
from tests.services.fixtures import *  # noqa: F403
from tests.sms import standin


@pytest.fixture
def credentials(monkeypatch):
    """Both providers' test credentials and a short timeout, as the Helm chart's Secret would pass them."""
    monkeypatch.setenv("SANJI_SMS_ACCESS_KEY_ID", standin.ALIYUN_KEY_ID)
    monkeypatch.setenv("SANJI_SMS_ACCESS_KEY_SECRET", standin.ALIYUN_SECRET)
    monkeypatch.setenv("SANJI_SMS_SECRET_ID", standin.TENCENT_SECRET_ID)
    monkeypatch.setenv("SANJI_SMS_SECRET_KEY", standin.TENCENT_SECRET_KEY)
    monkeypatch.setenv("SANJI_SMS_SDK_APP_ID", standin.TENCENT_APP_ID)
    monkeypatch.setenv("SANJI_SMS_TIMEOUT", "0.5")


@pytest.fixture
def aliyun(monkeypatch, credentials):
    with standin.AliyunStandIn() as server:
        monkeypatch.setenv("SANJI_SMS_ALIYUN_ENDPOINT", server.url)
        yield server


@pytest.fixture
def tencent(monkeypatch, credentials):
    with standin.TencentStandIn() as server:
        monkeypatch.setenv("SANJI_SMS_TENCENT_ENDPOINT", server.url)
        yield server


ALIYUN_CODES = [
    f"{template}=SMS_10000{n}"
    for n, template in enumerate(
        (
            "handler_step",
            "citizen_accepted",
            "citizen_returned",
            "citizen_completed",
            "card_yellow",
            "card_red",
            "card_red_escalation",
            "query_status",
            "query_unknown",
        )
    )
]


def use_gateway(name: str) -> None:
    """Choose gateway ``name`` with a template code for every template (as the control panel would)."""
    api.portal.set_registry_record("sanji.sms.gateway", name)
    api.portal.set_registry_record("sanji.sms.aliyun_codes", ALIYUN_CODES)
    api.portal.set_registry_record("sanji.sms.tencent_codes", [line.replace("SMS_", "") for line in ALIYUN_CODES])


@pytest.fixture
def via_aliyun(functional_portal, aliyun):
    """The functional site sends through the Alibaba Cloud stand-in (committed)."""
    use_gateway("aliyun")
    transaction.commit()
    return aliyun


@pytest.fixture
def admin():
    """An HTTP session as the Zope administrator (basic auth)."""
    session = requests.Session()
    session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    yield session
    session.close()


def wait_for_sender() -> None:
    """Wait until the sender thread has sent what earlier commits queued, and see its result."""
    assert SENDER.flush(timeout=60), "the SMS sender thread did not finish"
    transaction.begin()


def commit_and_send() -> None:
    """Commit, then wait until the sender thread has sent what the commit queued."""
    transaction.commit()
    wait_for_sender()
