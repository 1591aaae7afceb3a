"""``@assessment`` and the pages over real HTTP: managers and supervisors see rankings, staff their own scores."""

import io

import pytest
import requests
import transaction
from openpyxl import load_workbook

from sanji.assessment.closing import close_period
from tests.assessment.conftest import at
from tests.assessment.conftest import session

MARCH = "2025-03"
MARKS = {"attitude": 90, "guidance": 80, "complaints": 100}


@pytest.fixture
def site_url(walked_http, functional_portal) -> str:
    """The live site's URL, once the walked case is committed."""
    return functional_portal.absolute_url()


def api_url(site_url: str) -> str:
    return f"{site_url}/@assessment"


@pytest.fixture
def manager():
    with session("manager") as http:
        yield http


@pytest.fixture
def supervisor():
    with session("supervisor") as http:
        yield http


@pytest.fixture
def village_agent():
    with session("agent-houfeng") as http:
        yield http


@pytest.mark.parametrize("who", ["manager", "supervisor"])
def test_managers_and_supervisors_get_the_ranking(site_url, who, request):
    http = request.getfixturevalue(who)
    response = http.get(api_url(site_url), params={"period": MARCH, "tier": "village"}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["period"], body["tier"], body["kind"], body["closed"]) == (MARCH, "village", "people", False)
    keys = [item["key"] for item in body["items"]]
    assert keys[0] == "agent-houfeng" and "agent-qianfeng" in keys
    first = body["items"][0]
    assert (first["rank"], first["name"], first["counts"]["handled"]) == (1, "琚凤双", 3)
    assert body["weights"]["automatic_share"] == 70
    stations = http.get(api_url(site_url), params={"period": MARCH, "tier": "county", "kind": "stations"}, timeout=30)
    assert stations.json()["items"][0]["key"] == "minzheng"


