"""The register of seals: who holds which certificate, and their keys locked with their PINs.

One :class:`SealRegistry` in a site annotation keeps every seal ever issued (a chain entry names
the certificate by serial long after it was renewed or revoked), the holder's current seal, the
authority certificates the site trusts and the published CRL. Nothing in it is secret but the
encrypted private keys, which need the holder's PIN and the authority's key file to open
(:mod:`sanji.seals.keys`). A forgotten PIN cannot be reset, since nobody can open the key
without it: the administrator renews the seal instead.
"""

import secrets
from datetime import UTC
from datetime import datetime

from BTrees.OOBTree import OOBTree
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

from sanji import _
from sanji.seals import authority as authorities
from sanji.seals.authority import Authority
from sanji.seals.authority import SealAuthorityError
from sanji.seals.keys import Holder
from sanji.seals.keys import LockedKey
from sanji.seals.keys import issue_certificate
from sanji.seals.keys import lock_key
from sanji.seals.keys import new_key
from sanji.seals.keys import pin_is_acceptable
from sanji.seals.signer import DEFAULT_ALGORITHM

ANNOTATION = "sanji.seals"

#: Why a seal was revoked, as the CRL says it (RFC 5280 reason codes).
REVOCATION_REASONS = {
    "key_compromise": x509.ReasonFlags.key_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "unspecified": x509.ReasonFlags.unspecified,
}
REVOCATION_TITLES = {
    "key_compromise": _("seal_reason_key_compromise", default="PIN or key disclosed"),
    "affiliation_changed": _("seal_reason_affiliation_changed", default="Moved to another post"),
    "cessation_of_operation": _("seal_reason_cessation", default="Left the service"),
    "unspecified": _("seal_reason_unspecified", default="Other reason"),
}


def now() -> datetime:
    return datetime.now(UTC)


def serial_text(serial: int) -> str:
    """How a certificate serial is written in the chain and shown: upper-case hex."""
    return format(serial, "X")


class SealRecord(Persistent):
    """One issued seal: its holder, certificate, locked private key and what became of it."""

    revoked: datetime | None = None
    revocation_code = ""
    revocation_reason = ""
    revoked_by = ""
    superseded_by = ""

    def __init__(self, holder: Holder, certificate: x509.Certificate, locked: LockedKey, authority: str, issuer: str):
        self.serial = serial_text(certificate.serial_number)
        self.userid = holder.userid
        self.fullname = holder.fullname
        self.tier = holder.tier
        self.organisation = holder.organisation
        self.place = holder.place
        self.certificate_pem = certificate.public_bytes(serialization.Encoding.PEM)
        self.set_key(locked)
        self.algorithm = DEFAULT_ALGORITHM
        self.authority = authority
        self.issued = certificate.not_valid_before_utc
        self.not_after = certificate.not_valid_after_utc
        self.issued_by = issuer

    def set_key(self, locked: LockedKey) -> None:
        self.key_pem, self.key_salt, self.key_cost = locked.pem, locked.salt, tuple(locked.cost)

    @property
    def locked_key(self) -> LockedKey:
        return LockedKey(self.key_pem, self.key_salt, tuple(self.key_cost))

    @property
    def certificate(self) -> x509.Certificate:
        cached = getattr(self, "_v_certificate", None)
        if cached is None:
            cached = self._v_certificate = x509.load_pem_x509_certificate(self.certificate_pem)
        return cached

    def status(self, when: datetime | None = None) -> str:
        """``valid``, ``revoked``, ``expired`` or ``superseded`` (renewed: kept only to verify)."""
        when = when or now()
        if self.revoked is not None and self.revoked <= when:
            return "revoked"
        if when > self.not_after:
            return "expired"
        if self.superseded_by:
            return "superseded"
        return "valid"


class SealRegistry(Persistent):
    """Every seal by serial, each holder's current serial, the trusted authorities and the CRL."""

    def __init__(self):
        self.seals = OOBTree()
        self.current = OOBTree()
        #: fingerprint → certificate PEM of every authority that issued seals here.
        self.authorities = PersistentMapping()
        self.authority = None
        self.crl = b""
        self.crl_number = 0


