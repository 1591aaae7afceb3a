"""The catalog entries of several requests, written in one transaction (a group commit).

Catalog writers take turns (:mod:`.writer_lock`). While one writes, the requests of this process that
finish meanwhile queue their entries here; the next to get the turn writes every queued entry of its
site in one transaction and wakes their requests. The busier the instance, the fewer transactions:
one poll, one commit and one write of each bucket that several entries share, instead of one each.
"""

import logging
import threading
from dataclasses import dataclass
from dataclasses import field

import transaction
from ZODB.POSException import ConflictError

from sanji.catalog.writer_lock import catalog_writer

logger = logging.getLogger("sanji.catalog")

#: Tries of one batch; only other work can conflict with it (writers take turns).
ATTEMPTS = 10

Path = tuple[str, ...]


@dataclass
class Entry:
    """The catalog entries one request waits for."""

    paths: list[Path]
    written: threading.Event = field(default_factory=threading.Event)
    ok: bool = False


def write_batch(root, paths: list[Path]) -> bool:
    """Index the objects at ``paths`` in one transaction of their own; False if it could not be done.

    Never raises: the objects are committed already, and the sweep (``05-catalog``) indexes what is
    left out here.
    """
    try:
        for _attempt in range(ATTEMPTS):
            try:
                with catalog_writer(root._p_jar.db()):
                    transaction.begin()
                    for path in paths:
                        obj = root.unrestrictedTraverse(path, None)
                        if obj is not None:  # else removed meanwhile
                            obj.indexObject()
                    transaction.commit()
                return True
            except ConflictError:
                transaction.abort()
        logger.warning("%d catalog entries kept conflicting; the sweep will write them", len(paths))
    except Exception:
        transaction.abort()
        logger.exception("Could not write %d catalog entries; the sweep will write them", len(paths))
    return False


class GroupWriter:
    """Queues the entries of this process's requests by site; whoever gets the turn writes them all."""

    def __init__(self):
        self._queued: dict[Path, list[Entry]] = {}
        self._queue_lock = threading.Lock()
        self._turn = threading.Lock()

    def write(self, root, site: Path, paths: list[Path]) -> bool:
        """Have the entries at ``paths`` (objects of the site at ``site``) written; True once they are."""
        entry = Entry(list(paths))
        with self._queue_lock:
            self._queued.setdefault(site, []).append(entry)
        with self._turn:
            if not entry.written.is_set():  # else an earlier turn wrote it with its own
                with self._queue_lock:
                    batch = self._queued.pop(site, [])
                ok = write_batch(root, [path for queued in batch for path in queued.paths])
                for queued in batch:
                    queued.ok = ok
                    queued.written.set()
        return entry.ok


#: This process's writer.
WRITER = GroupWriter()
