"""Sending queued messages: after the transaction that queued them commits (by the process's sender
thread, :mod:`sanji.sms.sender`, so the request does not wait), and from the sweep.

Each message goes through three short steps, each in a transaction of its own on a fresh ZODB
connection (never the caller's):

1. **claim**: a due message becomes ``sending`` and the claim commits. Two deliverers (two threads,
   two instances behind one RelStorage) claiming the same message write the same persistent object;
   the later commit raises ConflictError and that deliverer moves on, so only one sends it.
2. **send**: the gateway is called outside any transaction, so no database lock waits on a provider.
3. **record**: the answer is stored: ``sent``, or back to ``queued`` with the next attempt after an
   exponential backoff, or ``failed`` once retries are exhausted or the number is refused for good.

A deliverer that dies between 1 and 3 leaves the message ``sending``; after :data:`LEASE` the next
sweep claims it again (the provider may then have received it twice: the one case where a message
can be duplicated, with a provider timeout).
"""

import logging
import re
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from contextlib import suppress
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime
from datetime import timedelta
from functools import partial

import transaction
from plone import api
from ZODB.POSException import ConflictError
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.interface import implementer

from sanji.api.masking import mask_phone
from sanji.crypto.errors import CryptoError
from sanji.deadlines import calendar
from sanji.interfaces import ISweepTask
from sanji.sms.interfaces import ISmsGateway
from sanji.sms.interfaces import OutgoingSms
from sanji.sms.interfaces import SendResult
from sanji.sms.phones import open_phone
from sanji.sms.queue import CITIZEN
from sanji.sms.queue import FAILED
from sanji.sms.queue import QUEUED
from sanji.sms.queue import RETENTION
from sanji.sms.queue import SENDING
from sanji.sms.queue import SENT
from sanji.sms.queue import SmsMessage
from sanji.sms.queue import SmsQueue
from sanji.sms.queue import get_queue
from sanji.sms.quiet import quiet_until
from sanji.sms.sender import SENDER
from sanji.sms.settings import get_settings

logger = logging.getLogger("sanji.sms")

#: How long a claim holds before another deliverer may take the message over.
LEASE = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
#: Attempts to store a provider's answer when other transactions keep conflicting.
RECORD_RETRIES = 5
_MOBILE = re.compile(r"(?<![0-9])(\+?86)?(1[3-9][0-9]{9})(?![0-9])")

#: What became of one message in one delivery run.
RETRYING = "retrying"
HELD = "held"
SKIPPED = "skipped"


@dataclass
class DeliveryReport:
    """Counts of one run, for the sweep's log."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    held: int = 0
    skipped: int = 0

    def add(self, outcome: str) -> None:
        name = {SENT: "sent", RETRYING: "retrying", FAILED: "failed", HELD: "held"}.get(outcome, "skipped")
        setattr(self, name, getattr(self, name) + 1)


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failed attempt: 1, 2, 4, 8… minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


@contextmanager
def site_transaction(db, site_path: tuple[str, ...]) -> Iterator[tuple[object, transaction.TransactionManager]]:
    """The site on a fresh connection with its own transaction manager, as the component site.

    The caller commits through the manager; whatever it did not commit is aborted on the way out.
    """
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    previous = getSite()
    try:
        manager.begin()
        site = connection.root()["Application"].unrestrictedTraverse(site_path)
        setSite(site)
        yield site, manager
    finally:
        manager.abort()
        connection.close()
        setSite(previous)


def _claimable(message: SmsMessage, now: datetime) -> bool:
    if message.status == QUEUED:
        return message.next_attempt <= now
    return message.status == SENDING and message.claimed_at is not None and message.claimed_at + LEASE <= now


def _application(site, uid: str | None):
    if not uid:
        return None
    brains = site.portal_catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def give_up(queue: SmsQueue, message: SmsMessage, now: datetime, error: str) -> str:
    """Mark ``message`` failed for good; it stays in the outbox, where it can be queued again."""
    message.last_error = error
    message.record(now, FAILED, error)
    return FAILED


def _claim(db, site_path, key: str, now: datetime) -> tuple[OutgoingSms, str, int] | str:
    """Claim ``key`` for sending: the message to send, the gateway name and the attempts allowed; else an outcome."""
    with site_transaction(db, site_path) as (site, manager):
        queue = get_queue(site)
        message = queue.messages.get(key) if queue is not None else None
        if message is None or not _claimable(message, now):
            return SKIPPED
        settings = get_settings(site.portal_registry)
        if message.audience == CITIZEN:
            until = quiet_until(now, settings.quiet_start, settings.quiet_end)
            if until is not None:
                message.next_attempt = until
                with suppress(ConflictError):  # another deliverer held it first: the same outcome
                    manager.commit()
                return HELD
        try:
            phone = open_phone(message.id, message.phone_sealed or b"", _application(site, message.application_uid))
        except CryptoError as error:
            outcome = give_up(queue, message, now, f"the number cannot be opened: {error}")
            manager.commit()
            return outcome
        note = "the previous attempt was interrupted" if message.status == SENDING else ""
        message.attempts += 1
        message.claimed_at = now
        message.gateway = settings.gateway
        message.record(now, SENDING, note)
        outgoing = OutgoingSms(
            message_id=message.id,
            phone=phone,
            text=message.text,
            template_id=message.template_id,
            params=dict(message.params),
            sign_name=settings.sign_name,
            template_code=settings.code(settings.gateway, message.template_id),
        )
        try:
            manager.commit()
        except ConflictError:
            return SKIPPED
        return outgoing, settings.gateway, settings.max_attempts


def _masked(text: str) -> str:
    """``text`` with mobile-shaped numbers masked: providers' errors may echo the number."""
    return _MOBILE.sub(lambda match: (match.group(1) or "") + mask_phone(match.group(2)), text or "")