def registry(site=None, create: bool = False) -> SealRegistry:
    """The site's register; an empty one, not stored, where none exists yet and ``create`` is False.

    Reading never writes: pages and services that only look (a GET) must not change the database.
    """
    annotations = IAnnotations(site if site is not None else api.portal.get())
    found = annotations.get(ANNOTATION)
    if found is None:
        found = SealRegistry()
        if create:
            annotations[ANNOTATION] = found
    return found


def audit(action: str, obj=None, **details) -> None:
    """The one place seal uses and seal administration reach the audit log (sanji.audit)."""
    from sanji.audit import log

    log(action, obj, **details)


# --- the authority -----------------------------------------------------------------------------


def county_title() -> str:
    """The county's name (its top service area), else the site's title."""
    brains = api.content.find(portal_type="ServiceArea", area_tier="county")
    return brains[0].Title if brains else (api.portal.get().Title() or "")


def default_authority_name() -> str:
    return f"{county_title()}{authorities.DEFAULT_NAME}"


def ensure_authority(name: str | None = None) -> Authority:
    """The authority of the key file, known to this site; generated the first time (local default).

    :param name: the common name of a new authority (default: the county's name + 电子签章中心).
    :raises SealAuthorityError: the key file is missing while the site already has seals, or it holds
        another authority than the one this site's seals were issued by.
    """
    seals = registry()
    create_as = None if seals.authority else (name or default_authority_name())
    authority = authorities.load_authority(create_as=create_as)
    if seals.authority is None:
        _adopt(registry(create=True), authority)
    elif seals.authority != authority.fingerprint:
        raise SealAuthorityError(
            f"The seal authority key file holds «{authority.name}» ({authority.fingerprint[:16]}…), but this "
            f"site's seals were issued by {seals.authority[:16]}…. Mount the right file; to change authority "
            "on purpose call sanji.seals.store.adopt_authority() and renew every seal."
        )
    return authority


def _adopt(seals: SealRegistry, authority: Authority) -> None:
    seals.authorities[authority.fingerprint] = authority.certificate.public_bytes(serialization.Encoding.PEM)
    seals.authority = authority.fingerprint
    publish_crl(authority)


def adopt_authority() -> Authority:
    """Make the key file's authority the site's from now on (a deliberate change of authority).

    Seals issued by the previous one keep verifying (its certificate stays trusted) but can no
    longer be used: their keys are locked under the old authority. Renew them.
    """
    authority = authorities.load_authority()
    _adopt(registry(create=True), authority)
    audit("seal.authority", None, fingerprint=authority.fingerprint)
    return authority


def trusted_authorities() -> list[x509.Certificate]:
    """Every authority certificate this site ever issued seals under."""
    return [x509.load_pem_x509_certificate(bytes(pem)) for pem in registry().authorities.values()]


def authority_certificate(fingerprint: str | None = None) -> x509.Certificate | None:
    seals = registry()
    pem = seals.authorities.get(fingerprint or seals.authority or "")
    return x509.load_pem_x509_certificate(bytes(pem)) if pem else None


def _revocations(authority: Authority) -> list[tuple[int, datetime, x509.ReasonFlags]]:
    return [
        (
            record.certificate.serial_number,
            record.revoked,
            REVOCATION_REASONS.get(record.revocation_code, x509.ReasonFlags.unspecified),
        )
        for record in registry().seals.values()
        if record.revoked is not None and record.authority == authority.fingerprint
    ]


def publish_crl(authority: Authority | None = None) -> bytes:
    """Sign and store a new CRL of every revoked seal of the current authority."""
    authority = authority or ensure_authority()
    seals = registry(create=True)
    seals.crl_number += 1
    seals.crl = authorities.build_crl(authority, _revocations(authority), seals.crl_number, now())
    return seals.crl


def current_crl() -> bytes:
    """The published CRL; signed afresh (not stored: a GET writes nothing) once past its next update.

    Empty while the site has no seal authority yet.
    """
    seals = registry()
    if seals.authority is None:
        return b""
    if seals.crl:
        crl = x509.load_der_x509_crl(bytes(seals.crl))
        if crl.next_update_utc is not None and crl.next_update_utc > now():
            return bytes(seals.crl)
    authority = ensure_authority()
    return authorities.build_crl(authority, _revocations(authority), seals.crl_number + 1, now())


