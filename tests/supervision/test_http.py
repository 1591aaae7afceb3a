"""Over real HTTP: who may read the dashboard; the public page and ``@supervision`` show no personal data."""

import re
from datetime import date

import pytest
import requests
import transaction
from plone import api

from sanji.setuphandlers.staff import demo_password
from sanji.supervision.cards import sweep_cards
from tests.cases import APPLICANT
from tests.cases import VALID_ID
from tests.cases import step
from tests.supervision.conftest import accepted_case
from tests.supervision.conftest import at
from tests.supervision.conftest import decide

#: Anything shaped like an ID number or a mobile number.
ID_OR_MOBILE = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])")


@pytest.fixture
def cases(functional_portal):
    """A case completed in March 2025 and one overdue at the township with a red card; committed."""
    with api.env.adopt_roles(["Manager"]):
        done = accepted_case(functional_portal, "2025-03-03")
        decide(done, "2025-03-04")
        late = accepted_case(functional_portal, "2025-03-03", address="后丰村99号", applicant_name="李秀英")
        with at("2025-03-04"):
            step(late, "to_township", "agent-houfeng")
        sweep_cards(functional_portal, date(2025, 3, 10))
    transaction.commit()
    return {"done": done, "late": late}


@pytest.fixture
def url(functional_portal) -> str:
    return functional_portal.absolute_url()


def get(url: str, userid: str | None = None, **kwargs) -> requests.Response:
    auth = (userid, demo_password()) if userid else None
    return requests.get(url, auth=auth, timeout=60, allow_redirects=False, **kwargs)


def assert_nothing_personal(text: str) -> None:
    assert APPLICANT["applicant_name"] not in text
    assert "李秀英" not in text
    assert VALID_ID not in text
    assert APPLICANT["phone"] not in text
    assert APPLICANT["address"] not in text
    assert ID_OR_MOBILE.findall(text) == []


@pytest.mark.parametrize("userid", ["supervisor", "manager"])
def test_supervisors_and_managers_read_the_dashboard(cases, url, userid):
    response = get(f"{url}/@@supervision-dashboard", userid, params={"period": "year", "year": "2025"})
    assert response.status_code == 200
    assert "sanji-figures" in response.text
    # The list of red cards honours the workflow: supervisors see every case, assessment managers none.
    assert (cases["late"].receipt_number in response.text) is (userid == "supervisor")
    assert_nothing_personal(response.text)


@pytest.mark.parametrize("userid", [None, "agent-houfeng", "reviewer-liangcun", "approver-minzheng"])
def test_others_cannot_read_the_dashboard(cases, url, userid):
    for suffix in ("", "?export=csv"):
        response = get(f"{url}/@@supervision-dashboard{suffix}", userid)
        assert response.status_code in (302, 401, 403), response.status_code
        assert "sanji-figures" not in response.text
        assert cases["late"].receipt_number not in response.text


def test_public_page_is_anonymous_and_masked(cases, url):
    response = get(f"{url}/@@supervision-public")
    assert response.status_code == 200
    assert "董*山" in response.text
    assert "sanji-public-departments" in response.text
    assert_nothing_personal(response.text)
    home = get(url)
    assert f'href="{url}/supervision-public"' in home.text, "the public page is linked from the navigation"


def test_rest_supervision_is_anonymous_and_masked(cases, url):
    response = get(f"{url}/@supervision", headers={"Accept": "application/json"})
    assert response.status_code == 200
    data = response.json()
    assert_nothing_personal(response.text)
    (recent,) = data["recent"]
    assert recent["applicant"] == "董*山"
    assert recent["item_title"] == cases["done"].item_title
    assert recent["completed_date"] == "2025-03-04"
    assert "receipt_number" not in recent
    assert data["in_progress"] == 1
    assert set(data["month"]) == {"start", "end", "departments", "items"}
    assert "staff" not in response.text and "handled_by" not in response.text


def test_rest_supervision_refuses_other_methods(cases, url):
    response = requests.post(f"{url}/@supervision", headers={"Accept": "application/json"}, timeout=60)
    assert response.status_code in (401, 404, 405)


def test_control_panel_for_administrators(functional_portal, url):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    panel = f"{url}/@@sanji-supervision-controlpanel"
    response = requests.get(panel, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=60)
    assert response.status_code == 200
    assert "form.widgets.yellow_days" in response.text
    assert get(panel, "supervisor").status_code in (302, 401, 403)


def test_public_month_and_progress(cases, url, functional_portal):
    data = get(f"{url}/@supervision", params={"month": "2025-03"}, headers={"Accept": "application/json"}).json()
    assert data["month"]["start"] == "2025-03-01"
    (department,) = data["month"]["departments"]["rows"]
    assert (department["accepted"], department["completed"], department["in_progress"]) == (2, 1, 1)
    assert department["label"] == "肃宁县民政局"
    assert data["progress"]["township_review"] == 1
    assert sum(data["progress"].values()) == data["in_progress"] == 1
    page = get(f"{url}/@@supervision-public", params={"month": "2025-03"})
    assert page.status_code == 200
    assert "肃宁县民政局" in page.text


@pytest.mark.parametrize("month", ["2025-13", "March", "2025-3-1", "<b>"])
def test_public_month_refuses_bad_input(url, functional_portal, month):
    page = get(f"{url}/@@supervision-public", params={"month": month})
    assert page.status_code == 400
    assert "sanji-filter-error" in page.text
    assert "<b>" not in page.text
    rest = get(f"{url}/@supervision", params={"month": month}, headers={"Accept": "application/json"})
    assert rest.status_code == 400
    assert rest.json()["error"]["type"] == "BadRequest"
    assert "YYYY-MM" in rest.json()["error"]["message"]


def test_case_page_shows_its_card(cases):
    late = get(cases["late"].absolute_url(), "reviewer-liangcun")
    assert late.status_code == 200
    assert "sanji-card-red" in late.text
    assert "红牌" in late.text
    done = get(cases["done"].absolute_url(), "agent-houfeng")
    assert done.status_code == 200
    assert "sanji-case-cards" not in done.text


def test_figures_are_cached_per_committed_catalog(functional_portal):
    from sanji.supervision.figures import figures
    from sanji.supervision.filters import Filters

    march = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31))
    first = figures(march)
    assert figures(march) is first, "nothing changed: the cached figures"
    with api.env.adopt_roles(["Manager"]):
        accepted_case(functional_portal, "2025-03-03")
    uncommitted = figures(march)
    assert uncommitted.total.counts["accepted"] == first.total.counts["accepted"] + 1
    assert figures(march) is not uncommitted, "a transaction that changed the catalog is never cached"
    transaction.commit()
    committed = figures(march)
    assert committed.total.counts["accepted"] == uncommitted.total.counts["accepted"]
    assert figures(march) is committed


def test_the_stylesheet_is_served(url, functional_portal):
    page = get(f"{url}/@@supervision-public")
    assert "++plone++sanji.supervision/supervision.css" in page.text
    css = get(f"{url}/++plone++sanji.supervision/supervision.css")
    assert css.status_code == 200
    assert ".sanji-bar" in css.text
