"""Material files are judged by their bytes: real tiny JPEG, PNG and PDF files made here, then spoiled."""

import io
import logging

import pytest
from PIL import Image
from PIL import ImageFile
from reportlab.pdfgen import canvas
from zope.i18n import translate

from sanji.validation.uploads import JPEG
from sanji.validation.uploads import PDF
from sanji.validation.uploads import PNG
from sanji.validation.uploads import UploadDamaged
from sanji.validation.uploads import UploadEmpty
from sanji.validation.uploads import UploadTooLarge
from sanji.validation.uploads import UploadTooManyPixels
from sanji.validation.uploads import UploadWrongType
from sanji.validation.uploads import check_upload
from sanji.validation.uploads import default_max_bytes
from sanji.validation.uploads import sniff_content_type

MB = 1024 * 1024


def _image(kind: str, size=(64, 48)) -> bytes:
    image = Image.new("RGB", size)
    image.putdata([(x * 4 % 256, y * 5 % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def jpeg() -> bytes:
    return _image("JPEG")


@pytest.fixture(scope="module")
def png() -> bytes:
    return _image("PNG")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)
    page.drawString(72, 720, "Hukou page 1")
    page.save()
    return buffer.getvalue()


def test_real_files_are_recognised(jpeg, png, pdf):
    assert sniff_content_type(jpeg) == JPEG
    assert sniff_content_type(png) == PNG
    assert sniff_content_type(pdf) == PDF
    assert check_upload(jpeg, "scan.jpg", MB) == JPEG
    assert check_upload(png, "scan.png", MB) == PNG
    assert check_upload(pdf, "scan.pdf", MB) == PDF


def test_the_name_decides_nothing(jpeg, png, pdf):
    assert check_upload(png, "photo.jpg", MB) == PNG
    assert check_upload(pdf, "scan.jpeg", MB) == PDF
    assert check_upload(jpeg, "", MB) == JPEG


@pytest.mark.parametrize(
    "data",
    [
        "身份证正面".encode(),  # a text file named .jpg
        b"PK\x03\x04" + b"\x00" * 100,  # a .docx
        b"GIF89a" + b"\x00" * 100,
        b"<html><body>not an image</body></html>",
    ],
)
def test_other_content_is_refused_even_when_named_jpg(data):
    assert sniff_content_type(data) is None
    with pytest.raises(UploadWrongType) as caught:
        check_upload(data, "shenfenzheng.jpg", MB)
    assert "whatever its name says" in translate(caught.value.doc())


def test_empty_file():
    assert sniff_content_type(b"") is None
    with pytest.raises(UploadEmpty) as caught:
        check_upload(b"", "scan.jpg", MB)
    assert translate(caught.value.doc()) == "The file is empty. Capture or scan the material again."


@pytest.fixture(params=[False, True], ids=["strict", "plone.scale"])
def truncated_allowed(request, monkeypatch):
    """Whatever plone.scale did to Pillow's global flag (it sets it True on import), the result is the same."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", request.param)
    return request.param


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_jpeg_is_refused(jpeg, keep, truncated_allowed):
    cut = jpeg[: int(len(jpeg) * keep)]
    assert sniff_content_type(cut) is None
    with pytest.raises(UploadDamaged) as caught:
        check_upload(cut, "scan.jpg", MB)
    assert "damaged or incomplete" in translate(caught.value.doc())


def test_jpeg_without_its_end_marker_is_refused(jpeg, truncated_allowed):
    with pytest.raises(UploadDamaged):
        check_upload(jpeg[:-2], "scan.jpg", MB)


def test_truncated_png_is_refused(png, truncated_allowed):
    with pytest.raises(UploadDamaged):
        check_upload(png[: len(png) // 2], "scan.png", MB)


def test_png_with_a_corrupted_chunk_is_refused(png, truncated_allowed):
    spoiled = bytearray(png)
    spoiled[len(png) // 2] ^= 0xFF
    with pytest.raises(UploadDamaged):
        check_upload(bytes(spoiled), "scan.png", MB)


def test_jpeg_with_an_exif_thumbnail_and_a_trailer_is_whole(truncated_allowed):
    """The thumbnail's own end marker does not hide a cut-off main image; bytes after the end are tolerated."""
    thumbnail = _image("JPEG", (8, 8))
    exif = Image.Exif()
    exif[0x010E] = "scan"
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 30)).save(photo, "JPEG", exif=exif.tobytes())
    data = photo.getvalue()
    app1 = b"\xff\xe1" + (len(thumbnail) + 2).to_bytes(2, "big") + thumbnail  # a segment holding a whole JPEG
    with_thumbnail = data[:2] + app1 + data[2:]
    assert check_upload(with_thumbnail, "photo.jpg", MB) == JPEG
    assert check_upload(with_thumbnail + b"vendor trailer", "photo.jpg", MB) == JPEG
    with pytest.raises(UploadDamaged):
        check_upload(with_thumbnail[:-20], "photo.jpg", MB)


