"""The acceptance receipt: Chinese text a citizen can read, a number to read aloud, no personal data."""

import subprocess
from datetime import date
from datetime import datetime

import pytest

from sanji.receipts.receipt_pdf import _qr_code
from sanji.receipts.receipt_pdf import render_receipt

TRACK_URL = "https://suning.example.gov.cn/@track"
RECEIPT = {
    "receipt_number": "202506120001",
    "item_title": "高龄津贴申领",
    "item_code": "MZ-001",
    "department": "肃宁县民政局",
    "applicant_name_masked": "张*明",
    "accepted_at": datetime(2025, 6, 12, 9, 30),
    "deadline": date(2025, 6, 30),
    "station": "梁家村便民服务站",
    "agent": "李代办",
    "materials": [
        {"name": "居民身份证", "form": "original_and_copy", "count": 1, "seen": True, "pages": 2},
        {"name": "户口簿 <本人页>", "form": "copy", "count": 1, "seen": False, "pages": 0},
    ],
    "track_url": TRACK_URL,
}


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_receipt(**RECEIPT)


def test_is_a_deterministic_pdf(pdf):
    assert pdf.startswith(b"%PDF-")
    assert render_receipt(**RECEIPT) == pdf


def test_says_what_the_citizen_needs(pdf, tmp_path):
    text = text_of(pdf, tmp_path)
    for expected in (
        "受理回执",
        "2025 0612 0001",
        "高龄津贴申领",
        "MZ-001",
        "肃宁县民政局",
        "梁家村便民服务站",
        "李代办",
        "2025年6月12日 09:30",
        "承诺办结日期",
        "2025年6月30日",
        "已核验原件",
        "已高拍",
        "2页",
        "户口簿 <本人页>",
        "原件及复印件",
        "凭受理编号和手机号后四位在门户网站查询办理进度",
        TRACK_URL,
        "发送短信 CX+受理编号",
        "CX202506120001",
        "申请人（签字/按手印）",
    ):
        assert expected in text, expected


def test_only_the_masked_name(pdf, tmp_path):
    text = text_of(pdf, tmp_path)
    assert "张*明" in text
    assert "张三明" not in text
    with pytest.raises(ValueError):
        render_receipt(**{**RECEIPT, "applicant_name_masked": "张三明"})


def test_masked_as_the_api_masks(tmp_path):
    from sanji.api.masking import mask_name

    for name in ("董金山", "董山", "欧阳娜娜"):
        assert name not in text_of(render_receipt(**{**RECEIPT, "applicant_name_masked": mask_name(name)}), tmp_path)


def test_number_with_spaces_is_printed_once_grouped(tmp_path):
    text = text_of(render_receipt(**{**RECEIPT, "receipt_number": "2026 1128 0483 7291"}), tmp_path)
    assert "2026 1128 0483 7291" in text
    assert "CX2026112804837291" in text


def test_qr_code_holds_the_track_url():
    assert _qr_code(TRACK_URL).contents[0].value == TRACK_URL


def test_many_materials_flow_onto_a_second_page(tmp_path):
    materials = [{"name": f"材料{n}", "form": "copy", "count": 1, "seen": True, "pages": 1} for n in range(40)]
    text = text_of(render_receipt(**{**RECEIPT, "materials": materials}), tmp_path)
    assert "材料39" in text
    assert text.count("\f") >= 2  # pdftotext ends every page with a form feed
    assert text.count("已高拍") >= 2  # the header row repeats


def test_the_file_is_dated_when_the_case_was_accepted(pdf):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    info = PdfFileReader(BytesIO(pdf)).trailer["/Info"]
    assert str(info["/CreationDate"]) == "D:20250612093000"