# --- holders -----------------------------------------------------------------------------------


def _area(area_id: str, tier: str):
    brains = api.content.find(portal_type="ServiceArea", getId=area_id, area_tier=tier)
    return brains[0].getObject() if brains else None


def describe_holder(userid: str) -> Holder:
    """Who ``userid`` is as a seal holder: name, tier and organisation from their place group.

    Village agents seal for their village's service station (肃宁县梁村镇后丰村便民服务室), township
    reviewers for their township's centre, county approvers for their department (肃宁县民政局).
    Anyone else (a supervisor, an administrator) seals for the county.
    """
    user = api.user.get(userid=userid)
    fullname = (user.getProperty("fullname") if user is not None else "") or userid
    county = county_title()
    groups = [group.getId() for group in api.group.get_groups(user=user)] if user is not None else []
    for group in groups:
        kind, _sep, place = group.partition("-")
        if kind == "agents" and (area := _area(place, "village")) is not None:
            township = area.aq_parent
            station = getattr(area, "station_name", None) or f"{area.Title()}便民服务室"
            return Holder(userid, fullname, "village", f"{county}{township.Title()}{station}", place)
        if kind == "reviewers" and (area := _area(place, "township")) is not None:
            station = getattr(area, "station_name", None) or f"{area.Title()}便民服务中心"
            return Holder(userid, fullname, "township", f"{county}{station}", place)
        if kind == "approvers":
            brains = api.content.find(portal_type="Department", getId=place)
            if brains:
                return Holder(userid, fullname, "county", brains[0].Title, place)
    return Holder(userid, fullname, "", county)


# --- issuing and revoking ----------------------------------------------------------------------


def seal(serial: str) -> SealRecord | None:
    return registry().seals.get(serial)


def current_seal(userid: str) -> SealRecord | None:
    seals = registry()
    serial = seals.current.get(userid)
    return seals.seals.get(serial) if serial else None


def seals_of(userid: str) -> list[SealRecord]:
    return [record for record in registry().seals.values() if record.userid == userid]


def all_seals() -> list[SealRecord]:
    return list(registry().seals.values())


def new_pin() -> str:
    """A random six-digit initial PIN, told to the holder once; they change it at ``@@seal-pin``."""
    return f"{secrets.randbelow(10**6):06d}"


def issue_seal(userid: str, pin: str, holder: Holder | None = None, issuer: str = "") -> SealRecord:
    """Issue (or renew) the seal of ``userid``: a new key pair and certificate, locked with ``pin``.

    A previous seal is superseded: it no longer signs, but its certificate stays to verify what it
    sealed.

    :raises ValueError: the PIN is too short.
    """
    if not pin_is_acceptable(pin):
        raise ValueError("The seal PIN is too short")
    authority = ensure_authority()
    holder = holder or describe_holder(userid)
    key = new_key()
    certificate = issue_certificate(authority, key.public_key(), holder)
    record = SealRecord(holder, certificate, lock_key(key, pin, authority), authority.fingerprint, issuer)
    seals = registry(create=True)
    previous = current_seal(userid)
    if previous is not None:
        previous.superseded_by = record.serial
    seals.seals[record.serial] = record
    seals.current[userid] = record.serial
    audit("seal.issue", None, holder=userid, serial=record.serial, renewed=previous.serial if previous else "")
    return record


def revoke_seal(serial: str, code: str, reason: str = "", actor: str = "") -> SealRecord:
    """Revoke a seal at once and publish the new CRL; the holder needs a new seal to sign again.

    What it sealed before stays valid: each chain entry is checked against the time it was made.

    :raises KeyError: no seal has this serial.
    """
    record = registry().seals[serial]
    if record.revoked is None:
        record.revoked = now()
        record.revocation_code = code if code in REVOCATION_REASONS else "unspecified"
        record.revocation_reason = reason
        record.revoked_by = actor
        seals = registry()
        if seals.current.get(record.userid) == serial:
            del seals.current[record.userid]
        if record.authority == seals.authority:
            publish_crl()
        audit("seal.revoke", None, holder=record.userid, serial=serial, reason=record.revocation_code)
    return record
