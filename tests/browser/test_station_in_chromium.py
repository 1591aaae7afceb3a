"""A case in Chromium from the village station to the county: form, camera, receipt, three tiers.

The village agent fills the online form of the elderly allowance, captures two pages with the
(fake) document camera and uploads scans for the rest, accepts the case and sends it up; the
township reviewer passes it on from her worklist; the county approver approves it.
"""

import re

import pytest
import transaction
from plone import api
from zope.i18n import translate

from sanji.content.tiers import TIER_TITLES
from sanji.setuphandlers.seals import demo_seal_pin
from tests.cases import VALID_ID
from tests.cases import new_case
from tests.cases import png_bytes

pytestmark = pytest.mark.browser

ITEM_FORM = "services/gaoling-jintie/online-form"
CAMERA_MATERIALS = ("申请人居民身份证", "居民户口簿")
SCANNED_MATERIALS = ("本人社会保障卡或银行卡（账户）", "代办人居民身份证及委托书")


def log_in(tab, portal_url: str, user: str) -> None:
    tab.goto(f"{portal_url}/login")
    tab.fill("input[name='__ac_name']", user)
    tab.fill("input[name='__ac_password']", "demo")
    with tab.expect_navigation():
        tab.click("#buttons-login")


def take_step(tab, transition: str, comment: str = "") -> None:
    """Click the step's button on the case page and confirm it on the transition form."""
    tab.click(f"a[data-transition='{transition}']")
    tab.wait_for_url(f"**/@@transition?name={transition}")
    if comment:
        tab.fill("#sanji-comment", comment)
    tab.fill("#sanji-seal-pin", demo_seal_pin())
    with tab.expect_navigation():
        tab.click("button[name='form.buttons.confirm']")


def assert_sealed(tab, steps: int) -> None:
    """Every step carries its stamp, the chain holds, and the decision is a signed PDF."""
    assert tab.locator(".sanji-case-seals .sanji-chain-intact").is_visible()
    assert tab.locator(".sanji-stamps img").count() == steps
    assert tab.locator("a.sanji-decision-link").is_visible()


def row(tab, material: str):
    return tab.locator(f".sanji-material[data-material='{material}']")


def fill_online_form(tab) -> None:
    tab.fill("input[name='form.widgets.applicant_name']", "董金山")
    tab.fill("input[name='form.widgets.id_number']", VALID_ID)
    tab.fill("input[name='form.widgets.phone']", "13800001234")
    tab.fill("input[name='form.widgets.address']", "梁村镇后丰村3号")
    tab.fill("input[name='form.widgets.birth_date']", "1940-01-01")
    tab.select_option("select[name='form.widgets.age_group:list']", index=0)
    tab.fill("input[name='form.widgets.bank_name']", "肃宁县农村信用合作联社")
    tab.fill("input[name='form.widgets.bank_account']", "6221880000001234")
    tab.select_option("select[name='form.widgets.agent_relation:list']", index=1)


def capture_materials(tab) -> None:
    """Tick every original, two camera pages, scans for the other copies."""
    tab.wait_for_selector(".sanji-capture.sanji-camera-on")
    for checkbox in tab.locator("input[name='seen:list']").all():
        with tab.expect_response("**/@@capture-checklist") as answer:
            checkbox.check()
        assert answer.value.ok
    for material in CAMERA_MATERIALS:
        with tab.expect_response("**/@@capture-upload") as answer:
            row(tab, material).locator(".sanji-snap").click()
        assert answer.value.ok
        row(tab, material).locator(".sanji-page .sanji-thumb").wait_for()
    for material in SCANNED_MATERIALS:
        with tab.expect_response("**/@@capture-upload") as answer:
            row(tab, material).locator("input[type=file]").set_input_files(
                {"name": "scan.png", "mimeType": "image/png", "buffer": png_bytes()}
            )
        assert answer.value.ok
        row(tab, material).locator(".sanji-page").wait_for()


