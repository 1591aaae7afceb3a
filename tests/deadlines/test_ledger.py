"""The suspension ledger: one open pause at a time, stored as plain dicts, counted by working days."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
from persistent.list import PersistentList

from sanji.deadlines.ledger import Pause
from sanji.deadlines.ledger import end_pause
from sanji.deadlines.ledger import open_pause
from sanji.deadlines.ledger import paused_working_days
from sanji.deadlines.ledger import pauses_of
from sanji.deadlines.ledger import start_pause

BEIJING = timezone(timedelta(hours=8))


def at(day: int, hour: int = 10) -> datetime:
    """A time in March 2025, Beijing."""
    return datetime(2025, 3, day, hour, tzinfo=BEIJING)


def test_pause_and_resume():
    pauses = PersistentList()
    assert open_pause(pauses) is None
    started = start_pause(pauses, at(6), "补正材料", "zhang.san")
    assert started == Pause(at(6), None, "补正材料", "zhang.san")
    assert open_pause(pauses) == started
    assert pauses[0] == {"start": "2025-03-06T10:00:00+08:00", "end": None, "reason": "补正材料", "actor": "zhang.san"}

    closed = end_pause(pauses, at(20, 9))
    assert closed.end == at(20, 9)
    assert open_pause(pauses) is None
    assert pauses_of(pauses) == [closed]
    assert Pause.from_dict(closed.to_dict()) == closed


def test_a_second_open_pause_is_refused():
    pauses = PersistentList()
    start_pause(pauses, at(6), "补正材料", "zhang.san")
    with pytest.raises(ValueError) as error:
        start_pause(pauses, at(7), "again", "li.si")
    assert error.value.args[0] == "error_clock_already_paused"
    assert len(pauses) == 1


def test_ending_without_an_open_pause_is_refused():
    pauses = PersistentList()
    with pytest.raises(ValueError):
        end_pause(pauses, at(6))
    start_pause(pauses, at(6), "补正材料", "zhang.san")
    end_pause(pauses, at(7))
    with pytest.raises(ValueError):
        end_pause(pauses, at(8))


def test_times_must_go_forward():
    pauses = PersistentList()
    start_pause(pauses, at(6), "补正材料", "zhang.san")
    with pytest.raises(ValueError):
        end_pause(pauses, at(5))
    end_pause(pauses, at(10))
    with pytest.raises(ValueError):
        start_pause(pauses, at(9), "补正材料", "zhang.san")


def test_the_end_of_a_pause_is_stored():
    """The dict is replaced, not mutated, so the ZODB writes the change."""
    import transaction
    from ZODB import DB

    db = DB(None)
    try:
        with db.transaction() as connection:
            connection.root()["pauses"] = PersistentList()
            start_pause(connection.root()["pauses"], at(6), "补正材料", "zhang.san")
        with db.transaction() as connection:
            end_pause(connection.root()["pauses"], at(7))
        with db.transaction() as connection:
            connection.cacheMinimize()  # read what was stored, not what sits in memory
            assert open_pause(connection.root()["pauses"]) is None
            assert connection.root()["pauses"][0]["end"] == "2025-03-07T10:00:00+08:00"
    finally:
        transaction.abort()
        db.close()


def test_paused_working_days(calendar):
    pauses = PersistentList()
    start_pause(pauses, at(6), "补正材料", "zhang.san")  # Thursday
    end_pause(pauses, at(20))  # the Thursday two weeks later: 10 working days
    start_pause(pauses, at(24), "补正材料", "zhang.san")  # Monday, still open
    assert paused_working_days(pauses, calendar, date(2025, 3, 26)) == 10 + 2
    assert paused_working_days(pauses, calendar, date(2025, 3, 13)) == 5  # the first cut at `until`
    assert paused_working_days(pauses, calendar, date(2025, 3, 26), since=date(2025, 3, 21)) == 2
    assert paused_working_days([], calendar, date(2025, 3, 26)) == 0
