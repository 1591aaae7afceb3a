"""pytest-plone fixtures for the Sanji layers, shared by every test module."""

import os

# Compile the .po catalogs when Zope registers them (no .mo files live in git).
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

import pytest
from pytest_plone import fixtures_factory

from sanji.testing import SANJI_FUNCTIONAL_TESTING
from sanji.testing import SANJI_INTEGRATION_TESTING

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (SANJI_FUNCTIONAL_TESTING, "functional"),
            (SANJI_INTEGRATION_TESTING, "integration"),
        )
    )
)


@pytest.fixture
def package_name() -> str:
    return "sanji"


@pytest.fixture
def agent():
    """An HTTP session logged in as the village agent of 后丰村 (basic auth)."""
    import requests

    session = requests.Session()
    session.auth = ("agent-houfeng", "demo")
    yield session
    session.close()


@pytest.fixture
def as_manager(portal):
    """Run the test body as a site administrator would (profiles, deletions)."""
    from plone import api

    with api.env.adopt_roles(["Manager"]):
        yield portal


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, functional_portal):
    """A fresh browser tab (own cookies) on the functional layer's live server, in Chinese."""
    context = chromium.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    tab = context.new_page()
    yield tab
    context.close()
