"""Catalog writers take turns: across instances through PostgreSQL, within one process otherwise."""

import threading
import time
from types import SimpleNamespace

import psycopg2
from relstorage.adapters.postgresql import PostgreSQLAdapter
from relstorage.options import Options

from sanji.catalog import writer_lock
from sanji.catalog.writer_lock import LOCK_KEY
from sanji.catalog.writer_lock import catalog_writer


def relstorage_db(dsn: str):
    """What the lock reads of a ZODB DB over RelStorage: its storage's adapter."""
    adapter = PostgreSQLAdapter(dsn=dsn, options=Options(keep_history=False))
    return SimpleNamespace(storage=SimpleNamespace(_adapter=adapter))


def holders(dsn: str) -> int:
    """Sessions holding the writer's advisory lock in this database, seen from another connection."""
    key = LOCK_KEY & 0xFFFFFFFFFFFFFFFF
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s AND objsubid = 1"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (key >> 32, key & 0xFFFFFFFF),
        )
        return cursor.fetchone()[0]


def second_writer_waits(db) -> list[str]:
    """A second thread asks for the lock while the first holds it; the order things happened in."""
    events = []
    held = threading.Event()

    def second():
        held.wait(10)
        with catalog_writer(db):
            events.append("second writes")

    thread = threading.Thread(target=second)
    thread.start()
    with catalog_writer(db):
        events.append("first writes")
        held.set()
        time.sleep(0.3)  # the second is blocked meanwhile
        events.append("first done")
    thread.join(10)
    return events


def test_over_postgresql_the_second_writer_waits(postgres_dsn):
    db = relstorage_db(postgres_dsn)
    assert writer_lock.postgres_dsn(db) == postgres_dsn
    assert second_writer_waits(db) == ["first writes", "first done", "second writes"]


def test_the_lock_is_held_in_postgresql_and_released(postgres_dsn):
    db = relstorage_db(postgres_dsn)
    with catalog_writer(db):
        assert holders(postgres_dsn) == 1
    assert holders(postgres_dsn) == 0


def test_with_a_filestorage_writers_take_turns_in_the_process(tmp_path):
    from ZODB.DB import DB
    from ZODB.FileStorage import FileStorage

    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    try:
        assert writer_lock.postgres_dsn(db) is None
        assert second_writer_waits(db) == ["first writes", "first done", "second writes"]
    finally:
        db.close()
