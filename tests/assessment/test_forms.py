"""The control panel refuses bad weights; the manual and incident forms record, and refuse with a message."""

import pytest
from plone import api
from zope.interface import alsoProvides

from sanji.assessment.closing import close_period
from sanji.assessment.ledger import get_period
from sanji.assessment.scoring import Weights
from sanji.assessment.settings import current_weights
from sanji.interfaces import ISanjiLayer
from tests.assessment.conftest import at
from tests.assessment.conftest import counts

MARCH = "2025-03"
WEIGHTS = {
    "weight_handled": "30",
    "weight_on_time": "50",
    "weight_speed": "20",
    "points_yellow": "2",
    "points_red": "5",
    "points_return": "3",
    "points_overturned": "5",
    "points_complaint": "5",
    "share_automatic": "70",
    "share_manual": "30",
}


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    return request


def submit(portal, request, view: str, values: dict, user: str = "manager") -> str:
    request.form.update({f"form.widgets.{name}": value for name, value in values.items()})
    request.form["form.buttons.save"] = "Save"
    with api.env.adopt_user(username=user):
        return portal.restrictedTraverse(view)()


def form_errors(html: str) -> list[str]:
    """The messages z3c.form shows on top of the form and on fields (in Chinese: the site's language)."""
    import re

    return [" ".join(text.split()) for text in re.findall(r'class="invalid-feedback"\s*>(.*?)</div>', html, re.S)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"weight_handled": "40"}, "权重之和必须为 100%，当前为 110%"),  # indicators 40 + 50 + 20
        ({"share_manual": "40"}, "比例之和必须为 100%，当前为 110%"),  # shares 70 + 40
        ({"weight_handled": "60", "weight_speed": "-10"}, "不能为负数：办理速度权重（%）"),
        ({"points_red": "-5"}, "不能为负数：每张红牌扣分"),
    ],
)
def test_control_panel_refuses_bad_weights_with_a_message(portal, request_, changes, expected):
    html = submit(portal, request_, "@@sanji-assessment-controlpanel", {**WEIGHTS, **changes})
    assert any(expected in message for message in form_errors(html)), form_errors(html)
    assert current_weights() == Weights()
    assert api.portal.get_registry_record("sanji.assessment.points_red") == 5


def test_control_panel_saves_good_weights(portal, request_):
    submit(
        portal, request_, "@@sanji-assessment-controlpanel", {**WEIGHTS, "weight_handled": "40", "weight_on_time": "40"}
    )
    assert (current_weights().handled, current_weights().on_time, current_weights().speed) == (40, 40, 20)


def test_an_inconsistent_registry_falls_back_to_the_defaults(portal):
    api.portal.set_registry_record("sanji.assessment.weight_handled", 90.0)
    assert current_weights().handled == 30


def test_the_manual_form_records_and_redirects(walked, request_, portal):
    values = {"userid": ["agent-houfeng"], "period": MARCH, "attitude": "90", "guidance": "80", "complaints": "100"}
    submit(portal, request_, "@@assessment-manual", {**values, "comment": "耐心细致"})
    entry = get_period(MARCH).manual["agent-houfeng"]
    assert (entry["attitude"], entry["comment"], entry["by"]) == (90, "耐心细致", "manager")
    assert "@@assessment-person" in request_.response.getHeader("Location")


def test_the_manual_form_refuses_a_closed_period_with_a_message(walked, request_, portal):
    with at("2025-04-01 09:00"):
        close_period(MARCH, by="manager")
    values = {"userid": ["agent-houfeng"], "period": MARCH, "attitude": "90", "guidance": "80", "complaints": "100"}
    html = submit(portal, request_, "@@assessment-manual", values)
    assert "agent-houfeng" not in get_period(MARCH).manual
    assert any("考核期 2025-03 已结束" in message for message in form_errors(html)), form_errors(html)


def test_the_manual_form_refuses_marks_out_of_range(walked, request_, portal):
    values = {"userid": ["agent-houfeng"], "period": MARCH, "attitude": "900", "guidance": "80", "complaints": "100"}
    html = submit(portal, request_, "@@assessment-manual", values)
    assert get_period(MARCH) is None or "agent-houfeng" not in get_period(MARCH).manual
    assert form_errors(html)  # z3c.form's own range message on the field


def test_the_incident_form_records_against_the_person(walked, request_, portal):
    values = {"userid": ["approver-minzheng"], "kind": ["complaint"], "receipt": walked.receipt_number, "period": MARCH}
    submit(portal, request_, "@@assessment-incident", values, user="supervisor")
    assert counts(MARCH, "county", "approver-minzheng")["complaints"] == 1


def test_the_incident_form_refuses_someone_who_did_not_handle_the_case(walked, request_, portal):
    values = {"userid": ["approver-renshe"], "kind": ["complaint"], "receipt": walked.receipt_number, "period": MARCH}
    html = submit(portal, request_, "@@assessment-incident", values, user="supervisor")
    assert counts(MARCH, "county", "approver-renshe") == {}
    assert "未经办此件" in " ".join(form_errors(html))


def test_the_forms_preselect_nobody_and_refuse_no_person(walked, request_, portal):
    """The person list starts on a prompt: a manager cannot save marks for the first name by mistake."""
    with api.env.adopt_user(username="manager"):
        html = portal.restrictedTraverse("@@assessment-manual")()
    assert 'value="--NOVALUE--"' in html
    values = {"userid": ["--NOVALUE--"], "period": MARCH, "attitude": "90", "guidance": "80", "complaints": "100"}
    html = submit(portal, request_, "@@assessment-manual", values)
    assert form_errors(html)
    assert get_period(MARCH) is None or not get_period(MARCH).manual
