"""The period's rankings as an XLSX workbook: one sheet per tier's people, one per tier's stations."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from zope.i18n import translate

from sanji import _
from sanji.assessment.labels import labelled
from sanji.assessment.ranking import PEOPLE
from sanji.assessment.ranking import STATIONS
from sanji.assessment.ranking import scores
from sanji.assessment.staff import ASSESSED_TIERS
from sanji.content.tiers import TIER_TITLES

#: Column heading → how to read the value from a labelled row.
COLUMNS = (
    (_("column_rank", default="Rank"), lambda row: row["rank"]),
    (_("column_name", default="Name"), lambda row: row["name"]),
    (_("column_user_id", default="User id"), lambda row: row["key"] if row["kind"] == PEOPLE else None),
    (_("column_station", default="Station"), lambda row: row["station_title"]),
    (_("column_handled", default="Handled"), lambda row: row["counts"]["handled"]),
    (_("column_on_time_rate", default="On time (%)"), lambda row: _percent(row["on_time_rate"])),
    (_("column_average_days", default="Working days per step"), lambda row: row["average_days"]),
    (_("column_yellow", default="Yellow cards"), lambda row: row["counts"]["yellow"]),
    (_("column_red", default="Red cards"), lambda row: row["counts"]["red"]),
    (_("column_returns", default="Returns caused"), lambda row: row["counts"]["returns"]),
    (_("column_overturned", default="Rejections overturned"), lambda row: row["counts"]["overturned"]),
    (_("column_complaints", default="Complaints"), lambda row: row["counts"]["complaints"]),
    (_("column_automatic", default="Automatic score"), lambda row: row["automatic"]),
    (_("column_manual", default="Manual score"), lambda row: row["manual"]),
    (_("column_combined", default="Combined score"), lambda row: row["combined"]),
)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 2)


def _sheet_title(request, tier: str, kind: str) -> str:
    tier_title = translate(TIER_TITLES[tier], context=request)
    suffix = _("sheet_stations", default="stations") if kind == STATIONS else _("sheet_staff", default="staff")
    return f"{tier_title} {translate(suffix, context=request)}"[:31]


def workbook(period: str, request) -> bytes:
    """The XLSX bytes of ``period``'s rankings, headings translated for ``request``."""
    data = scores(period)
    book = Workbook()
    book.remove(book.active)
    for kind in (PEOPLE, STATIONS):
        for tier in ASSESSED_TIERS:
            sheet = book.create_sheet(_sheet_title(request, tier, kind))
            sheet.append([translate(heading, context=request) for heading, _read in COLUMNS])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in labelled(data[kind].get(tier, []), kind):
                sheet.append([read({**row, "kind": kind}) for _heading, read in COLUMNS])
            sheet.freeze_panes = "A2"
    book.properties.title = period
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
