"""A visitor in Chromium finds the elderly allowance, reads its guide and downloads the form."""

import pytest

pytestmark = pytest.mark.browser


def test_find_item_and_download_its_form(page, functional_portal, tmp_path):
    portal_url = functional_portal.absolute_url()
    page.goto(portal_url)
    assert page.locator("h1").first.inner_text() == "网上办事"

    page.fill("#sanji-q", "高龄津贴")
    page.click(".sanji-search button[type=submit]")
    page.wait_for_url("**q=*")
    results = page.locator("a.sanji-item-link")
    assert results.count() >= 1
    page.click("a.sanji-item-link:has-text('高龄津贴申领')")
    page.wait_for_url("**/services/gaoling-jintie")
    assert "MZ-001" in page.locator(".sanji-guide-table").inner_text()

    with page.expect_download() as download_info:
        page.click("a.sanji-download")
    target = tmp_path / "form.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert download_info.value.suggested_filename.endswith(".pdf")


def test_tier_tab_filters_the_list(page, functional_portal):
    page.goto(functional_portal.absolute_url())
    page.click(".sanji-tiers a[data-tier='village']")
    page.wait_for_url("**tier=village*")
    tiers = page.locator("table.sanji-items tbody tr td:nth-child(3)").all_inner_texts()
    assert tiers
    assert set(tiers) == {"村级"}


def test_english_is_selectable(page, functional_portal):
    page.goto(functional_portal.absolute_url())
    page.click("text=English")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Online services"
