"""In Chromium: the case page masks personal data, and "显示" reveals one field in place."""

import pytest
import transaction

from sanji import audit
from tests.cases import VALID_ID
from tests.cases import new_case

pytestmark = pytest.mark.browser


def test_reveal_button_shows_the_value_in_place(page, functional_portal):
    case = new_case(functional_portal)
    transaction.commit()
    portal_url = functional_portal.absolute_url()
    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", "agent-houfeng")
    page.fill("input[name='__ac_password']", "demo")
    with page.expect_navigation():
        page.click("#buttons-login")
    page.goto(case.absolute_url())
    cell = page.locator("form.sanji-reveal:has(input[value='id_number'])").locator("xpath=..")
    assert VALID_ID not in cell.inner_text()
    cell.locator("button").click()
    page.wait_for_selector(f".sanji-personal.sanji-revealed:text('{VALID_ID}')")
    assert cell.locator("form").count() == 0
    assert VALID_ID not in page.locator("table.sanji-applicant").inner_text().replace(VALID_ID, "", 1)
    transaction.begin()
    entry = next(iter(audit.recent(0, 1)))
    assert (entry["action"], entry["actor"], entry["details"]) == ("reveal", "agent-houfeng", {"field": "id_number"})
