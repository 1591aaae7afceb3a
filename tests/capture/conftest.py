"""Fixtures of the capture tests: a draft case, and requests posted as an agent would post them."""

import io
from types import SimpleNamespace

import pytest
from plone import api
from plone.protect.authenticator import createToken
from zope.interface import alsoProvides
from ZPublisher.HTTPRequest import FileUpload

from sanji.interfaces import ISanjiLayer
from tests.cases import new_case

AGENT = "agent-houfeng"


@pytest.fixture
def case(portal):
    return new_case(portal)


def file_upload(data: bytes, filename: str) -> FileUpload:
    """What Zope makes of a multipart file field."""
    storage = SimpleNamespace(file=io.BytesIO(data), headers={}, filename=filename, name="file")
    return FileUpload(storage)


@pytest.fixture
def web_request(portal):
    """The test request, marked with Sanji's browser layer as traversal would mark it."""
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    return request


@pytest.fixture
def post(web_request):
    """Call a view on a case as ``user`` with a POST (CSRF token included): ``post(case, name, user, **form)``."""
    portal_request = web_request

    def call(context, name: str, user: str = AGENT, *, json: bool = True, token: bool = True, **form):
        portal_request.method = "POST"
        portal_request.environ["REQUEST_METHOD"] = "POST"
        portal_request.environ["HTTP_ACCEPT"] = "application/json" if json else "text/html"
        portal_request.form.clear()
        portal_request.form.update(form)
        portal_request.response.setStatus(200)
        with api.env.adopt_user(username=user):
            if token:
                portal_request.form["_authenticator"] = createToken()
            view = context.restrictedTraverse(f"@@{name}")
            return view()

    return call
