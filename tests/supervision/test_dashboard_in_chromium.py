"""In Chromium: a supervisor logs in, opens the dashboard and sees the red card; the filters work without JS."""

from datetime import date

import pytest
import transaction
from plone import api

from sanji.supervision.cards import sweep_cards
from tests.cases import step
from tests.supervision.conftest import accepted_case
from tests.supervision.conftest import at

pytestmark = pytest.mark.browser


def test_supervisor_sees_the_red_card(page, functional_portal):
    with api.env.adopt_roles(["Manager"]):
        case = accepted_case(functional_portal, "2025-03-03")
        with at("2025-03-04"):
            step(case, "to_township", "agent-houfeng")
        sweep_cards(functional_portal, date(2025, 3, 10))
    transaction.commit()
    portal_url = functional_portal.absolute_url()

    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", "supervisor")
    page.fill("input[name='__ac_password']", "demo")
    with page.expect_navigation():
        page.click("#buttons-login")
    page.goto(f"{portal_url}/@@supervision-dashboard")
    red = page.locator("table.sanji-red-cases tbody tr")
    assert red.count() == 1
    assert case.receipt_number in red.inner_text()
    assert "红牌" in red.inner_text()

    page.select_option("select[name='period']", "year")
    page.fill("input[name='year']", "2025")
    page.select_option("select[name='group_by']", "township")
    with page.expect_navigation():
        page.click("form.sanji-filters button[type='submit']")
    kpi = page.locator(".sanji-kpi-red strong")
    assert kpi.inner_text() == "1"
    assert page.locator("table.sanji-figures tbody tr").count() == 1
    bar = page.locator("table.sanji-figures .sanji-bar-open")
    assert bar.bounding_box()["width"] > 0, "the in-progress bar is drawn"
    with page.expect_navigation():
        page.locator("table.sanji-figures tbody th a").click()
    assert "group_by=village" in page.url
    assert "township=liangcun" in page.url
