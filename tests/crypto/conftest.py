"""Fixtures of the crypto tests: key rings written to files, cases, and reveal requests."""

import json
import os
from contextlib import contextmanager

import pytest
from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import nobody
from plone import api
from plone.protect.authenticator import createToken
from zope.interface import alsoProvides

from sanji.crypto.keys import KEY_FILE_VARIABLE
from sanji.crypto.keys import get_ring
from sanji.crypto.keys import reset_ring_cache
from sanji.crypto.keys import write_ring_file
from sanji.interfaces import ISanjiLayer
from tests.cases import new_case


@contextmanager
def anonymous():
    """Act as nobody, as an anonymous visitor would."""
    manager = getSecurityManager()
    newSecurityManager(None, nobody)
    try:
        yield
    finally:
        setSecurityManager(manager)


@pytest.fixture
def restore_ring():
    """Put the layer's ring back after a test that switched rings."""
    previous = os.environ.get(KEY_FILE_VARIABLE)
    yield
    if previous is None:
        os.environ.pop(KEY_FILE_VARIABLE, None)
    else:
        os.environ[KEY_FILE_VARIABLE] = previous
    reset_ring_cache()


@pytest.fixture
def use_ring(tmp_path, restore_ring):
    """``use_ring(document)``: make ``document`` the process's key ring (written to a file)."""
    counter = iter(range(1000))

    def switch(document: dict):
        path = tmp_path / f"ring-{next(counter)}.json"
        write_ring_file(path, document)
        os.environ[KEY_FILE_VARIABLE] = str(path)
        reset_ring_cache()
        return get_ring()

    return switch


@pytest.fixture
def layer_ring_document() -> dict:
    """The layer's ring as a document, to extend or alter."""
    return json.loads(get_ring().path.read_text(encoding="utf-8"))


@pytest.fixture
def case(portal):
    return new_case(portal)


@pytest.fixture
def reveal(portal):
    """``reveal(case, field, user)``: POST to @@reveal as ``user`` (None: anonymous), JSON answer."""
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)

    def call(context, field: str, user: str | None = "agent-houfeng", *, token: bool = True, method: str = "POST"):
        request.method = method
        request.environ["REQUEST_METHOD"] = method
        request.environ["HTTP_ACCEPT"] = "application/json"
        request.form.clear()
        request.form["field"] = field
        request.response.setStatus(200)
        if user is None:
            with anonymous():
                return context.restrictedTraverse("@@reveal")()
        with api.env.adopt_user(username=user):
            if token:
                request.form["_authenticator"] = createToken()
            return context.restrictedTraverse("@@reveal")()

    return call
