"""What every printed document shares: the Chinese font, the A4 page, dates as 年月日.

Blank forms, acceptance receipts and decision documents are all printed and handed to villagers;
they look alike because they are built alike. Chinese text uses reportlab's built-in Adobe CID
font STSong-Light, so no font file has to ship with the package.
"""

from datetime import date
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


def a4_document(
    buffer: BytesIO,
    *,
    title: str,
    author: str,
    subject: str,
    margins: tuple[float, float, float, float] = (18, 18, 16, 16),
    **metadata,
) -> SimpleDocTemplate:
    """An A4 document with margins (left, right, top, bottom) in mm; output is reproducible."""
    left, right, top, bottom = (value * mm for value in margins)
    return SimpleDocTemplate(
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
        **metadata,
    )


def chinese_day(value: date) -> str:
    """2026-11-28 → 2026年11月28日."""
    return f"{value.year}年{value.month}月{value.day}日"


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters typed by people are printed, not interpreted."""
    return Paragraph(escape(text), style)
