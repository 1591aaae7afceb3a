"""A write conflict that outlived every retry answers 503 with Retry-After, not an error page."""

import json

from ZODB.POSException import ConflictError
from zope.component import getMultiAdapter


def test_conflict_answers_busy_in_json(portal):
    request = portal.REQUEST
    request.environ["HTTP_ACCEPT"] = "application/json"
    view = getMultiAdapter((ConflictError(), request), name="index.html")
    body = json.loads(view())
    assert request.response.getStatus() == 503
    assert request.response.getHeader("Retry-After") == "2"
    assert body["error"]["type"] == "ConflictError"


def test_conflict_answers_busy_in_text(portal):
    request = portal.REQUEST
    view = getMultiAdapter((ConflictError(), request), name="index.html")
    assert view()
    assert request.response.getStatus() == 503
