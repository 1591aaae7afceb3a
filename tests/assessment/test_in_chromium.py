"""In Chromium: a manager ranks the village agents, enters a manual assessment and sees the split;
the agent opens 我的考核 from the user menu's address and sees her own scores only."""

import pytest

from tests.browser.test_station_in_chromium import log_in

pytestmark = pytest.mark.browser

MARCH = "2025-03"


def test_manager_assesses_an_agent_who_then_sees_her_scores(page, chromium, walked_http, functional_portal):
    portal_url = functional_portal.absolute_url()
    log_in(page, portal_url, "manager")
    page.goto(f"{portal_url}/@@assessment?period={MARCH}")
    page.select_option("#assessment-tier", "village")
    with page.expect_navigation():
        page.click("#sanji-assessment-picker button[type=submit]")
    first = page.locator("#sanji-assessment-ranking tbody tr").first
    assert "琚凤双" in first.inner_text() and "未评" in first.inner_text()

    with page.expect_navigation():
        page.click("#sanji-assessment-manual-link")
    page.select_option("#form-widgets-userid", "agent-houfeng")
    page.fill("#form-widgets-period", MARCH)
    page.fill("#form-widgets-attitude", "90")
    page.fill("#form-widgets-guidance", "80")
    page.fill("#form-widgets-complaints", "100")
    page.fill("#form-widgets-comment", "指导耐心")
    with page.expect_navigation():
        page.click("#form-buttons-save")
    assert "人工考核已保存" in page.inner_text("body")
    assert page.inner_text(".sanji-manual").strip() == "90"
    automatic = float(page.inner_text(".sanji-automatic"))
    assert float(page.inner_text(".sanji-combined")) == round(automatic * 0.7 + 90 * 0.3, 2)

    agent = chromium.new_context(locale="zh-CN").new_page()
    log_in(agent, portal_url, "agent-houfeng")
    agent.goto(f"{portal_url}/@@my-assessment?period={MARCH}")
    assert "琚凤双" in agent.inner_text("h1")
    assert agent.inner_text(".sanji-manual").strip() == "90"
    response = agent.goto(f"{portal_url}/@@assessment?period={MARCH}")
    assert "董立新" not in agent.inner_text("body")
    assert response.status in (200, 401, 403)  # the login form, never the ranking
    assert agent.locator("#sanji-assessment-ranking").count() == 0
    agent.context.close()
