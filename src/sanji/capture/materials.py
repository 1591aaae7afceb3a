"""What the station does to a case's materials: capture pages, delete them, tick the originals seen.

The capture page and its JSON endpoints call these, so a form posted without JavaScript and a
camera snapshot sent with ``fetch`` are checked alike. Material names are the keys: they come from
the service item, and anything else is refused rather than stored under a name nobody asked for.
"""

from collections.abc import Iterable

from plone import api

from sanji.capture.pages import PageInfo
from sanji.capture.pages import add_page
from sanji.capture.pages import delete_page
from sanji.capture.pages import list_pages
from sanji.capture.pages import page_filename
from sanji.validation.uploads import check_upload
from sanji.validation.uploads import default_max_bytes

#: Material forms whose original the agent must see and tick (原件已核验).
ORIGINAL_FORMS = ("original", "original_and_copy")
#: Material forms that need at least one captured page.
COPY_FORMS = ("copy", "original_and_copy")
DEFAULT_FORM = "original_and_copy"


class UnknownMaterial(ValueError):
    """The service item of the case requires no material of this name."""


def required_materials(application) -> list[dict]:
    """The materials of the case's service item (name, form, count, note), in the item's order."""
    item = api.content.get(UID=application.item_uid)
    return [dict(material) for material in (item.materials if item is not None else None) or ()]


def needs_original(material: dict) -> bool:
    return material.get("form", DEFAULT_FORM) in ORIGINAL_FORMS


def needs_copy(material: dict) -> bool:
    return material.get("form", DEFAULT_FORM) in COPY_FORMS


def _known(application, material: str) -> dict:
    for required in required_materials(application):
        if required["name"] == material:
            return required
    raise UnknownMaterial(material)


def capture(application, material: str, data: bytes, actor: str) -> PageInfo:
    """Check ``data`` by its content and store it as the next page of ``material``.

    :raises UnknownMaterial: the item requires no such material.
    :raises sanji.validation.uploads.InvalidUpload: empty, too large, not JPEG/PNG/PDF, or damaged.
    """
    _known(application, material)
    content_type = check_upload(data, material, default_max_bytes())
    number = len(list_pages(application, material)) + 1
    filename = page_filename(material, number, content_type)
    return add_page(application, material, data, content_type, filename, actor)


def remove(application, page_id: str) -> PageInfo | None:
    """Delete a page; return what it was (its material's list changes), or None if there was none."""
    info = next((page for page in list_pages(application) if page.id == page_id), None)
    if info is not None:
        delete_page(application, page_id)
    return info


def set_originals_seen(application, seen: Iterable[str]) -> dict[str, bool]:
    """Record which originals the agent has seen: exactly ``seen``, every other original unseen.

    A new dict is assigned, so that persistence notices the change.

    :raises UnknownMaterial: a name the item does not require, or a copy-only material.
    """
    seen = set(seen)
    originals = [m["name"] for m in required_materials(application) if needs_original(m)]
    unknown = sorted(seen - set(originals))
    if unknown:
        raise UnknownMaterial(unknown[0])
    checklist = {name: name in seen for name in originals}
    application.checklist = checklist
    return checklist
