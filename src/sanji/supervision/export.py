"""The dashboard's table as CSV (UTF-8 with a BOM, so Excel opens the Chinese right) and as XLSX.

Both carry the same columns as the page, from the same :class:`sanji.supervision.figures.Figures`,
with rates as numbers (0.875), not text, so a spreadsheet can compute with them.
"""

import csv
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

from sanji import _
from sanji.supervision.figures import MEASURES
from sanji.supervision.figures import Figures
from sanji.supervision.figures import Row

COLUMNS = (
    ("label", _("supervision_column_group", default="Group")),
    ("accepted", _("supervision_measure_accepted", default="Accepted")),
    ("in_progress", _("supervision_measure_in_progress", default="In progress")),
    ("completed", _("supervision_measure_completed", default="Completed")),
    ("on_time", _("supervision_measure_on_time", default="On time")),
    ("rate:on_time", _("supervision_rate_on_time", default="On-time rate")),
    ("yellow", _("supervision_measure_yellow", default="Yellow cards")),
    ("red", _("supervision_measure_red", default="Red cards")),
    ("returned", _("supervision_measure_returned", default="Returned")),
    ("rejected", _("supervision_measure_rejected", default="Rejected")),
    ("rate:settled_in_village", _("supervision_rate_settled_in_village", default="Settled in the village")),
    ("rate:settled_in_township", _("supervision_rate_settled_in_township", default="Settled in the township")),
    ("median_days", _("supervision_column_median_days", default="Median working days")),
    ("p90_days", _("supervision_column_p90_days", default="90th percentile working days")),
)


def _value(row: Row, column: str, total_label: str):
    if column == "label":
        return row.label or total_label
    if column.startswith("rate:"):
        rate = row.rates()[column.split(":", 1)[1]]
        return round(rate, 4) if rate is not None else None
    if column in MEASURES:
        return row.counts[column]
    return getattr(row, column)


def table(figures: Figures, translate: Callable) -> tuple[list[str], list[list]]:
    """Header and rows (the total last), texts translated with ``translate``."""
    total_label = translate(_("label_supervision_total", default="Total"))
    header = [translate(title) for _name, title in COLUMNS]
    rows = [[_value(row, name, total_label) for name, _title in COLUMNS] for row in (*figures.rows, figures.total)]
    return header, rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for position, (name, _title) in enumerate(COLUMNS, start=1):
        if name.startswith("rate:"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
