"""The master key ring: where it comes from, how it is checked against the site, never in the ZODB.

The ring is a JSON file::

    {"current": "k20260115-3fa9c2",
     "keys": {"k20260115-3fa9c2": "<base64 of 32 bytes>", "k20250301-0b1d7e": "<base64>"},
     "index_key": "<base64 of 32 bytes>"}

``current`` wraps new data keys; older ids stay until ``sanji-rotate-keys`` has rewrapped every data
key, then they can be removed. ``index_key`` keys the ID-number hash of the catalog.

=======================  ===========================================================  =================
variable                 meaning                                                      default
=======================  ===========================================================  =================
SANJI_MASTER_KEY_FILE    the ring (in production a Kubernetes Secret mounted as file)  (unset)
SANJI_VAR                where the local default lives: ``secrets/master-keys.json``  ./var
=======================  ===========================================================  =================

Without SANJI_MASTER_KEY_FILE the ring is ``$SANJI_VAR/secrets/master-keys.json``, generated on first
use (mode 0600, logged), but only for a FileStorage: instances sharing RelStorage or ZEO would each
generate their own ring, so there the file must be given. A file that is named but absent, unreadable
or malformed raises :class:`KeyRingError`; nothing is ever generated in its place.

Each key id also leaves a *check* in the site (a site annotation): the AES-GCM encryption of a
constant under that key, plus a count of the data keys it wraps. A ring that cannot open a check, or
lacks a key id that still wraps data keys, raises :class:`WrongMasterKey` at start-up
(:mod:`sanji.crypto.startup`) and before any write, so a wrong key never writes data that the right
key could not read, and never loses any.
"""

import base64
import binascii
import json
import logging
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

from sanji.crypto.errors import KeyRingError
from sanji.crypto.errors import WrongMasterKey

logger = logging.getLogger("sanji.crypto")

KEY_FILE_VARIABLE = "SANJI_MASTER_KEY_FILE"
KEY_BYTES = 32
NONCE_BYTES = 12
#: Where the site keeps the checks and usage counts of the key ids (never a key).
ANNOTATION = "sanji.crypto"
_CHECK_PLAINTEXT = b"sanji master key check v1"


@dataclass(frozen=True)
class KeyRing:
    """The master keys by id, the current id, and the index key; ``path`` is where they came from."""

    current: str
    keys: Mapping[str, bytes]
    index_key: bytes
    path: Path

    def key(self, key_id: str) -> bytes:
        """The master key ``key_id``.

        :raises WrongMasterKey: the ring has no such id (it was removed before its data keys were rewrapped).
        """
        try:
            return self.keys[key_id]
        except KeyError:
            raise WrongMasterKey(
                f"The master key ring {self.path} has no key {key_id!r}, which still wraps data keys of this site. "
                "Put that key back into the file (and run sanji-rotate-keys before removing it again)."
            ) from None


def _decode_key(value, what: str, path: Path) -> bytes:
    try:
        key = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise KeyRingError(f"{path}: {what} is not base64.") from None
    if len(key) != KEY_BYTES:
        raise KeyRingError(f"{path}: {what} must be {KEY_BYTES} bytes, it has {len(key)}.")
    return key


def parse_ring(text: str, path: Path) -> KeyRing:
    """The ring in the JSON ``text`` read from ``path``.

    :raises KeyRingError: naming the file and what is wrong with it.
    """
    try:
        document = json.loads(text)
    except ValueError as error:
        raise KeyRingError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), dict) or not document["keys"]:
        raise KeyRingError(f'{path} must be {{"current": id, "keys": {{id: base64, …}}, "index_key": base64}}.')
    keys = {str(key_id): _decode_key(value, f"key {key_id!r}", path) for key_id, value in document["keys"].items()}
    current = document.get("current")
    if current not in keys:
        raise KeyRingError(f"{path}: current key {current!r} is not among the keys {sorted(keys)}.")
    if "index_key" not in document:
        raise KeyRingError(f"{path}: index_key is missing.")
    return KeyRing(current, keys, _decode_key(document["index_key"], "index_key", path), path)


def new_key_id(today: date | None = None) -> str:
    """``k20260115-3fa9c2``: sortable by creation, unique enough never to be reused by accident."""
    return f"k{(today or date.today()):%Y%m%d}-{secrets.token_hex(3)}"


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def new_ring_document() -> dict:
    """A fresh ring: one random master key, current, and a random index key."""
    key_id = new_key_id()
    return {"current": key_id, "keys": {key_id: _b64(os.urandom(KEY_BYTES))}, "index_key": _b64(os.urandom(KEY_BYTES))}


def with_new_key(document: dict) -> dict:
    """``document`` with one more random key, made current: the first step of a rotation."""
    key_id = new_key_id()
    return {**document, "current": key_id, "keys": {**document["keys"], key_id: _b64(os.urandom(KEY_BYTES))}}


def write_ring_file(path: Path, document: dict) -> None:
    """Create ``path`` (mode 0600, folder 0700) holding ``document``; never overwrite an existing file.

    Written to a temporary file and linked into place, so another process never reads half a ring.

    :raises FileExistsError: another process created it first (read theirs).
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _var_dir(environ: Mapping[str, str]) -> Path:
    """SANJI_VAR, else Zope's clienthome (the var folder the rendered zope.conf names), else ./var."""
    if environ.get("SANJI_VAR"):
        return Path(environ["SANJI_VAR"]).resolve()
    try:
        from App.config import getConfiguration

        clienthome = getattr(getConfiguration(), "clienthome", None)
    except ImportError:
        clienthome = None
    return Path(clienthome or "var").resolve()


