"""A case submitted over HTTP is in the catalog when the answer comes, though written after the commit."""

from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import transaction
from plone import api

from sanji.catalog import after_commit
from sanji.catalog import group_commit
from sanji.catalog.reconcile import GRACE
from sanji.catalog.reconcile import CatalogTask
from tests.cases import new_case
from tests.services.test_applications_post import VILLAGE
from tests.services.test_applications_post import agent  # noqa: F401 - fixtures
from tests.services.test_applications_post import body  # noqa: F401
from tests.services.test_applications_post import item  # noqa: F401


def cataloged(receipt: str) -> list:
    transaction.begin()  # see what the server committed
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(receipt_number=receipt)


def test_the_answer_comes_after_the_catalog_entry(agent, body, functional_portal):  # noqa: F811
    response = agent.post(VILLAGE, json=body)
    assert response.status_code == 201, response.text
    receipt = response.json()["receipt_number"]
    [brain] = cataloged(receipt)
    assert brain.review_state == "draft"
    assert brain.village == "houfeng"
    assert brain.getPath().endswith(f"/houfeng/{receipt}")
    listed = agent.get(VILLAGE, params={"receipt_number": receipt})
    assert [entry["receipt_number"] for entry in listed.json()["items"]] == [receipt]


@pytest.fixture
def broken_writer(monkeypatch):
    """The catalog writer fails, as if the process died between the two commits."""

    @contextmanager
    def refuse(db):
        raise RuntimeError("the process died here")
        yield  # pragma: no cover

    monkeypatch.setattr(group_commit, "catalog_writer", refuse)


def test_a_case_left_out_is_stored_and_the_sweep_indexes_it(
    broken_writer,
    agent,  # noqa: F811
    body,  # noqa: F811
    functional_portal,
):
    response = agent.post(VILLAGE, json=body)
    assert response.status_code == 201, response.text  # the case is committed: the answer says so
    receipt = response.json()["receipt_number"]
    assert not cataloged(receipt)
    assert functional_portal.areas.suning.liangcun.houfeng[receipt].receipt_number == receipt

    now = datetime.now(UTC)
    with api.env.adopt_roles(["Manager"]):
        # at first its request may still be writing the entry: the sweep leaves it alone
        assert CatalogTask()(functional_portal, now) == {"indexed": 0, "cases": [], "waiting": 1}
        result = CatalogTask()(functional_portal, now + GRACE + timedelta(seconds=1))
    transaction.commit()

    assert result == {"indexed": 1, "cases": [receipt], "waiting": 0}
    [brain] = cataloged(receipt)
    assert brain.review_state == "draft"


def test_the_sweep_task_leaves_complete_villages_alone(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        assert CatalogTask()(functional_portal, datetime.now(UTC)) == {"indexed": 0, "cases": [], "waiting": 0}


def test_outside_a_published_request_a_case_is_indexed_at_once(portal):
    case = new_case(portal)
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(receipt_number=case.receipt_number)
    assert [b._unrestrictedGetObject() for b in found] == [case]
    assert not after_commit.is_deferred(case)