def test_magic_bytes_alone_are_not_an_image():
    with pytest.raises(UploadDamaged):
        check_upload(b"\xff\xd8\xff\xe0" + b"\x00" * 64, "scan.jpg", MB)


def test_pdf_cut_off_before_its_end_is_refused(pdf):
    cut = pdf[: len(pdf) - 40]
    assert sniff_content_type(cut) is None
    with pytest.raises(UploadDamaged):
        check_upload(cut, "scan.pdf", MB)
    with pytest.raises(UploadDamaged):
        check_upload(b"%PDF-1.7\n" + b"x" * 2000, "scan.pdf", MB)


def test_pdf_with_trailing_newlines_is_whole(pdf):
    assert check_upload(pdf + b"\r\n\r\n", "scan.pdf", MB) == PDF


def test_size_limit_is_said_in_megabytes(jpeg):
    assert check_upload(jpeg, "scan.jpg", len(jpeg)) == JPEG
    with pytest.raises(UploadTooLarge) as caught:
        check_upload(jpeg, "scan.jpg", len(jpeg) - 1)
    with pytest.raises(UploadTooLarge) as caught:
        check_upload(b"\x00" * (10 * MB + 1), "huge.jpg", 10 * MB)
    assert translate(caught.value.doc()).startswith("The file is larger than 10 MB.")
    with pytest.raises(UploadTooLarge) as caught:
        check_upload(b"\x00" * (2 * MB), "big.pdf", MB + MB // 2)
    assert "larger than 1.5 MB" in translate(caught.value.doc())


def test_size_is_checked_before_content(jpeg):
    """A huge upload is refused for its size without being decoded."""
    with pytest.raises(UploadTooLarge):
        check_upload(b"not even an image" * 1000, "x.jpg", 100)


def test_image_with_too_many_pixels(monkeypatch):
    monkeypatch.setattr("sanji.validation.uploads.MAX_PIXELS", 64 * 48 - 1)
    with pytest.raises(UploadTooManyPixels) as caught:
        check_upload(_image("PNG"), "scan.png", MB)
    assert "300 dpi" in translate(caught.value.doc())


def test_default_limit_outside_a_site():
    assert default_max_bytes() == 10 * MB


REGISTRY_SNIPPET = """<registry xmlns:i18n="http://xml.zope.org/namespaces/i18n" i18n:domain="sanji">
  <record name="sanji.max_upload_mb">
    <field type="plone.registry.field.Int">
      <title i18n:translate="label_max_upload_mb">Largest material file (MB)</title>
      <description i18n:translate="help_max_upload_mb">Larger captured or scanned files are refused.</description>
      <min>1</min>
      <required>True</required>
    </field>
    <value>10</value>
  </record>
</registry>"""


def test_registry_record_sets_the_limit(portal):
    """The snippet handed over for profiles/default/registry.xml imports, and its value is used."""
    from plone.app.registry.exportimport.handler import RegistryImporter
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    class Environ:
        getLogger = staticmethod(logging.getLogger)

        def shouldPurge(self):
            return False

    registry = getUtility(IRegistry)
    RegistryImporter(registry, Environ()).importDocument(REGISTRY_SNIPPET)
    assert default_max_bytes() == 10 * MB
    registry["sanji.max_upload_mb"] = 4
    assert default_max_bytes() == 4 * MB
