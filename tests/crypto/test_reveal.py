"""Revealing personal data: only who handles the case, only by a CSRF-checked POST, always audited."""

import json

import pytest
from plone import api
from plone.protect.authenticator import createToken
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zExceptions import Unauthorized
from zope.interface import alsoProvides

from sanji.audit.chain import count
from sanji.audit.chain import recent
from sanji.interfaces import ISanjiLayer
from tests.cases import APPLICANT
from tests.cases import VALID_ID
from tests.cases import complete_materials
from tests.cases import step


def test_the_village_agent_may_reveal_and_it_is_audited(case, reveal):
    before = count()
    answer = json.loads(reveal(case, "id_number", "agent-houfeng"))
    assert answer == {"field": "id_number", "value": VALID_ID}
    assert case.REQUEST.response.getHeader("Cache-Control").startswith("private, no-store")
    assert count() == before + 1
    (entry,) = list(recent(0, 1))
    assert entry["action"] == "reveal"
    assert entry["actor"] == "agent-houfeng"
    assert entry["object"]["uid"] == case.UID()
    assert entry["object"]["receipt"] == case.receipt_number
    assert entry["details"] == {"field": "id_number"}
    assert VALID_ID not in json.dumps(entry, ensure_ascii=False)


def test_every_reveal_is_audited(case, reveal):
    before = count()
    for field in ("applicant_name", "phone", "phone"):
        reveal(case, field)
    assert count() == before + 3
    assert [entry["details"]["field"] for entry in recent(0, 3)] == ["phone", "phone", "applicant_name"]


@pytest.mark.parametrize("user", ["agent-qianfeng", "manager", "supervisor", "reviewer-liangcun", None])
def test_others_may_not_reveal(case, reveal, user):
    before = count()
    with pytest.raises(Unauthorized):
        reveal(case, "phone", user)
    assert count() == before


def test_higher_tiers_may_reveal_once_the_case_reached_them(case, reveal):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    with pytest.raises(Unauthorized):
        reveal(case, "phone", "reviewer-liangcun")
    step(case, "to_township", "agent-houfeng")
    assert json.loads(reveal(case, "phone", "reviewer-liangcun"))["value"] == APPLICANT["phone"]
    with pytest.raises(Unauthorized):
        reveal(case, "phone", "reviewer-wobei")


def test_reveal_needs_post_and_the_csrf_token(case, reveal):
    with pytest.raises(MethodNotAllowed):
        reveal(case, "phone", method="GET")
    with pytest.raises(Forbidden):
        reveal(case, "phone", token=False)


def test_unknown_field_is_not_found_and_not_audited(case, reveal):
    before = count()
    answer = json.loads(reveal(case, "bank_password"))
    assert case.REQUEST.response.getStatus() == 404
    assert answer["error"]["type"] == "NotFound"
    assert count() == before


def test_html_fragment_without_javascript(case, reveal):
    request = case.REQUEST
    reveal(case, "address")  # sets up the POST; now the same as a plain form post
    request.environ["HTTP_ACCEPT"] = "text/html"
    with api.env.adopt_user(username="agent-houfeng"):
        request.form["_authenticator"] = createToken()
        html = case.restrictedTraverse("@@reveal")()
    assert html == '<span class="sanji-revealed" data-field="address">梁村镇后丰村3号</span>'


def render(case, user: str) -> str:
    alsoProvides(case.REQUEST, ISanjiLayer)
    with api.env.adopt_user(username=user):
        return api.content.get_view("view", case, case.REQUEST)()


def test_case_page_offers_a_reveal_button_per_personal_field(case):
    html = render(case, "agent-houfeng")
    assert html.count('class="d-inline sanji-reveal"') >= 4
    assert 'value="id_number"' in html
    assert "@@reveal" in html
    assert "reveal.js" in html
    assert VALID_ID not in html
    assert APPLICANT["phone"] not in html


def test_no_reveal_button_for_who_may_not_reveal(case):
    html = render(case, "supervisor")
    assert "sanji-reveal" not in html
    assert "董*山" in html
