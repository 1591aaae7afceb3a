"""@verify and @@verify: anyone checks a decision PDF or a receipt; staff names, never the applicant's data."""

import base64

import pytest
import transaction

from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import set_personal_data
from sanji.seals.decision import get_decision
from tests.cases import step
from tests.seals.test_decision import flip_one_byte


def pdf_body(data: bytes) -> dict:
    return {
        "file": {
            "data": base64.b64encode(data).decode(),
            "encoding": "base64",
            "filename": "决定书.pdf",
            "content-type": "application/pdf",
        }
    }


@pytest.fixture
def decided(township_case, committed):
    """A case of 后丰村 approved by the county: accept, to_township, to_county, approve."""
    committed(step, township_case, "to_county", "reviewer-liangcun", "材料齐全")
    committed(step, township_case, "approve", "approver-minzheng")
    return township_case


def no_personal_data(text: str, case) -> None:
    transaction.begin()
    for value in get_personal_data(case).values():
        assert str(value) not in text


def test_verify_a_receipt_anonymously(session_as, decided, portal_url):
    response = session_as().get(f"{portal_url}/@verify", params={"receipt": decided.receipt_number})
    assert response.status_code == 200, response.text
    chain = response.json()["chain"]
    assert chain["intact"] is True
    assert chain["first_broken"] is None
    assert [(s["transition"], s["name"], s["tier"]) for s in chain["steps"]] == [
        ("accept", "琚凤双", "village"),
        ("to_township", "琚凤双", "village"),
        ("to_county", "李志强", "township"),
        ("approve", "郑玉敏", "county"),
    ]
    assert chain["steps"][3]["organisation"] == "肃宁县民政局"
    assert chain["decision_issued"] is True
    no_personal_data(response.text, decided)
    assert "agent-houfeng" not in response.text  # names and organisations, not accounts


def test_verify_reports_the_first_broken_link(session_as, decided, portal_url, committed):
    def tamper(case):
        set_personal_data(case, {**get_personal_data(case), "phone": "13900009999"})

    committed(tamper, decided)
    response = session_as().post(f"{portal_url}/@verify", json={"receipt": decided.receipt_number})
    chain = response.json()["chain"]
    assert chain["intact"] is False
    assert chain["first_broken"] == 4
    assert chain["data_current"] is False
    assert "13900009999" not in response.text


def test_verify_a_pdf_and_a_tampered_one(session_as, decided, portal_url):
    transaction.begin()
    data = get_decision(decided).read()
    good = session_as().post(f"{portal_url}/@verify", json=pdf_body(data))
    assert good.status_code == 200, good.text
    body = good.json()
    assert body["receipt_number"] == decided.receipt_number
    [signature] = body["pdf"]["signatures"]
    assert signature["name"] == "郑玉敏"
    assert signature["ok"] is True
    assert body["pdf"]["all_valid"] is True
    assert body["chain"]["intact"] is True
    no_personal_data(good.text, decided)

    bad = session_as().post(f"{portal_url}/@verify", json=pdf_body(flip_one_byte(data)))
    assert bad.status_code == 200
    assert bad.json()["pdf"]["all_valid"] is False
    assert bad.json()["pdf"]["signatures"][0]["intact"] is False
    assert bad.json()["chain"] is None  # an altered document opens no case


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"receipt": "12345"}, 400),
        ({"receipt": "2020010100000000"}, 404),
        ({"file": {"data": base64.b64encode(b"hello").decode(), "encoding": "base64"}}, 400),
        ({"file": {"data": "***", "encoding": "base64"}}, 400),
        ({"file": "not an object"}, 400),
    ],
)
def test_verify_refuses_what_it_cannot_check(session_as, portal_url, body, status):
    response = session_as().post(f"{portal_url}/@verify", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]


def test_unknown_receipts_are_limited_per_address(session_as, portal_url):
    session = session_as()
    for _attempt in range(20):
        assert session.get(f"{portal_url}/@verify", params={"receipt": "2020010100000000"}).status_code == 404
    limited = session.get(f"{portal_url}/@verify", params={"receipt": "2020010100000000"})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_verify_page_shows_the_seals_in_chinese(session_as, decided, portal_url):
    page = session_as().get(
        f"{portal_url}/@@verify", params={"receipt": decided.receipt_number}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 200
    assert "sanji-chain-intact" in page.text
    assert "郑玉敏" in page.text and "肃宁县民政局" in page.text
    assert "签章验证" in page.text
    no_personal_data(page.text, decided)


def test_verify_page_checks_an_uploaded_pdf(session_as, decided, portal_url):
    transaction.begin()
    data = get_decision(decided).read()
    page = session_as().post(
        f"{portal_url}/@@verify",
        files={"file": ("决定书.pdf", data, "application/pdf")},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 200
    assert "sanji-pdf-valid" in page.text
    tampered = session_as().post(
        f"{portal_url}/@@verify",
        files={"file": ("决定书.pdf", flip_one_byte(data), "application/pdf")},
        headers={"Accept": "text/html"},
    )
    assert "sanji-pdf-invalid" in tampered.text
