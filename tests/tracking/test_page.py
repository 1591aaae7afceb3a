"""The public page @@track over real HTTP: results, errors that keep what was typed, limits, escaping."""

import pytest
import requests
from zope.i18n import translate

from sanji import _
from sanji.api.receipts import format_receipt_number
from tests.cases import APPLICANT


def zh(message) -> str:
    """The page speaks the site's language, Simplified Chinese (English defaults until translated)."""
    return translate(message, target_language="zh_CN")


@pytest.fixture
def ask(portal_url):
    def post(receipt: str, phone_last4: str) -> requests.Response:
        form = {"receipt": receipt, "phone_last4": phone_last4, "form.buttons.track": "1"}
        return requests.post(f"{portal_url}/@@track", data=form, timeout=30)

    return post


def test_the_empty_form(portal_url):
    response = requests.get(f"{portal_url}/@@track", params={"receipt": "2026 1128 0483 7291"}, timeout=30)
    assert response.status_code == 200
    assert 'name="phone_last4"' in response.text
    assert 'inputmode="numeric"' in response.text
    assert 'value="2026 1128 0483 7291"' in response.text  # a link from the SMS fills in the number
    assert "sanji-track-error" not in response.text
    assert "sanji-track-result" not in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_shows_where_the_case_stands(ask, draft_case):
    response = ask(format_receipt_number(draft_case.receipt_number), "1234")
    assert response.status_code == 200
    assert "sanji-track-result" in response.text
    assert "高龄津贴申领" in response.text
    assert format_receipt_number(draft_case.receipt_number) in response.text
    assert zh(_("track_step_submitted", default="Submitted at the village station")) in response.text
    assert "村级" in response.text
    for secret in (*APPLICANT.values(), "琚凤双"):
        assert secret not in response.text


def test_malformed_input_keeps_what_was_typed(ask):
    response = ask("2026 1128 04", "12a")
    assert response.status_code == 400
    assert 'value="2026 1128 04"' in response.text
    assert 'value="12a"' in response.text
    assert response.text.count("is-invalid") == 2
    assert zh(
        _("error_track_last4", default="Enter the last four digits of the mobile number given when applying.")
    ) in (response.text)


def test_wrong_digits_and_limit(ask, draft_case):
    refusal = zh(
        _(
            "error_track_no_match",
            default="No case matches this receipt number and these phone digits. Check both and try again.",
        )
    )
    for _n in range(5):
        response = ask(draft_case.receipt_number, "9999")
        assert response.status_code == 404
        assert refusal in response.text
        assert 'value="9999"' in response.text
    limited = ask(draft_case.receipt_number, "1234")
    assert limited.status_code == 429
    assert "15" in limited.text
    assert "sanji-track-result" not in limited.text


def test_everything_typed_is_escaped(ask):
    response = ask('"><script>alert(1)</script>', "<b>")
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<b>" not in response.text
