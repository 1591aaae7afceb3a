"""Checking seals: the chain of a case, and the signatures of a decision PDF.

A case's chain is intact when every entry's signature verifies with a certificate our authority
issued, valid and not revoked at the entry's time, held by the entry's actor; when every entry
follows the one before (``prev_signature``); when the data did not change between steps while the
case was locked; when the chain matches the workflow history; and, unless the case is in a state
where the village agent may still edit it (draft, returned), when the case's data today still has
the digest of the last entry. The report names the first broken entry.

A PDF's signatures are validated by pyHanko against this site's authorities as the only trust
roots and its CRL, and the document is compared with the versions the portal issued.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from io import BytesIO

from plone import api
from zope.component import queryUtility
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji import _
from sanji.capture.pages import list_pages
from sanji.capture.pages import read_page
from sanji.content.tiers import TIER_TITLES
from sanji.seals.chain import EDITABLE_STATES
from sanji.seals.chain import chain
from sanji.seals.chain import data_digest
from sanji.seals.chain import signed_bytes
from sanji.seals.interfaces import ISigner
from sanji.seals.signer import DEFAULT_ALGORITHM
from sanji.seals.signer import X509Signer
from sanji.seals.store import authority_certificate
from sanji.seals.store import seal
from sanji.workflow.definition import history
from sanji.workflow.definition import transition_title

RECEIPT_KEYWORD = re.compile(r"receipt:([0-9]{16})")


@dataclass
class SealedStep:
    """One entry of the chain as a verifier shows it (staff names, no applicant's data)."""

    seq: int
    transition: str
    step: str
    tier: str
    tier_title: str
    name: str
    organisation: str
    time: str
    #: ``time`` on the county's wall clock, for people: 2026-11-28 10:05.
    local_time: str
    serial: str
    valid: bool
    problem: str = ""


@dataclass
class ChainReport:
    receipt_number: str
    state: str
    steps: list[SealedStep] = field(default_factory=list)
    intact: bool = True
    first_broken: int | None = None
    problem: str = ""
    #: None where the data may still change (draft, returned), or when nothing was sealed yet.
    data_current: bool | None = None
    #: Steps in the workflow history that were taken before seals existed.
    unsealed_steps: int = 0
    #: None unless the pages' bytes were read again (``deep``).
    pages_intact: bool | None = None
    #: The personal data and pages were destroyed at the end of the retention period (not checked).
    shredded: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _t(message) -> str:
    return translate(message, context=api.env.getRequest())


def _step_title(transition: str) -> str:
    return _t(Message(transition_title(transition), domain="sanji"))


def _signer(algorithm: str) -> ISigner | None:
    found = queryUtility(ISigner, name=algorithm)
    return X509Signer() if found is None and algorithm == DEFAULT_ALGORITHM else found


def _link_problem(entry: dict, seq: int, previous: dict | None):
    """Why ``entry`` does not follow ``previous`` (a message), or None."""
    if entry.get("seq") != seq:
        return _("verify_out_of_order", default="The entries are out of order or one is missing.")
    if entry.get("prev_signature") != (previous["signature"] if previous else ""):
        return _("verify_link_broken", default="It does not follow the seal before it: an earlier entry was changed.")
    if (
        previous
        and entry.get("from_state") not in EDITABLE_STATES
        and entry.get("data_digest") != previous.get("data_digest")
    ):
        return _(
            "verify_changed_between_steps",
            default="The case's data changed between this step and the one before, while nobody could edit it.",
        )
    return None


def _certificate_problem(record, when: datetime):
    """Why the seal ``record`` could not seal at ``when`` (a message), or None."""
    try:
        record.certificate.verify_directly_issued_by(authority_certificate(record.authority))
    except Exception:
        return _("verify_foreign_certificate", default="Its certificate was not issued by our seal authority.")
    if not record.certificate.not_valid_before_utc <= when <= record.certificate.not_valid_after_utc:
        return _("verify_expired_certificate", default="The seal was not valid at that time.")
    if record.revoked is not None and record.revoked <= when:
        return _("verify_revoked_certificate", default="The seal had been revoked at that time.")
    return None


def _signature_problem(entry: dict, record):
    """Why the entry's signature does not hold for its actor and seal (a message), or None."""
    if entry.get("actor") != record.userid:
        return _("verify_wrong_holder", default="The seal belongs to someone else than who took the step.")
    signer = _signer(str(entry.get("algorithm", "")))
    try:
        signature = base64.b64decode(entry.get("signature", ""), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if signer is None or not signer.verify(signed_bytes(entry), signature, record.certificate):
        return _("verify_bad_signature", default="Its signature does not match: the entry was altered.")
    return None


def entry_problem(entry: dict, seq: int, previous: dict | None):
    """Why ``entry`` does not hold (a message), or None: its link, its seal, then its signature."""
    problem = _link_problem(entry, seq, previous)
    if problem is not None:
        return problem
    record = seal(str(entry.get("serial", "")))
    if record is None:
        return _("verify_unknown_seal", default="It was sealed with a certificate this portal never issued.")
    try:
        when = datetime.fromisoformat(entry["time"])
    except (KeyError, TypeError, ValueError):
        return _("verify_bad_time", default="Its time cannot be read.")
    return _certificate_problem(record, when) or _signature_problem(entry, record)


def _local(moment: str) -> str:
    from sanji.deadlines.calendar import local_zone

    try:
        value = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return f"{value.astimezone(local_zone()):%Y-%m-%d %H:%M}"


def _history_actions(application) -> list[tuple[str, str]]:
    return [
        (entry["action"], entry["time"].asdatetime().isoformat())
        for entry in history(application)
        if entry.get("action")
    ]


def _pages_intact(application) -> bool:
    from sanji.crypto.errors import CryptoError

    for info in list_pages(application):
        try:
            found = read_page(application, info.id)
        except CryptoError:
            return False
        if found is None or hashlib.sha256(found[1]).hexdigest() != info.sha256:
            return False
    return True


def _break(report: ChainReport, seq: int | None, problem) -> None:
    if report.intact:
        report.intact = False
        report.first_broken = seq
        report.problem = _t(problem)


def _check_entries(report: ChainReport, entries: list[dict]) -> None:
    previous = None
    for seq, entry in enumerate(entries, start=1):
        problem = entry_problem(entry, seq, previous)
        transition, tier = str(entry.get("transition", "")), str(entry.get("tier", ""))
        report.steps.append(
            SealedStep(
                seq=seq,
                transition=transition,
                step=_step_title(transition),
                tier=tier,
                tier_title=_t(TIER_TITLES[tier]) if tier in TIER_TITLES else "",
                name=str(entry.get("name", "")),
                organisation=str(entry.get("organisation", "")),
                time=str(entry.get("time", "")),
                local_time=_local(str(entry.get("time", ""))),
                serial=str(entry.get("serial", "")),
                valid=problem is None,
                problem=_t(problem) if problem is not None else "",
            )
        )
        if problem is not None:
            _break(report, seq, problem)
        previous = entry


def _check_history(report: ChainReport, application, entries: list[dict]) -> None:
    """The seals are the last steps of the workflow history, in order and at the same times.

    Steps taken before seals existed come first and are counted as unsealed; removing sealed
    entries from the end or the middle shows up as a mismatch.
    """
    mismatch = _("verify_history_mismatch", default="The seals do not match the case's history.")
    history = _history_actions(application)
    report.unsealed_steps = max(len(history) - len(entries), 0)
    pairs = zip(history[report.unsealed_steps :], entries, strict=False)
    for seq, ((action, time), entry) in enumerate(pairs, start=1):
        if action != entry.get("transition") or time != entry.get("time"):
            _break(report, seq, mismatch)
            return
    if len(entries) > len(history):
        _break(report, len(history) + 1, mismatch)


def _check_data(report: ChainReport, application, entries: list[dict]) -> None:
    """Unless the agent may edit it now, the case's data must be what the last seal covers."""
    from sanji.crypto.errors import CryptoError

    if not entries or report.state in EDITABLE_STATES or report.shredded:
        return
    try:
        report.data_current = data_digest(application) == entries[-1].get("data_digest")
    except CryptoError:  # personal data that no longer decrypts was altered
        report.data_current = False
    if not report.data_current:
        changed = _(
            "verify_data_changed",
            default="The case's data (personal data, answers, checklist or pages) changed after it was last sealed.",
        )
        _break(report, len(entries), changed)


def verify_chain(application, *, deep: bool = False) -> ChainReport:
    """Check every seal of ``application`` and its data against the last one.

    After crypto-shredding the personal data and pages are gone on purpose: only the seals are
    checked then.

    :param deep: also read every captured page again and compare it with its recorded digest
        (slower; and a page that no longer decrypts counts as altered).
    """
    from sanji.api.personal_data import personal_data_shredded

    report = ChainReport(application.receipt_number, api.content.get_state(application))
    report.shredded = personal_data_shredded(application) is not None
    entries = chain(application)
    _check_entries(report, entries)
    _check_history(report, application, entries)
    _check_data(report, application, entries)
    if deep and not report.shredded:
        report.pages_intact = _pages_intact(application)
        if not report.pages_intact:
            _break(report, len(entries) or None, _("verify_page_altered", default="A captured page was altered."))
    return report


# --- PDFs -----------------------------------------------------------------------------------------


class NotAPdf(ValueError):
    """The upload is not a PDF that can be read."""


@dataclass
class PdfSignature:
    """One signature of a PDF; an unreadable one keeps every default (nothing holds)."""

    field: str
    name: str = ""
    organisation: str = ""
    unit: str = ""
    serial: str = ""
    signed_at: str = ""
    signed_at_local: str = ""
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revoked: bool = False
    whole_document: bool = False
    ok: bool = False


@dataclass
class PdfReport:
    receipt_number: str = ""
    signatures: list[PdfSignature] = field(default_factory=list)
    #: Every signature intact, valid and trusted by our authority.
    all_valid: bool = False
    #: The file is byte for byte a version of the decision the portal issued.
    issued_by_portal: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _subject_value(certificate, name: str) -> str:
    try:
        return str(certificate.subject.native.get(name, ""))
    except Exception:  # pragma: no cover - an unreadable subject
        return ""


def validation_context():
    """Our authorities as the only trust roots, our CRL, and no fetching from the network."""
    from asn1crypto import crl
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator import ValidationContext

    from sanji.seals.store import current_crl
    from sanji.seals.store import trusted_authorities

    der = serialization.Encoding.DER
    roots = [asn1_x509.Certificate.load(certificate.public_bytes(der)) for certificate in trusted_authorities()]
    return ValidationContext(
        trust_roots=roots,
        crls=[crl.CertificateList.load(data) for data in (current_crl(),) if data],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _receipt_of(reader) -> str:
    try:
        info = reader.trailer["/Info"]
        keywords = str(info.get("/Keywords", ""))
    except Exception:
        return ""
    found = RECEIPT_KEYWORD.search(keywords)
    return found.group(1) if found else ""


def verify_pdf(data: bytes) -> PdfReport:
    """Validate every signature of the PDF ``data`` and find the case it belongs to.

    :raises NotAPdf: when ``data`` cannot be read as a PDF.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from sanji.api.receipts import find_application
    from sanji.seals.decision import get_decision
    from sanji.seals.pades import outside_event_loop

    if not data.startswith(b"%PDF-"):
        raise NotAPdf("not a PDF")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise NotAPdf(str(error)) from None
    report = PdfReport(receipt_number=_receipt_of(reader))
    context = validation_context()
    for signature in embedded:
        try:
            status = outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)
        except Exception:  # a mangled signature dictionary is an invalid signature, not a crash
            report.signatures.append(PdfSignature(field=signature.field_name or ""))
            continue
        certificate = status.signing_cert
        whole = status.coverage in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
        signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
        report.signatures.append(
            PdfSignature(
                field=signature.field_name or "",
                name=_subject_value(certificate, "common_name"),
                organisation=_subject_value(certificate, "organization_name"),
                unit=_subject_value(certificate, "organizational_unit_name"),
                serial=format(certificate.serial_number, "X"),
                signed_at=signed_at,
                signed_at_local=_local(signed_at) if signed_at else "",
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                revoked=bool(status.revoked),
                whole_document=whole,
                ok=bool(status.intact and status.valid and status.trusted and not status.revoked and whole),
            )
        )
    report.all_valid = bool(report.signatures) and all(item.ok for item in report.signatures)
    if report.receipt_number:
        application = find_application(report.receipt_number)
        document = get_decision(application) if application is not None else None
        if document is not None:
            report.issued_by_portal = hashlib.sha256(data).hexdigest() in document.digests
    return report
