"""The SMS queue in the ZODB: one persistent message per idempotency key, in a site annotation.

Statuses: ``queued`` (waiting for its time: first attempt, a retry, the end of the quiet hours) →
``sending`` (claimed by one deliverer) → ``sent`` (the provider accepted it) → ``delivered`` or
``failed`` (the provider's delivery report; ``failed`` also when retries are exhausted or the number
is refused for good).

Each message is its own persistent object, so two deliverers claiming the same message write the
same object and the second commit raises a ConflictError: only one ever sends it. The indexes are
BTrees, whose conflict resolution lets concurrent transactions add different keys. Deliverers write
only the message itself (and the provider-id index), never an index a step writes: ``pending`` keeps
the keys of sent messages until the sweep prunes it, because BTrees refuse to resolve a removal
that empties a bucket (the last pending key sent while a step queues a new one).

The phone number is stored only encrypted (:mod:`sanji.sms.phones`) and masked for display; the
ciphertext is dropped once the provider has accepted the message.
"""

import uuid
from datetime import datetime
from datetime import timedelta

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

from sanji import _

ANNOTATION = "sanji.sms"
#: Finished messages are kept this long for the outbox and delivery reports, then forgotten.
RETENTION = timedelta(days=180)

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
FAILED = "failed"
#: Statuses of a message that is not finished.
WAITING = (QUEUED, SENDING)

STATUS_TITLES = {
    QUEUED: _("sms_status_queued", default="Queued"),
    SENDING: _("sms_status_sending", default="Sending"),
    SENT: _("sms_status_sent", default="Sent"),
    DELIVERED: _("sms_status_delivered", default="Delivered"),
    FAILED: _("sms_status_failed", default="Failed"),
}

STAFF = "staff"
CITIZEN = "citizen"
#: A reply to the citizen's own SMS: to a citizen, but sent at once even in quiet hours.
REPLY = "reply"
AUDIENCES = (STAFF, CITIZEN, REPLY)


class SmsMessage(Persistent):
    """One message to one phone. ``key`` is its idempotency key; ``id`` the short id given to providers."""

    status = QUEUED
    attempts = 0
    gateway = ""
    provider_message_id = ""
    last_error = ""
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    reported_at: datetime | None = None

    def __init__(
        self,
        key: str,
        *,
        template_id: str,
        text: str,
        params: dict[str, str],
        audience: str,
        phone_masked: str,
        created: datetime,
        next_attempt: datetime,
        application_uid: str | None = None,
    ):
        self.key = key
        self.id = uuid.uuid4().hex
        self.template_id = template_id
        self.text = text
        self.params = dict(params)
        self.audience = audience
        self.phone_masked = phone_masked
        self.phone_sealed: bytes | None = None
        self.created = created
        self.next_attempt = next_attempt
        self.application_uid = application_uid
        #: (time, status, note) of each change, for the outbox page
        self.log: tuple = ((created, QUEUED, ""),)

    def record(self, when: datetime, status: str, note: str = "") -> None:
        self.status = status
        self.log = (*self.log, (when, status, note))

    def __repr__(self) -> str:
        return f"<SmsMessage {self.key} {self.status}>"


class SmsQueue(Persistent):
    """The messages and the indexes the deliverers, reports and the outbox page need."""

    def __init__(self):
        self.messages = OOBTree()  # key → SmsMessage
        self.pending = OOTreeSet()  # keys of queued and sending messages, and of finished ones until pruned
        self.by_id = OOBTree()  # message id → key
        self.by_provider_id = OOBTree()  # provider message id → key
        self.timeline = OOBTree()  # "created iso|id" → key, for the outbox's newest-first pages

    def add(self, message: SmsMessage) -> None:
        self.messages[message.key] = message
        self.pending.add(message.key)
        self.by_id[message.id] = message.key
        self.timeline[f"{message.created.isoformat()}|{message.id}"] = message.key

    def waiting(self) -> list[SmsMessage]:
        """The messages still queued or being sent."""
        return [message for message in map(self.messages.get, self.pending) if message and message.status in WAITING]

    def prune_pending(self) -> int:
        """Drop the finished messages from ``pending`` (the sweep's transaction); returns how many."""
        finished = [key for key in self.pending if key not in self.messages or self.messages[key].status not in WAITING]
        for key in finished:
            self.pending.remove(key)
        return len(finished)

    def by_message_id(self, message_id: str) -> SmsMessage | None:
        key = self.by_id.get(message_id)
        return self.messages.get(key) if key is not None else None

    def by_provider(self, provider_message_id: str) -> SmsMessage | None:
        key = self.by_provider_id.get(provider_message_id)
        return self.messages.get(key) if key is not None else None

    def newest(self, start: int = 0, size: int = 50) -> list[SmsMessage]:
        """One page of messages, newest first (positional access: no walk over the whole queue)."""
        values = self.timeline.values()
        total = len(self.timeline)
        return [self.messages[values[total - 1 - position]] for position in range(start, min(start + size, total))]

    def purge(self, before: datetime) -> int:
        """Forget finished messages created before ``before``; returns how many.

        Walks the timeline from its oldest entry and stops at the first one that is newer, so the
        cost is that of what is purged, not of the queue. Messages still waiting are kept.
        """
        purged = 0
        for entry in list(self.timeline.keys(max=f"{before.isoformat()}|")):
            message = self.messages.get(self.timeline[entry])
            if message is not None and message.status in (QUEUED, SENDING):
                continue
            del self.timeline[entry]
            if message is not None:
                del self.messages[message.key]
                self.by_id.pop(message.id, None)
                if message.provider_message_id:
                    self.by_provider_id.pop(message.provider_message_id, None)
                purged += 1
        return purged

    def __len__(self) -> int:
        return len(self.messages)


def get_queue(site, create: bool = False) -> SmsQueue | None:
    annotations = IAnnotations(site)
    queue = annotations.get(ANNOTATION)
    if queue is None and create:
        queue = annotations[ANNOTATION] = SmsQueue()
    return queue
