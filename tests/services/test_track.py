"""GET /@track over real HTTP: anonymous citizens follow a case; guessers get one answer, then a wait."""

import pytest

from sanji.api.receipts import format_receipt_number
from tests.cases import APPLICANT


@pytest.fixture
def anonymous(session_as):
    return session_as()


def test_where_the_case_stands(anonymous, draft_case):
    receipt = format_receipt_number(draft_case.receipt_number)
    response = anonymous.get("/@track", params={"receipt": receipt, "phone_last4": "1234"})
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    data = response.json()
    assert data["receipt_number"] == draft_case.receipt_number
    assert data["item_title"] == "高龄津贴申领"
    assert (data["review_state"], data["tier"]) == ("draft", "village")
    assert data["accepted"] is None
    assert [entry["tier"] for entry in data["history"]] == ["village"]
    for secret in APPLICANT.values():
        assert secret not in response.text


def test_wrong_digits_read_like_an_unknown_receipt(anonymous, draft_case):
    wrong = anonymous.get("/@track", params={"receipt": draft_case.receipt_number, "phone_last4": "4321"})
    unknown = anonymous.get("/@track", params={"receipt": "2020010100000000", "phone_last4": "1234"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["type"] == "NotFound"


def test_malformed_input(anonymous):
    response = anonymous.get("/@track", params={"receipt": "2026-11", "phone_last4": ""})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "BadRequest"
    assert [entry["field"] for entry in error["errors"]] == ["receipt", "phone_last4"]
    assert all(entry["message"] for entry in error["errors"])


def test_five_wrong_guesses_then_wait(anonymous, draft_case):
    query = {"receipt": draft_case.receipt_number, "phone_last4": "0000"}
    assert [anonymous.get("/@track", params=query).status_code for _n in range(5)] == [404] * 5
    limited = anonymous.get("/@track", params={**query, "phone_last4": "1234"})
    assert limited.status_code == 429
    assert limited.json()["error"]["type"] == "TooManyRequests"
    assert "15" in limited.json()["error"]["message"]
    assert 0 < int(limited.headers["Retry-After"]) <= 900


def test_one_address_is_limited_across_receipts(anonymous, draft_case):
    for number in range(20):
        assert (
            anonymous.get("/@track", params={"receipt": f"20200101{number:08d}", "phone_last4": "1234"}).status_code
            == 404
        )
    query = {"receipt": draft_case.receipt_number, "phone_last4": "1234"}
    assert anonymous.get("/@track", params=query).status_code == 429
    # X-Forwarded-For is not believed from an untrusted client.
    assert anonymous.get("/@track", params=query, headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 429
