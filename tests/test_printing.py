"""What printed documents share: PDF dates, and files dated by what they record, not 2000-01-01."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.platypus import Paragraph

from sanji.printing import a4_document
from sanji.printing import pdf_date

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 28, 10, 5, tzinfo=BEIJING), "D:20261128100500+08'00'"),
        (datetime(2026, 11, 28, 2, 5, 9, tzinfo=UTC), "D:20261128020509+00'00'"),
        (datetime(2026, 1, 2, 3, 4, tzinfo=timezone(-timedelta(hours=3, minutes=30))), "D:20260102030400-03'30'"),
        (datetime(2026, 11, 28, 10, 5), "D:20261128100500"),  # naive: relation to UT unknown
    ],
)
def test_pdf_date(moment, expected):
    assert pdf_date(moment) == expected


def info_of(created) -> dict:
    buffer = BytesIO()
    document = a4_document(buffer, title="受理回执", author="后丰村便民服务站", subject="MZ-001", created=created)
    document.build([Paragraph("受理回执")])
    info = PdfFileReader(BytesIO(buffer.getvalue())).trailer["/Info"]
    return {key: str(value) for key, value in info.items()}


def test_a_document_is_dated_by_what_it_records_and_stays_reproducible():
    moment = datetime(2026, 11, 28, 10, 5, tzinfo=BEIJING)
    info = info_of(moment)
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261128100500+08'00'"
    assert info == info_of(moment)  # the same moment, the same file
    assert info_of(None)["/CreationDate"].startswith("D:2000")  # reportlab's invariant date, without one
