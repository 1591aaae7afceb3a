"""Over real HTTP: anonymous visitors browse, search and download; REST serves every field."""

import pytest
import requests
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.restapi.testing import RelativeSession

from sanji.setuphandlers.staff import demo_password


@pytest.fixture
def portal_url(functional_portal) -> str:
    return functional_portal.absolute_url()


@pytest.fixture
def anonymous(portal_url):
    session = RelativeSession(portal_url, test=None)
    session.headers["Accept"] = "application/json"
    yield session
    session.close()


@pytest.fixture
def editor_session(portal_url, functional_portal):
    import transaction
    from plone import api

    api.user.create(email="ed@example.invalid", username="county-editor", password="ed-secret-1")
    api.group.add_user(groupname="sanji-editors", username="county-editor")
    transaction.commit()
    session = RelativeSession(portal_url, test=None)
    session.headers["Accept"] = "application/json"
    session.auth = ("county-editor", "ed-secret-1")
    yield session
    session.close()


def test_home_page_is_the_catalog_in_chinese(portal_url):
    response = requests.get(portal_url, timeout=30)
    assert response.status_code == 200
    assert "高龄津贴申领" in response.text
    assert 'lang="zh-cn"' in response.text or 'lang="zh-CN"' in response.text


def test_search_finds_items(portal_url):
    response = requests.get(f"{portal_url}/services", params={"q": "高龄津贴"}, timeout=30)
    assert response.status_code == 200
    assert "gaoling-jintie" in response.text


def test_download_blank_form(portal_url):
    response = requests.get(f"{portal_url}/services/gaoling-jintie/blank-form/@@download/file", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]


def test_rest_get_item_has_all_guide_fields(anonymous):
    response = anonymous.get("/services/gaoling-jintie")
    assert response.status_code == 200
    data = response.json()
    assert data["item_code"] == "MZ-001"
    assert data["department"]["token"] == "MZ"
    for name in (
        "legal_basis",
        "conditions",
        "materials",
        "procedure",
        "statutory_days",
        "promised_days",
        "fee",
        "accept_tier",
        "approve_tier",
        "consult_phone",
        "complaint_phone",
    ):
        assert data[name], name
    assert {"name", "form", "count"} <= set(data["materials"][0])
    assert any(child["@id"].endswith("/blank-form") for child in data["items"])


def test_rest_get_department_and_area(anonymous):
    assert anonymous.get("/departments/minzheng").json()["code"] == "MZ"
    area = anonymous.get("/areas/suning/liangcun/houfeng").json()
    assert area["tier"]["token"] == "village"
    assert area["station_agent"] == "琚凤双"


def test_anonymous_cannot_change_an_item(anonymous):
    response = anonymous.patch("/services/gaoling-jintie", json={"promised_days": 1})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"promised_days": -3}, "promised_days"),
        ({"statutory_days": None}, "statutory_days"),
        ({"department": "XX"}, "department"),
    ],
)
def test_editor_gets_a_clear_refusal(editor_session, change, field):
    response = editor_session.patch("/services/gaoling-jintie", json=change)
    assert response.status_code == 400
    message = response.json()["message"]
    assert field in message
    if field == "department":
        assert "没有这个代码的部门" in message


def test_editor_may_change_an_item(editor_session, anonymous):
    response = editor_session.patch("/services/gaoling-jintie", json={"fee": "免费"})
    assert response.status_code == 204
    assert anonymous.get("/services/gaoling-jintie").json()["fee"] == "免费"


def test_edit_form_refuses_a_negative_time_limit(functional_app, portal_url):
    """The classic edit form keeps what was typed and says what is wrong."""
    from plone.testing.zope import Browser

    browser = Browser(functional_app)
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(f"{portal_url}/services/gaoling-jintie/edit")
    browser.getControl(name="form.widgets.promised_days").value = "-1"
    browser.getControl(name="form.widgets.fee").value = "十元"
    browser.getControl(name="form.buttons.save").click()
    assert browser.url.endswith("/edit") or "form.buttons.save" in browser.contents
    assert "invalid-feedback" in browser.contents or "fieldErrorBox" in browser.contents
    assert browser.getControl(name="form.widgets.fee").value == "十元"
    assert requests.get(f"{portal_url}/services/gaoling-jintie/@@view", timeout=30).text.count("十元") == 0


