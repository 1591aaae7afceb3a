"""The decision document (审批结果通知书 / 不予批准决定书), signed as PAdES by whoever decided.

On *approve* or *reject* the portal renders the document with reportlab (Chinese, like the
receipt) and signs it with pyHanko using the decider's seal, opened by the PIN of that very step:
a visible signature whose appearance is the decider's red stamp, over the issuing organisation and
the date. The stamps of the tiers that sealed the earlier steps (village acceptance, township
review) are printed beside it. On *complete* (办结) the completer countersigns the same file in an
incremental update, so the first signature stays valid and a second one joins it.

The signed bytes are kept on the application in a blob and served at ``@@decision.pdf``; the
SHA-256 of every version issued is kept too, so that ``@verify`` can tell a document the portal
issued from one that merely carries valid signatures.
"""

import hashlib
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from io import BytesIO

from persistent import Persistent
from persistent.list import PersistentList
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle
from ZODB.blob import Blob
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji.api.receipts import format_receipt_number
from sanji.content.tiers import TIER_TITLES
from sanji.printing import FONT
from sanji.printing import a4_document
from sanji.printing import chinese_day
from sanji.printing import paragraph
from sanji.seals.pades import sign_pdf
from sanji.seals.stamp import stamp_png
from sanji.workflow.definition import transition_title

_ATTRIBUTE = "_sanji_decision"
DECISIONS = ("approve", "reject")
DECISION_FIELD = "Decision"
COMPLETION_FIELD = "Completion"

TITLES = {"approve": "审批结果通知书", "reject": "不予批准决定书"}

_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=28, alignment=1, spaceAfter=2 * mm)
_NUMBER = ParagraphStyle("number", fontName=FONT, fontSize=10.5, leading=15, alignment=1, spaceAfter=5 * mm)
_TEXT = ParagraphStyle("text", fontName=FONT, fontSize=11.5, leading=20, firstLineIndent=23)
_PLAIN = ParagraphStyle("plain", fontName=FONT, fontSize=11.5, leading=20)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=13)
_HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=17, spaceBefore=3 * mm, spaceAfter=2 * mm)
_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444"))

DECISION_STAMP = 40 * mm
COMPLETION_STAMP = 32 * mm
TIER_STAMP = 28 * mm


@dataclass(frozen=True)
class Mark:
    """One seal shown on the document: who sealed which step, for which organisation, when."""

    organisation: str
    name: str
    tier: str
    step: str
    time: datetime  # aware, in the county's time zone


