"""A PDF signed as PAdES (baseline B-B) with an opened seal, its stamp as the visible appearance.

pyHanko does the signing, with :class:`SealSigner`: the raw signature comes from the seal's own signer and
its opened key. What pyHanko would redo for every signature is done once per seal instead, because it was
most of a signature's time (docs/benchmarks.md):

- the ESS ``signing-certificate-v2`` attribute, which names the seal's certificate by hash and issuer:
  asn1crypto, in pure Python, encoded the value built from Python objects over and over (it sorts the
  signed attributes and copies them into the SignerInfo). It is now encoded once per certificate and
  parsed back, so every later encoding reuses its bytes;
- the stamp's image XObjects (the red pixels and their alpha mask): the PNG was decoded and both
  compressed again for each signature. They are now compressed once per stamp;
- the certificates (the seal's and its authority's), parsed once and shared.

What the signature contains is unchanged: the same attributes, in the same DER.
"""

import asyncio
import threading
from collections.abc import Callable
from collections.abc import Coroutine
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from zlib import compress

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.sign import attributes
from pyhanko.sign import fields
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.signers.pdf_cms import CAdESSignedAttributeProviderSpec
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from sanji.seals import pdf_tokens
from sanji.seals.signer import get_signer
from sanji.seals.stamp import stamp_png

#: Room for the CMS signature container in the PDF, in hex digits. The seal's and the authority's certificates
#: and the signature take about 2,000 bytes (4,000 digits); giving the room spares pyHanko a trial signature to
#: measure it, which took a third of each decision's and completion's sealing (docs/benchmarks.md).
SIGNATURE_ROOM = 16384

_DER = serialization.Encoding.DER
_PLACEHOLDER = Image.new("1", (1, 1))

pdf_tokens.install()


def outside_event_loop(function, *args, **kwargs):
    """Call ``function``, in a worker thread if this thread runs an asyncio event loop.

    pyHanko's synchronous API wraps its coroutines in ``asyncio.run``, which refuses to start
    inside a running loop (an ASGI server, or Playwright's sync API in the same test process).
    The function gets only plain values, never a ZODB object, so the other thread is safe.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


_threads = threading.local()


def run_signing(make_coroutine: Callable[[], Coroutine]):
    """Run the coroutine ``make_coroutine()`` makes to its end, on an event loop kept for this thread.

    pyHanko's synchronous ``sign_pdf`` starts and closes an event loop for every signature (``asyncio.run``),
    7% of a countersignature; a request thread, which lives as long as the instance, signs one document
    after another on its own loop instead.
    Where this thread already runs a loop, the coroutine runs in a worker thread with ``asyncio.run``,
    as pyHanko would.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        runner = getattr(_threads, "runner", None)
        if runner is None:
            runner = _threads.runner = asyncio.Runner()
        return runner.run(make_coroutine())
    return outside_event_loop(lambda: asyncio.run(make_coroutine()))


def sign_pdf(
    pdf: bytes,
    unlocked,
    *,
    authority_certificate,
    field_name: str,
    place,
    reason: str,
    location: str,
    empty_fields: Sequence[tuple[str, tuple]] = (),
) -> bytes:
    """Sign ``pdf`` (incrementally) as PAdES with the opened seal; its stamp is the visible appearance.

    :param place: (page index, (x1, y1, x2, y2)) of a new signature field; ``None`` to fill the empty
        field ``field_name`` the document already has.
    :param empty_fields: (name, place) of signature fields to add empty, for signers still to come. The
        signature covers them; a later signer fills one without adding to the page or the form, which
        spares that signature walking the page tree and rewriting the page.
    """
    record = unlocked.record
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=record.fullname,
    )
    style = StaticStampStyle(
        background=StampImage(record.organisation, record.fullname), border_width=0, background_opacity=1.0
    )
    pdf_signer = signers.PdfSigner(meta, SealSigner(unlocked, authority_certificate), stamp_style=style)
    new_fields = [] if place is None else [(field_name, place)]

    async def sign() -> BytesIO:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        for name, (page, box) in [*new_fields, *empty_fields]:
            fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=page, box=box))
        return await pdf_signer.async_sign_pdf(writer, bytes_reserved=SIGNATURE_ROOM)

    return run_signing(sign).getvalue()


# --- the signer ------------------------------------------------------------------------------------


