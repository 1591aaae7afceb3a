"""The tracking tests: pytest-plone's Sanji fixtures (tests/conftest.py) and the services' shared ones."""

from tests.services.fixtures import *  # noqa: F403
