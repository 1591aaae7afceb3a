"""A write conflict that outlived every retry answers 503 with Retry-After, not an error page."""

import json

import pytest
import requests
import transaction
from ZODB.POSException import ConflictError
from zope.component import getMultiAdapter
from ZPublisher.HTTPRequest import HTTPRequest

from sanji.services.applications.post import ApplicationsPost


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


class ConflictingVote:
    """A data manager whose vote always conflicts, as another instance's commit would make it."""

    transaction_manager = transaction.manager

    def abort(self, txn):
        pass

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_vote(self, txn):
        raise ConflictError("another instance committed first")

    def tpc_finish(self, txn):
        pass

    def tpc_abort(self, txn):
        pass

    def sortKey(self):
        return "~sanji-test-conflicting-vote"


@pytest.fixture
def always_conflicting(monkeypatch):
    """Every @applications POST conflicts at its commit, retries included."""

    def reply(self):
        transaction.get().join(ConflictingVote())
        return {}

    monkeypatch.setattr(ApplicationsPost, "reply", reply)
    monkeypatch.setattr(HTTPRequest, "delay_retry", lambda self: None)


def test_a_commit_that_keeps_conflicting_answers_busy(always_conflicting, functional_portal):
    """Over real HTTP: plone.transformchain would make the status 500 (the exception's class name)."""
    response = requests.post(
        f"{functional_portal.absolute_url()}/areas/suning/liangcun/houfeng/@applications",
        json={},
        headers={"Accept": "application/json"},
        auth=("agent-houfeng", "demo"),
        timeout=60,
    )
    assert response.status_code == 503, (response.text, dict(response.headers))
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"]["type"] == "ConflictError"
    assert "重试" in response.json()["error"]["message"]