def test_a_staff_member_gets_her_own_scores_only(site_url, village_agent):
    response = village_agent.get(api_url(site_url), params={"period": MARCH, "tier": "village"}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert [item["key"] for item in body["items"]] == ["agent-houfeng"]
    assert body["items"][0]["counts"]["returns"] == 1
    other = village_agent.get(api_url(site_url), params={"period": MARCH, "userid": "agent-qianfeng"}, timeout=30)
    assert other.status_code == 403
    assert other.json()["error"]["type"] == "Forbidden"
    assert "agent-qianfeng" not in other.text


def test_anonymous_gets_nothing(site_url):
    response = requests.get(
        api_url(site_url), params={"period": MARCH}, headers={"Accept": "application/json"}, timeout=30
    )
    assert response.status_code == 401
    assert "agent-houfeng" not in response.text
    for view in ("@@assessment", "@@assessment-export", "@@my-assessment", "@@assessment-person"):
        page = requests.get(f"{site_url}/{view}", timeout=30, allow_redirects=False)
        assert page.status_code in (302, 401), view
        assert "琚凤双" not in page.text


def test_bad_parameters_are_refused(site_url, manager):
    for params in ({"period": "2025-3"}, {"tier": "province"}, {"kind": "groups"}):
        response = manager.get(api_url(site_url), params=params, timeout=30)
        assert response.status_code == 400, params
        assert response.json()["error"]["message"]


def test_a_manager_posts_manual_marks(site_url, manager):
    response = manager.post(
        api_url(site_url), json={"period": MARCH, "userid": "agent-houfeng", **MARKS, "comment": "耐心"}, timeout=30
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["manual"]["score"] == 90 and body["manual"]["by"] == "manager"
    (row,) = body["items"]
    assert (row["manual"], row["provisional"]) == (90, False)
    assert row["combined"] == round(row["automatic"] * 0.7 + 90 * 0.3, 2)


def test_bad_marks_answer_400_naming_the_field(site_url, manager):
    response = manager.post(
        api_url(site_url), json={"period": MARCH, "userid": "agent-houfeng", **MARKS, "guidance": 120}, timeout=30
    )
    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["field"] == "guidance"
    not_json = manager.post(api_url(site_url), data="attitude=90", timeout=30)
    assert not_json.status_code == 415  # a form, which another site could forge, is never taken
    not_object = manager.post(api_url(site_url), json=["attitude", 90], timeout=30)
    assert not_object.status_code == 400


def test_a_closed_period_answers_409(site_url, manager):
    with at("2025-04-01 09:00"):
        close_period(MARCH, by="manager")
    transaction.commit()
    response = manager.post(api_url(site_url), json={"period": MARCH, "userid": "agent-houfeng", **MARKS}, timeout=30)
    assert response.status_code == 409
    assert response.json()["error"]["type"] == "PeriodClosed"
    assert MARCH in response.json()["error"]["message"]
    assert manager.get(api_url(site_url), params={"period": MARCH}, timeout=30).json()["closed"] is True


@pytest.mark.parametrize("who", ["supervisor", "agent-houfeng"])
def test_only_managers_post_marks(site_url, who):
    with session(who) as http:
        response = http.post(api_url(site_url), json={"period": MARCH, "userid": "agent-qianfeng", **MARKS}, timeout=30)
    assert response.status_code in (401, 403)


def test_ranking_page_and_export_for_a_manager(site_url, manager):
    page = manager.get(f"{site_url}/@@assessment", params={"period": MARCH}, timeout=30)
    assert page.status_code == 200
    assert 'id="sanji-assessment-ranking"' in page.text and "琚凤双" in page.text
    assert 'id="sanji-assessment-close"' in page.text  # March is over: a manager may close it
    export = manager.get(f"{site_url}/@@assessment-export", params={"period": MARCH}, timeout=30)
    assert export.status_code == 200
    assert export.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    assert len(book.sheetnames) == 6
    village = book.worksheets[0]
    rows = list(village.iter_rows(values_only=True))
    assert rows[1][:4] == (1, "琚凤双", "agent-houfeng", "后丰村")
    assert {row[2] for row in rows[1:]} >= {"agent-houfeng", "agent-qianfeng"}
    county_stations = book.worksheets[5]
    assert list(county_stations.iter_rows(values_only=True))[1][:2] == (1, "肃宁县民政局")


def test_a_village_agent_cannot_open_the_ranking_or_others_pages(site_url, village_agent):
    base = site_url
    for url in (
        f"{base}/@@assessment?period={MARCH}",
        f"{base}/@@assessment-export?period={MARCH}",
        f"{base}/@@assessment-person?userid=agent-qianfeng&period={MARCH}",
        f"{base}/@@assessment-manual",
        f"{base}/@@assessment-incident",
        f"{base}/@@sanji-assessment-controlpanel",
    ):
        response = village_agent.get(url, timeout=30, allow_redirects=False)
        assert response.status_code in (302, 401, 403), url
        assert "董立新" not in response.text
    mine = village_agent.get(f"{base}/@@my-assessment", params={"period": MARCH}, timeout=30)
    assert mine.status_code == 200
    assert "琚凤双" in mine.text and 'class="sanji-automatic"' in mine.text
    own = village_agent.get(f"{base}/@@assessment-person", params={"userid": "agent-houfeng", "period": MARCH})
    assert own.status_code == 200


def test_a_supervisor_opens_anyones_page_but_not_the_manual_form(site_url, supervisor):
    base = site_url
    person = supervisor.get(
        f"{base}/@@assessment-person", params={"userid": "agent-houfeng", "period": MARCH}, timeout=30
    )
    assert person.status_code == 200 and "琚凤双" in person.text
    form = supervisor.get(f"{base}/@@assessment-manual", timeout=30, allow_redirects=False)
    assert form.status_code in (302, 401, 403)
    incident = supervisor.get(f"{base}/@@assessment-incident", timeout=30)
    assert incident.status_code == 200 and "form.widgets.receipt" in incident.text
    assert "必须经办过此件" in incident.text  # the form says what it does before it is filled


def test_the_manual_form_is_offered_for_assessed_staff_only(site_url, manager):
    """A manager's own page (managers are not assessed) offers no manual assessment of themselves."""
    link = 'id="sanji-assessment-manual-link"'
    staff = manager.get(f"{site_url}/@@assessment-person", params={"userid": "agent-houfeng", "period": MARCH})
    assert staff.status_code == 200 and "@@assessment-manual?userid=agent-houfeng" in staff.text
    own = manager.get(f"{site_url}/@@my-assessment", params={"period": MARCH}, timeout=30)
    assert own.status_code == 200
    assert "只考核受理、审核和审批工作人员" in own.text
    assert "@@assessment-manual?userid=manager" not in own.text
    assert link in manager.get(f"{site_url}/@@assessment", params={"period": MARCH}).text  # the ranking's own link


def test_a_manager_closes_a_period_from_the_page(site_url, manager):
    import re

    page = manager.get(f"{site_url}/@@assessment", params={"period": MARCH}, headers={"Accept": "text/html"})
    token = re.search(r'name="_authenticator"\s+type="hidden"\s+value="([0-9a-f]+)"', page.text)
    token = token or re.search(r'value="([0-9a-f]+)"\s+name="_authenticator"', page.text)
    form = {"period": MARCH, "_authenticator": token.group(1)}
    closed = manager.post(f"{site_url}/@@assessment-close", data=form, headers={"Accept": "text/html"}, timeout=30)
    assert closed.status_code == 200 and 'id="sanji-assessment-closed"' in closed.text
    assert 'id="sanji-assessment-close"' not in closed.text
    assert "结束考核期" in closed.text  # the audited closing, in the period's history
    without_token = manager.post(f"{site_url}/@@assessment-close", data={"period": "2025-02"}, timeout=30)
    assert without_token.status_code == 403


def test_a_village_agent_cannot_close_a_period(site_url, village_agent):
    response = village_agent.post(
        f"{site_url}/@@assessment-close", data={"period": MARCH}, timeout=30, allow_redirects=False
    )
    assert response.status_code in (302, 401, 403)
    with session("manager") as http:
        assert http.get(api_url(site_url), params={"period": MARCH}, timeout=30).json()["closed"] is False
