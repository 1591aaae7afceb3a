"""PAdES signing with what is cached per seal: the same signature pyHanko would make, for the right seal."""

import hashlib
import zlib
from io import BytesIO
from types import SimpleNamespace

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from sanji.seals.authority import generate_authority
from sanji.seals.keys import Holder
from sanji.seals.keys import issue_certificate
from sanji.seals.keys import new_key
from sanji.seals.pades import encoded_stamp
from sanji.seals.pades import outside_event_loop
from sanji.seals.pades import sign_pdf
from sanji.seals.signer import DEFAULT_ALGORITHM
from sanji.seals.signer import get_signer
from sanji.seals.stamp import stamp_png

AUTHORITY = generate_authority("测试电子签章中心")
ROOT = asn1_x509.Certificate.load(AUTHORITY.certificate.public_bytes(serialization.Encoding.DER))


def opened_seal(fullname: str, organisation: str):
    """What ``unlock_seal`` gives: the record (certificate, holder) and the opened key."""
    key = new_key()
    holder = Holder(f"user-{fullname}", fullname, "county", organisation)
    certificate = issue_certificate(AUTHORITY, key.public_key(), holder)
    return SimpleNamespace(
        record=SimpleNamespace(
            certificate=certificate, organisation=organisation, fullname=fullname, algorithm=DEFAULT_ALGORITHM
        ),
        key=key,
    )


def blank_pdf() -> bytes:
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "decision")
    page.showPage()
    page.save()
    return buffer.getvalue()


def signed(pdf: bytes, seal, field: str, box=(72, 72, 192, 192)) -> bytes:
    return sign_pdf(
        pdf,
        seal,
        authority_certificate=AUTHORITY.certificate,
        field_name=field,
        place=(0, box),
        reason="审批决定：准予批准",
        location="测试县",
    )


def signatures(data: bytes):
    return list(PdfFileReader(BytesIO(data)).embedded_signatures)


def test_signed_attributes_are_pyhankos_pades_set_naming_each_signers_own_certificate():
    """Two seals one after the other (a countersignature): each names its own certificate, not a cached one."""
    first = opened_seal("郑玉敏", "肃宁县民政局")
    second = opened_seal("李建国", "肃宁县人社局")
    data = signed(signed(blank_pdf(), first, "Decision"), second, "Completion", box=(300, 72, 420, 192))
    context = ValidationContext(trust_roots=[ROOT])
    for signature, seal in zip(signatures(data), (first, second), strict=True):
        attributes = signature.signer_info["signed_attrs"]
        assert [attribute["type"].native for attribute in attributes] == [
            "content_type",
            "message_digest",
            "signing_certificate_v2",
        ]  # PAdES: no signing time in the CMS, nothing beyond pyHanko's own set
        der = seal.record.certificate.public_bytes(serialization.Encoding.DER)
        [value] = [a["values"][0] for a in attributes if a["type"].native == "signing_certificate_v2"]
        assert value.dump() == as_signing_certificate_v2(asn1_x509.Certificate.load(der)).dump()
        assert value["certs"][0]["cert_hash"].native == hashlib.sha256(der).digest()
        status = outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)
        assert status.intact and status.valid and status.trusted
        assert status.signing_cert.dump() == der


def images(xobject) -> list:
    """The image XObjects drawn by a form XObject, through nested forms."""
    found = []
    for reference in xobject.get("/Resources", {}).get("/XObject", {}).values():
        child = reference.get_object()
        found.extend([child] if child["/Subtype"] == "/Image" else images(child))
    return found


def test_the_visible_appearance_is_the_holders_stamp_with_its_transparency():
    seal = opened_seal("郑玉敏", "肃宁县民政局")
    [signature] = signatures(signed(blank_pdf(), seal, "Decision"))
    [image] = images(signature.sig_field["/AP"]["/N"])
    stamp = Image.open(BytesIO(stamp_png("肃宁县民政局", "郑玉敏"))).convert("RGBA")
    assert (image["/Width"], image["/Height"]) == stamp.size
    assert image.data == stamp.convert("RGB").tobytes()
    assert image["/SMask"].get_object().data == stamp.getchannel("A").tobytes()


