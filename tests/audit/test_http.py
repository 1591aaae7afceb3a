"""Over real HTTP: a page download (a GET) and a reveal (a POST) each leave an audit entry."""

import re

import pytest
import requests
import transaction

from sanji import audit
from sanji.capture.pages import add_page
from tests.cases import APPLICANT
from tests.cases import new_case
from tests.cases import png_bytes


@pytest.fixture
def case(functional_portal):
    case = new_case(functional_portal)
    add_page(case, "居民户口簿", png_bytes(), "image/png", "scan.png", "agent-houfeng")
    transaction.commit()
    return case


def last_entry() -> dict:
    transaction.begin()
    return next(iter(audit.recent(0, 1)))


def test_download_is_audited_even_though_it_is_a_get(case, agent):
    page_id = case._sanji_pages[0].id
    response = agent.get(f"{case.absolute_url()}/@@page?id={page_id}", timeout=30)
    assert response.status_code == 200
    assert response.content == png_bytes()
    entry = last_entry()
    assert entry["action"] == "download"
    assert entry["actor"] == "agent-houfeng"
    assert entry["details"]["page"] == page_id
    assert entry["object"]["receipt"] == case.receipt_number
    assert audit.verify() == (True, None)


def test_reveal_from_the_case_page(case, agent):
    page = agent.get(case.absolute_url(), timeout=30)
    assert page.status_code == 200
    assert APPLICANT["phone"] not in page.text
    token = re.search(r'name="_authenticator"\s+type="hidden"\s+value="([0-9a-f]+)"', page.text)
    token = token or re.search(r'value="([0-9a-f]+)"\s+name="_authenticator"', page.text)
    form = {"field": "phone", "_authenticator": token.group(1)}
    response = agent.post(
        f"{case.absolute_url()}/@@reveal", data=form, headers={"Accept": "application/json"}, timeout=30
    )
    assert response.status_code == 200
    assert response.json() == {"field": "phone", "value": APPLICANT["phone"]}
    assert "no-store" in response.headers["Cache-Control"]
    entry = last_entry()
    assert (entry["action"], entry["actor"], entry["details"]) == ("reveal", "agent-houfeng", {"field": "phone"})


def test_reveal_without_token_is_refused_and_not_audited(case, agent):
    before = last_entry()["seq"]
    response = agent.post(f"{case.absolute_url()}/@@reveal", data={"field": "phone"}, timeout=30)
    assert response.status_code == 403
    assert last_entry()["seq"] == before


def test_anonymous_may_neither_reveal_nor_download(case):
    page_id = case._sanji_pages[0].id
    response = requests.get(f"{case.absolute_url()}/@@page?id={page_id}", timeout=30, allow_redirects=False)
    assert response.status_code in (302, 401, 403)
    response = requests.post(
        f"{case.absolute_url()}/@@reveal", data={"field": "phone"}, timeout=30, allow_redirects=False
    )
    assert response.status_code in (302, 401, 403)
    assert APPLICANT["phone"] not in response.text
