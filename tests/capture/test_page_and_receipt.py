"""Reading a captured page and printing the acceptance receipt (受理回执)."""

import subprocess
from datetime import UTC
from datetime import datetime
from urllib.parse import quote

import pytest
from plone import api
from zExceptions import NotFound

from sanji.capture.pages import add_page
from sanji.capture.pages import list_pages
from tests.cases import complete_materials
from tests.cases import png_bytes
from tests.cases import step

HOUSEHOLD = "居民户口簿"


def call(case, name: str, web_request, user: str = "agent-houfeng", **form):
    web_request.method = "GET"
    web_request.form.clear()
    web_request.form.update(form)
    with api.env.adopt_user(username=user):
        return case.restrictedTraverse(f"@@{name}")()


def test_page_is_served_inline_and_never_cached(case, web_request):
    data = png_bytes()
    add_page(case, HOUSEHOLD, data, "image/png", f"{HOUSEHOLD}-1.png", "agent-houfeng")
    (page,) = list_pages(case)
    body = call(case, "page", web_request, id=page.id)
    response = web_request.response
    assert body == data
    assert response.getHeader("Content-Type").startswith("image/png")
    disposition = response.getHeader("Content-Disposition")
    assert disposition.startswith("inline;")
    assert f"filename*=UTF-8''{quote(f'{HOUSEHOLD}-1.png')}" in disposition
    assert 'filename="page-1.png"' in disposition
    assert response.getHeader("X-Content-Type-Options") == "nosniff"
    assert "no-store" in response.getHeader("Cache-Control")
    assert "private" in response.getHeader("Cache-Control")


def test_page_name_follows_its_current_number(case, web_request):
    for _ in range(2):
        add_page(case, HOUSEHOLD, png_bytes(), "image/png", "x.png", "agent-houfeng")
    second = list_pages(case)[1]
    case._sanji_pages.pop(0)
    call(case, "page", web_request, id=second.id)
    assert quote(f"{HOUSEHOLD}-1.png") in web_request.response.getHeader("Content-Disposition")


@pytest.mark.parametrize("page_id", ["nosuchpage", ""])
def test_unknown_page_is_404(case, web_request, page_id):
    with pytest.raises(NotFound):
        call(case, "page", web_request, id=page_id)


def test_township_reviewer_reads_pages_once_the_case_reaches_them(case, web_request):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    page = list_pages(case)[0]
    assert call(case, "page", web_request, "reviewer-liangcun", id=page.id) == png_bytes()


def test_receipt_is_404_before_acceptance(case, web_request):
    with pytest.raises(NotFound):
        call(case, "receipt.pdf", web_request)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout.decode()


def test_receipt_after_acceptance(case, web_request, tmp_path):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    data = call(case, "receipt.pdf", web_request)
    response = web_request.response
    assert data.startswith(b"%PDF-")
    assert response.getHeader("Content-Type") == "application/pdf"
    disposition = response.getHeader("Content-Disposition")
    assert disposition.startswith("attachment;")
    assert quote(f"受理回执-{case.receipt_number}.pdf") in disposition
    assert "no-store" in response.getHeader("Cache-Control")
    text = pdf_text(data, tmp_path)
    number = case.receipt_number
    assert " ".join(number[i : i + 4] for i in range(0, len(number), 4)) in text
    assert "董*山" in text
    assert "董金山" not in text
    assert "后丰村便民服务室" in text
    assert "琚凤双" in text
    assert f"@@track?receipt={number}" in text
    assert "1页" in text  # complete_materials captured one page of each material


def test_receipt_prints_the_county_time(case, web_request, tmp_path):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    api.portal.set_registry_record("plone.portal_timezone", "Asia/Shanghai")
    case.accepted_at = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)  # 07:30 the next morning in Suning
    data = call(case, "receipt.pdf", web_request)
    assert "2026年11月28日 07:30" in pdf_text(data, tmp_path)
    assert b"/CreationDate (D:20261128073000+08'00')" in data  # the file says when, and in which zone


def test_receipt_for_the_township_too(case, web_request):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert call(case, "receipt.pdf", web_request, "reviewer-liangcun").startswith(b"%PDF-")


def test_receipt_masks_a_one_character_name(case, web_request, tmp_path):
    from sanji.api.personal_data import get_personal_data
    from sanji.api.personal_data import set_personal_data

    set_personal_data(case, {**get_personal_data(case), "applicant_name": "董"})
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    text = pdf_text(call(case, "receipt.pdf", web_request), tmp_path)
    assert "董" not in text.split("申请人")[1].splitlines()[0]
