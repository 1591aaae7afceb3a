"""The web form of a step asks for the seal PIN; the case page shows the stamps of its seals."""

import re

from plone import api
from plone.protect.authenticator import createToken

from sanji.seals.chain import chain
from tests.cases import complete_materials
from tests.cases import new_case


def confirm(case, request, user: str, name: str, **form) -> str:
    """POST the transition form as ``user`` (CSRF token included); return the page, if one is shown."""
    request.method = "POST"
    request.form.clear()
    with api.env.adopt_user(username=user):
        request.form.update({"name": name, "form.buttons.confirm": "1", "_authenticator": createToken(), **form})
        try:
            return api.content.get_view("transition", case, request)() or ""
        finally:
            request.method = "GET"


def test_transition_form_has_a_password_field_for_the_pin(portal, web_request):
    case = new_case(portal)
    complete_materials(case)
    web_request.form["name"] = "accept"
    with api.env.adopt_user(username="agent-houfeng"):
        html = api.content.get_view("transition", case, web_request)()
    field = re.search(r"<input[^>]*name=\"seal_pin\"[^>]*>", html).group(0)
    assert 'type="password"' in field
    assert "签章密码" in html


def test_form_without_the_pin_shows_the_refusal_and_keeps_the_case(portal, web_request):
    case = new_case(portal)
    complete_materials(case)
    html = confirm(case, web_request, "agent-houfeng", "accept", seal_pin="")
    assert "sanji-transition-error" in html
    assert "请输入签章密码" in html
    assert api.content.get_state(case) == "draft"
    assert chain(case) == []


def test_form_with_the_pin_seals_the_step_and_forgets_the_pin(portal, web_request):
    case = new_case(portal)
    complete_materials(case)
    confirm(case, web_request, "agent-houfeng", "accept", seal_pin="123456")
    assert api.content.get_state(case) == "accepted"
    assert len(chain(case)) == 1
    assert web_request.form["seal_pin"] == ""
    assert web_request.response.getStatus() == 302


def test_case_page_shows_the_stamps_and_the_decision(approved_case, web_request):
    with api.env.adopt_user(username="approver-minzheng"):
        html = approved_case.restrictedTraverse("@@view")()
    assert "sanji-case-seals" in html
    assert "sanji-chain-intact" in html
    assert html.count("@@seal-stamp?serial=") == 4
    assert f"{approved_case.absolute_url()}/@@decision.pdf" in html


def test_case_page_says_when_the_chain_is_broken(approved_case, web_request):
    approved_case.checklist = {}
    with api.env.adopt_user(username="approver-minzheng"):
        html = approved_case.restrictedTraverse("@@view")()
    assert "sanji-chain-broken" in html


def test_stamp_of_a_seal_is_public(approved_case, web_request, portal):
    from plone.app.testing import logout

    serial = chain(approved_case)[0]["serial"]
    logout()
    web_request.form["serial"] = serial
    png = portal.restrictedTraverse("@@seal-stamp")()
    assert png.startswith(b"\x89PNG")
    assert web_request.response.getHeader("Content-Type") == "image/png"
