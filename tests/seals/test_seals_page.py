"""@@seals: seal administrators issue, renew, revoke and unlock; nobody else may."""

import re

import pytest
import transaction
from plone import api
from plone.protect.authenticator import createToken
from zExceptions import Unauthorized

from sanji.seals import opening
from sanji.seals import store
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def post(portal, request, user: str | None, roles=None, **form):
    request.method = "POST"
    request.form.clear()
    request.form.update(form)
    try:
        if roles:
            with api.env.adopt_roles(roles):
                request.form["_authenticator"] = createToken()
                return portal.restrictedTraverse("@@seals")()
        with api.env.adopt_user(username=user):
            request.form["_authenticator"] = createToken()
            return portal.restrictedTraverse("@@seals")()
    finally:
        request.method = "GET"


@pytest.mark.parametrize("user", ["agent-houfeng", "reviewer-liangcun", "approver-minzheng", "supervisor"])
def test_staff_cannot_manage_seals(portal, web_request, user):
    with pytest.raises(Unauthorized), api.env.adopt_user(username=user):
        portal.restrictedTraverse("@@seals")
    assert not api.user.has_permission("sanji: Manage seals", username=user, obj=portal)


@pytest.mark.parametrize("role", ["Manager", "Site Administrator"])
def test_seal_administrators_see_every_signer(portal, web_request, role):
    with api.env.adopt_roles([role]):
        html = portal.restrictedTraverse("@@seals")()
    assert 'data-userid="agent-houfeng"' in html
    assert 'data-userid="approver-minzheng"' in html
    assert "sanji-authority-name" in html


def test_issue_shows_a_one_time_pin_that_opens_the_new_seal(portal, web_request):
    old = store.current_seal("agent-qianfeng")
    html = post(portal, web_request, None, roles=["Site Administrator"], action="issue", userid="agent-qianfeng")
    assert "sanji-one-time-pin" in html
    new = store.current_seal("agent-qianfeng")
    assert new.serial != old.serial
    assert old.status() == "superseded"  # kept to verify what it sealed
    pin = re.search(r'class="sanji-pin"\s*>(\d+)<', html).group(1)
    assert len(pin) == 6
    assert opening.unlock_seal("agent-qianfeng", pin).record.serial == new.serial


def test_revoke_with_a_reason_updates_the_crl_and_stops_the_holder(portal, web_request):
    from cryptography import x509

    record = store.current_seal("agent-houfeng")
    html = post(
        portal,
        web_request,
        None,
        roles=["Manager"],
        action="revoke",
        serial=record.serial,
        code="key_compromise",
        reason="PIN 写在便签上",
    )
    assert "sanji-seals-message" in html
    assert record.revocation_reason == "PIN 写在便签上"
    crl = x509.load_der_x509_crl(store.current_crl())
    assert crl.get_revoked_certificate_by_serial_number(record.certificate.serial_number) is not None
    case = new_case(portal)
    complete_materials(case)
    from Products.CMFCore.WorkflowCore import WorkflowException

    with pytest.raises(WorkflowException):
        step(case, "accept", "agent-houfeng")


def test_agent_cannot_issue_over_http(session_as, portal_url):
    response = session_as("agent-houfeng").post(
        f"{portal_url}/@@seals",
        data={"action": "issue", "userid": "agent-houfeng"},
        headers={"Accept": "text/html"},
        allow_redirects=False,
    )
    assert response.status_code in (302, 401, 403)
    if response.status_code == 302:  # to the login form or "insufficient privileges", never done
        assert "insufficient-privileges" in response.headers["Location"] or "login" in response.headers["Location"]
    transaction.begin()
    assert len(store.seals_of("agent-houfeng")) == 1


def test_anonymous_gets_no_seal_pages(session_as, portal_url):
    session = session_as()
    for page in ("@@seals", "@@seal-pin"):
        response = session.get(f"{portal_url}/{page}", headers={"Accept": "text/html"}, allow_redirects=False)
        assert response.status_code in (302, 401, 403), page


def test_holder_sees_their_own_seal(portal, web_request):
    with api.env.adopt_user(username="approver-minzheng"):
        html = portal.restrictedTraverse("@@seal-pin")()
    assert "肃宁县民政局" in html
    assert store.current_seal("approver-minzheng").serial in html
