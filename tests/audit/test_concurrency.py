"""Two transactions appending at once both keep their entries, chained one after the other.

Real ZODB connections on one FileStorage (which resolves conflicts as RelStorage does): the second
commit would conflict on the log object; :meth:`AuditLog._p_resolveConflict` re-chains its entries.
"""

import pytest
import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from sanji.audit import chain
from sanji.audit.chain import AuditLog
from sanji.audit.chain import append
from sanji.audit.chain import flush


@pytest.fixture
def database(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    connection.root()["log"] = AuditLog()
    manager.commit()
    connection.close()
    yield db
    db.close()


def opened(db):
    """A connection with its own transaction manager: one per concurrent request."""
    manager = transaction.TransactionManager()
    return manager, db.open(manager).root()["log"]


def walk(db) -> list[dict]:
    manager, log_ = opened(db)
    entries = [dict(entry) for _seq, entry in chain._chain(log_)]
    manager.abort()
    return entries


def assert_linear(entries: list[dict]) -> None:
    previous = chain.GENESIS
    for number, entry in enumerate(entries, start=1):
        assert entry["seq"] == number
        assert entry["prev_hash"] == previous
        assert entry["hash"] == chain.entry_hash(entry)
        previous = entry["hash"]


def test_concurrent_appends_are_both_kept_and_chained(database):
    first_manager, first = opened(database)
    second_manager, second = opened(database)
    append(first, {"action": "submit", "actor": "a"})
    append(second, {"action": "transition", "actor": "b"})
    append(second, {"action": "seal", "actor": "b"})
    first_manager.commit()
    second_manager.commit()  # would raise ConflictError without the resolution

    entries = walk(database)
    assert [entry["action"] for entry in entries] == ["submit", "transition", "seal"]
    assert_linear(entries)


def test_an_append_and_a_flush_at_once(database):
    manager, log_ = opened(database)
    for number in range(3):
        append(log_, {"action": f"old{number}"})
    manager.commit()
    flushing_manager, flushing = opened(database)
    appending_manager, appending = opened(database)
    assert len(appending.pending) == 3  # its snapshot: before the flush
    flush(flushing)
    append(flushing, {"action": "flushes"})
    flushing_manager.commit()
    append(appending, {"action": "late"})
    assert len(appending.pending) == 4
    appending_manager.commit()

    entries = walk(database)
    assert [entry["action"] for entry in entries] == ["old0", "old1", "old2", "flushes", "late"]
    assert_linear(entries)
    manager, log_ = opened(database)
    assert [entry["action"] for entry in log_.pending] == ["flushes", "late"]
    manager.abort()


def test_two_flushes_at_once_conflict(database):
    manager, log_ = opened(database)
    append(log_, {"action": "old"})
    manager.commit()
    first_manager, first = opened(database)
    second_manager, second = opened(database)
    flush(first)
    flush(second)
    first_manager.commit()
    with pytest.raises(ConflictError):
        second_manager.commit()
    second_manager.abort()
    assert_linear(walk(database))
