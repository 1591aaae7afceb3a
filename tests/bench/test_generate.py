"""The benchmark generator makes cases that the portal treats like real ones: indexed, visible, decryptable."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from plone import api
from Products.CMFCore.indexing import processQueue

from bench.generate import OPEN_STATES
from bench.generate import REASONS
from bench.generate import REJECTIONS
from bench.generate import Generator
from bench.generate import Report
from sanji.api.clock import clock_state
from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import id_number_hash
from sanji.capture.pages import list_pages
from sanji.capture.pages import read_page
from sanji.indexers.application import group_of_tier
from sanji.validation.id_card import validate_id_number
from sanji.validation.phone import validate_mobile
from sanji.workflow.comments import review_history
from sanji.workflow.definition import history
from sanji.workflow.routing import STATE_TIERS

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def generated(portal):
    """30 cases of the last 20 days (so that many are still open), their report."""
    report = Report()
    Generator(portal, seed=3, now=NOW, days=20).add(30, report)
    processQueue()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Application", sort_on="created")
    return report, [brain._unrestrictedGetObject() for brain in brains], brains


def test_every_case_is_indexed_with_its_state_and_fields(generated):
    report, cases, brains = generated
    assert report.created == 30 == len(cases)
    assert sum(report.states.values()) == 30
    for case, brain in zip(cases, brains, strict=True):
        state = api.content.get_state(case)
        assert brain.review_state == state
        assert brain.receipt_number == case.receipt_number == case.getId()
        assert brain.item_code == case.item_code
        assert brain.village == case.village and brain.township == case.township
        assert case.aq_parent.getId() == case.village
        assert case.aq_parent.aq_parent.getId() == case.township
        assert brain.deadline == case.deadline
        assert brain.created.asdatetime() <= NOW


def test_states_spread_and_clock_matches_the_history(generated):
    report, cases, _brains = generated
    assert len(report.states) >= 4, report.states
    for case in cases:
        state = api.content.get_state(case)
        if state == "draft":
            assert case.accepted_at is None and case.deadline is None
            continue
        history = api.portal.get_tool("portal_workflow").getHistoryOf("sanji_application_workflow", case)
        assert history[1]["action"] == "accept"
        assert case.accepted_at.date() == history[1]["time"].asdatetime().date()
        # What the subscribers store equals what the clock computes as of the last step.
        recomputed = clock_state(case, history[-1]["time"].asdatetime().date())
        assert (case.deadline, case.step_deadline) == (recomputed.deadline, recomputed.step_deadline)
        assert set(case.reached) >= {STATE_TIERS[state]} if state in STATE_TIERS else True
        if state == "completed":
            assert case.completed_at is not None


def test_comments_are_sealed_like_a_real_steps(generated):
    _report, cases, _brains = generated
    opened = []
    for case in cases:
        assert not any(entry["comments"] for entry in history(case))
        opened += [entry["comments"] for entry in review_history(case) if entry["comments"]]
    assert opened, "some cases were returned or rejected with a reason"
    assert set(opened) <= set(REASONS + REJECTIONS)


def test_personal_data_is_encrypted_and_opens(generated):
    _report, cases, _brains = generated
    catalog = api.portal.get_tool("portal_catalog")
    for case in cases:
        data = get_personal_data(case)
        assert validate_id_number(data["id_number"]) == data["id_number"]
        assert validate_mobile(data["phone"]) == data["phone"]
        assert isinstance(case._sanji_personal, bytes)
        assert data["id_number"].encode() not in case._sanji_personal
        found = catalog.unrestrictedSearchResults(id_number_hash=id_number_hash(data["id_number"]))
        assert case.UID() in {brain.UID for brain in found}


def test_pages_open(generated):
    _report, cases, _brains = generated
    with_pages = [case for case in cases if list_pages(case)]
    assert with_pages
    for case in with_pages:
        info = list_pages(case)[0]
        _info, data = read_page(case, info.id)
        assert data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_open_cases_reach_the_worklist_of_their_tier(generated):
    _report, cases, _brains = generated
    waiting = [case for case in cases if api.content.get_state(case) in OPEN_STATES]
    assert waiting
    checked = 0
    for case in waiting:
        group = group_of_tier(case, case.current_tier())
        members = api.user.get_users(groupname=group)  # the sample county staffs only some villages
        if not members:
            continue
        with api.env.adopt_user(user=members[0]):
            found = api.content.find(portal_type="Application", waiting_for=group, UID=case.UID())
        assert len(found) == 1, (case.getId(), group)
        checked += 1
    assert checked
    # The workflow's permissions are those of the state: the township sees what reached it, not before.
    for case in cases:
        reviewer = f"reviewer-{case.township}"
        with api.env.adopt_user(username=reviewer):
            can_view = api.user.has_permission("View", obj=case)
        assert can_view == ("township" in case.reached), (case.getId(), case.reached)