@dataclass(frozen=True)
class DecisionContent:
    """What the document says; only the masked name of the applicant."""

    decision: str
    receipt_number: str
    item_title: str
    item_code: str
    department: str
    applicant_masked: str
    station: str
    accepted_at: datetime | None
    decider: Mark
    reason: str = ""
    steps: list[Mark] = field(default_factory=list)
    stamps: list[Mark] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Where the signature fields go: page index and box (x1, y1, x2, y2) in PDF points."""

    decision: tuple[int, tuple[float, float, float, float]]
    completion: tuple[int, tuple[float, float, float, float]]


def _moment(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


def _para(text: str, style: ParagraphStyle = _CELL) -> Paragraph:
    return paragraph(text, style)


class SealArea(Flowable):
    """The foot of the document: earlier tiers' stamps, the completion box and the decision's place.

    Draws what is printed, and records where on the page the two signature fields must go, which
    only reportlab knows once it has laid the page out.
    """

    def __init__(self, width: float, content: DecisionContent):
        super().__init__()
        self.width = width
        self.height = DECISION_STAMP + 14 * mm
        self.content = content
        self.boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = {}

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def _box(self, name: str, x: float, y: float, side: float) -> None:
        left, bottom = self.canv.absolutePosition(x, y)
        self.boxes[name] = (self.canv.getPageNumber() - 1, (left, bottom, left + side, bottom + side))

    def draw(self):
        canvas = self.canv
        x = 0.0
        for mark in self.content.stamps[:3]:
            image = ImageReader(BytesIO(stamp_png(mark.organisation, mark.name)))
            canvas.drawImage(image, x, 10 * mm, TIER_STAMP, TIER_STAMP, mask="auto")
            canvas.setFont(FONT, 8)
            canvas.drawCentredString(x + TIER_STAMP / 2, 6 * mm, f"{mark.tier}  {mark.name}")
            canvas.drawCentredString(x + TIER_STAMP / 2, 2 * mm, _moment(mark.time))
            x += TIER_STAMP + 4 * mm
        completion_x = self.width - DECISION_STAMP - COMPLETION_STAMP - 12 * mm
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(completion_x + COMPLETION_STAMP / 2, 6 * mm, "办结确认（电子签章）")
        self._box("completion", completion_x, 10 * mm, COMPLETION_STAMP)
        right = self.width
        canvas.setFont(FONT, 11.5)
        canvas.drawRightString(right, 22 * mm, self.content.decider.organisation)
        canvas.drawRightString(right, 15 * mm, chinese_day(self.content.decider.time))
        self._box("decision", right - DECISION_STAMP - 2 * mm, 4 * mm, DECISION_STAMP)


def _body(content: DecisionContent) -> list:
    number = format_receipt_number(content.receipt_number)
    accepted = f"于{chinese_day(content.accepted_at)}" if content.accepted_at else ""
    opening = f"你{accepted}在{content.station}提出的“{content.item_title}”申请（受理编号 {number}），"
    if content.decision == "approve":
        return [
            _para(f"{content.applicant_masked}：", _PLAIN),
            _para(opening + "经审查，符合规定条件，决定准予批准。", _TEXT),
        ]
    return [
        _para(f"{content.applicant_masked}：", _PLAIN),
        _para(opening + "经审查，决定不予批准。", _TEXT),
        _para(f"理由：{content.reason or '（未说明）'}", _TEXT),
        _para(
            "如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
            _TEXT,
        ),
    ]


def _details(content: DecisionContent, width: float) -> Table:
    rows = [
        ["事项名称", _para(content.item_title)],
        ["事项编码", content.item_code],
        ["承办部门", _para(content.department)],
        ["受理编号", format_receipt_number(content.receipt_number)],
        ["申请人", content.applicant_masked],
        ["决定", "准予批准" if content.decision == "approve" else "不予批准"],
        ["决定日期", chinese_day(content.decider.time)],
    ]
    table = Table(rows, colWidths=[width * 0.2, width * 0.8])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _steps(content: DecisionContent, width: float) -> Table:
    rows: list[list] = [["序号", "环节", "层级", "单位", "经办人", "时间"]]
    for number, mark in enumerate(content.steps, start=1):
        rows.append([str(number), _para(mark.step), mark.tier, _para(mark.organisation), mark.name, _moment(mark.time)])
    table = Table(rows, colWidths=[w * width for w in (0.07, 0.17, 0.09, 0.35, 0.12, 0.2)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_decision(content: DecisionContent) -> tuple[bytes, Layout]:
    """The unsigned document and where its signature fields go.

    :raises ValueError: for a decision other than approve or reject, or an unmasked name.
    """
    if content.decision not in DECISIONS:
        raise ValueError(f"Not a decision: {content.decision}")
    if len(content.applicant_masked) > 1 and "*" not in content.applicant_masked:
        raise ValueError("The decision prints only a masked name, such as 张*明")
    buffer = BytesIO()
    title = TITLES[content.decision]
    doc = a4_document(
        buffer,
        margins=(20, 20, 18, 16),
        title=f"{title} {content.receipt_number}",
        author=content.decider.organisation,
        subject=content.item_title,
        keywords=[f"receipt:{content.receipt_number}", f"decision:{content.decision}"],
        creator="Sanji",
        created=content.decider.time,
    )
    width = A4[0] - 40 * mm
    area = SealArea(width, content)
    story = [
        _para(title, _TITLE),
        _para(f"编号：{format_receipt_number(content.receipt_number)}", _NUMBER),
        *_body(content),
        Spacer(1, 3 * mm),
        _details(content, width),
        _para("办理经过（各环节均已加盖电子签章）", _HEADING),
        _steps(content, width),
        Spacer(1, 4 * mm),
        _para(
            "本文书附有电子签章（数字签名），可在门户网站“签章验证”页面上传本文件或输入受理编号核验真伪。",
            _SMALL,
        ),
        Spacer(1, 6 * mm),
        area,
    ]
    doc.build(story)
    return buffer.getvalue(), Layout(area.boxes["decision"], area.boxes["completion"])


# --- on the application ---------------------------------------------------------------------------


class DecisionDocument(Persistent):
    """The signed document of a case, every version's digest, and where the completion goes."""

    #: Whether the decision's signature added the completion's signature field, empty. Documents issued
    #: before it did get the field with the countersignature.
    completion_field = False

    def __init__(self, decision: str, completion_place, completion_field: bool = True):
        self.decision = decision
        self.completion_place = completion_place
        self.completion_field = completion_field
        self.blob = Blob()
        self.digests = PersistentList()
        self.signers = PersistentList()
        self.size = 0

    def store(self, data: bytes, serial: str) -> None:
        with self.blob.open("w") as handle:
            handle.write(data)
        self.size = len(data)
        self.digests.append(hashlib.sha256(data).hexdigest())
        self.signers.append(serial)

    def read(self) -> bytes:
        with self.blob.open("r") as handle:
            return handle.read()


