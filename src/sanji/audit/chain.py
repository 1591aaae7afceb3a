"""The tamper-evident audit log: append-only entries, each hash-chained to the one before.

An entry is ``{seq, time, actor, action, object, details, prev_hash, hash}``; ``hash`` is the SHA-256
of the canonical JSON (sorted keys, no spaces, UTF-8) of all the other fields, ``prev_hash``
included, so altering, inserting or removing an entry breaks the chain at that point and
:func:`verify` names the first broken sequence number. The log sits in a site annotation: an
:class:`AuditLog` with the entries in an ``LOBTree`` by sequence number and the tail (last seq and
hash) on the log object itself.

Concurrency: every append writes the log object's tail, so two transactions appending at once
(two threads or two instances on RelStorage) always conflict; ZODB raises ConflictError in the
later one and the publisher retries the whole request, which then appends after the first. The
chain stays linear and never forks; the price is that appends are serialised, a few milliseconds
each, which a county's traffic never notices.

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
from zope.annotation.interfaces import IAnnotations

from sanji.api.masking import mask_id_number
from sanji.api.masking import mask_phone

ANNOTATION = "sanji.audit"
GENESIS = "0" * 64

_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


class AuditLog(Persistent):
    """The entries by seq (1, 2, …) and the tail every append reads and writes."""

    def __init__(self):
        self.entries = LOBTree()
        self.tail_seq = 0
        self.tail_hash = GENESIS


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
    entry = {
        "seq": log_.tail_seq + 1,
        "time": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": str(actor or _current_actor()),
        "action": str(action),
        "object": describe(obj),
        "details": _scrub(details),
        "prev_hash": log_.tail_hash,
    }
    entry["hash"] = entry_hash(entry)
    log_.entries[entry["seq"]] = entry
    log_.tail_seq, log_.tail_hash = entry["seq"], entry["hash"]
    _mark_safe(connection, before)
    return dict(entry)


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
    for seq, entry in log_.entries.items():
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
    for seq in reversed(list(log_.entries.keys(max(newest - size + 1, 1), newest))):
        yield dict(log_.entries[seq])