def _send(gateway_name: str, outgoing: OutgoingSms) -> SendResult:
    gateway = queryUtility(ISmsGateway, name=gateway_name)
    if gateway is None:
        return SendResult(False, error=f"no SMS gateway named {gateway_name!r}")
    try:
        result = gateway.send(outgoing)
    except Exception as error:  # a broken adapter must not lose the message
        logger.exception("SMS gateway %s raised", gateway_name)
        result = SendResult(False, error=f"{type(error).__name__}: {error}")
    return replace(result, error=_masked(result.error))


def apply_result(queue: SmsQueue, message: SmsMessage, result: SendResult, now: datetime, max_attempts: int) -> str:
    """Store what the provider answered; returns the outcome."""
    if result.ok:
        message.last_error = ""
        message.provider_message_id = result.provider_message_id
        message.sent_at = now
        message.phone_sealed = None  # no longer needed: reports name the message by the provider's id
        if message.reported_at is None:  # else the delivery report came first and says more
            message.record(now, SENT)
        if result.provider_message_id:
            queue.by_provider_id[result.provider_message_id] = message.key
        return SENT
    if result.permanent or message.attempts >= max_attempts:
        return give_up(queue, message, now, result.error)
    message.last_error = result.error
    message.next_attempt = now + backoff(message.attempts)
    message.record(now, QUEUED, result.error)
    return RETRYING


def _record(db, site_path, key: str, result: SendResult, *, now: datetime, max_attempts: int) -> str:
    for _attempt in range(RECORD_RETRIES):
        with site_transaction(db, site_path) as (site, manager):
            queue = get_queue(site)
            outcome = apply_result(queue, queue.messages[key], result, now, max_attempts)
            try:
                manager.commit()
            except ConflictError:
                continue
            return outcome
    logger.error("SMS %s: the provider's answer could not be stored (%s); it will be sent again", key, result)
    return SKIPPED


def deliver_one(db, site_path, key: str, now: datetime) -> str:
    """Claim, send and record one message; the outcome (``sent``, ``retrying``, ``failed``, ``held``, ``skipped``)."""
    claimed = _claim(db, site_path, key, now)
    if isinstance(claimed, str):
        return claimed
    outgoing, gateway_name, max_attempts = claimed
    result = _send(gateway_name, outgoing)
    outcome = _record(db, site_path, key, result, now=now, max_attempts=max_attempts)
    if outcome != SENT:
        logger.warning("SMS %s via %s: %s (%s)", key, gateway_name, outcome, result.error)
    return outcome


def deliver_keys(
    db, site_path, keys: Iterable[str], now: datetime | None = None, *, stop_at_failure: bool = False
) -> DeliveryReport:
    """Send the messages ``keys`` that are due; errors are logged, never raised (the sweep retries).

    ``stop_at_failure`` leaves the rest to the sweep once one attempt has failed: a request must not
    wait for a provider that is down once per message.
    """
    report = DeliveryReport()
    now = now or calendar.now()
    for key in keys:
        try:
            outcome = deliver_one(db, site_path, key, now)
        except Exception:
            logger.exception("SMS %s: delivery failed; it stays queued", key)
            outcome = SKIPPED
        report.add(outcome)
        if stop_at_failure and outcome == RETRYING:
            break
    return report


def deliver_due(now: datetime | None = None, *, site=None) -> DeliveryReport:
    """Send every message that is due at ``now``: first attempts missed, retries, the morning's held ones.

    Reads the committed queue on a connection of its own, so it can run beside other work and on
    several instances at once; each message is still sent once (see the module's docstring).
    """
    site = site if site is not None else api.portal.get()
    now = now or calendar.now()
    db, site_path = site._p_jar.db(), site.getPhysicalPath()
    with site_transaction(db, site_path) as (fresh, _manager):
        queue = get_queue(fresh)
        due = [key for key in (queue.pending if queue is not None else ()) if _claimable(queue.messages[key], now)]
    return deliver_keys(db, site_path, due, now)


_SCHEDULED = object()  # the transaction data holding the keys queued in that transaction


def send_after_commit(site, key: str) -> None:
    """Send ``key`` once the current transaction has committed; nothing if it aborts."""
    current = transaction.get()
    try:
        keys = current.data(_SCHEDULED)
    except KeyError:
        keys = []
        current.set_data(_SCHEDULED, keys)
        current.addAfterCommitHook(_after_commit, args=(site._p_jar.db(), site.getPhysicalPath(), keys))
    keys.append(key)


def _after_commit(success: bool, db, site_path, keys: list[str]) -> None:
    """Hand the committed keys to the sender thread: the request that queued them answers at once."""
    if success:
        SENDER.submit(partial(deliver_keys, db, site_path, list(keys), stop_at_failure=True))


@implementer(ISweepTask)
class SmsSweepTask:
    """``50-sms`` of the sweep: retries, held messages, missed first attempts; forgets old messages.

    Delivery commits on connections of its own; the purge is written in the sweep's transaction,
    which the sweep retries on a conflict.
    """

    def __call__(self, site, now: datetime) -> dict:
        summary = asdict(deliver_due(now, site=site))
        queue = get_queue(site)
        summary["purged"] = queue.purge(now - RETENTION) if queue is not None else 0
        summary["pruned"] = queue.prune_pending() if queue is not None else 0
        return summary
