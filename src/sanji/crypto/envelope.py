"""Envelope encryption: one data key per application, wrapped by the master key of the ring.

Each application gets a random 256-bit data key (DEK) the first time something of it is encrypted.
Its personal data and every captured page are sealed with AES-GCM under that key, with a random
96-bit nonce and associated data naming the application's UID and the purpose (``personal``,
``page:<id>``): a ciphertext copied onto another case, or from one purpose to another, fails to open
instead of showing the wrong person's data. The DEK itself is wrapped with AES-GCM under the ring's
current master key (associated data: UID and key id) and kept in a small persistent :class:`DataKey`
beside the application, so rotation rewrites only these small records, never the cases.

Stored ciphertexts are ``b"\\x01" + nonce + ciphertext-with-tag``; the version byte leaves room for
another algorithm (SM4 for instance) without guessing.

Copying an application (a new UID) makes its copy unreadable: cases are never copied.
"""

import os
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from persistent import Persistent
from plone import api
from plone.uuid.interfaces import IUUID
from Products.CMFCore.interfaces import ISiteRoot

from sanji.crypto.errors import CryptoError
from sanji.crypto.errors import DataShredded
from sanji.crypto.errors import DecryptionFailed
from sanji.crypto.errors import WrongMasterKey
from sanji.crypto.keys import KEY_BYTES
from sanji.crypto.keys import NONCE_BYTES
from sanji.crypto.keys import KeyRing
from sanji.crypto.keys import count_data_keys
from sanji.crypto.keys import ensure_current_key
from sanji.crypto.keys import get_ring

VERSION = b"\x01"
_ATTRIBUTE = "_sanji_data_key"


class DataKey(Persistent):
    """The wrapped data key of one application and the master key id that wraps it.

    After crypto-shredding ``wrapped`` and ``key_id`` are None and ``shredded`` says when.
    """

    shredded: datetime | None = None
    rewrapped: datetime | None = None

    def __init__(self, key_id: str, wrapped: bytes):
        self.key_id = key_id
        self.wrapped = wrapped
        self.created = datetime.now().astimezone()


def site_of(obj):
    """The Plone site above ``obj`` (by acquisition), else the current one."""
    for parent in getattr(obj, "aq_chain", ()):
        if ISiteRoot.providedBy(parent):
            return parent
    return api.portal.get()


def _uid(application) -> bytes:
    uid = IUUID(application, None)
    if not uid:
        raise CryptoError(f"{application!r} has no UID to bind its encrypted data to.")
    return uid.encode("ascii")


def _wrap_aad(uid: bytes, key_id: str) -> bytes:
    return b"sanji:dek:v1|" + uid + b"|" + key_id.encode()


def _data_aad(uid: bytes, purpose: str) -> bytes:
    return b"sanji:data:v1|" + uid + b"|" + purpose.encode()