def test_a_stamp_is_compressed_once_per_holder():
    one = encoded_stamp("肃宁县民政局", "郑玉敏")
    assert encoded_stamp("肃宁县民政局", "郑玉敏") is one
    other = encoded_stamp("肃宁县民政局", "李建国")
    assert other.rgb != one.rgb
    alpha = Image.open(BytesIO(stamp_png("肃宁县民政局", "郑玉敏"))).getchannel("A")
    assert zlib.decompress(one.alpha) == alpha.tobytes()


def sig_fields(data: bytes) -> dict[str, tuple[bool, list[float]]]:
    """Every signature field of the document: whether it is signed, and its widget's box."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return {
        name: (value is not None, [round(float(x), 2) for x in field.get_object()["/Rect"]])
        for name, value, field in enumerate_sig_fields(PdfFileReader(BytesIO(data)))
    }


def test_a_field_left_empty_by_the_first_signature_is_filled_by_the_second():
    """The decision prepares the completion's field; the countersignature fills it, both stay valid."""
    first = opened_seal("郑玉敏", "肃宁县民政局")
    second = opened_seal("李建国", "肃宁县民政局")
    box = (300, 72, 420, 192)
    decided = sign_pdf(
        blank_pdf(),
        first,
        authority_certificate=AUTHORITY.certificate,
        field_name="Decision",
        place=(0, (72, 72, 192, 192)),
        reason="审批决定：准予批准",
        location="测试县",
        empty_fields=[("Completion", (0, box))],
    )
    assert sig_fields(decided) == {"Decision": (True, [72, 72, 192, 192]), "Completion": (False, list(box))}
    completed = sign_pdf(
        decided,
        second,
        authority_certificate=AUTHORITY.certificate,
        field_name="Completion",
        place=None,
        reason="办结确认",
        location="测试县",
    )
    assert sig_fields(completed) == {"Decision": (True, [72, 72, 192, 192]), "Completion": (True, list(box))}
    context = ValidationContext(trust_roots=[ROOT])
    found = signatures(completed)
    assert [s.field_name for s in found] == ["Decision", "Completion"]
    for signature in found:
        status = outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)
        assert status.intact and status.valid and status.trusted
        assert status.modification_level.name in ("NONE", "FORM_FILLING")
    # the countersignature added nothing to the page: its increment does not rewrite the page object
    page = PdfFileReader(BytesIO(decided)).root["/Pages"]["/Kids"].raw_get(0).idnum
    assert f"\n{page} 0 obj".encode() not in completed[len(decided) :]


def test_a_seal_signs_with_its_own_signer_not_a_copy_of_its_key(monkeypatch):
    """The raw signature comes from the seal's ISigner, with the opened key object itself."""
    from sanji.seals import pades

    seal = opened_seal("郑玉敏", "肃宁县民政局")
    used = []

    class Recording:
        def sign(self, data, key):
            used.append(key)
            return get_signer().sign(data, key)

    monkeypatch.setattr(pades, "get_signer", lambda algorithm: Recording())
    [signature] = signatures(signed(blank_pdf(), seal, "Decision"))
    assert used == [seal.key]
    status = outside_event_loop(
        validate_pdf_signature, signature, signer_validation_context=ValidationContext(trust_roots=[ROOT])
    )
    assert status.intact and status.valid


def test_a_thread_signs_one_document_after_another_on_its_own_event_loop():
    """The loop is kept for the thread's next signature, not made and closed for each; another thread has its own."""
    from concurrent.futures import ThreadPoolExecutor

    from sanji.seals import pades

    seal = opened_seal("郑玉敏", "肃宁县民政局")

    def two_signatures():
        first = signed(blank_pdf(), seal, "Decision")
        loop = pades._threads.runner.get_loop()
        second = signed(first, seal, "Completion", box=(300, 72, 420, 192))
        assert pades._threads.runner.get_loop() is loop
        assert not loop.is_closed()
        pades._threads.runner.close()  # the pool's thread ends here, unlike a request thread
        return loop, second

    results = []
    for _ in range(2):  # threads of their own: this one may run the browser tests' loop
        with ThreadPoolExecutor(max_workers=1) as pool:
            results.append(pool.submit(two_signatures).result())
    (loop, document), (other_loop, other_document) = results
    assert loop is not other_loop
    for data in (document, other_document):
        context = ValidationContext(trust_roots=[ROOT])
        assert [
            outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context).bottom_line
            for signature in signatures(data)
        ] == [True, True]
