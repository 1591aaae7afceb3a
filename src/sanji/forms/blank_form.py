"""The printable blank form (空白申请表) of a service item, as a PDF.

Villagers download it from the portal, print it and fill it by hand (表单化). It asks the same
questions as the online form and lists the materials to bring.

Chinese text uses reportlab's built-in Adobe CID font STSong-Light, so no font file has to ship.
"""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from sanji.forms.fields import FormField
from sanji.printing import FONT
from sanji.printing import a4_document

_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=1, spaceAfter=4 * mm)
_TEXT = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=15)
_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=13, textColor=colors.HexColor("#444444"))

MATERIAL_FORM_LABELS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _answer_space(form_field: FormField) -> str:
    if form_field.type == "choice":
        return "   ".join(f"□ {choice}" for choice in form_field.choices)
    if form_field.type == "date":
        return "        年      月      日"
    return ""


def render_blank_form(
    *,
    title: str,
    item_code: str,
    department: str,
    fields: tuple[FormField, ...],
    materials: list[dict],
) -> bytes:
    """Render the blank form of one item and return the PDF bytes."""
    buffer = BytesIO()
    doc = a4_document(buffer, title=f"{title}申请表", author=department, subject=item_code)
    width = A4[0] - 36 * mm
    story = [
        Paragraph(f"{title}申请表", _TITLE),
        Paragraph(f"事项编码：{item_code}　　承办部门：{department}", _SMALL),
        Spacer(1, 3 * mm),
    ]
    rows = []
    for form_field in fields:
        label = form_field.title + ("" if form_field.required else "（选填）")
        answer = Paragraph(_answer_space(form_field), _TEXT)
        rows.append([Paragraph(label, _TEXT), answer])
        if form_field.type == "textarea":
            rows.append(["", ""])
    story.append(_grid(rows, [width * 0.3, width * 0.7]))
    story += [Spacer(1, 5 * mm), Paragraph("申请材料（请携带原件，由代办员高拍留存）", _TEXT), Spacer(1, 2 * mm)]
    material_rows = [["序号", "材料名称", "形式", "份数", "核验"]]
    for number, material in enumerate(materials, start=1):
        material_rows.append(
            [
                str(number),
                Paragraph(material["name"] + ("" if material.get("required", True) else "（如适用）"), _TEXT),
                MATERIAL_FORM_LABELS.get(material.get("form", ""), ""),
                str(material.get("count", 1)),
                "□",
            ]
        )
    story.append(_grid(material_rows, [width * 0.08, width * 0.5, width * 0.18, width * 0.1, width * 0.14]))
    story += [
        Spacer(1, 8 * mm),
        Paragraph("本人承诺以上所填内容及所提交材料真实有效。", _TEXT),
        Spacer(1, 6 * mm),
        Paragraph("申请人（签字/按手印）：____________　　代办员：____________　　日期：____年__月__日", _TEXT),
        Spacer(1, 6 * mm),
        Paragraph("本表可在村级便民服务站免费领取，也可从政府门户网站“网上办事”栏目下载打印。", _SMALL),
    ]
    doc.build(story)
    return buffer.getvalue()