def _wrap(ring: KeyRing, uid: bytes, dek: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(ring.keys[ring.current]).encrypt(nonce, dek, _wrap_aad(uid, ring.current))


def _unwrap(ring: KeyRing, uid: bytes, record: DataKey) -> bytes:
    key = ring.key(record.key_id)
    try:
        return AESGCM(key).decrypt(
            record.wrapped[:NONCE_BYTES], record.wrapped[NONCE_BYTES:], _wrap_aad(uid, record.key_id)
        )
    except InvalidTag:
        raise WrongMasterKey(
            f"The master key {record.key_id!r} in {ring.path} does not open the data key of {uid.decode()}: "
            "the key file holds another key under that id, or the stored data key was altered."
        ) from None


def data_key_record(application) -> DataKey | None:
    return getattr(application, _ATTRIBUTE, None)


def shredded_at(application) -> datetime | None:
    """When the application's data key was destroyed, or None."""
    record = data_key_record(application)
    return record.shredded if record is not None else None


def _shredded(application, record: DataKey) -> DataShredded:
    return DataShredded(
        f"The data key of {IUUID(application, '?')} was destroyed on {record.shredded:%Y-%m-%d}.", record.shredded
    )


def data_key(application, *, create: bool = False) -> bytes | None:
    """The application's plain data key (never store it), made on first use when ``create``.

    :raises DataShredded: the key was destroyed.
    :raises WrongMasterKey: the ring cannot unwrap it (or, creating, the current key fails its check).
    """
    record = data_key_record(application)
    ring = get_ring()
    uid = _uid(application)
    if record is None:
        if not create:
            return None
        site = site_of(application)
        ensure_current_key(site, ring)
        dek = os.urandom(KEY_BYTES)
        setattr(application, _ATTRIBUTE, DataKey(ring.current, _wrap(ring, uid, dek)))
        count_data_keys(site, ring.current, +1)
        return dek
    if record.shredded is not None:
        raise _shredded(application, record)
    return _unwrap(ring, uid, record)


def seal(application, purpose: str, plaintext: bytes, dek: bytes | None = None) -> bytes:
    """``plaintext`` encrypted for ``application`` and ``purpose`` (the data key is made if needed)."""
    dek = dek or data_key(application, create=True)
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(dek).encrypt(nonce, plaintext, _data_aad(_uid(application), purpose))


def is_sealed(value) -> bool:
    return isinstance(value, bytes) and value[:1] == VERSION and len(value) >= 1 + NONCE_BYTES + 16


def unseal(application, purpose: str, sealed: bytes, dek: bytes | None = None) -> bytes:
    """The plaintext of ``sealed``.

    :raises DecryptionFailed: altered, moved from another case or purpose, or not a ciphertext of ours.
    :raises DataShredded: the data key was destroyed.
    :raises WrongMasterKey: the ring cannot unwrap the data key.
    """
    if not is_sealed(sealed):
        raise DecryptionFailed(f"The stored {purpose} data of {IUUID(application, '?')} is not in a known format.")
    dek = dek or data_key(application)
    if dek is None:
        raise DecryptionFailed(f"{IUUID(application, '?')} has {purpose} data but no data key.")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        return AESGCM(dek).decrypt(nonce, body, _data_aad(_uid(application), purpose))
    except InvalidTag:
        raise DecryptionFailed(
            f"The {purpose} data of {IUUID(application, '?')} fails authentication: it was altered, or belongs "
            "to another case."
        ) from None


def rewrap(application, ring: KeyRing | None = None) -> bool:
    """Wrap the application's data key under the ring's current key; False if it already is (or none).

    Needs the old key id still in the ring. The data it protects is not touched.
    """
    ring = ring or get_ring()
    record = data_key_record(application)
    if record is None or record.shredded is not None or record.key_id == ring.current:
        return False
    uid = _uid(application)
    dek = _unwrap(ring, uid, record)
    site = site_of(application)
    ensure_current_key(site, ring)
    old = record.key_id
    record.wrapped, record.key_id = _wrap(ring, uid, dek), ring.current
    record.rewrapped = datetime.now().astimezone()
    count_data_keys(site, old, -1)
    count_data_keys(site, ring.current, +1)
    return True


def destroy_data_key(application, when: datetime | None = None) -> bool:
    """Crypto-shredding: forget the data key, so nothing sealed under it can be opened again.

    False when there was no key or it was destroyed already. Earlier revisions of the small
    :class:`DataKey` record stay in a FileStorage (or a history-preserving RelStorage) until the
    database is packed; they are wrapped by the master key, so packing, or retiring that master
    key after a rotation, completes the shredding.
    """
    record = data_key_record(application)
    if record is None or record.shredded is not None:
        return False
    old = record.key_id
    record.wrapped = record.key_id = None
    record.shredded = when or datetime.now().astimezone()
    if old is not None:
        count_data_keys(site_of(application), old, -1)
    return True
