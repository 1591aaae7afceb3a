"""pytest-plone fixtures for the Sanji layers, shared by every test module."""

import os

# Compile the .po catalogs when Zope registers them (no .mo files live in git).
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

import pytest  # noqa: E402
from pytest_plone import fixtures_factory  # noqa: E402

from sanji.testing import SANJI_FUNCTIONAL_TESTING  # noqa: E402
from sanji.testing import SANJI_INTEGRATION_TESTING  # noqa: E402

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (SANJI_FUNCTIONAL_TESTING, "functional"),
            (SANJI_INTEGRATION_TESTING, "integration"),
        ),
        keep_session=False,
    )
)

LAYER_PREFIXES = ("integration", "functional")


@pytest.fixture(autouse=True)
def _keep_layers_for_session(request):
    """Set a layer up once per session, and only for tests that use it.

    pytest-plone's own keep_session would set the Plone layers up for plain unit tests too.
    """
    for prefix in LAYER_PREFIXES:
        if any(name == prefix or name.startswith(f"{prefix}_") for name in request.fixturenames) or any(
            name in request.fixturenames for name in PORTAL_FIXTURES[prefix]
        ):
            request.getfixturevalue(f"{prefix}_session")


PORTAL_FIXTURES = {
    "integration": ("portal", "app", "http_request", "installer", "setup_tool"),
    "functional": ("functional_portal", "functional_app", "functional_http_request"),
}


@pytest.fixture
def package_name() -> str:
    return "sanji"
