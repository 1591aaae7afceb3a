"""``@@supervision-dashboard`` on the hand-computed scenario: the page, its exports, bad filters."""

import csv
import io

import pytest
from openpyxl import load_workbook
from plone import api
from zope.interface import alsoProvides

from sanji.interfaces import ISanjiLayer
from tests.supervision import scenario

MARCH = {"period": "month", "month": "2025-03"}


@pytest.fixture
def cases(portal):
    return scenario.build(portal)


@pytest.fixture
def dashboard(portal):
    """``dashboard(**form)``: the view's answer and status, as the supervisor."""
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "zh-cn"

    def render(**form):
        request.form.clear()
        request.form.update(form)
        request.response.setStatus(200)
        with api.env.adopt_user(username="supervisor"):
            body = portal.restrictedTraverse("@@supervision-dashboard")()
        return body, request.response.getStatus()

    return render


def test_page_shows_the_figures_and_the_red_cards(cases, dashboard):
    body, status = dashboard(**MARCH)
    assert status == 200
    assert "87.5%" in body  # on time: 7 of 8
    assert "25.0%" in body and "50.0%" in body  # settled in the village, in the township
    assert cases["c5"].receipt_number in body  # open with a red card
    assert cases["c3"].receipt_number not in body  # red, but completed since
    assert "group_by=item" in body and "department=" in body  # drill-down to the department's items
    assert "export=xlsx" in body and "export=csv" in body


def test_csv_export_opens_in_excel(cases, dashboard, portal):
    data, status = dashboard(**MARCH, group_by="item", export="csv")
    assert status == 200
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 3 + 1  # header, three items, total
    by_label = {row[0]: row for row in rows[1:]}
    gaoling = by_label[portal.services[scenario.GAOLING].title]
    assert gaoling[1:4] == ["6", "2", "4"]  # accepted, in progress, completed
    assert rows[-1][1:10] == ["10", "2", "8", "7", "0.875", "3", "2", "1", "1"]
    assert rows[-1][-2:] == ["2", "7"]  # median, P90


def test_xlsx_export_has_the_same_table(cases, dashboard):
    data, status = dashboard(**MARCH, export="xlsx")
    assert status == 200
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    total = values[-1]
    assert total[1:10] == (10, 2, 8, 7, 0.875, 3, 2, 1, 1)
    assert total[10:] == (0.25, 0.5, 2, 7)
    assert sheet.cell(row=len(values), column=6).number_format == "0.0%"


@pytest.mark.parametrize(
    "form",
    [
        {"period": "decade"},
        {"period": "month", "month": "2025-13"},
        {"period": "quarter", "quarter": "2025-Q5"},
        {"period": "year", "year": "20x5"},
        {"period": "custom", "start": "2025-03-31", "end": "2025-03-01"},
        {"period": "custom", "start": "yesterday", "end": "2025-03-01"},
        {"period": "custom", "start": "2020-01-01", "end": "2025-03-01"},
        {"department": "no-such-department"},
        {"township": "<script>"},
        {"group_by": "applicant"},
        {"export": "pdf"},
    ],
)
def test_bad_filters_say_what_is_wrong(portal, dashboard, form):
    body, status = dashboard(**form)
    assert status == 400
    assert "sanji-filter-error" in body
    assert "<script>" not in body


def test_red_list_says_how_many_are_left_out(cases, portal, dashboard, monkeypatch):
    from datetime import date

    from sanji.supervision.cards import sweep_cards
    from sanji.supervision.dashboard import DashboardView
    from tests.supervision.conftest import accepted_case

    body, _status = dashboard(**MARCH)
    assert "sanji-red-total" not in body
    another = accepted_case(portal, "2025-03-04", address="后丰村50号")  # due 10 March
    sweep_cards(portal, date(2025, 3, 11))
    assert another.card == "red"
    monkeypatch.setattr(DashboardView, "red_limit", 1)
    body, _status = dashboard(**MARCH)
    assert "sanji-red-total" in body
    assert cases["c5"].receipt_number in body  # due 7 March, the most overdue
    assert another.receipt_number not in body
