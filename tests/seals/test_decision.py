"""The decision document: rendered in Chinese, signed as PAdES, valid for poppler's pdfsig."""

import subprocess
from datetime import datetime
from io import BytesIO

import pytest
from plone import api
from pyhanko.pdf_utils.reader import PdfFileReader

from sanji.printing import pdf_date
from sanji.receipts.view import county_moment
from sanji.seals.chain import chain as chain_of
from sanji.seals.decision import get_decision
from sanji.seals.verify import verify_pdf
from tests.cases import step
from tests.seals.conftest import pdfsig

VALID = "Signature Validation: Signature is Valid."


def flip_one_byte(data: bytes) -> bytes:
    """One byte inside the signed range changed: in the document's metadata, where it still parses."""
    position = data.index(b"/Producer") + 12
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def test_approval_issues_a_signed_document_that_pdfsig_accepts(approved_case, tmp_path):
    document = get_decision(approved_case)
    assert document.decision == "approve"
    data = document.read()
    assert data.startswith(b"%PDF-")
    path = tmp_path / "decision.pdf"
    path.write_bytes(data)
    report = pdfsig(path)
    assert report.count(VALID) == 1
    assert "Signature #1:\n  - Signature Field Name: Decision\n" in report
    # the completion's field is there, empty, until the case is completed
    assert "Signature #2:\n  - Signature Field Name: Completion\n  The signature form field is not signed." in report
    assert "郑玉敏" in report  # the approver's certificate
    assert "ETSI.CAdES.detached" in report  # PAdES


def test_a_changed_byte_makes_pdfsig_reject_it(approved_case, tmp_path):
    path = tmp_path / "tampered.pdf"
    path.write_bytes(flip_one_byte(get_decision(approved_case).read()))
    report = pdfsig(path)
    assert "Signature #1" in report
    assert VALID not in report
    assert "Digest Mismatch" in report or "Invalid" in report


def test_document_says_what_was_decided_with_a_masked_name(approved_case):
    reader = PdfFileReader(BytesIO(get_decision(approved_case).read()))
    info = reader.trailer["/Info"]
    assert approved_case.receipt_number in str(info["/Keywords"])
    assert str(info["/Title"]).startswith("审批结果通知书")
    [entry] = [e for e in chain_of(approved_case) if e["transition"] == "approve"]
    # the file is dated by the decision, not by reportlab's 2000-01-01
    created = county_moment(datetime.fromisoformat(entry["time"]))
    assert str(info["/CreationDate"]) == pdf_date(created)
    assert str(info["/CreationDate"]).endswith("+08'00'")  # Beijing time, said so
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=get_decision(approved_case).read(), capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "审批结果通知书" in text
    assert "准予批准" in text
    assert "董*山" in text
    assert "董金山" not in text  # only the masked name is printed
    assert "高龄津贴申领" in text and "肃宁县民政局" in text


def test_rejection_gives_the_reason_and_completion_countersigns(township_review, tmp_path):
    step(township_review, "reject", "reviewer-liangcun", "不符合高龄津贴申领年龄条件")
    document = get_decision(township_review)
    assert document.decision == "reject"
    text = subprocess.run(["pdftotext", "-", "-"], input=document.read(), capture_output=True, check=True).stdout
    assert "不予批准决定书" in text.decode("utf-8")
    assert "不符合高龄津贴申领年龄条件" in text.decode("utf-8")
    step(township_review, "complete", "agent-houfeng", "已告知申请人")
    assert len(document.digests) == 2
    data = document.read()
    path = tmp_path / "rejection.pdf"
    path.write_bytes(data)
    report = pdfsig(path)
    assert report.count(VALID) == 2, report
    assert "李志强" in report and "琚凤双" in report
    result = verify_pdf(data)
    assert [signature.name for signature in result.signatures] == ["李志强", "琚凤双"]
    assert result.all_valid
    assert result.issued_by_portal


def test_pyhanko_trusts_it_against_our_authority_only(approved_case):
    result = verify_pdf(get_decision(approved_case).read())
    [signature] = result.signatures
    assert signature.intact and signature.valid and signature.trusted and not signature.revoked
    assert signature.organisation == "肃宁县民政局"
    assert result.receipt_number == approved_case.receipt_number
    tampered = verify_pdf(flip_one_byte(get_decision(approved_case).read()))
    assert not tampered.all_valid
    assert not tampered.issued_by_portal


