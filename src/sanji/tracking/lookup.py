"""What a citizen may learn of a case from its receipt number and the last four digits of the phone.

Where it stands, which tier handles it, the dates and the steps taken: never a name, a comment or
any personal data, since the receipt may be lost or shown to others. A wrong receipt and wrong
digits are refused alike, so the answer never tells whether a receipt number exists.
"""

import hmac
import re
import unicodedata
from datetime import datetime

from plone import api
from zope.component import getUtility
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji import _
from sanji.api.clock import clock_state
from sanji.api.personal_data import get_personal_data
from sanji.api.receipts import find_application
from sanji.api.receipts import format_receipt_number
from sanji.content.tiers import TIER_TITLES
from sanji.deadlines import calendar
from sanji.tracking.ratelimit import IRateLimiter
from sanji.tracking.ratelimit import minutes
from sanji.tracking.settings import limit
from sanji.workflow.definition import history as workflow_history
from sanji.workflow.definition import state_title
from sanji.workflow.definition import transition_title
from sanji.workflow.routing import STATE_TIERS

RECEIPT_RE = re.compile(r"^[0-9]{16}$")
LAST4_RE = re.compile(r"^[0-9]{4}$")
_SEPARATORS = re.compile(r"[\s\-]")


class TrackingError(Exception):
    """A refusal with its HTTP status; ``message`` and ``errors`` (field → message) are not yet translated."""

    status = 400
    type = "BadRequest"

    def __init__(self, message: Message, errors: dict[str, Message] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class InvalidQuery(TrackingError):
    """Missing or malformed input: says what to type."""


class NoSuchCase(TrackingError):
    """Unknown receipt or wrong digits, with one message for both."""

    status = 404
    type = "NotFound"

    def __init__(self):
        super().__init__(
            _(
                "error_track_no_match",
                default="No case matches this receipt number and these phone digits. Check both and try again.",
            )
        )


class TooManyAttempts(TrackingError):
    """Too many wrong guesses from this address or for this receipt."""

    status = 429
    type = "TooManyRequests"

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(
            _(
                "error_track_too_many",
                default="Too many wrong attempts. Try again in ${minutes} minutes.",
                mapping={"minutes": minutes(retry_after)},
            )
        )


def clean_typed_digits(value: str) -> str:
    """Full-width digits from a Chinese input method become ASCII; spaces and hyphens go."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))


def normalize_query(receipt: str, phone_last4: str) -> tuple[str, str]:
    """The receipt number (16 digits) and the four digits, as typed but cleaned.

    :raises InvalidQuery: naming each of the two that is missing or malformed.
    """
    receipt, last4 = clean_typed_digits(receipt), clean_typed_digits(phone_last4)
    errors = {}
    if not RECEIPT_RE.match(receipt):
        errors["receipt"] = _(
            "error_track_receipt",
            default="Enter the 16-digit receipt number printed on the receipt, e.g. 2026 1128 0483 7291.",
        )
    if not LAST4_RE.match(last4):
        errors["phone_last4"] = _(
            "error_track_last4",
            default="Enter the last four digits of the mobile number given when applying.",
        )
    if errors:
        raise InvalidQuery(_("error_track_input", default="Check what you entered."), errors)
    return receipt, last4


def _translate(message) -> str:
    return translate(message, context=api.env.getRequest())


def _state_title(state: str) -> str:
    return _translate(Message(state_title(state), domain="sanji"))


def _tier_title(tier: str | None) -> str:
    return _translate(TIER_TITLES[tier]) if tier in TIER_TITLES else ""


def _history(application) -> list[dict]:
    steps = []
    for entry in workflow_history(application):
        action = entry.get("action")
        if action is None:
            title, tier = _translate(_("track_step_submitted", default="Submitted at the village station")), "village"
        else:
            title = _translate(Message(transition_title(action), domain="sanji"))
            tier = entry.get("tier") or None
        steps.append(
            {
                "date": entry["time"].asdatetime().astimezone(calendar.local_zone()).date().isoformat(),
                "step": title,
                "tier": tier,
                "tier_title": _tier_title(tier),
            }
        )
    return steps


def _current_tier(state: str, history: list[dict]) -> str | None:
    """The tier working on the case; after a decision, the one that decided (it hands over the result)."""
    if state in ("approved", "rejected") and history:
        return history[-1]["tier"]
    return STATE_TIERS.get(state)


def _iso(value) -> str | None:
    """The date of a date or datetime (an aware one in the portal's timezone), as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = (value.astimezone(calendar.local_zone()) if value.tzinfo else value).date()
    return value.isoformat()


def _phone_matches(application, last4: str) -> bool:
    phone = str(get_personal_data(application).get("phone") or "")
    return len(phone) >= 4 and hmac.compare_digest(phone[-4:], last4)


def track(receipt: str, phone_last4: str) -> dict:
    """Where the case stands, in the language of the request; no personal data.

    :raises InvalidQuery: the receipt is not 16 digits (spaces allowed) or the last four not 4 digits.
    :raises NoSuchCase: no case has this receipt, or its phone does not end in these digits.
    """
    receipt, last4 = normalize_query(receipt, phone_last4)
    application = find_application(receipt)
    if application is None or not _phone_matches(application, last4):
        raise NoSuchCase()
    state = api.content.get_state(application)
    history = _history(application)
    tier = _current_tier(state, history)
    clock = clock_state(application, calendar.today())
    deadline = clock.deadline if clock else application.deadline
    return {
        "receipt_number": receipt,
        "receipt_display": format_receipt_number(receipt),
        "item_title": application.item_title,
        "review_state": state,
        "step": _state_title(state),
        "tier": tier,
        "tier_title": _tier_title(tier),
        "accepted": _iso(application.accepted_at),
        "deadline": _iso(deadline),
        "paused": bool(clock and clock.paused),
        "completed": _iso(application.completed_at),
        "history": history,
    }


def track_limited(receipt: str, phone_last4: str, client_address: str) -> dict:
    """:func:`track` behind the limits on wrong guesses per client address and per receipt number.

    ``client_address`` is ``request.getClientAddr()``: Zope takes X-Forwarded-For only from the
    proxies listed as ``trusted-proxy`` in zope.conf, so a client cannot pick its own address.
    Malformed input is not counted (nothing was looked up); a refused pair counts for both keys.

    :raises InvalidQuery, NoSuchCase: as :func:`track`.
    :raises TooManyAttempts: before any lookup, while either key is over its limit.
    """
    receipt, last4 = normalize_query(receipt, phone_last4)
    limiter = getUtility(IRateLimiter)
    window = limit("window_minutes") * 60
    keys = (
        (f"ip:{client_address}", limit("max_failures_per_address")),
        (f"receipt:{receipt}", limit("max_failures_per_receipt")),
    )
    wait = max(limiter.retry_after(key, allowed, window) for key, allowed in keys)
    if wait > 0:
        raise TooManyAttempts(wait)
    try:
        return track(receipt, last4)
    except NoSuchCase:
        for key, _allowed in keys:
            limiter.record_failure(key, window)
        raise
