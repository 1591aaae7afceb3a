"""Captured and scanned materials are judged by their bytes, never by their file name.

A village agent uploads what the document camera (高拍仪) or scanner produced: JPEG, PNG or PDF. A
renamed Word file, a half-sent photo or a PDF cut off by a dropped connection must be refused at the
station, while the citizen is still there with the originals, not discovered by the township a week later.
"""

import io
import warnings

from PIL import Image
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.i18nmessageid import Message
from zope.schema import ValidationError

from sanji import _

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
ACCEPTED_TYPES = (JPEG, PNG, PDF)

_MAGIC = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
#: PDF readers look for the end-of-file marker within the last 1024 bytes.
PDF_EOF_WINDOW = 1024
#: Pillow's own decompression-bomb threshold; an A3 page at 600 dpi has 70 million pixels.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485

MEGABYTE = 1024 * 1024
REGISTRY_RECORD = "sanji.max_upload_mb"
DEFAULT_MAX_MB = 10


class InvalidUpload(ValidationError):
    """Base of the refusals; ``doc()`` fills in the message's ${...} values."""

    __doc__ = _("error_upload", default="This file cannot be accepted. Capture or scan the material again.")
    mapping: dict = {}

    def doc(self) -> Message:
        return Message(self.__class__.__doc__, mapping=self.mapping)


class UploadEmpty(InvalidUpload):
    __doc__ = _("error_upload_empty", default="The file is empty. Capture or scan the material again.")


class UploadTooLarge(InvalidUpload):
    __doc__ = _(
        "error_upload_too_large",
        default="The file is larger than ${limit} MB. Scan at a lower resolution or split the material "
        "into several files.",
    )

    def __init__(self, filename: str, size: int, max_bytes: int):
        super().__init__(filename, size, max_bytes)
        self.mapping = {"limit": _megabytes(max_bytes)}


class UploadWrongType(InvalidUpload):
    __doc__ = _(
        "error_upload_type",
        default="Only JPEG or PNG images and PDF files are accepted, and this file is none of them, "
        "whatever its name says.",
    )


class UploadDamaged(InvalidUpload):
    __doc__ = _(
        "error_upload_damaged",
        default="The file is damaged or incomplete, perhaps cut off during the upload. Capture or scan "
        "the material again.",
    )


class UploadTooManyPixels(InvalidUpload):
    __doc__ = _(
        "error_upload_pixels",
        default="The image has far more pixels than a page needs. Capture or scan it again at a normal "
        "resolution (300 dpi is enough).",
    )


def _megabytes(size: int) -> str:
    """10485760 -> "10", 1572864 -> "1.5": the limit as an agent reads it."""
    return f"{size / MEGABYTE:.1f}".removesuffix(".0")


def _magic_type(data: bytes) -> str | None:
    return next((content_type for magic, content_type in _MAGIC if data.startswith(magic)), None)


def _jpeg_is_whole(data: bytes) -> bool:
    """Walk the marker segments to the first scan, then look for the end-of-image marker after it.

    Pillow cannot be asked: plone.scale sets ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process,
    and then a JPEG cut off anywhere decodes without complaint (padded with grey). Inside the scan data
    FF is always followed by 00 or a restart marker, so FF D9 after the first scan is the real end;
    an EXIF thumbnail's own FF D9 comes before it and is skipped with its segment.
    """
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
        elif marker == 0xDA:  # start of scan
            return b"\xff\xd9" in data[position + 2 :]
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return False


def _check_image(data: bytes, content_type: str) -> None:
    """Decode the image far enough to notice damage, without holding a full-size copy in memory.

    JPEG is walked to its end marker, then decoded in draft mode (1/8 scale); PNG is verified chunk by
    chunk against its CRCs, which fails on a cut-off file whatever ``LOAD_TRUNCATED_IMAGES`` says.
    """
    if content_type == JPEG and not _jpeg_is_whole(data):
        raise UploadDamaged("no end-of-image marker after the scan")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[content_type]]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise UploadTooManyPixels(width, height)
                if content_type == JPEG:
                    image.draft("L", (max(width // 8, 1), max(height // 8, 1)))
                    image.load()
                else:
                    image.verify()
    except Image.DecompressionBombError as error:
        raise UploadTooManyPixels(str(error)) from error
    except (OSError, SyntaxError, ValueError, EOFError, Image.UnidentifiedImageError) as error:
        raise UploadDamaged(str(error)) from error


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise UploadDamaged("no %%EOF near the end")


def _check_content(data: bytes, filename: str) -> str:
    content_type = _magic_type(data)
    if content_type is None:
        raise UploadWrongType(filename)
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, content_type)
    return content_type


def sniff_content_type(data: bytes) -> str | None:
    """The real type of a whole JPEG, PNG or PDF file; None for anything else or a damaged one."""
    try:
        return _check_content(data, "")
    except InvalidUpload:
        return None


def check_upload(data: bytes, filename: str, max_bytes: int) -> str:
    """Return the content type of an acceptable material file.

    :param filename: only quoted in the error (for logs); the name decides nothing.
    :param max_bytes: usually ``default_max_bytes()``.
    :raises UploadEmpty: no bytes at all.
    :raises UploadTooLarge: more than ``max_bytes``; checked before anything is decoded.
    :raises UploadWrongType: not a JPEG, PNG or PDF by its first bytes.
    :raises UploadDamaged: an image Pillow cannot decode to the end, a PDF without its end marker.
    :raises UploadTooManyPixels: an image too big to decode safely.
    """
    if not data:
        raise UploadEmpty(filename)
    if len(data) > max_bytes:
        raise UploadTooLarge(filename, len(data), max_bytes)
    return _check_content(data, filename)


def default_max_bytes() -> int:
    """The size limit of one file: the registry record ``sanji.max_upload_mb`` in bytes, 10 MB without it.

    Outside a site (scripts, plain tests) there is no registry and the default applies.
    """
    registry = queryUtility(IRegistry)
    megabytes = registry.get(REGISTRY_RECORD) if registry is not None else None
    if not isinstance(megabytes, int) or isinstance(megabytes, bool) or megabytes <= 0:
        megabytes = DEFAULT_MAX_MB
    return megabytes * MEGABYTE
