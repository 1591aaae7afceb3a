"""The station's online form: a good submission becomes an Application; a bad one keeps what was typed."""

import transaction
from plone import api
from plone.testing.zope import Browser

from tests.cases import VALID_ID


def agent_browser(app, portal_url: str, user: str = "agent-houfeng") -> Browser:
    browser = Browser(app)
    browser.handleErrors = False
    browser.open(f"{portal_url}/login")
    browser.getControl(name="__ac_name").value = user
    browser.getControl(name="__ac_password").value = "demo"
    browser.getControl(name="buttons.login").click()
    return browser


def fill(browser, **overrides):
    """The elderly allowance form: the applicant and the item's own questions."""
    values = {
        "form.widgets.applicant_name": "董金山",
        "form.widgets.id_number": VALID_ID,
        "form.widgets.phone": "13800001234",
        "form.widgets.address": "梁村镇后丰村3号",
        "form.widgets.birth_date": "1940-01-01",
        "form.widgets.bank_name": "农村信用社",
        "form.widgets.bank_account": "6228480000000000000",
        **overrides,
    }
    for name, value in values.items():
        browser.getControl(name=name).value = value
    token = "80-89周岁".encode("unicode_escape").decode()  # how zope.schema tokenises non-ASCII choices
    browser.getControl(name="form.widgets.age_group:list").value = [token]


def test_agent_submits_the_form_and_lands_on_capture(functional_app, functional_portal):
    portal_url = functional_portal.absolute_url()
    browser = agent_browser(functional_app, portal_url)
    browser.open(f"{portal_url}/services/gaoling-jintie/online-form")
    fill(browser)
    browser.followRedirects = False
    browser.getControl(name="form.buttons.submit").click()
    assert browser.headers["Location"].endswith("/@@capture")
    transaction.begin()
    found = functional_portal.portal_catalog.unrestrictedSearchResults(portal_type="Application")
    assert len(found) == 1
    assert found[0].getPath().startswith("/plone/areas/suning/liangcun/houfeng/")
    # The Application is the one record: easyform kept no copy of the answers.
    assert not hasattr(functional_portal.services["gaoling-jintie"]["online-form"], "_inputStorage")


def test_bad_id_number_is_refused_and_nothing_is_lost(functional_app, functional_portal):
    portal_url = functional_portal.absolute_url()
    browser = agent_browser(functional_app, portal_url)
    browser.open(f"{portal_url}/services/gaoling-jintie/online-form")
    fill(browser, **{"form.widgets.id_number": "110105194912310021"})
    browser.getControl(name="form.buttons.submit").click()
    assert "online-form" in browser.url
    assert browser.getControl(name="form.widgets.applicant_name").value == "董金山"
    assert "校验码" in browser.contents or "check" in browser.contents
    transaction.begin()
    assert not functional_portal.portal_catalog.unrestrictedSearchResults(portal_type="Application")


def test_staff_of_no_village_is_told_so(functional_app, functional_portal):
    portal_url = functional_portal.absolute_url()
    browser = agent_browser(functional_app, portal_url, "agent-houfeng")
    with api.env.adopt_roles(["Manager"]):
        api.group.remove_user(groupname="agents-houfeng", username="agent-houfeng")
        api.user.grant_roles(username="agent-houfeng", roles=["Reader"], obj=functional_portal.services)
    transaction.commit()
    browser.open(f"{portal_url}/services/gaoling-jintie/online-form")
    fill(browser)
    browser.getControl(name="form.buttons.submit").click()
    assert "代办员" in browser.contents