def test_case_climbs_from_the_station_to_the_county(page, chromium, functional_portal):
    portal_url = functional_portal.absolute_url()

    # The village agent: online form, capture, accept, send to the township.
    log_in(page, portal_url, "agent-houfeng")
    page.goto(f"{portal_url}/{ITEM_FORM}")
    fill_online_form(page)
    with page.expect_navigation(url="**/@@capture"):
        page.click("#form-buttons-submit")
    receipt = re.search(r"/houfeng/(\d+)/@@capture$", page.url).group(1)
    case_url = page.url.removesuffix("/@@capture")

    capture_materials(page)
    for material in CAMERA_MATERIALS:
        thumb = row(page, material).locator(".sanji-thumb").first
        assert thumb.evaluate("image => image.complete && image.naturalWidth > 0")
    page.wait_for_selector(".sanji-capture.sanji-complete")
    assert page.locator(".sanji-material.is-missing").count() == 0

    page.click(".sanji-accept")
    page.wait_for_url("**/@@transition?name=accept")
    page.fill("#sanji-seal-pin", demo_seal_pin())
    with page.expect_navigation(url=case_url):
        page.click("button[name='form.buttons.confirm']")
    assert page.locator("a.sanji-receipt-link").is_visible()
    take_step(page, "to_township")

    # The township reviewer finds it in her worklist and passes it to the county.
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        reviewer = context.new_page()
        log_in(reviewer, portal_url, "reviewer-liangcun")
        reviewer.goto(f"{portal_url}/@@worklist")
        with reviewer.expect_navigation(url=case_url):
            reviewer.click(f".sanji-worklist-table a[href$='/{receipt}']")
        take_step(reviewer, "to_county", "材料齐全，同意上报")
    finally:
        context.close()

    # The county approver approves it.
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        approver = context.new_page()
        log_in(approver, portal_url, "approver-minzheng")
        approver.goto(case_url)
        take_step(approver, "approve")

        transaction.begin()
        case = functional_portal.unrestrictedTraverse(f"areas/suning/liangcun/houfeng/{receipt}")
        assert api.content.get_state(case) == "approved"
        workflow = api.portal.get_tool("portal_workflow")
        state_title = workflow.getTitleForStateOnType("approved", "Application")
        assert approver.locator(".sanji-state").inner_text() == translate(
            state_title, domain="sanji", target_language="zh_CN"
        )
        assert_sealed(approver, steps=4)
        tiers = set(approver.locator("table.sanji-history tbody tr td:nth-child(3)").all_inner_texts())
        assert {translate(TIER_TITLES[tier], target_language="zh_CN") for tier in TIER_TITLES} <= tiers
    finally:
        context.close()


def test_capture_works_without_javascript(chromium, functional_portal):
    """A station browser with scripts off: the forms post, the server answers with the page again."""
    case = new_case(functional_portal)
    transaction.commit()
    context = chromium.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        tab = context.new_page()
        log_in(tab, functional_portal.absolute_url(), "agent-houfeng")
        tab.goto(f"{case.absolute_url()}/@@capture")
        assert not tab.locator(".sanji-snap").first.is_visible()
        assert not tab.locator(".sanji-camera").is_visible()

        household = row(tab, "居民户口簿")
        household.locator("input[type=file]").set_input_files(
            {"name": "scan.png", "mimeType": "image/png", "buffer": png_bytes()}
        )
        with tab.expect_navigation():
            household.locator("button[type=submit]").click()
        assert row(tab, "居民户口簿").locator(".sanji-page").count() == 1

        tab.check("input[name='seen:list'][value='居民户口簿']")
        with tab.expect_navigation():
            tab.click("button[form='sanji-checklist']")
        assert tab.is_checked("input[name='seen:list'][value='居民户口簿']")
        assert not row(tab, "居民户口簿").locator(".sanji-badge-missing").is_visible()

        with tab.expect_navigation():
            row(tab, "居民户口簿").locator(".sanji-delete-button").click()
        assert row(tab, "居民户口簿").locator(".sanji-page").count() == 0
    finally:
        context.close()
