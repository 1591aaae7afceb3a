"""The catalog writer's own connection: commits or aborts its block, prefetches what it wrote last."""

import pytest
import transaction
import ZODB
from BTrees.Length import Length
from OFS.Folder import Folder
from ZODB.Connection import Connection
from ZODB.MappingStorage import MappingStorage

from sanji.catalog.writer_connection import WriterConnection


def new_db():
    """A database holding a Zope application with a counter, as the catalog's indexes hold theirs."""
    db = ZODB.DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    application = Folder("Application")
    application.counter = Length()
    application.other = Length()
    connection.root()["Application"] = application
    manager.commit()
    connection.close()
    return db


def counters(db) -> tuple[int, int]:
    """The counters as committed, read from a connection of their own."""
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        application = connection.root()["Application"]
        return application.counter(), application.other()
    finally:
        manager.abort()
        connection.close()


@pytest.fixture
def prefetched(monkeypatch) -> list[list[bytes]]:
    """Every prefetch of a connection, in order (MappingStorage has none of its own)."""
    calls = []
    monkeypatch.setattr(Connection, "prefetch", lambda self, *args: calls.append(sorted(*args)))
    return calls


def test_the_block_is_committed():
    db, writer = new_db(), WriterConnection()
    with writer.transaction(db, None) as app:
        app.counter.change(1)
    assert counters(db) == (1, 0)
    with writer.transaction(db, None) as app:
        app.counter.change(1)
    assert counters(db) == (2, 0)


def test_the_application_is_wrapped_in_the_request():
    request = object()
    with WriterConnection().transaction(new_db(), request) as app:
        assert app.REQUEST is request


def test_a_failing_block_is_aborted_and_its_error_raised():
    db, writer = new_db(), WriterConnection()
    with pytest.raises(RuntimeError), writer.transaction(db, None) as app:
        app.counter.change(1)
        raise RuntimeError("indexing failed")
    assert counters(db) == (0, 0)
    with writer.transaction(db, None) as app:  # the connection is usable again
        app.other.change(1)
    assert counters(db) == (0, 1)


def test_a_batch_prefetches_what_the_last_one_wrote(prefetched):
    db, writer = new_db(), WriterConnection()
    with writer.transaction(db, None) as app:
        app.counter.change(1)
        counter_oid = app.counter._p_oid
    with writer.transaction(db, None, [b"\0" * 7 + b"\x09"]) as app:
        pass
    assert prefetched == [[], sorted([counter_oid, b"\0" * 7 + b"\x09"])]


def test_a_failed_batch_does_not_change_what_is_prefetched(prefetched):
    db, writer = new_db(), WriterConnection()
    with writer.transaction(db, None) as app:
        app.counter.change(1)
        counter_oid = app.counter._p_oid
    with pytest.raises(RuntimeError), writer.transaction(db, None) as app:
        app.other.change(1)
        raise RuntimeError("indexing failed")
    with writer.transaction(db, None):
        pass
    assert prefetched[-1] == [counter_oid]


def test_another_database_gets_a_connection_of_its_own():
    first, second = new_db(), new_db()
    writer = WriterConnection()
    with writer.transaction(first, None) as app:
        app.counter.change(1)
    with writer.transaction(second, None) as app:
        app.counter.change(5)
    assert counters(first) == (1, 0)
    assert counters(second) == (5, 0)
    first.close()  # a test layer's database goes away: its connection was closed already
    with writer.transaction(second, None) as app:
        app.counter.change(1)
    assert counters(second) == (6, 0)
