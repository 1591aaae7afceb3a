"""The catalog writer's own ZODB connection: one per process, used by whichever thread has the turn.

Every worker thread's connection keeps a cache of its own. When the entries were written on the
request's connection, each batch found the catalog's counters and buckets changed by the last writer
(another thread of the instance, or another instance) and loaded them again one query at a time, while
every other writer waited. One connection for all the catalog writes of a process keeps what it wrote
in its cache; and at the start of a batch, what the previous batch wrote is fetched again in one query
(:meth:`ZODB.Connection.Connection.prefetch`): what another instance's writer changed meanwhile is
mostly the same objects, the indexes' counters and the sets of values every case shares.
"""

from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager

import transaction
from ZPublisher.BaseRequest import RequestContainer


def written_oids(connection) -> tuple[bytes, ...]:
    """The objects ``connection`` changed in its current transaction (ZODB has no public accessor)."""
    return tuple(obj._p_oid for obj in connection._registered_objects if obj._p_oid is not None)


class WriterConnection:
    """A connection with a transaction manager of its own, opened on first use and kept open.

    Not thread-safe: the catalog writers' turn (:class:`sanji.catalog.group_commit.GroupWriter`)
    serialises its users.
    """

    def __init__(self):
        self._db = None
        self._manager = None
        self._connection = None
        self._last_written: tuple[bytes, ...] = ()

    def _open(self, db) -> None:
        if self._db is db:
            return
        self.close()  # a test's database replaced by the next one's
        self._manager = transaction.TransactionManager()
        self._connection = db.open(transaction_manager=self._manager)
        self._db = db

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._db = self._manager = self._connection = None
        self._last_written = ()

    @contextmanager
    def transaction(self, db, request, oids: Iterable[bytes] = ()) -> Iterator:
        """Run the block in a new transaction of this connection and commit it; abort if it raises.

        Yields the Zope application wrapped in ``request`` (traversal and acquisition as in a
        published request). ``oids`` are fetched along with the last batch's objects.
        """
        self._open(db)
        self._manager.begin()
        try:
            self._connection.prefetch([*self._last_written, *oids])
            yield self._connection.root()["Application"].__of__(RequestContainer(REQUEST=request))
            written = written_oids(self._connection)
            self._manager.commit()
        except BaseException:
            self._manager.abort()
            raise
        self._last_written = written
