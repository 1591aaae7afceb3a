"""The tamper-evident audit log: append-only entries, each hash-chained to the one before.

An entry is ``{seq, time, actor, action, object, details, prev_hash, hash}``; ``hash`` is the SHA-256
of the canonical JSON (sorted keys, no spaces, UTF-8) of all the other fields, ``prev_hash``
included, so altering, inserting or removing an entry breaks the chain at that point and
:func:`verify` names the first broken sequence number. The log sits in a site annotation: an
:class:`AuditLog` with the entries in an ``LOBTree`` by sequence number and the tail (last seq and
hash) on the log object itself.

Concurrency: every request that changes a case appends, so two requests appending at once (two
threads, or two instances over RelStorage) must not both redo their whole work. An append goes to
the log's ``pending`` entries (in the log object's own state) with the next seq and hash; when two
transactions appended from the same tail, ZODB calls :meth:`AuditLog._p_resolveConflict`, which
re-chains the later transaction's entries after the ones committed first (new seq, ``prev_hash``
and ``hash``). The chain stays linear and never forks, and nobody's request is retried for it.
The seq and hash that :func:`log` returns are final unless such a resolution renumbers them.
Pending entries move into the ``entries`` BTree by :func:`flush` once there are ``FLUSH_AT`` of
them (one transaction in that many writes the BTree), so the log object's state stays small.

The chain shows changes made through the database; someone able to rewrite the whole log could
also recompute every hash. ``sanji-audit-verify`` prints the tail's seq and hash: record it
elsewhere (the operations log, a printed report) to anchor the chain.

``details`` must never hold personal data; as a safety net, digit runs shaped like an ID number or a
mobile number are masked before they are written.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime

from BTrees.LOBTree import LOBTree
from persistent import Persistent
from plone import api
from plone.uuid.interfaces import IUUID
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations

from sanji.api.masking import mask_id_number
from sanji.api.masking import mask_phone

ANNOTATION = "sanji.audit"
GENESIS = "0" * 64
#: Pending entries kept in the log object's own state before :func:`flush` moves them to the BTree.
FLUSH_AT = 100

_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


class AuditLog(Persistent):
    """The entries by seq (1, 2, …): the older ones in a BTree, the newest ``pending`` here, and the tail."""

    #: The newest entries, oldest first, not yet in ``entries`` (a tuple: replaced, never changed in place).
    pending: tuple = ()

    def __init__(self):
        self.entries = LOBTree()
        self.tail_seq = 0
        self.tail_hash = GENESIS

    def _p_resolveConflict(self, old: dict, committed: dict, new: dict) -> dict:
        """Two transactions appended (or one flushed) from the same state: keep both, re-chained.

        :raises ConflictError: both flushed, or one flushed its own new entries while the other
            appended (their seq in the BTree would be wrong); the publisher retries then.
        """
        return resolve(old, committed, new)


def audit_log(site=None, create: bool = False) -> AuditLog | None:
    annotations = IAnnotations(site if site is not None else api.portal.get())
    log_ = annotations.get(ANNOTATION)
    if log_ is None and create:
        log_ = annotations[ANNOTATION] = AuditLog()
    return log_


def canonical(entry: dict) -> bytes:
    """The bytes the hash covers: every field but ``hash``, as canonical JSON."""
    fields = {name: value for name, value in entry.items() if name != "hash"}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: dict) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def _scrub(value):
    """JSON-safe ``value`` with ID-number and mobile-shaped digit runs masked."""
    if isinstance(value, dict):
        return {str(key): _scrub(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_scrub(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    text = _ID_NUMBER.sub(lambda match: mask_id_number(match.group()), text)
    return _MOBILE.sub(lambda match: mask_phone(match.group()), text)


def describe(obj) -> dict | None:
    """How an entry names its object: UID, path and, for a case, its receipt number."""
    if obj is None:
        return None
    described = {"uid": IUUID(obj, None), "path": "/".join(obj.getPhysicalPath())}
    receipt = getattr(obj, "receipt_number", None)
    if receipt:
        described["receipt"] = str(receipt)
    return described


def _current_actor() -> str:
    user = api.user.get_current()
    return (user.getId() or user.getUserName()) if user is not None else "unknown"


def _mark_safe(connection, before: set[int]) -> None:
    """Let plone.protect keep the audit write even in a GET (a page download is audited).

    Only the objects this append registered are marked, never anything else the request wrote.
    """
    from plone.protect.utils import safeWrite
    from zope.globalrequest import getRequest

    request = getRequest()
    if request is None or connection is None:
        return
    for obj in connection._registered_objects:
        if id(obj) not in before:
            safeWrite(obj, request)


def log(action: str, obj=None, *, actor: str | None = None, site=None, **details) -> dict:
    """Append an entry: ``action`` (``reveal``, ``download``, ``transition``…) on ``obj`` by ``actor``.

    ``actor`` defaults to the current user; ``details`` are short facts (a field name, a transition
    id), never personal data. Returns the entry written.
    """
    site = site if site is not None else api.portal.get()
    connection = getattr(site, "_p_jar", None)
    before = {id(o) for o in connection._registered_objects} if connection is not None else set()
    log_ = audit_log(site, create=True)
    entry = append(
        log_,
        {
            "time": datetime.now(UTC).isoformat(timespec="microseconds"),
            "actor": str(actor or _current_actor()),
            "action": str(action),
            "object": describe(obj),
            "details": _scrub(details),
        },
    )
    _mark_safe(connection, before)
    return entry


def append(log_: AuditLog, fields: dict) -> dict:
    """Chain ``fields`` after the tail (seq, prev_hash, hash) as a pending entry; return a copy."""
    entry = {**fields, "seq": log_.tail_seq + 1, "prev_hash": log_.tail_hash}
    entry["hash"] = entry_hash(entry)
    if len(log_.pending) >= FLUSH_AT:
        flush(log_)
    log_.pending = (*log_.pending, entry)
    log_.tail_seq, log_.tail_hash = entry["seq"], entry["hash"]
    return dict(entry)


def flush(log_: AuditLog) -> None:
    """Move the pending entries into the BTree (a write that conflicts with another flush only)."""
    for entry in log_.pending:
        log_.entries[entry["seq"]] = entry
    log_.pending = ()


def _seqs(entries) -> set[int]:
    return {entry["seq"] for entry in entries}


def resolve(old: dict, committed: dict, new: dict) -> dict:
    """The state of an :class:`AuditLog` that keeps what ``committed`` and ``new`` both did to ``old``.

    Entries appended by ``new`` (seq above the old tail) are chained again after ``committed``'s
    tail; entries either side flushed into the BTree leave ``pending``.
    """
    old_pending, committed_pending, new_pending = (state.get("pending", ()) for state in (old, committed, new))
    old_tail = old.get("tail_seq", 0)
    flushed_by_new = _seqs(old_pending) - _seqs(new_pending)
    flushed_by_committed = _seqs(old_pending) - _seqs(committed_pending)
    appended = [entry for entry in new_pending if entry["seq"] > old_tail]
    if flushed_by_new and flushed_by_committed:
        raise ConflictError("both transactions flushed the audit log")
    moved_own = len(appended) < new.get("tail_seq", 0) - old_tail
    if moved_own and committed.get("tail_seq", 0) != old_tail:
        raise ConflictError("a flush of new audit entries raced with an append")
    seq, digest = committed.get("tail_seq", 0), committed.get("tail_hash", GENESIS)
    pending = [entry for entry in committed_pending if entry["seq"] not in flushed_by_new]
    for entry in appended:
        chained = {**entry, "seq": seq + 1, "prev_hash": digest}
        chained["hash"] = entry_hash(chained)
        pending.append(chained)
        seq, digest = chained["seq"], chained["hash"]
    return {**committed, "pending": tuple(pending), "tail_seq": seq, "tail_hash": digest}


def _chain(log_: AuditLog) -> Iterator[tuple[int, dict]]:
    """Every entry by seq, oldest first: the BTree's, then the pending ones."""
    yield from log_.entries.items()
    for entry in log_.pending:
        yield entry["seq"], entry