def test_accessibility_statement_is_the_portals_own_in_chinese_and_english(portal_url):
    """The footer's 可访问性 link: Sanji's statement, not Plone's English boilerplate about Plone."""
    chinese = requests.get(f"{portal_url}/accessibility-info", timeout=30)
    assert chinese.status_code == 200
    assert "无障碍与可访问性" in chinese.text
    assert "GB/T 37668-2019" in chinese.text
    assert f'href="{portal_url}/contact-info"' in chinese.text
    assert "VPAT" not in chinese.text
    english = requests.get(f"{portal_url}/accessibility-info", cookies={"I18N_LANGUAGE": "en"}, timeout=30)
    assert "If something is hard to use" in english.text
    assert "无障碍与可访问性" not in english.text


def crumbs(page: str) -> list[str]:
    from lxml import html

    return [" ".join(item.text_content().split()) for item in html.fromstring(page).cssselect("ol.breadcrumb li")]


def test_the_site_pages_show_where_one_is_in_the_path_bar(portal_url):
    """A view of the site root names itself after 首页; the home page and content keep Plone's crumbs."""
    assert crumbs(requests.get(f"{portal_url}/@@supervision-public", timeout=30).text) == ["首页", "办件公开"]
    worklist = requests.get(f"{portal_url}/@@worklist", auth=("agent-houfeng", demo_password()), timeout=30)
    assert crumbs(worklist.text) == ["首页", "我的待办"]
    assert crumbs(requests.get(portal_url, timeout=30).text) == ["首页"]
    item = requests.get(f"{portal_url}/services/gaoling-jintie", timeout=30).text
    assert crumbs(item)[0] == "首页" and crumbs(item)[-1] == "高龄津贴申领"


def test_the_contact_page_gives_the_countys_telephone_numbers(portal_url):
    """The footer's contact link: the departments' telephones and where to ask, not a dead mail form."""
    from lxml import html

    home = html.fromstring(requests.get(portal_url, timeout=30).text)
    [link] = home.cssselect("li.action-item-contact a")
    assert " ".join(link.text_content().split()) == "联系我们"
    assert link.get("href") == f"{portal_url}/contact-info"
    assert "pat-plone-modal" not in (link.get("class") or "")  # a page of its own, not a modal
    page = requests.get(f"{portal_url}/contact-info", timeout=30)
    assert page.status_code == 200
    assert "没有设置有效的" not in page.text  # Plone's "no valid e-mail address" dead end
    rows = [
        [" ".join(cell.text_content().split()) for cell in row.cssselect("td")]
        for row in html.fromstring(page.text).cssselect("table.sanji-contacts tbody tr")
    ]
    assert len(rows) == 12
    assert ["肃宁县民政局", "肃宁县肃宁镇建设路66号", "0317-5022101"] in rows
    assert 'href="tel:0317-5022101"' in page.text
    assert f'href="{portal_url}/areas"' in page.text and f'href="{portal_url}/@@track"' in page.text
    assert crumbs(page.text) == ["首页", "联系我们"]
    english = requests.get(f"{portal_url}/contact-info", cookies={"I18N_LANGUAGE": "en"}, timeout=30)
    assert "County departments" in english.text and "联系我们" not in english.text


def canonical(page: str) -> str:
    from lxml import html

    [link] = html.fromstring(page).cssselect('link[rel="canonical"]')
    return link.get("href")


def test_the_site_pages_name_themselves_as_canonical(portal_url):
    """办件公开 is not a copy of the home page: each page of the site root has its own canonical address."""
    assert canonical(requests.get(f"{portal_url}/@@supervision-public", timeout=30).text) == (
        f"{portal_url}/supervision-public"
    )
    contact = requests.get(f"{portal_url}/contact-info", timeout=30).text
    assert canonical(contact) == f"{portal_url}/contact-info"
    assert f'href="{portal_url}/contact-info"' in contact.split('class="breadcrumb"')[1]  # the path bar: the same
    assert canonical(requests.get(portal_url, timeout=30).text) == portal_url
    item = f"{portal_url}/services/gaoling-jintie"
    assert canonical(requests.get(item, timeout=30).text) == item
    # the menu links 办件公开 as the page names itself, so Plone's navigation marker can match them
    assert f'href="{portal_url}/supervision-public"' in requests.get(portal_url, timeout=30).text
