"""The county's seal authority (电子签章中心): a root certificate that issues every staff seal.

Its private key lives in one file and nowhere else, never in the ZODB: in production a Kubernetes
Secret mounted as a file named by ``SANJI_SEAL_AUTHORITY_KEY_FILE`` (PEM: the PKCS#8 private key
followed by the certificate), locally a file generated on first use at
``$SANJI_VAR/secrets/seal-authority.pem`` (mode 0600; see :func:`var_dir`).
The certificate is public: the site keeps a copy (:mod:`sanji.seals.store`) so that every replica
and every verifier knows what to trust, and publishes the revocations as a CRL (``@@seal-crl``).

ECDSA P-256 with SHA-256: pdfsig (NSS), pyHanko and current PDF readers all verify it, keys are
generated in milliseconds, and it has the shape of the national SM2 (also a 256-bit curve).
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KEY_FILE_VARIABLE = "SANJI_SEAL_AUTHORITY_KEY_FILE"
VAR_VARIABLE = "SANJI_VAR"
DEFAULT_NAME = "电子签章中心"

#: The root certificate's lifetime; staff certificates never outlive it.
AUTHORITY_DAYS = 20 * 365
#: How long a published CRL stays current; it is signed again at each revocation.
CRL_DAYS = 30


class SealAuthorityError(RuntimeError):
    """The authority's key file is missing, unreadable, or not the authority this site knows."""


@dataclass(frozen=True)
class Authority:
    """The authority's private key and certificate, loaded from its file."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.certificate)

    @property
    def name(self) -> str:
        return common_name(self.certificate)


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, in hex: how the site refers to an authority."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def var_dir(environ: dict) -> Path:
    """SANJI_VAR, else Zope's clienthome (the var folder of the rendered zope.conf), else ./var.

    The same folder :mod:`sanji.crypto.keys` keeps the master key in: one ``secrets/`` to back up.
    """
    if environ.get(VAR_VARIABLE):
        return Path(environ[VAR_VARIABLE]).resolve()
    try:
        from App.config import getConfiguration

        clienthome = getattr(getConfiguration(), "clienthome", None)
    except ImportError:
        clienthome = None
    return Path(clienthome or "var").resolve()


def key_file(environ: dict | None = None) -> tuple[Path, bool]:
    """Where the authority's key lives, and whether it was named explicitly (then it must exist)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(KEY_FILE_VARIABLE)
    if explicit:
        return Path(explicit), True
    return var_dir(environ) / "secrets" / "seal-authority.pem", False


def generate_authority(name: str, now: datetime | None = None) -> Authority:
    """A new self-signed root: CA, path length 0 (it signs staff certificates, never other CAs)."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=AUTHORITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def authority_pem(authority: Authority) -> bytes:
    """The key file's content: unencrypted PKCS#8 key, then the certificate (as a Secret holds it)."""
    key = authority.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key + authority.certificate.public_bytes(serialization.Encoding.PEM)


def parse_authority(data: bytes, source: str = "the seal authority key") -> Authority:
    """The key and certificate in ``data``.

    :raises SealAuthorityError: when either is missing, or they do not belong together.
    """
    try:
        key = serialization.load_pem_private_key(data, password=None)
        certificate = x509.load_pem_x509_certificate(data)
    except (ValueError, TypeError) as error:
        raise SealAuthorityError(
            f"{source} must hold a PEM private key (unencrypted) and its certificate: {error}"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SealAuthorityError(f"{source}: the seal authority's key must be an EC (P-256) key")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, public) != certificate.public_key().public_bytes(
        serialization.Encoding.DER, public
    ):
        raise SealAuthorityError(f"{source}: the certificate does not belong to the private key")
    return Authority(key, certificate)


def read_authority(path: Path) -> Authority:
    """:raises SealAuthorityError: for a missing or unusable file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SealAuthorityError(f"Cannot read the seal authority key file {path}: {error.strerror}") from None
    return parse_authority(data, str(path))


def write_authority(path: Path, authority: Authority) -> Authority:
    """Write the key file (0600, its folder 0700) unless another process just did; return the one on disk.

    Written to a temporary file and linked into place, so two processes starting together never
    see half a file and agree on the one that was there first.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".seal-authority-")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(authority_pem(authority))
        try:
            os.link(temporary, path)
        except FileExistsError:
            return read_authority(path)
    finally:
        os.unlink(temporary)
    return authority


_cache: dict[Path, tuple[float, Authority]] = {}


def load_authority(*, create_as: str | None = None, environ: dict | None = None) -> Authority:
    """The authority of the key file (read once per change of the file).

    :param create_as: the name of a new authority to generate when no file exists and none was
        named explicitly (the local default); None to refuse.
    :raises SealAuthorityError: the file is missing (and may not be created here) or unusable.
    """
    path, explicit = key_file(environ)
    try:
        modified = path.stat().st_mtime
    except FileNotFoundError:
        if explicit or create_as is None:
            raise SealAuthorityError(
                f"The seal authority key file {path} is missing. Mount it (a Kubernetes Secret) and set "
                f"{KEY_FILE_VARIABLE}, or restore it from the backup of {path.parent}."
            ) from None
        return write_authority(path, generate_authority(create_as))
    cached = _cache.get(path)
    if cached and cached[0] == modified:
        return cached[1]
    authority = read_authority(path)
    _cache[path] = (modified, authority)
    return authority


def build_crl(
    authority: Authority, revoked: list[tuple[int, datetime, x509.ReasonFlags]], number: int, now: datetime
) -> bytes:
    """The certificate revocation list, DER, signed by the authority.

    :param revoked: (serial number, revocation time, reason) of every revoked staff certificate.
    """
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()), critical=False)
    )
    for serial, when, reason in revoked:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(when)
            .add_extension(x509.CRLReason(reason), critical=False)
            .build()
        )
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(authority.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
