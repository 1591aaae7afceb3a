"""Uploading pages on the capture page: checked by content, named after their material, refused clearly."""

import io
import json

import pytest
from AccessControl import Unauthorized
from PIL import Image
from plone.app.testing import logout
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed

from sanji.capture.pages import list_pages
from sanji.capture.pages import read_page
from tests.capture.conftest import file_upload
from tests.cases import complete_materials
from tests.cases import png_bytes
from tests.cases import step

ID_CARD = "申请人居民身份证"
HOUSEHOLD = "居民户口簿"


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    "sample",
    [
        (jpeg_bytes(), "image/jpeg", f"{HOUSEHOLD}-1.jpg"),
        (png_bytes(), "image/png", f"{HOUSEHOLD}-1.png"),
        (pdf_bytes(), "application/pdf", f"{HOUSEHOLD}-1.pdf"),
    ],
    ids=["jpeg", "png", "pdf"],
)
def test_good_file_becomes_a_page_of_its_material(case, post, web_request, sample):
    data, content_type, filename = sample
    answer = json.loads(post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(data, "scan.bin")))
    assert web_request.response.getStatus() == 200
    assert answer["number"] == 1
    assert answer["url"] == f"{case.absolute_url()}/@@page?id={answer['id']}"
    assert [page["id"] for page in answer["pages"]] == [answer["id"]]
    assert HOUSEHOLD in answer["missing"]  # the original is not ticked yet
    (page,) = list_pages(case, HOUSEHOLD)
    assert (page.id, page.content_type, page.filename) == (answer["id"], content_type, filename)
    assert read_page(case, page.id)[1] == data


def test_pages_are_numbered_within_their_material(case, post):
    post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
    post(case, "capture-upload", material=ID_CARD, file=file_upload(png_bytes(), "b.png"))
    answer = json.loads(post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(jpeg_bytes(), "c.jpg")))
    assert answer["number"] == 2
    assert answer["filename"] == f"{HOUSEHOLD}-2.jpg"
    assert [page.number for page in list_pages(case, HOUSEHOLD)] == [1, 2]


def test_page_records_who_captured_it(case, post):
    post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
    assert case._sanji_pages[0].actor == "agent-houfeng"


def test_text_named_jpg_is_refused(case, post, web_request):
    answer = json.loads(post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(b"just text", "id.jpg")))
    assert web_request.response.getStatus() == 400
    assert "JPEG" in answer["error"]
    assert list_pages(case) == []


def test_too_large_file_is_refused(case, post, web_request):
    big = jpeg_bytes() + b"\0" * (10 * 1024 * 1024)
    answer = json.loads(post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(big, "big.jpg")))
    assert web_request.response.getStatus() == 400
    assert "10 MB" in answer["error"]
    assert list_pages(case) == []


def test_missing_file_is_refused(case, post, web_request):
    answer = json.loads(post(case, "capture-upload", material=HOUSEHOLD))
    assert web_request.response.getStatus() == 400
    assert answer["error"]


def test_unknown_material_is_refused(case, post, web_request):
    answer = json.loads(post(case, "capture-upload", material="结婚证", file=file_upload(png_bytes(), "a.png")))
    assert web_request.response.getStatus() == 400
    assert answer["error"]
    assert list_pages(case) == []


def test_plain_form_post_returns_to_the_capture_page(case, post, web_request):
    from Products.statusmessages.interfaces import IStatusMessage

    post(case, "capture-upload", json=False, material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
    assert web_request.response.getStatus() == 302
    assert web_request.response.getHeader("Location") == f"{case.absolute_url()}/@@capture#sanji-material-2"
    (message,) = IStatusMessage(web_request).show()
    assert message.type == "info"
    assert len(list_pages(case)) == 1


def test_plain_form_refusal_is_a_status_message(case, post, web_request):
    from Products.statusmessages.interfaces import IStatusMessage

    post(case, "capture-upload", json=False, material=HOUSEHOLD, file=file_upload(b"text", "a.png"))
    assert web_request.response.getStatus() == 302
    (message,) = IStatusMessage(web_request).show()
    assert message.type == "error"


def test_upload_needs_the_csrf_token(case, post):
    with pytest.raises(Forbidden):
        post(case, "capture-upload", token=False, material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
    assert list_pages(case) == []


def test_upload_needs_post(case, post, web_request):
    web_request.method = "GET"
    from plone import api

    with api.env.adopt_user(username="agent-houfeng"), pytest.raises(MethodNotAllowed):
        case.restrictedTraverse("@@capture-upload")()


@pytest.mark.parametrize("view", ["capture", "capture-upload", "capture-delete", "capture-checklist", "page"])
def test_anonymous_is_refused(case, web_request, view):
    logout()
    with pytest.raises(Unauthorized):
        case.restrictedTraverse(f"@@{view}")


@pytest.mark.parametrize("view", ["capture", "capture-upload", "capture-delete", "capture-checklist", "page"])
def test_agent_of_another_village_is_refused(case, web_request, view):
    from plone import api

    with api.env.adopt_user(username="agent-qianfeng"), pytest.raises(Unauthorized):
        case.restrictedTraverse(f"@@{view}")


def test_agent_of_another_village_cannot_post(case, post):
    with pytest.raises(Unauthorized):
        post(case, "capture-upload", "agent-qianfeng", material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
    assert list_pages(case) == []


def test_no_capture_after_acceptance(case, post):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    with pytest.raises(Unauthorized):
        post(case, "capture-upload", material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))


def test_township_reviewer_cannot_capture(case, post):
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    with pytest.raises(Unauthorized):
        post(case, "capture-upload", "reviewer-liangcun", material=HOUSEHOLD, file=file_upload(png_bytes(), "a.png"))
