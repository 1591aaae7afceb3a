"""What every printed document shares: the Chinese font, the A4 page, dates as 年月日.

Blank forms, acceptance receipts and decision documents are all printed and handed to villagers;
they look alike because they are built alike. Chinese text uses reportlab's built-in Adobe CID
font STSong-Light, so no font file has to ship with the package.
"""

from datetime import date
from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


class A4Document(SimpleDocTemplate):
    """reportlab's document, the file dated when what it records happened.

    Reproducible output (``invariant``) makes reportlab date every file 2000-01-01, which a clerk
    would see in the PDF's properties; a receipt or a decision gives its own moment instead.
    """

    def __init__(self, *args, created: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.created = created

    def beforeDocument(self):
        if self.created is not None:
            stamp = pdf_date(self.created)
            self.canv.setDateFormatter(lambda *_ymdhms: stamp)


def pdf_date(moment: datetime) -> str:
    """A PDF date (ISO 32000 7.9.4): 2026-11-28 10:05 in Beijing → D:20261128100500+08'00'."""
    text = f"D:{moment:%Y%m%d%H%M%S}"
    offset = moment.utcoffset()
    if offset is None:
        return text  # the relation to UT is unknown
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}'{minutes:02d}'"


def a4_document(
    buffer: BytesIO,
    *,
    title: str,
    author: str,
    subject: str,
    created: datetime | None = None,
    margins: tuple[float, float, float, float] = (18, 18, 16, 16),
    **metadata,
) -> A4Document:
    """An A4 document with margins (left, right, top, bottom) in mm; output is reproducible.

    :param created: when what the document records happened: the file's creation date.
    """
    left, right, top, bottom = (value * mm for value in margins)
    return A4Document(
        buffer,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        invariant=True,
        title=title,
        author=author,
        subject=subject,
        created=created,
        **metadata,
    )


def chinese_day(value: date) -> str:
    """2026-11-28 → 2026年11月28日."""
    return f"{value.year}年{value.month}月{value.day}日"


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters typed by people are printed, not interpreted."""
    return Paragraph(escape(text), style)
