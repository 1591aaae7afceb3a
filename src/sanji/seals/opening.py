"""Opening a seal with its PIN: whether the holder may sign now, the lockout, changing the PIN.

The opened key lives for one request (:class:`UnlockedSeal`) and is never stored. A wrong PIN counts
towards a lock (:mod:`sanji.seals.lockout`); every refusal says why and what to do, for the person at
the counter.
"""

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from zope.component import queryUtility
from zope.i18nmessageid import Message

from sanji import _
from sanji.seals.authority import SealAuthorityError
from sanji.seals.interfaces import ISealLockout
from sanji.seals.keys import WrongPin
from sanji.seals.keys import lock_key
from sanji.seals.keys import pin_is_acceptable
from sanji.seals.keys import unlock_key
from sanji.seals.lockout import InMemoryLockout
from sanji.seals.store import SealRecord
from sanji.seals.store import audit
from sanji.seals.store import current_seal
from sanji.seals.store import ensure_authority
from sanji.seals.store import seals_of


class SealRefused(Exception):
    """The seal cannot be used; ``message`` says why and what to do (not yet translated)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def lockout() -> ISealLockout:
    found = queryUtility(ISealLockout)
    return found if found is not None else _FALLBACK_LOCKOUT


_FALLBACK_LOCKOUT = InMemoryLockout()


def _minutes(seconds: float) -> int:
    return max(1, int(seconds // 60) + (1 if seconds % 60 else 0))


@dataclass(frozen=True)
class UnlockedSeal:
    """A seal opened by its PIN: lives for one request, never stored."""

    record: SealRecord
    key: object

    @property
    def certificate(self) -> x509.Certificate:
        return self.record.certificate


def usable_seal(userid: str, when: datetime | None = None) -> SealRecord:
    """The seal ``userid`` may sign with now.

    :raises SealRefused: none, revoked, expired, or issued under another authority.
    """
    record = current_seal(userid)
    if record is None:
        revoked = [r for r in seals_of(userid) if r.revoked is not None]
        if revoked:
            last = max(revoked, key=lambda r: r.revoked)
            raise SealRefused(
                _(
                    "error_seal_revoked",
                    default="Your electronic seal was revoked on ${date}. Ask the seal administrator for a new one.",
                    mapping={"date": last.revoked.date().isoformat()},
                )
            )
        raise SealRefused(
            _(
                "error_seal_none",
                default="You have no electronic seal, and every step must be sealed. "
                "Ask the seal administrator to issue one.",
            )
        )
    status = record.status(when)
    if status == "expired":
        raise SealRefused(
            _(
                "error_seal_expired",
                default="Your electronic seal expired on ${date}. Ask the seal administrator to renew it.",
                mapping={"date": record.not_after.date().isoformat()},
            )
        )
    if status == "revoked":  # pragma: no cover - a revoked seal is no longer current
        raise SealRefused(_("error_seal_revoked_now", default="Your electronic seal was revoked."))
    return record


def unlock_seal(userid: str, pin: str | None, when: datetime | None = None) -> UnlockedSeal:
    """Open the current seal of ``userid`` with ``pin``.

    :raises SealRefused: no usable seal, the seal is locked, the PIN is missing or wrong (each
        wrong PIN counts towards the lock).
    """
    record = usable_seal(userid, when)
    try:
        authority = ensure_authority()
    except SealAuthorityError:
        raise SealRefused(
            _(
                "error_seal_authority",
                default="The seal authority is not available; nothing can be sealed. Tell the administrator.",
            )
        ) from None
    if record.authority != authority.fingerprint:
        raise SealRefused(
            _(
                "error_seal_old_authority",
                default="Your electronic seal was issued by a previous seal authority. "
                "Ask the seal administrator to renew it.",
            )
        )
    counter = lockout()
    locked = counter.locked_for(userid)
    if locked:
        raise _locked(locked)
    if not pin:
        raise SealRefused(
            _(
                "error_seal_pin_missing",
                default="Enter your seal PIN: every step is sealed with your electronic seal.",
            )
        )
    try:
        key = unlock_key(record.locked_key, pin, authority)
    except WrongPin:
        left = counter.failure(userid)
        audit("seal.wrong_pin", None, holder=userid, serial=record.serial, locked=left == 0)
        if left == 0:
            raise _locked(counter.locked_for(userid)) from None
        raise SealRefused(
            _(
                "error_seal_pin_wrong",
                default="Wrong seal PIN. After ${left} more wrong attempts the seal is locked for a while.",
                mapping={"left": left},
            )
        ) from None
    counter.success(userid)
    return UnlockedSeal(record, key)


def _locked(seconds: float) -> SealRefused:
    return SealRefused(
        _(
            "error_seal_locked",
            default="Your seal is locked after too many wrong PINs. Try again in ${minutes} minutes, "
            "or ask the seal administrator.",
            mapping={"minutes": _minutes(seconds)},
        )
    )


def change_pin(userid: str, old_pin: str, new_pin: str) -> SealRecord:
    """Lock the holder's key with a new PIN.

    :raises SealRefused: as :func:`unlock_seal` for the old PIN.
    :raises ValueError: the new PIN is too short.
    """
    if not pin_is_acceptable(new_pin):
        raise ValueError("The new seal PIN is too short")
    unlocked = unlock_seal(userid, old_pin)
    unlocked.record.set_key(lock_key(unlocked.key, new_pin, ensure_authority()))
    audit("seal.change_pin", None, holder=userid, serial=unlocked.record.serial)
    return unlocked.record
