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
def as_manager(portal):
    """Run the test body as a site administrator would (profiles, deletions)."""
    from plone import api

    with api.env.adopt_roles(["Manager"]):
        yield portal
