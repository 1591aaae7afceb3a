"""The local sweep clock of an instance that runs alone: its interval, one sweep on its own connection,
a clock that survives a failed sweep, and maintenance commands that never start it."""

import threading
import time

import pytest
import transaction
from plone import api

from sanji.supervision import clock
from sanji.supervision.record import card_history
from tests.supervision.conftest import accepted_case
from tests.supervision.conftest import at


@pytest.mark.parametrize(("value", "seconds"), [(None, 600.0), ("", 600.0), ("0", 0.0), ("30", 30.0), (" 90 ", 90.0)])
def test_interval_from_the_environment(value, seconds):
    environ = {} if value is None else {clock.INTERVAL_VARIABLE: value}
    assert clock.interval(environ) == seconds


@pytest.mark.parametrize("value", ["-5", "ten minutes"])
def test_a_bad_interval_is_refused_with_its_name(value):
    with pytest.raises(ValueError, match="SANJI_SWEEP_INTERVAL"):
        clock.interval({clock.INTERVAL_VARIABLE: value})


def test_one_sweep_on_a_connection_of_its_own_cards_the_overdue_case(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        case = accepted_case(functional_portal, "2025-03-03")
    transaction.commit()
    db = functional_portal._p_jar.db()
    with at("2025-03-10"):
        worker = threading.Thread(target=clock.sweep_site, args=(db, functional_portal.getId()))
        worker.start()
        worker.join(60)
    transaction.begin()  # see what the clock's thread committed
    assert [card.card for card in card_history(case)] == ["red"]


def test_no_site_no_sweep(functional_portal):
    clock.sweep_site(functional_portal._p_jar.db(), "no-such-site")  # nothing raised, nothing done


def test_the_clock_goes_on_after_a_failed_sweep(monkeypatch):
    calls = []

    def sweep(db, site_id):
        calls.append(site_id)
        if len(calls) == 1:
            raise RuntimeError("the database went away for a moment")

    monkeypatch.setattr(clock, "sweep_site", sweep)
    ticking = clock.LocalClock(db=None, site_id="Plone", seconds=0.05)
    ticking.start()
    deadline = time.monotonic() + 10
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    ticking.stop()
    ticking.join(5)
    assert len(calls) >= 3
    assert not ticking.is_alive()


def test_start_clock_follows_the_environment(monkeypatch, functional_portal):
    import Zope2

    monkeypatch.setattr(Zope2, "DB", functional_portal._p_jar.db(), raising=False)
    monkeypatch.setenv(clock.INTERVAL_VARIABLE, "0")
    assert clock.start_clock() is None
    monkeypatch.setenv(clock.INTERVAL_VARIABLE, "3600")
    started = clock.start_clock()
    try:
        assert started.is_alive() and started.seconds == 3600
    finally:
        started.stop()
        started.join(5)


def test_maintenance_commands_turn_the_clock_off(monkeypatch, tmp_path):
    """``sanji-sweep`` and the other commands boot Zope and exit: they must not start a clock."""
    from ZConfig import ConfigurationError

    from sanji.cli import boot

    monkeypatch.setenv(clock.INTERVAL_VARIABLE, "600")
    with pytest.raises(ConfigurationError), boot.zope_site(str(tmp_path / "missing.conf")):
        pass
    assert clock.interval() == 0
