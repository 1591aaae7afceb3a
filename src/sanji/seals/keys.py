"""Staff key pairs, their certificates, and private keys that only the holder's PIN opens.

A seal PIN is short (six digits by default), so the PIN alone would be a weak lock on a key kept in
the ZODB: PKCS#8 encryption as ``cryptography`` writes it (``BestAvailableEncryption``: PBES2,
PBKDF2-SHA256 with only 2048 rounds, AES-256-CBC) falls to a million guesses in minutes. So the
passphrase given to it is not the PIN but ``HMAC(pepper, scrypt(PIN, salt))``:

- scrypt (per-seal random salt, 16 MiB of memory) makes every guess cost tens of milliseconds;
- the pepper is derived from the seal authority's private key, which never enters the ZODB, so a
  stolen copy of the database (or a backup) does not let anyone try PINs offline at all.

Online guessing is limited by :mod:`sanji.seals.lockout`. A consequence worth knowing: replacing
the seal authority (a new key file) means renewing every seal.
"""

import hmac
import os
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from hashlib import sha256

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.x509.oid import NameOID

from sanji.seals.authority import Authority

#: Lifetime of a staff certificate: renewed every two years, like a UKey certificate.
SEAL_DAYS = 2 * 365
#: Shortest PIN accepted.
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 64
#: scrypt cost of a PIN (n, r, p): about 16 MiB and a few tens of milliseconds per try.
SCRYPT = (2**14, 8, 1)

TIER_UNITS = {"village": "村级", "township": "乡镇", "county": "县级"}


class WrongPin(ValueError):
    """The PIN does not open the key."""


@dataclass(frozen=True)
class Holder:
    """Who a seal belongs to, as the certificate and the stamp name them."""

    userid: str
    fullname: str
    tier: str
    organisation: str
    place: str = ""


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def issue_certificate(
    authority: Authority, public_key, holder: Holder, now: datetime | None = None, days: int = SEAL_DAYS
) -> x509.Certificate:
    """A staff certificate: the person, their tier and organisation, for signing only."""
    now = now or datetime.now(UTC)
    not_after = min(now + timedelta(days=days), authority.certificate.not_valid_after_utc)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, holder.organisation),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TIER_UNITS.get(holder.tier, holder.tier or "-")),
        x509.NameAttribute(NameOID.COMMON_NAME, holder.fullname or holder.userid),
        x509.NameAttribute(NameOID.USER_ID, holder.userid),
    ]
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(authority.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()), critical=False)
        .sign(authority.key, hashes.SHA256())
    )


def pin_is_acceptable(pin: str) -> bool:
    return MIN_PIN_LENGTH <= len(pin or "") <= MAX_PIN_LENGTH and pin == pin.strip()


def _pepper(authority: Authority) -> bytes:
    secret = authority.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sanji seal PIN pepper v1").derive(secret)


def _passphrase(pin: str, salt: bytes, authority: Authority, cost: tuple[int, int, int]) -> bytes:
    n, r, p = cost
    stretched = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(pin.encode("utf-8"))
    return hmac.new(_pepper(authority), stretched, sha256).hexdigest().encode("ascii")


@dataclass(frozen=True)
class LockedKey:
    """A private key as stored: encrypted PKCS#8 PEM and what derives its passphrase from the PIN."""

    pem: bytes
    salt: bytes
    cost: tuple[int, int, int]


def lock_key(key, pin: str, authority: Authority) -> LockedKey:
    salt = os.urandom(16)
    passphrase = _passphrase(pin, salt, authority, SCRYPT)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    return LockedKey(pem, salt, SCRYPT)


def unlock_key(locked: LockedKey, pin: str, authority: Authority):
    """The private key, for the time of one request.

    :raises WrongPin: the PIN (or the authority the key was locked under) does not open it.
    """
    try:
        return serialization.load_pem_private_key(
            locked.pem, password=_passphrase(pin, locked.salt, authority, locked.cost)
        )
    except (ValueError, TypeError):
        raise WrongPin() from None
