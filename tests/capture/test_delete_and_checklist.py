"""Deleting pages and ticking the originals seen, and what the capture page then shows."""

import json

from plone import api

from sanji.capture.pages import list_pages
from sanji.workflow.checks import missing_materials
from tests.capture.conftest import file_upload
from tests.cases import png_bytes

HOUSEHOLD = "居民户口簿"
PHOTO = "近期一寸免冠彩色照片"  # original only
BANK_CARD = "本人社会保障卡或银行卡（账户）"  # copy only


def upload(post, case, material=HOUSEHOLD) -> dict:
    return json.loads(post(case, "capture-upload", material=material, file=file_upload(png_bytes(), "a.png")))


def test_delete_renumbers_the_rest(case, post, web_request):
    first, second = upload(post, case), upload(post, case)
    answer = json.loads(post(case, "capture-delete", id=first["id"]))
    assert web_request.response.getStatus() == 200
    assert answer["deleted"] == first["id"]
    assert answer["material"] == HOUSEHOLD
    assert [(page["id"], page["number"]) for page in answer["pages"]] == [(second["id"], 1)]
    assert [page.id for page in list_pages(case)] == [second["id"]]


def test_delete_unknown_page_is_404(case, post, web_request):
    answer = json.loads(post(case, "capture-delete", id="nosuchpage"))
    assert web_request.response.getStatus() == 404
    assert answer["error"]


def test_checklist_records_exactly_the_ticked_originals(case, post, web_request):
    answer = json.loads(post(case, "capture-checklist", seen=[HOUSEHOLD, PHOTO]))
    assert web_request.response.getStatus() == 200
    assert answer["checklist"][HOUSEHOLD] is True
    assert answer["checklist"][PHOTO] is True
    assert answer["checklist"]["申请人居民身份证"] is False
    assert BANK_CARD not in answer["checklist"]  # a copy has no original to see
    assert PHOTO not in answer["missing"]
    assert case.checklist == answer["checklist"]
    post(case, "capture-checklist", seen=PHOTO)  # one box ticked: a plain string
    assert case.checklist[HOUSEHOLD] is False
    assert case.checklist[PHOTO] is True


def test_checklist_assigns_a_new_dict(case, post):
    before = case.checklist
    post(case, "capture-checklist", seen=[PHOTO])
    assert case.checklist is not before
    assert case._p_changed or case._p_jar is None or case._p_changed is None


def test_checklist_refuses_copies_and_unknown_names(case, post, web_request):
    post(case, "capture-checklist", seen=[HOUSEHOLD])
    for name in (BANK_CARD, "结婚证"):
        answer = json.loads(post(case, "capture-checklist", seen=[name]))
        assert web_request.response.getStatus() == 400
        assert answer["error"]
    assert case.checklist == {
        "申请人居民身份证": False,
        HOUSEHOLD: True,
        PHOTO: False,
        "代办人居民身份证及委托书": False,
    }


def test_plain_checklist_form_post(case, post, web_request):
    post(case, "capture-checklist", json=False, seen=[PHOTO])
    assert web_request.response.getStatus() == 302
    assert web_request.response.getHeader("Location") == f"{case.absolute_url()}/@@capture"
    assert case.checklist[PHOTO] is True


def capture_page(case, web_request) -> str:
    web_request.method = "GET"
    with api.env.adopt_user(username="agent-houfeng"):
        return case.restrictedTraverse("@@capture")()


def test_capture_page_lists_materials_and_missing(case, web_request):
    html = capture_page(case, web_request)
    item = api.content.get(UID=case.item_uid)
    for material in item.materials:
        assert f'data-material="{material["name"]}"' in html
    assert html.count('name="seen:list"') == 4  # not for the copy-only bank card
    assert html.count("sanji-badge-optional") == 1  # the proxy's ID card, only when there is a proxy
    assert 'class="sanji-capture"' in html  # not complete: no sanji-complete
    assert "@@transition?name=accept" in html  # rendered, shown by CSS once complete


def test_capture_page_offers_accept_when_complete(case, post, web_request):
    item = api.content.get(UID=case.item_uid)
    names = [material["name"] for material in item.materials]
    post(case, "capture-checklist", seen=[m["name"] for m in item.materials if m["form"] != "copy"])
    for name in names:
        if name != PHOTO:
            upload(post, case, name)
    assert missing_materials(case) == []
    html = capture_page(case, web_request)
    assert 'class="sanji-capture sanji-complete"' in html
    assert "@@transition?name=accept" in html
    assert html.count('data-page-id="') == len(names) - 1


def test_last_upload_answers_nothing_missing(case, post):
    item = api.content.get(UID=case.item_uid)
    post(case, "capture-checklist", seen=[m["name"] for m in item.materials if m["form"] != "copy"])
    answers = [upload(post, case, m["name"]) for m in item.materials if m["form"] != "original"]
    assert answers[-1]["missing"] == []
