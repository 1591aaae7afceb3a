"""The acceptance receipt (受理回执) a village agent prints and hands to the citizen.

It is the citizen's proof that the application was accepted, what was seen and captured, and by when
it will be done; and it tells how to follow it without coming back (portal, SMS). The receipt number is
printed large in groups of four so that it can be read aloud over the phone.

It leaves the station in the citizen's pocket, so it carries no personal data but the masked name:
no ID number, no phone number, no address.
"""

from datetime import date
from datetime import datetime
from io import BytesIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from sanji.api.receipts import format_receipt_number
from sanji.forms.blank_form import MATERIAL_FORM_LABELS
from sanji.printing import FONT
from sanji.printing import a4_document
from sanji.printing import chinese_day
from sanji.printing import paragraph

#: A masked name shows at least one of these in place of characters (张*明, see sanji.api.masking).
MASK_CHARACTERS = "*＊"
NUMBER_FONT = "Courier-Bold"
QR_SIZE = 30 * mm

_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=26, alignment=1, spaceAfter=3 * mm)
_LABEL = ParagraphStyle("label", fontName=FONT, fontSize=10.5, leading=15, alignment=1)
_NUMBER = ParagraphStyle("number", fontName=NUMBER_FONT, fontSize=22, leading=28, alignment=1)
_TEXT = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=15)
_HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=17, spaceBefore=2 * mm, spaceAfter=2 * mm)
_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=13, textColor=colors.HexColor("#444444"))

YES = "√"
NO = "—"


def _moment(value: datetime) -> str:
    return f"{chinese_day(value)} {value.hour:02d}:{value.minute:02d}"


def _para(text: str, style: ParagraphStyle = _TEXT) -> Paragraph:
    return paragraph(text, style)


def _table(rows: list[list], widths: list[float], *, header: bool) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    shaded = (0, 0), ((-1, 0) if header else (0, -1))
    commands.append(("BACKGROUND", *shaded, colors.HexColor("#f2f2f2")))
    if header:
        commands.append(("ALIGN", (0, 0), (-1, -1), "CENTER"))
        commands.append(("ALIGN", (1, 1), (1, -1), "LEFT"))
    table.setStyle(TableStyle(commands))
    return table


def _qr_code(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _material_rows(materials: list[dict]) -> list[list]:
    rows: list[list] = [["序号", "材料名称", "形式", "份数", "已核验原件", "已高拍"]]
    for number, material in enumerate(materials, start=1):
        pages = int(material.get("pages", 0))
        rows.append(
            [
                str(number),
                _para(material["name"]),
                MATERIAL_FORM_LABELS.get(material.get("form", ""), ""),
                str(material.get("count", 1)),
                YES if material.get("seen") else NO,
                f"{YES} {pages}页" if pages > 0 else NO,
            ]
        )
    return rows


def render_receipt(
    *,
    receipt_number: str,
    item_title: str,
    item_code: str,
    department: str,
    applicant_name_masked: str,
    accepted_at: datetime,
    deadline: date,
    station: str,
    agent: str,
    materials: list[dict],
    track_url: str,
) -> bytes:
    """Render one receipt on A4 and return the PDF bytes (identical bytes for identical arguments).

    :param accepted_at: printed as given, so pass it in the county's time zone (Asia/Shanghai).
    :param materials: dicts with ``name``, ``form`` (original, copy, original_and_copy), ``count``,
        ``seen`` (the agent saw the original) and ``pages`` (pages captured by the document camera).
    :raises ValueError: when a name of two or more characters shows no mask: a full name is never printed.
    """
    if len(applicant_name_masked) > 1 and not any(mask in applicant_name_masked for mask in MASK_CHARACTERS):
        raise ValueError("The receipt prints only a masked name, such as 张*明")
    number = "".join(receipt_number.split())
    buffer = BytesIO()
    doc = a4_document(buffer, title=f"受理回执 {number}", author=station, subject=item_code, created=accepted_at)
    width = A4[0] - 36 * mm
    details = [
        ["事项名称", _para(item_title)],
        ["事项编码", item_code],
        ["承办部门", _para(department)],
        ["申请人", applicant_name_masked],
        ["受理站点", _para(station)],
        ["代办员", agent],
        ["受理时间", _moment(accepted_at)],
        ["承诺办结日期", chinese_day(deadline)],
    ]
    follow = [
        _para("1. 凭受理编号和手机号后四位在门户网站查询办理进度："),
        _para(track_url),
        Spacer(1, 2 * mm),
        _para(f"2. 发送短信 CX+受理编号（即 CX{number}）查询。"),
    ]
    qr_cell = [_qr_code(track_url), _para("扫码查询进度", _LABEL)]
    follow_table = Table([[follow, qr_cell]], colWidths=[width - QR_SIZE - 6 * mm, QR_SIZE + 6 * mm])
    follow_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        _para("受理回执", _TITLE),
        _para("受理编号", _LABEL),
        _para(format_receipt_number(number), _NUMBER),
        Spacer(1, 4 * mm),
        _table(details, [width * 0.22, width * 0.78], header=False),
        _para("已收材料", _HEADING),
        _table(
            _material_rows(materials),
            [w * width for w in (0.07, 0.41, 0.16, 0.08, 0.14, 0.14)],
            header=True,
        ),
        _para("查询办理进度", _HEADING),
        follow_table,
        Spacer(1, 8 * mm),
        _para("申请人已核对以上内容。"),
        Spacer(1, 6 * mm),
        _para("申请人（签字/按手印）：____________　　日期：____年__月__日"),
        Spacer(1, 6 * mm),
        _para("请妥善保管本回执，查询和领取办理结果时出示。", _SMALL),
    ]
    doc.build(story)
    return buffer.getvalue()
