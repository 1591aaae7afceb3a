"""One catalog writer at a time, across every instance that shares the storage.

Over RelStorage on PostgreSQL a session-level advisory lock on a key of our own (RelStorage's own
advisory locks use object ids, 0 and up, and -1 and -2), on one connection per thread kept open for
the process's life; with any other storage (a FileStorage serves one process) a process lock.
"""

import logging
import threading
from contextlib import contextmanager
from contextlib import suppress

logger = logging.getLogger("sanji.catalog")

#: The advisory lock's key ("SANJ" negated), away from RelStorage's own keys.
LOCK_KEY = -0x53414E4A

_process_lock = threading.Lock()
_connections = threading.local()


def postgres_dsn(db) -> str | None:
    """The libpq DSN of ``db``'s storage when it is RelStorage on PostgreSQL, else None."""
    adapter = getattr(db.storage, "_adapter", None)
    dsn = getattr(adapter, "_dsn", None)
    if dsn and type(adapter).__module__.startswith("relstorage.adapters.postgresql"):
        return dsn
    return None


def _connection(dsn: str):
    """This thread's lock connection to ``dsn`` (opened once, reopened if the server dropped it)."""
    import psycopg2

    connection = getattr(_connections, "connection", None)
    if connection is None or connection.closed or _connections.dsn != dsn:
        connection = psycopg2.connect(dsn, application_name="sanji catalog writer")
        connection.autocommit = True
        _connections.connection, _connections.dsn = connection, dsn
    return connection


@contextmanager
def catalog_writer(db):
    """Hold the catalog writer's lock for ``db``'s storage while the block runs."""
    dsn = postgres_dsn(db)
    if dsn is None:
        with _process_lock:
            yield
        return
    cursor = _connection(dsn).cursor()
    cursor.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
    try:
        yield
    finally:
        try:
            cursor.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        except Exception:  # the session is gone, and its lock with it
            logger.warning("Could not release the catalog writer's lock; dropping its connection", exc_info=True)
            with suppress(Exception):
                _connections.connection.close()
            _connections.connection = None