def verify(site=None) -> tuple[bool, int | None]:
    """Walk the chain: ``(True, None)`` when intact, else ``(False, first broken seq)``.

    A changed entry breaks at its own seq (its hash no longer matches) or, if its hash was recomputed,
    at the next one (whose ``prev_hash`` no longer matches); a removed entry breaks at its seq; entries
    removed from the end break at the first missing seq after the last one kept.
    """
    log_ = audit_log(site)
    if log_ is None:
        return True, None
    expected_seq, prev_hash = 1, GENESIS
    for seq, entry in _chain(log_):
        if seq != expected_seq or entry.get("seq") != seq or entry.get("prev_hash") != prev_hash:
            return False, expected_seq
        if entry.get("hash") != entry_hash(entry):
            return False, seq
        expected_seq, prev_hash = seq + 1, entry["hash"]
    if log_.tail_seq != expected_seq - 1 or log_.tail_hash != prev_hash:
        return False, expected_seq
    return True, None


def tail(site=None) -> tuple[int, str]:
    """The last seq and hash: what to record outside the database to anchor the chain."""
    log_ = audit_log(site)
    return (log_.tail_seq, log_.tail_hash) if log_ is not None else (0, GENESIS)


def count(site=None) -> int:
    log_ = audit_log(site)
    return log_.tail_seq if log_ is not None else 0


def recent(start: int = 0, size: int = 50, site=None) -> Iterator[dict]:
    """Entries newest first, skipping ``start`` of them (a copy of each)."""
    log_ = audit_log(site)
    if log_ is None:
        return
    newest = log_.tail_seq - start
    if newest < 1:
        return
    oldest = max(newest - size + 1, 1)
    pending = {entry["seq"]: entry for entry in log_.pending}
    for seq in range(newest, oldest - 1, -1):
        entry = pending.get(seq) or log_.entries.get(seq)
        if entry is not None:
            yield dict(entry)
