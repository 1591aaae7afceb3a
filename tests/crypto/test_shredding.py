"""Crypto-shredding: the case stays for the statistics, its personal data and pages are gone for good."""

from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from plone import api
from zope.interface import alsoProvides

from sanji.api.personal_data import find_by_id_number
from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import personal_data_shredded
from sanji.audit.chain import recent
from sanji.capture.pages import add_page
from sanji.capture.pages import list_pages
from sanji.capture.pages import read_page
from sanji.crypto.errors import DataShredded
from sanji.crypto.keys import data_key_counts
from sanji.crypto.keys import get_ring
from sanji.crypto.shredding import expired
from sanji.crypto.shredding import retention_cutoff
from sanji.crypto.shredding import shred
from sanji.interfaces import ISanjiLayer
from tests.cases import VALID_ID
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import png_bytes
from tests.cases import step

WHEN = datetime(2056, 12, 1, 9, 0).astimezone()


def completed_case(portal, completed: date):
    item = next(b.getObject() for b in api.content.find(portal_type="ServiceItem", approve_tier="village"))
    case = new_case(portal, item.getId(), address=f"梁村镇后丰村{completed:%Y%m%d}号")  # not a double submission
    complete_materials(case)
    for transition in ("accept", "approve", "complete"):
        step(case, transition, "agent-houfeng")
    case.completed_at = datetime.combine(completed, datetime.min.time()).astimezone()
    case.reindexObject()
    return case


def test_shredding_destroys_personal_data_and_pages_but_keeps_the_case(portal, case):
    page = add_page(case, "居民户口簿", png_bytes(), "image/png", "scan.png", "agent-houfeng")
    before = data_key_counts(portal)[get_ring().current]
    assert find_by_id_number(VALID_ID)
    assert shred(case, when=WHEN, actor="cli:test")
    assert get_personal_data(case) == {}
    assert personal_data_shredded(case) == WHEN
    with pytest.raises(DataShredded) as raised:
        read_page(case, page.id)
    assert raised.value.when == WHEN
    assert [p.id for p in list_pages(case)] == [page.id]
    assert case._sanji_personal  # the ciphertext may stay: without its key it is noise
    assert data_key_counts(portal)[get_ring().current] == before - 1
    brains = api.content.find(portal_type="Application", receipt_number=case.receipt_number, unrestricted=True)
    assert len(brains) == 1
    assert find_by_id_number(VALID_ID) == []


def test_shredding_twice_does_nothing(case):
    assert shred(case)
    assert not shred(case)


def test_shredding_is_audited(case):
    shred(case, actor="cli:root", reason="retention of 30 years ended")
    (entry,) = list(recent(0, 1))
    assert entry["action"] == "shred"
    assert entry["actor"] == "cli:root"
    assert entry["object"]["receipt"] == case.receipt_number
    assert entry["details"]["reason"] == "retention of 30 years ended"


def test_case_page_says_when_the_data_was_destroyed(portal, case):
    shred(case, when=WHEN)
    request = case.REQUEST
    alsoProvides(request, ISanjiLayer)
    with api.env.adopt_user(username="agent-houfeng"):
        html = api.content.get_view("view", case, request)()
    assert "sanji-shredded" in html
    assert "2056-12-01" in html
    assert "sanji-reveal" not in html.split("sanji-shredded", 1)[1].split("</table>", 1)[0]


def test_reveal_and_download_of_shredded_data_answer_gone(case, reveal):
    page = add_page(case, "居民户口簿", png_bytes(), "image/png", "scan.png", "agent-houfeng")
    shred(case, when=WHEN)
    answer = reveal(case, "phone")
    assert case.REQUEST.response.getStatus() == 410
    assert "2056-12-01" in answer
    request = case.REQUEST
    request.method = "GET"
    request.form.clear()
    request.form["id"] = page.id
    with api.env.adopt_user(username="agent-houfeng"):
        body = case.restrictedTraverse("@@page")()
    assert request.response.getStatus() == 410
    assert "2056-12-01" in body


def test_expired_cases_are_those_completed_before_the_retention_period(portal):
    today = date(2056, 12, 1)
    old = completed_case(portal, date(2026, 11, 30))
    recent_enough = completed_case(portal, date(2026, 12, 1))
    paths = [brain.getPath() for brain in expired(today, 30)]
    assert "/".join(old.getPhysicalPath()) in paths
    assert "/".join(recent_enough.getPhysicalPath()) not in paths
    later = [brain.getPath() for brain in expired(today + timedelta(days=1))]
    assert "/".join(recent_enough.getPhysicalPath()) in later


def test_retention_cutoff_of_a_leap_day():
    assert retention_cutoff(date(2056, 2, 29), 30) == date(2026, 2, 28)
    assert retention_cutoff(date(2056, 3, 1), 30) == date(2026, 3, 1)
