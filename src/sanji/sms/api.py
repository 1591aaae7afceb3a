"""The SMS API the rest of Sanji calls: queue a message, send what is due, queue a failed one again.

::

    from sanji.sms import api as sms

    sms.notify(f"accepted:{uid}:applicant", phone, "citizen_accepted",
               {"receipt": …, "item": …, "deadline": …}, audience="citizen", application=case)

Nothing is sent inside the caller's transaction: :func:`notify` stores the message, and it leaves
only after that transaction commits (:mod:`sanji.sms.delivery`).
"""

import logging
from collections.abc import Mapping
from datetime import datetime

from plone import api
from plone.uuid.interfaces import IUUID

from sanji.api.masking import mask_phone
from sanji.deadlines import calendar
from sanji.sms.delivery import DeliveryReport
from sanji.sms.delivery import deliver_due as _deliver_due
from sanji.sms.delivery import send_after_commit
from sanji.sms.phones import seal_phone
from sanji.sms.queue import AUDIENCES
from sanji.sms.queue import CITIZEN
from sanji.sms.queue import FAILED
from sanji.sms.queue import QUEUED
from sanji.sms.queue import STAFF
from sanji.sms.queue import SmsMessage
from sanji.sms.queue import get_queue
from sanji.sms.quiet import quiet_until
from sanji.sms.settings import get_settings
from sanji.sms.templates import TEMPLATES
from sanji.sms.templates import clip
from sanji.sms.templates import ordered_params
from sanji.sms.templates import render
from sanji.validation.phone import InvalidMobile
from sanji.validation.phone import validate_mobile

logger = logging.getLogger("sanji.sms")


def notify(
    key: str,
    phone: str,
    template_id: str,
    params: Mapping[str, object],
    *,
    audience: str = STAFF,
    application=None,
) -> bool:
    """Queue one SMS in the current transaction; True if queued, False if ``key`` was already queued.

    :param key: idempotency key, e.g. ``f"step:{uid}:{n}:{userid}"``: the same event never sends
        twice, whoever notifies it again. Must not contain personal data (it is stored in plain).
    :param phone: mainland mobile number as typed; without a valid one nothing is queued (logged).
    :param template_id: one of :data:`sanji.sms.templates.TEMPLATES`.
    :param params: values of the template's placeholders (clipped to what providers accept).
    :param audience: ``"staff"`` (at once), ``"citizen"`` (held during quiet hours) or ``"reply"``.
    :param application: the case the message is about: its number is encrypted with the case's key.
    :raises ValueError: unknown template or audience (a programming error).
    """
    if template_id not in TEMPLATES:
        raise ValueError(f"Unknown SMS template {template_id!r}")
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown SMS audience {audience!r}")
    site = api.portal.get()
    queue = get_queue(site, create=True)
    if key in queue.messages:
        return False
    try:
        number = validate_mobile(str(phone or ""))
    except InvalidMobile:
        logger.warning("SMS %s not queued: no valid mobile number", key)
        return False
    settings = get_settings()
    text = settings.texts[template_id]
    values = {name: clip(value) for name, value in params.items()}
    now = calendar.now()
    held = quiet_until(now, settings.quiet_start, settings.quiet_end) if audience == CITIZEN else None
    message = SmsMessage(
        key,
        template_id=template_id,
        text=render(text, values),
        params=ordered_params(text, values),
        audience=audience,
        phone_masked=mask_phone(number),
        created=now,
        next_attempt=held or now,
        application_uid=IUUID(application) if application is not None else None,
    )
    message.phone_sealed = seal_phone(message.id, number, application)
    queue.add(message)
    send_after_commit(site, key)
    return True


def deliver_due(now: datetime | None = None, *, site=None) -> DeliveryReport:
    """Send what is due at ``now`` (default: the current time); safe to run on several instances at once.

    :param site: the Plone site (default: the current one), for code running outside a request.
    """
    return _deliver_due(now, site=site)


def requeue(message_id: str) -> bool:
    """Queue a failed message again (an administrator, after fixing the cause); False if it cannot be.

    Only failed messages that still hold their encrypted number can be sent again.
    """
    site = api.portal.get()
    queue = get_queue(site)
    message = queue.by_message_id(message_id) if queue is not None else None
    if message is None or message.status != FAILED or not message.phone_sealed:
        return False
    now = calendar.now()
    message.attempts = 0
    message.next_attempt = now
    message.record(now, QUEUED, "queued again by an administrator")
    queue.pending.add(message.key)
    send_after_commit(site, message.key)
    return True
