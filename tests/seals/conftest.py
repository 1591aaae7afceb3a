"""Fixtures of the seals tests: cases along the route, a clean lockout, pdfsig, HTTP sessions."""

import shutil
import subprocess

import pytest
from zope.component import queryUtility
from zope.interface import alsoProvides

from sanji.interfaces import ISanjiLayer
from sanji.seals.interfaces import ISealLockout
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step
from tests.services.fixtures import *  # noqa: F403

PDFSIG = "/usr/bin/pdfsig"


@pytest.fixture(autouse=True)
def fresh_lockout():
    """No wrong PIN of an earlier test counts (the lockout lives as long as the process)."""
    lockout = queryUtility(ISealLockout)
    if lockout is not None:
        lockout.clear()
    yield lockout
    if lockout is not None:
        lockout.clear()


@pytest.fixture
def web_request(portal):
    """The test request, marked with Sanji's browser layer as traversal would mark it."""
    alsoProvides(portal.REQUEST, ISanjiLayer)
    return portal.REQUEST


def to_township(portal, **applicant):
    """A case of 后丰村 for 高龄津贴 (approved by the county) waiting for the township's review."""
    case = new_case(portal, **applicant)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    return case


def approved(portal):
    case = to_township(portal)
    step(case, "to_county", "reviewer-liangcun", "材料齐全，情况属实")
    step(case, "approve", "approver-minzheng")
    return case


@pytest.fixture
def township_review(portal):
    """Another applicant's case than ``approved_case``'s (the same one twice would be a double submission)."""
    return to_township(portal, applicant_name="王秀兰", address="梁村镇后丰村5号")


@pytest.fixture
def approved_case(portal):
    return approved(portal)


def pdfsig(path) -> str:
    """What poppler's independent verifier says of the PDF at ``path``."""
    binary = shutil.which("pdfsig") or PDFSIG
    return subprocess.run([binary, str(path)], capture_output=True, text=True, check=False, timeout=60).stdout
