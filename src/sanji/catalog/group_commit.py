"""The catalog entries of several requests, written in one transaction (a group commit).

Catalog writers take turns (:mod:`.writer_lock`). While one writes, the requests of this process that
finish meanwhile queue their entries here; the next to get the turn writes every queued entry of its
site in one transaction and wakes their requests. The busier the instance, the fewer transactions:
one poll, one commit and one write of each bucket that several entries share, instead of one each.
Every batch of the process is written on one connection (:mod:`.writer_connection`), whose cache
holds what the previous batch wrote.
"""

import logging
import threading
from dataclasses import dataclass
from dataclasses import field

from Products.CMFCore.utils import getToolByName
from ZODB.POSException import ConflictError
from zope.component.hooks import site as current_site

from sanji.catalog.writer_connection import WriterConnection
from sanji.catalog.writer_lock import catalog_writer

logger = logging.getLogger("sanji.catalog")

#: Tries of one batch; only other work can conflict with it (writers take turns).
ATTEMPTS = 10

Path = tuple[str, ...]


@dataclass
class Entry:
    """The catalog entries one request waits for: the objects' paths and their database ids."""

    paths: list[Path]
    oids: list[bytes]
    written: threading.Event = field(default_factory=threading.Event)
    ok: bool = False


@dataclass
class Batch:
    """The entries one turn writes: of the site at ``site`` in the database ``db``."""

    db: object
    request: object
    site: Path
    paths: list[Path]
    oids: list[bytes]


def write_batch(writer: WriterConnection, batch: Batch) -> bool:
    """Index the objects of ``batch`` in one transaction of their own; False if it could not be done.

    Never raises: the objects are committed already, and the sweep (``05-catalog``) indexes what is
    left out here. Indexes directly, not through Plone's indexing queue, which belongs to the
    thread's own transaction.
    """
    try:
        for _attempt in range(ATTEMPTS):
            try:
                with catalog_writer(batch.db), writer.transaction(batch.db, batch.request, batch.oids) as app:
                    portal = app.unrestrictedTraverse(batch.site)
                    with current_site(portal):
                        catalog = getToolByName(portal, "portal_catalog")
                        for path in batch.paths:
                            obj = app.unrestrictedTraverse(path, None)
                            if obj is not None:  # else removed meanwhile
                                catalog._indexObject(obj)
                return True
            except ConflictError:
                continue
        logger.warning("%d catalog entries kept conflicting; the sweep will write them", len(batch.paths))
    except Exception:
        logger.exception("Could not write %d catalog entries; the sweep will write them", len(batch.paths))
    return False


class GroupWriter:
    """Queues the entries of this process's requests by site; whoever gets the turn writes them all."""

    def __init__(self):
        self._queued: dict[Path, list[Entry]] = {}
        self._queue_lock = threading.Lock()
        self._turn = threading.Lock()
        self._connection = WriterConnection()  # used under the turn only

    def write(self, db, request, site: Path, paths: list[Path], oids: list[bytes]) -> bool:
        """Have the entries of the objects at ``paths`` (with ``oids``, of the site at ``site``) written.

        :returns: True once they are.
        """
        entry = Entry(list(paths), list(oids))
        with self._queue_lock:
            self._queued.setdefault(site, []).append(entry)
        with self._turn:
            if not entry.written.is_set():  # else an earlier turn wrote it with its own
                with self._queue_lock:
                    batch = self._queued.pop(site, [])
                paths = [path for queued in batch for path in queued.paths]
                oids = [oid for queued in batch for oid in queued.oids]
                ok = write_batch(self._connection, Batch(db, request, site, paths, oids))
                for queued in batch:
                    queued.ok = ok
                    queued.written.set()
        return entry.ok


#: This process's writer.
WRITER = GroupWriter()