def key_file(environ: Mapping[str, str] = os.environ) -> tuple[Path, bool]:
    """Where the ring is, and whether it was named explicitly (then it must exist)."""
    named = environ.get(KEY_FILE_VARIABLE)
    if named:
        return Path(named), True
    return _var_dir(environ) / "secrets" / "master-keys.json", False


def load_ring(environ: Mapping[str, str] = os.environ) -> KeyRing:
    """Read the ring, generating the local default on a single machine's first start.

    :raises KeyRingError: the named file is missing, unreadable or malformed, or a shared database
        (RelStorage, ZEO) has no SANJI_MASTER_KEY_FILE.
    """
    path, named = key_file(environ)
    if not path.exists():
        if named:
            raise KeyRingError(
                f"{KEY_FILE_VARIABLE} names {path}, which does not exist. Mount the master key secret there; "
                "a new key is never generated in its place, because it could not read the existing data."
            )
        if environ.get("RELSTORAGE_DSN") or environ.get("ZEO_ADDRESS"):
            raise KeyRingError(
                f"Set {KEY_FILE_VARIABLE}: instances sharing a database (RelStorage, ZEO) must share one master "
                "key ring; each would otherwise generate its own."
            )
        try:
            write_ring_file(path, new_ring_document())
            logger.warning(
                "Generated a new master key ring at %s (mode 0600). Back it up apart from the database: "
                "without it the personal data cannot be read.",
                path,
            )
        except FileExistsError:
            pass
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KeyRingError(f"Cannot read the master key ring {path}: {error.strerror or error}") from None
    ring = parse_ring(text, path)
    if not named and path.stat().st_mode & 0o077:
        logger.warning("The master key ring %s can be read by other users: chmod 600 it.", path)
    return ring


_lock = threading.Lock()
#: The ring of this process, once read (key "ring").
_cache: dict[str, KeyRing] = {}


def get_ring() -> KeyRing:
    """The ring of this process, read once (restart the instances after changing the file)."""
    ring = _cache.get("ring")
    if ring is None:
        with _lock:
            ring = _cache.get("ring")
            if ring is None:
                ring = _cache["ring"] = load_ring()
    return ring


def reset_ring_cache() -> None:
    """Forget the ring read so far; the next :func:`get_ring` reads the file again (tests, CLI)."""
    with _lock:
        _cache.clear()


class KeyState(Persistent):
    """What the site knows of the key ids: a check per id and how many data keys each wraps."""

    def __init__(self):
        self.checks = OOBTree()
        self.usage = OOBTree()


def key_state(site, create: bool = False) -> KeyState | None:
    annotations = IAnnotations(site)
    state = annotations.get(ANNOTATION)
    if state is None and create:
        state = annotations[ANNOTATION] = KeyState()
    return state


def _check_aad(key_id: str) -> bytes:
    return b"sanji:check:v1|" + key_id.encode()


def make_check(key_id: str, key: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, _CHECK_PLAINTEXT, _check_aad(key_id))


def check_opens(check: bytes, key_id: str, key: bytes) -> bool:
    """Whether ``key`` is the key that made ``check`` for ``key_id``."""
    try:
        return AESGCM(key).decrypt(check[:NONCE_BYTES], check[NONCE_BYTES:], _check_aad(key_id)) == _CHECK_PLAINTEXT
    except InvalidTag:
        return False


def _wrong_key(ring: KeyRing, key_id: str) -> WrongMasterKey:
    return WrongMasterKey(
        f"The master key {key_id!r} in {ring.path} is not the key this site's data was encrypted with. "
        "Nothing was written. Restore the right key file; never replace a key under an existing id."
    )


def ensure_current_key(site, ring: KeyRing) -> None:
    """Before wrapping under the current key: its check opens, or is recorded now for a new id.

    :raises WrongMasterKey: the current key id holds another key than the one the site knows.
    """
    state = key_state(site, create=True)
    check = state.checks.get(ring.current)
    if check is None:
        state.checks[ring.current] = make_check(ring.current, ring.keys[ring.current])
        logger.info("Recorded the check of master key %s in the site", ring.current)
    elif not check_opens(check, ring.current, ring.keys[ring.current]):
        raise _wrong_key(ring, ring.current)


def count_data_keys(site, key_id: str, delta: int) -> None:
    """Add ``delta`` to the data keys wrapped under ``key_id`` (a conflict-free counter)."""
    state = key_state(site, create=True)
    counter = state.usage.get(key_id)
    if counter is None:
        counter = state.usage[key_id] = Length()
    counter.change(delta)


def data_key_counts(site) -> dict[str, int]:
    """How many data keys each key id wraps (ids wrapping none may be removed from the ring)."""
    state = key_state(site)
    return {key_id: counter() for key_id, counter in state.usage.items()} if state is not None else {}


def verify_site(site, ring: KeyRing) -> None:
    """The ring opens every check of the site and has every key id that still wraps data keys.

    :raises WrongMasterKey: listing every problem, so that one restart fixes them all.
    """
    state = key_state(site)
    if state is None:
        return
    problems = []
    for key_id, count in data_key_counts(site).items():
        if count > 0 and key_id not in ring.keys:
            problems.append(f"key {key_id!r} wraps {count} data keys of this site but is missing from {ring.path}")
    for key_id, check in state.checks.items():
        if key_id in ring.keys and not check_opens(check, key_id, ring.keys[key_id]):
            problems.append(f"key {key_id!r} in {ring.path} is not the key this site was encrypted with")
    if problems:
        raise WrongMasterKey(
            f"The master key ring does not fit the site {'/'.join(site.getPhysicalPath())}: "
            + "; ".join(problems)
            + ". Nothing was changed. Restore the right key file."
        )
