"""Fixtures shared by the services and tracking tests: HTTP sessions as a person, committed cases, a fresh limiter."""

import pytest
import transaction
from plone import api
from plone.restapi.testing import RelativeSession
from zope.component import queryUtility

from sanji.setuphandlers.staff import demo_password
from sanji.tracking.ratelimit import IRateLimiter
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

#: The fixtures a conftest imports with ``*``.
__all__ = ["committed", "draft_case", "fresh_limiter", "portal_url", "session_as", "township_case"]


def _clear_limiter() -> None:
    limiter = queryUtility(IRateLimiter)
    if limiter is not None:
        limiter.clear()


@pytest.fixture(autouse=True)
def fresh_limiter():
    """Every test starts with no wrong guesses counted (the limiter lives as long as the process)."""
    _clear_limiter()
    yield
    _clear_limiter()


@pytest.fixture
def portal_url(functional_portal) -> str:
    return functional_portal.absolute_url()


@pytest.fixture
def session_as(portal_url):
    """``session_as("agent-houfeng")``: a JSON session logged in as a demo person; None for anonymous."""
    sessions = []

    def make(userid: str | None = None) -> RelativeSession:
        session = RelativeSession(portal_url, test=None)
        session.headers["Accept"] = "application/json"
        if userid:
            session.auth = (userid, demo_password())
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def committed(functional_portal):
    """``committed(new_case, portal)``: run a tests.cases helper in the functional layer and commit."""

    def run(helper, *args, **kwargs):
        with api.env.adopt_roles(["Manager"]):
            result = helper(*args, **kwargs)
        transaction.commit()
        return result

    return run


@pytest.fixture
def draft_case(functional_portal, committed):
    """A draft case of 后丰村 (agent-houfeng) for 高龄津贴, phone ending in 1234."""
    return committed(new_case, functional_portal)


@pytest.fixture
def township_case(functional_portal, committed):
    """A case of 后丰村 waiting for the review of 梁村镇 (reviewer-liangcun); another applicant than draft_case's."""

    def build():
        case = new_case(functional_portal, address="梁村镇后丰村8号")
        complete_materials(case)
        step(case, "accept", "agent-houfeng")
        step(case, "to_township", "agent-houfeng")
        return case

    return committed(build)
