"""What a citizen learns from a receipt number and four digits, and what a guesser does not."""

import json

import pytest
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getGlobalSiteManager
from zope.component import getUtility
from zope.i18n import translate

from sanji.api.receipts import format_receipt_number
from sanji.tracking.lookup import InvalidQuery
from sanji.tracking.lookup import NoSuchCase
from sanji.tracking.lookup import TooManyAttempts
from sanji.tracking.lookup import track
from sanji.tracking.lookup import track_limited
from sanji.tracking.ratelimit import InMemoryRateLimiter
from sanji.tracking.ratelimit import IRateLimiter
from sanji.tracking.settings import PREFIX
from sanji.tracking.settings import ITrackingSettings
from tests.cases import APPLICANT
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


def tr(message) -> str:
    return translate(message, context=api.env.getRequest())


@pytest.fixture
def case(portal):
    case = new_case(portal)
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    step(case, "return_for_correction", "reviewer-liangcun", "户口簿复印件不清楚，请董金山重新复印")
    step(case, "resubmit_township", "agent-houfeng")
    return case


class FakeClock:
    now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    """A limiter with a fake clock in place of the process's one."""
    clock = FakeClock()
    gsm = getGlobalSiteManager()
    original = getUtility(IRateLimiter)
    gsm.registerUtility(InMemoryRateLimiter(clock=clock), IRateLimiter)
    yield clock
    gsm.registerUtility(original, IRateLimiter)


def test_where_the_case_stands(case):
    result = track(case.receipt_number, "1234")
    assert result["receipt_number"] == case.receipt_number
    assert result["receipt_display"] == format_receipt_number(case.receipt_number)
    assert result["item_title"] == case.item_title
    assert result["review_state"] == "township_review"
    assert result["step"] == "乡镇审核中"  # the site speaks Chinese first
    assert result["tier"] == "township"
    assert result["accepted"] == case.accepted_at.date().isoformat()
    assert result["deadline"]
    assert result["completed"] is None
    steps = [(entry["step"], entry["tier"]) for entry in result["history"]]
    assert [tier for _step, tier in steps] == ["village", "village", "village", "township", "village"]
    assert all(len(entry["date"]) == 10 for entry in result["history"])


def test_no_personal_data_no_staff_no_comments(case):
    text = json.dumps(track(case.receipt_number, "1234"), ensure_ascii=False)
    for secret in (*APPLICANT.values(), "琚凤双", "李志强", "agent-houfeng", "reviewer-liangcun", "户口簿复印件"):
        assert secret not in text


def test_spaces_and_full_width_digits_are_fine(case):
    spaced = format_receipt_number(case.receipt_number)
    assert track(f" {spaced} ", "１２３４")["review_state"] == "township_review"


def test_decided_case_is_with_the_deciding_tier_then_completed(case):
    step(case, "to_county", "reviewer-liangcun")
    step(case, "approve", "approver-minzheng")
    assert track(case.receipt_number, "1234")["tier"] == "county"
    step(case, "complete", "approver-minzheng")
    result = track(case.receipt_number, "1234")
    assert result["tier"] is None
    assert result["completed"] == case.completed_at.date().isoformat()


def test_wrong_digits_and_unknown_receipt_are_refused_alike(case):
    with pytest.raises(NoSuchCase) as wrong_digits:
        track(case.receipt_number, "4321")
    unknown = "1" + case.receipt_number[1:] if case.receipt_number[0] != "1" else "9" + case.receipt_number[1:]
    with pytest.raises(NoSuchCase) as unknown_receipt:
        track(unknown, "1234")
    assert tr(wrong_digits.value.message) == tr(unknown_receipt.value.message)
    assert wrong_digits.value.status == 404


@pytest.mark.parametrize(
    ("receipt", "last4", "fields"),
    [
        ("", "", {"receipt", "phone_last4"}),
        ("2026112804837", "1234", {"receipt"}),
        ("2026 1128 0483 729x", "1234", {"receipt"}),
        ("2026112804837291", "123", {"phone_last4"}),
        ("2026112804837291", "12a4", {"phone_last4"}),
    ],
)
def test_malformed_input_says_what_is_wrong(portal, receipt, last4, fields):
    with pytest.raises(InvalidQuery) as refused:
        track(receipt, last4)
    assert set(refused.value.errors) == fields
    assert refused.value.status == 400


def test_five_wrong_guesses_lock_the_receipt(case, clock):
    for _n in range(5):
        with pytest.raises(NoSuchCase):
            track_limited(case.receipt_number, "0000", "10.0.0.1")
    # Even the right digits, even from elsewhere: the receipt waits.
    with pytest.raises(TooManyAttempts) as limited:
        track_limited(case.receipt_number, "1234", "10.0.0.2")
    assert limited.value.status == 429
    assert "15" in tr(limited.value.message)
    clock.now += 10 * 60
    with pytest.raises(TooManyAttempts) as limited:
        track_limited(case.receipt_number, "1234", "10.0.0.2")
    assert "5" in tr(limited.value.message)
    clock.now += 5 * 60
    assert track_limited(case.receipt_number, "1234", "10.0.0.2")["review_state"] == "township_review"


def test_one_address_guessing_many_receipts_is_stopped(case, clock):
    for number in range(20):
        with pytest.raises(NoSuchCase):
            track_limited(f"2026010100{number:06d}", "0000", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        track_limited(case.receipt_number, "1234", "10.0.0.9")
    assert track_limited(case.receipt_number, "1234", "10.0.0.10")["tier"] == "township"


def test_malformed_input_is_not_counted(case, clock):
    for _n in range(10):
        with pytest.raises(InvalidQuery):
            track_limited(case.receipt_number, "12", "10.0.0.1")
    assert track_limited(case.receipt_number, "1234", "10.0.0.1")["tier"] == "township"


def test_limits_come_from_the_registry(case, clock):
    registry = getUtility(IRegistry)
    registry.registerInterface(ITrackingSettings, prefix=PREFIX)
    assert registry["sanji.tracking.max_failures_per_address"] == 20
    registry["sanji.tracking.max_failures_per_receipt"] = 2
    registry["sanji.tracking.window_minutes"] = 60
    for _n in range(2):
        with pytest.raises(NoSuchCase):
            track_limited(case.receipt_number, "0000", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as limited:
        track_limited(case.receipt_number, "1234", "10.0.0.1")
    assert limited.value.retry_after == 3600
