"""The services tests: pytest-plone's Sanji fixtures (tests/conftest.py) and the shared ones below."""

from tests.services.fixtures import *  # noqa: F403