class SealSigner(signers.Signer):
    """pyHanko's signer for an opened seal: the raw signature comes from the seal's own signer.

    pyHanko's ``SimpleSigner`` wants the private key as PKCS#8 and loads it again for every signature;
    here the opened key stays the one object :func:`sanji.seals.opening.unlock_seal` made, and signs
    through the :class:`~sanji.seals.interfaces.ISigner` the seal was issued with, as the chain entries
    do. The certificates are public: parsed once and shared.
    """

    def __init__(self, unlocked, authority_certificate):
        super().__init__(
            signing_cert=parsed_certificate(unlocked.record.certificate.public_bytes(_DER)),
            cert_registry=certificate_store(authority_certificate.public_bytes(_DER)),
        )
        self.signed_attr_prov_spec = SealAttributes(self.signing_cert)
        # Looked up here, in the request's thread: pyHanko may sign in another (outside_event_loop), where
        # neither the site's components nor the seal's persistent record may be touched.
        self._seal_signer = get_signer(unlocked.record.algorithm)
        self._key = unlocked.key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if digest_algorithm != "sha256":
            raise SigningError(f"a seal signs with SHA-256, not {digest_algorithm}")
        return self._seal_signer.sign(data, self._key)


@lru_cache(maxsize=512)
def parsed_certificate(der: bytes) -> asn1_x509.Certificate:
    """The certificate ``der`` for pyHanko, parsed through (asn1crypto parses lazily; shared, it is only read)."""
    certificate = asn1_x509.Certificate.load(der)
    certificate.native  # noqa: B018 -- parse every part now, not in two threads at once later
    return certificate


@lru_cache(maxsize=16)
def certificate_store(authority: bytes) -> SimpleCertificateStore:
    """The certificates a signature embeds beside the seal's: its authority's (DER)."""
    return SimpleCertificateStore.from_certs([parsed_certificate(authority)])


# --- the signed attributes ------------------------------------------------------------------------


@lru_cache(maxsize=512)
def signing_certificate_v2(certificate: bytes) -> bytes:
    """The DER of the ESS signing-certificate-v2 value naming ``certificate`` (DER), as pyHanko makes it."""
    return as_signing_certificate_v2(asn1_x509.Certificate.load(certificate)).dump()


class EncodedAttribute(attributes.CMSAttributeProvider):
    """An attribute whose value was encoded before: parsed from DER, it encodes as those bytes again."""

    def __init__(self, attribute_type: str, value):
        self.attribute_type = attribute_type
        self.value = value

    async def build_attr_value(self, dry_run=False):
        return self.value


class SealAttributes(CAdESSignedAttributeProviderSpec):
    """pyHanko's PAdES signed attributes, the signing certificate's taken from the cache."""

    def __init__(self, signing_cert: asn1_x509.Certificate):
        super().__init__(
            attr_settings=PdfCMSSignedAttributes(), signing_cert=signing_cert, is_pades=True, timestamper=None
        )

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        for provider in super().signed_attr_providers(data_digest, digest_algorithm):
            if isinstance(provider, attributes.SigningCertificateV2Provider):
                value = tsp.SigningCertificateV2.load(signing_certificate_v2(self.signing_cert.dump()))
                yield EncodedAttribute(provider.attribute_type, value)
            else:
                yield provider


# --- the stamp as the signature's appearance ------------------------------------------------------


@dataclass(frozen=True)
class EncodedStamp:
    """The stamp's pixels, Flate-compressed: RGB and its alpha mask (8 bits per component)."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes


@lru_cache(maxsize=512)
def encoded_stamp(organisation: str, name: str) -> EncodedStamp:
    """The stamp of ``name`` at ``organisation``, compressed for a PDF (cached, as the stamp is)."""
    image = Image.open(BytesIO(stamp_png(organisation, name))).convert("RGBA")
    return EncodedStamp(
        width=image.width,
        height=image.height,
        rgb=compress(image.convert("RGB").tobytes()),
        alpha=compress(image.getchannel("A").tobytes()),
    )


class StampImage(PdfImage):
    """pyHanko's image content, writing the stamp's XObjects from :func:`encoded_stamp`.

    Only :attr:`image_ref` reads pixels in :class:`PdfImage`; the box is given, so the image it is
    handed is a placeholder.
    """

    def __init__(self, organisation: str, name: str):
        self.stamp = encoded_stamp(organisation, name)
        super().__init__(_PLACEHOLDER, box=BoxConstraints(self.stamp.width, self.stamp.height))

    @property
    def image_ref(self) -> generic.IndirectObject:
        if self._image_ref is None or self._image_ref.get_pdf_handler() is not self.writer:
            mask = self.writer.add_object(self._xobject(self.stamp.alpha, "/DeviceGray"))
            image = self._xobject(self.stamp.rgb, "/DeviceRGB")
            image[pdf_name("/SMask")] = mask
            self._image_ref = self.writer.add_object(image)
        return self._image_ref

    def _xobject(self, data: bytes, colour_space: str) -> generic.StreamObject:
        return generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Image"),
                pdf_name("/Width"): generic.NumberObject(self.stamp.width),
                pdf_name("/Height"): generic.NumberObject(self.stamp.height),
                pdf_name("/ColorSpace"): pdf_name(colour_space),
                pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                pdf_name("/Filter"): pdf_name("/FlateDecode"),
            },
            encoded_data=data,
        )