def get_decision(application) -> DecisionDocument | None:
    return getattr(application, _ATTRIBUTE, None)


def decision_filename(application, document: DecisionDocument) -> str:
    return f"{TITLES[document.decision]}-{application.receipt_number}.pdf"


def _zh(message) -> str:
    return translate(message, target_language="zh_CN")


def _step_title(transition: str) -> str:
    return _zh(Message(transition_title(transition), domain="sanji"))


def marks(entries: list[dict]) -> list[Mark]:
    from sanji.receipts.view import county_moment

    return [
        Mark(
            organisation=entry["organisation"],
            name=entry["name"],
            tier=_zh(TIER_TITLES[entry["tier"]]) if entry["tier"] in TIER_TITLES else "",
            step=_step_title(entry["transition"]),
            time=county_moment(datetime.fromisoformat(entry["time"])),
        )
        for entry in entries
    ]


def decision_content(application, entries: list[dict], reason: str) -> DecisionContent:
    """What the document of ``application`` says, its last entry being the decision."""
    from Acquisition import aq_parent

    from sanji.receipts.view import county_time
    from sanji.receipts.view import department_title
    from sanji.receipts.view import masked_applicant

    steps = marks(entries)
    decider = steps[-1]
    earlier: dict[str, Mark] = {}
    for mark in steps[:-1]:  # the latest stamp of every other organisation, lowest tier first
        if mark.organisation != decider.organisation:
            earlier.pop(mark.organisation, None)
            earlier[mark.organisation] = mark
    area = aq_parent(application)
    return DecisionContent(
        decision=entries[-1]["transition"],
        receipt_number=application.receipt_number,
        item_title=application.item_title,
        item_code=application.item_code,
        department=department_title(application),
        applicant_masked=masked_applicant(application),
        station=getattr(area, "station_name", None) or area.Title(),
        accepted_at=county_time(application.accepted_at) if application.accepted_at else None,
        decider=decider,
        reason=reason,
        steps=steps,
        stamps=list(earlier.values()),
    )


def on_sealed_step(application, unlocked, entry: dict, comment: str) -> None:
    """Issue the document on a decision; countersign it on completion."""
    from sanji.seals.chain import chain
    from sanji.seals.store import audit
    from sanji.seals.store import authority_certificate
    from sanji.seals.store import county_title

    transition = entry["transition"]
    authority = authority_certificate(unlocked.record.authority)
    if transition in DECISIONS:
        content = decision_content(application, chain(application), comment)
        pdf, layout = render_decision(content)
        reason = "审批决定：准予批准" if transition == "approve" else "审批决定：不予批准"
        signed = sign_pdf(
            pdf,
            unlocked,
            authority_certificate=authority,
            field_name=DECISION_FIELD,
            place=layout.decision,
            reason=reason,
            location=county_title(),
            empty_fields=[(COMPLETION_FIELD, layout.completion)],
        )
        document = DecisionDocument(transition, layout.completion)
        document.store(signed, entry["serial"])
        setattr(application, _ATTRIBUTE, document)
        audit("seal.decision", application, serial=entry["serial"], decision=transition)
    elif transition == "complete":
        document = get_decision(application)
        if document is None:
            return
        signed = sign_pdf(
            document.read(),
            unlocked,
            authority_certificate=authority,
            field_name=COMPLETION_FIELD,
            place=None if document.completion_field else document.completion_place,
            reason="办结确认",
            location=county_title(),
        )
        document.store(signed, entry["serial"])
        audit("seal.decision", application, serial=entry["serial"], decision="complete")
