"""Citizens ask by SMS: "CX <receipt number>" from the applicant's phone answers where the case stands.

The receipt is matched with the whole sending number against the case's encrypted personal data
(as :mod:`sanji.tracking.lookup` matches the last four digits), and the answer names the case's
state as ``@track`` does, always in Chinese.
An unknown receipt, a receipt of another phone and a malformed query all get the same neutral
answer, so an SMS never tells whether a receipt exists. Wrong queries count against the sending
number and the receipt in the rate limiter of ``@track``; beyond the limit no answer is sent at all.
Other texts (a "谢谢" after a notice) are not answered.
"""

import hashlib
import hmac
import logging
import re
import unicodedata
from dataclasses import dataclass

from zope.component import getUtility

from sanji.api.receipts import find_application
from sanji.sms.api import notify
from sanji.sms.phones import phone_digest
from sanji.sms.queue import REPLY
from sanji.sms.recipients import applicant_phone
from sanji.sms.recipients import chinese_date
from sanji.sms.recipients import state_title
from sanji.tracking.lookup import RECEIPT_RE
from sanji.tracking.ratelimit import IRateLimiter
from sanji.tracking.settings import limit
from sanji.validation.phone import InvalidMobile
from sanji.validation.phone import validate_mobile

logger = logging.getLogger("sanji.sms")

_QUERY = re.compile(r"^CX(?![A-Z])\s*(.*)$", re.DOTALL)
_SEPARATORS = re.compile(r"[\s\-]")

#: What :func:`answer` did.
ANSWERED = "answered"
NEUTRAL = "neutral"
IGNORED = "ignored"
LIMITED = "limited"


@dataclass(frozen=True)
class InboundSms:
    """One SMS a citizen sent to the county's number, as a provider pushed it."""

    phone: str
    text: str
    #: what makes this SMS unique at the provider (sequence id, time), so a repeated push answers once
    reference: str


def parse_query(text: str) -> str | None:
    """The receipt number asked for (digits, maybe malformed), or None when ``text`` is no query.

    Full-width letters, digits and spaces (a Chinese input method) count as their ASCII forms; the
    command is case-insensitive; spaces and hyphens inside the number are dropped.
    """
    normalized = unicodedata.normalize("NFKC", text or "").strip().upper()
    match = _QUERY.match(normalized)
    return _SEPARATORS.sub("", match.group(1)) if match else None


def _phone_matches(application, number: str) -> bool:
    stored = applicant_phone(application)
    try:
        stored = validate_mobile(stored)
    except InvalidMobile:
        return False
    return hmac.compare_digest(stored, number)


def _reply_key(sms: InboundSms, number: str) -> str:
    digest = hashlib.sha256(f"{sms.reference}|{sms.text}".encode()).hexdigest()[:16]
    return f"reply:{phone_digest(number)}:{digest}"


def answer(sms: InboundSms) -> str:
    """Queue the answer to ``sms``; returns ANSWERED, NEUTRAL, IGNORED (no query) or LIMITED."""
    receipt = parse_query(sms.text)
    try:
        number = validate_mobile(sms.phone)
    except InvalidMobile:
        return IGNORED
    if receipt is None:
        return IGNORED
    limiter = getUtility(IRateLimiter)
    window = limit("window_minutes") * 60
    keys = [(f"sms:{phone_digest(number)}", limit("max_failures_per_receipt"))]
    if RECEIPT_RE.match(receipt):
        keys.append((f"receipt:{receipt}", limit("max_failures_per_receipt")))
    if max(limiter.retry_after(key, allowed, window) for key, allowed in keys) > 0:
        logger.warning("SMS query not answered: too many wrong queries from this number or for this receipt")
        return LIMITED
    key = _reply_key(sms, number)
    application = find_application(receipt) if RECEIPT_RE.match(receipt) else None
    if application is not None and _phone_matches(application, number):
        params = {
            "receipt": receipt,
            "item": application.item_title,
            "step": state_title(application),
            "deadline": chinese_date(application.deadline) or "—",
        }
        notify(key, number, "query_status", params, audience=REPLY, application=application)
        return ANSWERED
    for limiter_key, _allowed in keys:
        limiter.record_failure(limiter_key, window)
    notify(key, number, "query_unknown", {}, audience=REPLY)
    return NEUTRAL
