"""The captured pages of an application, each named after the material it proves.

Pages are blobs kept on the application itself rather than content objects: they are never
listed, searched or published on their own, and every read goes through :func:`read_page` so
that encryption at rest and the audit of downloads plug in at one place.

The blob holds only the AES-GCM ciphertext of the page under the application's data key (purpose
``page:<id>``, see :mod:`sanji.crypto.envelope`). The SHA-256 of the plain bytes stays beside it for
the seals and the checks: a digest of a photographed page reveals nothing without the page itself.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from persistent import Persistent
from persistent.list import PersistentList
from ZODB.blob import Blob

from sanji.crypto.envelope import seal
from sanji.crypto.envelope import unseal

_ATTRIBUTE = "_sanji_pages"

#: File name extension of each page type (the only types :mod:`sanji.validation.uploads` lets in).
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


class Page(Persistent):
    """One captured page: which material it proves, what it is, and its bytes, encrypted, in a blob."""

    #: Pages stored before encryption hold plain bytes; ``sanji-rotate-keys`` encrypts them.
    encrypted = False

    def __init__(self, material: str, data: bytes, content_type: str, filename: str, actor: str):
        self.id = uuid.uuid4().hex[:12]
        self.material = material
        self.content_type = content_type
        self.filename = filename
        self.size = len(data)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.added = datetime.now()
        self.actor = actor
        self.blob = Blob()

    @property
    def purpose(self) -> str:
        return f"page:{self.id}"

    def store(self, application, data: bytes) -> None:
        """Write ``data`` encrypted for ``application`` into the blob."""
        sealed = seal(application, self.purpose, data)
        with self.blob.open("w") as handle:
            handle.write(sealed)
        self.encrypted = True

    def load(self, application) -> bytes:
        """The plain bytes (one unwrap of the data key, one decryption)."""
        with self.blob.open("r") as handle:
            stored = handle.read()
        return unseal(application, self.purpose, stored) if self.encrypted else stored


@dataclass(frozen=True)
class PageInfo:
    """What lists and checks need of a page, without its bytes."""

    id: str
    material: str
    content_type: str
    filename: str
    size: int
    sha256: str
    number: int


def page_filename(material: str, number: int, content_type: str) -> str:
    """ "居民户口簿-2.jpg": a page is named after the material it proves and its number within it.

    A page's number drops when an earlier page of its material is deleted, so downloads name a page
    by its current number rather than by the name it was stored under.
    """
    return f"{material}-{number}{EXTENSIONS.get(content_type, '')}"


def _pages(application) -> PersistentList:
    pages = getattr(application, _ATTRIBUTE, None)
    if pages is None:
        pages = PersistentList()
        setattr(application, _ATTRIBUTE, pages)
    return pages


def add_page(application, material: str, data: bytes, content_type: str, filename: str, actor: str) -> PageInfo:  # noqa: PLR0917
    """Store a checked page (see :mod:`sanji.validation.uploads`) for ``material``."""
    page = Page(material, data, content_type, filename, actor)
    page.store(application, data)
    _pages(application).append(page)
    return list_pages(application, material)[-1]


def delete_page(application, page_id: str) -> bool:
    """Remove a page; False when there was none with that id."""
    pages = _pages(application)
    for index, page in enumerate(pages):
        if page.id == page_id:
            del pages[index]
            return True
    return False


def list_pages(application, material: str | None = None) -> list[PageInfo]:
    """Pages in capture order, numbered within their material."""
    counters: dict[str, int] = {}
    result = []
    for page in getattr(application, _ATTRIBUTE, None) or ():
        counters[page.material] = counters.get(page.material, 0) + 1
        if material is None or page.material == material:
            result.append(
                PageInfo(
                    page.id,
                    page.material,
                    page.content_type,
                    page.filename,
                    page.size,
                    page.sha256,
                    counters[page.material],
                )
            )
    return result


def read_page(application, page_id: str) -> tuple[PageInfo, bytes] | None:
    """The page and its plain bytes, or None.

    :raises sanji.crypto.errors.DataShredded: the application's data key was destroyed.
    :raises sanji.crypto.errors.DecryptionFailed: the stored page was altered.
    """
    for info, page in zip(list_pages(application), getattr(application, _ATTRIBUTE, None) or (), strict=False):
        if page.id == page_id:
            return info, page.load(application)
    return None


def stored_pages(application) -> list[Page]:
    """The page records themselves, for the key maintenance of :mod:`sanji.crypto` only."""
    return list(getattr(application, _ATTRIBUTE, None) or ())
