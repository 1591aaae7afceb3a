"""Over real HTTP, as the page's script and a plain form post send it: multipart, CSRF token, JSON."""

import re

import pytest
import requests
import transaction
from zope.i18n import translate

from sanji.capture.pages import list_pages
from sanji.validation.uploads import UploadWrongType
from tests.cases import new_case
from tests.cases import png_bytes

HOUSEHOLD = "居民户口簿"
JSON = {"Accept": "application/json"}


@pytest.fixture
def case(functional_portal):
    case = new_case(functional_portal)
    transaction.commit()
    return case


def csrf_token(session, case) -> str:
    response = session.get(f"{case.absolute_url()}/@@capture", timeout=30)
    assert response.status_code == 200
    return re.search(r'name="_authenticator" value="([0-9a-f]+)"', response.text).group(1)


def upload(session, case, token: str | None, data: bytes, headers=JSON, **kwargs):
    form = {"material": HOUSEHOLD} | ({"_authenticator": token} if token else {})
    return session.post(
        f"{case.absolute_url()}/@@capture-upload",
        data=form,
        files={"file": ("scan.png", data, "image/png")},
        headers=headers,
        timeout=30,
        **kwargs,
    )


def stored_pages(case) -> list:
    transaction.begin()
    return list_pages(case)


def test_upload_and_read_the_page(case, agent):
    response = upload(agent, case, csrf_token(agent, case), png_bytes())
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    answer = response.json()
    assert answer["number"] == 1
    assert [page.id for page in stored_pages(case)] == [answer["id"]]

    page = agent.get(answer["url"], timeout=30)
    assert page.status_code == 200
    assert page.content == png_bytes()
    assert page.headers["Content-Type"].startswith("image/png")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in page.headers["Cache-Control"]
    assert page.headers["Content-Disposition"].startswith("inline;")


def test_upload_without_csrf_token_is_forbidden(case, agent):
    csrf_token(agent, case)
    response = upload(agent, case, None, png_bytes())
    assert response.status_code == 403
    assert stored_pages(case) == []


def test_anonymous_upload_is_refused(case):
    response = upload(requests, case, None, png_bytes(), allow_redirects=False)
    assert response.status_code in (302, 401, 403)
    assert stored_pages(case) == []


def test_refusal_is_json_in_the_users_language(case, agent):
    token = csrf_token(agent, case)
    message = UploadWrongType("scan.png").doc()
    chinese = upload(agent, case, token, b"not an image")
    assert chinese.status_code == 400
    assert chinese.json()["error"] == translate(message, target_language="zh_CN")
    agent.cookies.set("I18N_LANGUAGE", "en")
    english = upload(agent, case, token, b"not an image")
    assert english.status_code == 400
    assert english.json()["error"].startswith("Only JPEG or PNG images and PDF files are accepted")


def test_plain_form_post_comes_back_to_the_capture_page(case, agent):
    token = csrf_token(agent, case)
    response = upload(agent, case, token, png_bytes(), headers={"Accept": "text/html"}, allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/@@capture#sanji-material-2")
    page = agent.get(response.headers["Location"], timeout=30)
    assert 'class="sanji-page"' in page.text
    assert "portalMessage" in page.text or "statusmessage" in page.text.lower()
