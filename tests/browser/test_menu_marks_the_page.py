"""The main menu marks the section being shown, and only that one: Plone's navigation marker in Chromium."""

import pytest

pytestmark = pytest.mark.browser


def marked(page) -> list[str]:
    page.wait_for_load_state("networkidle")  # the marker runs once Plone's bundle has loaded
    return page.eval_on_selector_all(
        "#portal-globalnav > li.current, #portal-globalnav > li.inPath", "items => items.map(i => i.innerText.trim())"
    )


@pytest.mark.parametrize(
    ("path", "tabs"),
    [
        ("", ["首页"]),
        ("/services", ["网上办事"]),
        ("/supervision-public", ["办件公开"]),
        ("/@@supervision-public?month=2026-11", ["办件公开"]),  # as its month picker submits it
        ("/contact-info", []),  # a page of the site root without a tab: 办件公开 was lit on every one
    ],
)
def test_only_the_section_shown_is_marked(page, functional_portal, path, tabs):
    page.goto(functional_portal.absolute_url() + path)
    assert marked(page) == tabs
