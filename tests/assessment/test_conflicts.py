"""Two transactions counting for the same person at once both count: Counters resolve the conflict."""

import transaction
import ZODB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from sanji.assessment.ledger import Counters


def open_two(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    first_tm, second_tm = transaction.TransactionManager(), transaction.TransactionManager()
    first, second = db.open(first_tm), db.open(second_tm)
    return db, (first, first_tm), (second, second_tm)


def test_concurrent_increments_add_up(tmp_path):
    db, (first, first_tm), (second, second_tm) = open_two(tmp_path)
    first.root()["c"] = Counters("village", "houfeng")
    first_tm.commit()
    second.sync()
    first.root()["c"].add(handled=1, timed=1, step_days=2)
    second.root()["c"].add(handled=1, yellow=1)
    first_tm.commit()
    second_tm.commit()  # would raise ConflictError without _p_resolveConflict
    third = db.open()
    counts = third.root()["c"].counts()
    assert (counts.handled, counts.timed, counts.step_days, counts.yellow) == (2, 1, 2, 1)
    db.close()


def test_a_changed_station_on_both_sides_is_a_real_conflict(tmp_path):
    db, (first, first_tm), (second, second_tm) = open_two(tmp_path)
    first.root()["c"] = Counters("village", "houfeng")
    first_tm.commit()
    second.sync()
    first.root()["c"].station = "qianfeng"
    second.root()["c"].station = "nanyuzhuang"
    first_tm.commit()
    try:
        second_tm.commit()
    except ConflictError:
        second_tm.abort()
    else:
        raise AssertionError("two different stations must conflict")
    db.close()
