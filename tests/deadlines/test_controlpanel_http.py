"""The control panel over real HTTP: the browser layer and the configlet's permission as a browser meets them."""

import requests
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

VIEW = "@@sanji-deadlines-controlpanel"


def test_manager_gets_the_form(functional_portal):
    response = requests.get(
        f"{functional_portal.absolute_url()}/{VIEW}", auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=30
    )
    assert response.status_code == 200
    assert "form.widgets.extra_holidays" in response.text
    assert 'id="sanji-known-years"' in response.text or 'id="sanji-unknown-years"' in response.text


def test_anonymous_is_sent_to_the_login_form(functional_portal):
    response = requests.get(f"{functional_portal.absolute_url()}/{VIEW}", timeout=30, allow_redirects=False)
    assert response.status_code in {302, 401}
    assert "form.widgets.extra_holidays" not in response.text
