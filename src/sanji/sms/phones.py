"""Phone numbers in the queue: encrypted at rest, opened only to send.

A message about a case is sealed with that case's data key (:mod:`sanji.crypto.envelope`, purpose
``sms:<message id>``), like the applicant's own data: shredding the case also makes its queued
numbers unreadable. A message about no case (the answer to a query naming no case of that phone)
is sealed under a key derived from the ring's current master key; its id travels with the
ciphertext, so the message stays readable until that master key leaves the ring.
"""

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sanji.crypto.envelope import seal
from sanji.crypto.envelope import unseal
from sanji.crypto.errors import DecryptionFailed
from sanji.crypto.keys import NONCE_BYTES
from sanji.crypto.keys import get_ring

_UNBOUND = b"\x51"  # 'Q': sealed under the queue key, not a case's data key
_INFO = b"sanji:sms-queue:v1"


def _purpose(message_id: str) -> str:
    return f"sms:{message_id}"


def _queue_key(master_key: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=_INFO).derive(master_key)


def seal_phone(message_id: str, phone: str, application=None) -> bytes:
    """``phone`` encrypted for the message ``message_id`` (bound to ``application`` when given)."""
    if application is not None:
        return seal(application, _purpose(message_id), phone.encode("ascii"))
    ring = get_ring()
    key_id = ring.current.encode("ascii")
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(_queue_key(ring.keys[ring.current])).encrypt(nonce, phone.encode("ascii"), message_id.encode())
    return _UNBOUND + bytes([len(key_id)]) + key_id + nonce + body


def open_phone(message_id: str, sealed: bytes, application=None) -> str:
    """The phone number of ``sealed``.

    :raises DecryptionFailed: altered, moved to another message, or the key is gone.
    :raises sanji.crypto.errors.DataShredded: the case's data key was destroyed.
    """
    if sealed[:1] != _UNBOUND:
        if application is None:
            raise DecryptionFailed(f"SMS {message_id}: its case is gone, the number cannot be opened.")
        return unseal(application, _purpose(message_id), sealed).decode("ascii")
    length = sealed[1]
    key_id = sealed[2 : 2 + length].decode("ascii")
    nonce, body = sealed[2 + length : 2 + length + NONCE_BYTES], sealed[2 + length + NONCE_BYTES :]
    try:
        key = _queue_key(get_ring().key(key_id))
        return AESGCM(key).decrypt(nonce, body, message_id.encode()).decode("ascii")
    except InvalidTag:
        raise DecryptionFailed(f"SMS {message_id}: the stored number fails authentication.") from None


def phone_digest(phone: str) -> str:
    """A keyed hash of a number, for rate-limit and idempotency keys that must not reveal it."""
    return hmac.new(get_ring().index_key, b"sms-phone|" + phone.encode("ascii"), hashlib.sha256).hexdigest()[:32]
