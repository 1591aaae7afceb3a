"""The sweep runner: every task in name order, each in its own transaction, a broken task stops no other;
two sweeps at once card a case once; ``@@sanji-sweep`` over HTTP, POST only, administrators only."""

import contextlib
import threading
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.component import getGlobalSiteManager
from zope.interface import implementer

from sanji import audit
from sanji.events import IApplicationCarded
from sanji.interfaces import ISweepTask
from sanji.sms.sender import SENDER
from sanji.supervision.cards import CardsTask
from sanji.supervision.record import card_history
from sanji.supervision.sweep import run_sweep
from sanji.supervision.sweep import run_task
from sanji.supervision.sweep import sweep_tasks
from tests.supervision.conftest import accepted_case

BEIJING = timezone(timedelta(hours=8))
MONDAY_AFTER = datetime(2025, 3, 10, 9, 0, tzinfo=BEIJING)


@implementer(ISweepTask)
class Recorder:
    """A task that notes when it ran and may fail."""

    def __init__(self, calls: list, name: str, fail: bool = False):
        self.calls, self.name, self.fail = calls, name, fail

    def __call__(self, site, now):
        self.calls.append(self.name)
        if self.fail:
            raise RuntimeError("provider down")
        return {"done": 1}


@pytest.fixture
def extra_tasks():
    """Register tasks around ``10-cards`` for the test's duration."""
    manager = getGlobalSiteManager()
    registered = []

    def register(name: str, task) -> None:
        manager.registerUtility(task, ISweepTask, name=name)
        registered.append((name, task))

    yield register
    for name, task in registered:
        manager.unregisterUtility(task, ISweepTask, name=name)


def test_the_catalog_task_runs_before_the_cards():
    names = [name for name, _task in sweep_tasks()]
    assert names.index("05-catalog") < names.index("10-cards")
    assert names == sorted(names)


def test_tasks_run_in_name_order_and_a_failure_stops_no_other(functional_portal, extra_tasks):
    calls = []
    extra_tasks("05-first", Recorder(calls, "05-first"))
    extra_tasks("50-broken", Recorder(calls, "50-broken", fail=True))
    extra_tasks("90-last", Recorder(calls, "90-last"))
    report = run_sweep(functional_portal, MONDAY_AFTER)
    assert calls == ["05-first", "50-broken", "90-last"]
    results = {result.name: result for result in report.results}
    names = [result.name for result in report.results]
    assert names == sorted(names)
    assert {"05-catalog", "05-first", "10-cards", "50-broken", "90-last"} <= set(names)
    assert results["50-broken"].error == "RuntimeError: provider down"
    assert results["90-last"].summary == {"done": 1}
    assert not report.ok
    assert "50-broken: RuntimeError: provider down" in str(report)


def _sweep_in_thread(db, portal_path: tuple, now: datetime, results: list) -> None:
    """One instance's sweep: its own connection, transaction manager, site and security."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import noSecurityManager
    from AccessControl.SpecialUsers import system
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    connection = db.open()
    try:
        app = makerequest(connection.root()["Application"])
        site = app.unrestrictedTraverse("/".join(portal_path))
        setSite(site)
        setRequest(app.REQUEST)
        newSecurityManager(None, system)
        results.append(run_task(site, "10-cards", CardsTask(), now))
    finally:
        transaction.abort()
        noSecurityManager()
        setSite(None)
        setRequest(None)
        connection.close()


def test_two_sweeps_at_once_card_once(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        case = accepted_case(functional_portal, "2025-03-03")
    transaction.commit()

    both_carded = threading.Barrier(2, timeout=10)
    committed, written = [], []

    def hold_until_both_carded(event):
        """Both sweeps write the card before either commits: the later commit must conflict."""
        written.append(event.card)
        transaction.get().addAfterCommitHook(lambda ok: ok and committed.append(event.card))
        with contextlib.suppress(threading.BrokenBarrierError):
            both_carded.wait()

    manager = getGlobalSiteManager()
    manager.registerHandler(hold_until_both_carded, (IApplicationCarded,))
    results: list = []
    try:
        db = functional_portal._p_jar.db()
        path = functional_portal.getPhysicalPath()
        threads = [threading.Thread(target=_sweep_in_thread, args=(db, path, MONDAY_AFTER, results)) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        # The card's SMS leave from the sender thread on a connection of its own: let it finish
        # before the test's database is closed.
        assert SENDER.flush(timeout=60)
    finally:
        manager.unregisterHandler(hold_until_both_carded, (IApplicationCarded,))

    assert [result.error for result in results] == [None, None]
    assert written == ["red", "red"], "both sweeps wrote the card before either committed"
    assert sorted(result.summary["red"] for result in results) == [0, 1]
    assert committed == ["red"]
    transaction.begin()  # see what the threads committed
    assert [card.card for card in card_history(case)] == ["red"]
    entries = [entry for entry in audit.recent(0, 20) if entry["action"] == "card"]
    assert len(entries) == 1


@pytest.fixture
def sweep_url(functional_portal) -> str:
    return f"{functional_portal.absolute_url()}/@@sanji-sweep"


def test_http_sweep_is_post_only_for_administrators(sweep_url, functional_portal):
    with api.env.adopt_roles(["Manager"]):
        case = accepted_case(functional_portal, "2025-03-03")
    transaction.commit()
    admin = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    refused = requests.get(sweep_url, auth=admin, timeout=60)
    assert refused.status_code == 405
    assert refused.headers["Allow"] == "POST"
    anonymous = requests.post(sweep_url, timeout=60, allow_redirects=False)
    assert anonymous.status_code in (302, 401, 403)
    agent = requests.post(sweep_url, auth=("agent-houfeng", "demo"), timeout=60, allow_redirects=False)
    assert agent.status_code in (302, 401, 403)
    supervisor = requests.post(sweep_url, auth=("supervisor", "demo"), timeout=60, allow_redirects=False)
    assert supervisor.status_code in (302, 401, 403)
    transaction.begin()
    assert card_history(case) == []

    response = requests.post(sweep_url, auth=admin, timeout=120)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ok"] is True
    cards = next(task for task in report["tasks"] if task["task"] == "10-cards")
    assert cards["summary"]["red"] == 1  # today is long after March 2025
    transaction.begin()
    assert [card.card for card in card_history(case)] == ["red"]