def test_decision_pdf_view_and_no_document_before_a_decision(approved_case, township_review, web_request):
    from zExceptions import NotFound

    with api.env.adopt_user(username="approver-minzheng"):
        data = approved_case.restrictedTraverse("@@decision.pdf")()
    assert data == get_decision(approved_case).read()
    assert web_request.response.getHeader("Content-Type") == "application/pdf"
    assert "no-store" in web_request.response.getHeader("Cache-Control")
    with pytest.raises(NotFound), api.env.adopt_user(username="agent-houfeng"):
        township_review.restrictedTraverse("@@decision.pdf")()


def test_village_decision_is_signed_by_the_agent(portal, tmp_path):
    from tests.cases import complete_materials
    from tests.cases import new_case

    item = next(b.getObject() for b in api.content.find(portal_type="ServiceItem", approve_tier="village"))
    case = new_case(portal, item.getId())
    complete_materials(case)
    step(case, "accept", "agent-houfeng")
    step(case, "approve", "agent-houfeng")
    path = tmp_path / "village.pdf"
    path.write_bytes(get_decision(case).read())
    assert VALID in pdfsig(path)


def test_the_signature_fits_its_reserved_room_with_margin(approved_case):
    """The room is fixed (no trial signature): the real container must stay well inside it."""
    from sanji.seals.pades import SIGNATURE_ROOM

    reader = PdfFileReader(BytesIO(get_decision(approved_case).read()))
    [signature] = reader.embedded_signatures
    assert len(signature.signed_data.dump()) * 2 <= SIGNATURE_ROOM // 2


def test_the_decision_prepares_the_completion_field_that_completion_fills(approved_case, tmp_path):
    from tests.seals.test_pades import sig_fields

    document = get_decision(approved_case)
    _page, box = document.completion_place
    expected = [round(float(x), 2) for x in box]
    assert document.completion_field
    decided = sig_fields(document.read())
    assert decided["Completion"] == (False, expected)  # empty, inside the decision's signed revision
    assert decided["Decision"][0]
    step(approved_case, "complete", "approver-minzheng", "已办结")
    completed = document.read()
    assert set(sig_fields(completed)) == {"Decision", "Completion"}
    assert sig_fields(completed)["Completion"] == (True, expected)
    path = tmp_path / "completed.pdf"
    path.write_bytes(completed)
    assert pdfsig(path).count(VALID) == 2


def test_a_document_issued_without_the_completion_field_gets_it_with_the_countersignature(approved_case):
    """Documents from before the decision prepared the field: the completion adds it where it belongs."""
    from sanji.seals.decision import COMPLETION_FIELD
    from sanji.seals.decision import DECISION_FIELD
    from sanji.seals.decision import decision_content
    from sanji.seals.decision import render_decision
    from sanji.seals.opening import unlock_seal
    from sanji.seals.pades import sign_pdf
    from sanji.seals.store import authority_certificate
    from sanji.setuphandlers.seals import demo_seal_pin
    from tests.seals.test_pades import sig_fields

    document = get_decision(approved_case)
    unlocked = unlock_seal("approver-minzheng", demo_seal_pin())
    pdf, layout = render_decision(decision_content(approved_case, chain_of(approved_case), "准予批准"))
    legacy = sign_pdf(
        pdf,
        unlocked,
        authority_certificate=authority_certificate(unlocked.record.authority),
        field_name=DECISION_FIELD,
        place=layout.decision,
        reason="审批决定：准予批准",
        location="肃宁县",
    )
    document.store(legacy, "legacy")
    document.completion_field = False
    assert set(sig_fields(document.read())) == {DECISION_FIELD}
    step(approved_case, "complete", "approver-minzheng", "已办结")
    fields = sig_fields(document.read())
    assert fields[COMPLETION_FIELD] == (True, [round(float(x), 2) for x in layout.completion[1]])
    assert verify_pdf(document.read()).all_valid
