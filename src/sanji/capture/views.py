"""The station's capture page (高拍仪) and the endpoints it posts to.

Every endpoint answers two kinds of client: the page's script, which asks for JSON (``Accept:
application/json``) and updates the page in place, and a plain form post without JavaScript, which
gets a status message and the capture page again. Both go through :mod:`sanji.capture.materials`.
"""

import json
from functools import cached_property
from importlib.metadata import version

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import MethodNotAllowed
from zExceptions import NotFound
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji import _
from sanji import audit
from sanji.capture import materials
from sanji.capture.download import content_disposition
from sanji.capture.download import send_private
from sanji.capture.pages import EXTENSIONS
from sanji.capture.pages import PageInfo
from sanji.capture.pages import list_pages
from sanji.capture.pages import page_filename
from sanji.capture.pages import read_page
from sanji.crypto.errors import DataShredded
from sanji.crypto.reveal import shredded_message
from sanji.validation.uploads import InvalidUpload
from sanji.validation.uploads import default_max_bytes
from sanji.vocabularies.static import MATERIAL_FORMS
from sanji.workflow.checks import missing_materials

IMAGE_TYPES = ("image/jpeg", "image/png")
STATIC = "++plone++sanji.capture"
VERSION = version("sanji")


def page_url(application, page_id: str) -> str:
    return f"{application.absolute_url()}/@@page?id={page_id}"


def page_data(application, page: PageInfo) -> dict:
    """What the page's script needs to show a page (never its bytes)."""
    return {
        "id": page.id,
        "number": page.number,
        "url": page_url(application, page.id),
        "image": page.content_type in IMAGE_TYPES,
        "filename": page_filename(page.material, page.number, page.content_type),
    }


class CaptureView(BrowserView):
    """``@@capture``: live camera preview, one row per required material, and the way to 受理."""

    def __call__(self):
        # The preview and the materials need the width more than the navigation portlet does.
        self.request.set("disable_plone.leftcolumn", True)
        return self.index()

    def static(self, name: str) -> str:
        """The URL of a file in static/, versioned so that an upgrade is not hidden by a browser cache."""
        return f"{api.portal.get().absolute_url()}/{STATIC}/{name}?v={VERSION}"

    def endpoint(self, name: str) -> str:
        return f"{self.context.absolute_url()}/@@{name}"

    @cached_property
    def missing(self) -> list[str]:
        return missing_materials(self.context)

    def missing_text(self) -> str:
        return "、".join(self.missing)

    def rows(self) -> list[dict]:
        """One row per required material: what it needs, whether it is done, its pages."""
        checklist = self.context.checklist or {}
        pages = list_pages(self.context)
        rows = []
        for index, material in enumerate(materials.required_materials(self.context), start=1):
            name = material["name"]
            rows.append(
                {
                    "index": index,
                    "anchor": f"sanji-material-{index}",
                    "name": name,
                    "form": MATERIAL_FORMS.get(material.get("form", materials.DEFAULT_FORM), ""),
                    "count": material.get("count", 1),
                    "note": material.get("note", ""),
                    "needs_original": materials.needs_original(material),
                    "optional": material.get("required") is False,
                    "seen": bool(checklist.get(name)),
                    "missing": name in self.missing,
                    "pages": [page_data(self.context, page) for page in pages if page.material == name],
                }
            )
        return rows

    def accept(self) -> dict | None:
        """The accept transition, when this user may take it here (the materials are checked apart)."""
        workflow = api.portal.get_tool("portal_workflow")
        for transition in workflow.getTransitionsFor(self.context):
            if transition["id"] == "accept":
                return {"title": transition["title"], "url": f"{self.context.absolute_url()}/@@transition?name=accept"}
        return None

    def max_megabytes(self) -> str:
        return f"{default_max_bytes() / (1024 * 1024):.1f}".removesuffix(".0")


class Refused(Exception):
    """An endpoint's refusal: the message for the agent, the HTTP status, the row to go back to."""

    def __init__(self, message: Message, status: int = 400, anchor: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.anchor = anchor


class PostEndpoint(BrowserView):
    """A POST from the capture page: CSRF-checked, answered as JSON or with a redirect back.

    Subclasses implement :meth:`handle`, returning the JSON body and a status message, or raising
    :class:`Refused`.
    """

    def __call__(self):
        if self.request.method != "POST":
            raise MethodNotAllowed("POST only")
        CheckAuthenticator(self.request)
        try:
            body, message, anchor = self.handle()
        except Refused as refused:
            error = {"error": self.translate(refused.message)}
            return self.reply(error, refused.message, refused.status, refused.anchor)
        body["missing"] = missing_materials(self.context)
        return self.reply(body, message, 200, anchor)

    def handle(self) -> tuple[dict, Message, str]:
        raise NotImplementedError

    def translate(self, message: Message) -> str:
        return translate(message, context=self.request)

    @property
    def wants_json(self) -> bool:
        return "application/json" in (self.request.getHeader("Accept") or "")

    def reply(self, body: dict, message: Message, status: int, anchor: str) -> str:
        response = self.request.response
        if self.wants_json:
            response.setStatus(status)
            response.setHeader("Content-Type", "application/json; charset=utf-8")
            response.setHeader("Cache-Control", "no-store")
            return json.dumps(body, ensure_ascii=False)
        IStatusMessage(self.request).add(message, type="error" if status >= 400 else "info")
        response.redirect(f"{self.context.absolute_url()}/@@capture" + (f"#{anchor}" if anchor else ""))
        return ""

    def form_text(self, name: str) -> str:
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def material_anchor(self, material: str) -> str:
        names = [m["name"] for m in materials.required_materials(self.context)]
        return f"sanji-material-{names.index(material) + 1}" if material in names else ""

    def pages_of(self, material: str) -> list[dict]:
        return [page_data(self.context, page) for page in list_pages(self.context, material)]


UNKNOWN_MATERIAL = _("error_unknown_material", default="This item requires no such material.")
NO_SUCH_PAGE = _("error_no_such_page", default="There is no such page; it may have been deleted already.")


class UploadView(PostEndpoint):
    """``@@capture-upload`` (material, file): one page from the camera or a scanned file."""

    def handle(self) -> tuple[dict, Message, str]:
        material = self.form_text("material")
        upload = self.request.form.get("file")
        # Read one byte past the limit: enough to refuse, without holding a huge file in memory.
        data = upload.read(default_max_bytes() + 1) if hasattr(upload, "read") else b""
        actor = api.user.get_current().getId()
        anchor = self.material_anchor(material)
        try:
            page = materials.capture(self.context, material, data, actor)
        except materials.UnknownMaterial as error:
            raise Refused(UNKNOWN_MATERIAL) from error
        except InvalidUpload as error:
            raise Refused(error.doc(), anchor=anchor) from error
        body = {**page_data(self.context, page), "material": material, "pages": self.pages_of(material)}
        message = _(
            "status_page_captured",
            default="Page ${number} of ${material} saved.",
            mapping={"number": page.number, "material": material},
        )
        return body, message, anchor


class DeleteView(PostEndpoint):
    """``@@capture-delete`` (id): remove a captured page, e.g. a blurred one before retaking it."""

    def handle(self) -> tuple[dict, Message, str]:
        page = materials.remove(self.context, self.form_text("id"))
        if page is None:
            raise Refused(NO_SUCH_PAGE, 404)
        body = {"deleted": page.id, "material": page.material, "pages": self.pages_of(page.material)}
        message = _(
            "status_page_deleted",
            default="Page ${number} of ${material} deleted.",
            mapping={"number": page.number, "material": page.material},
        )
        return body, message, self.material_anchor(page.material)


class ChecklistView(PostEndpoint):
    """``@@capture-checklist`` (seen:list): the originals the agent has seen, all of them at once."""

    def handle(self) -> tuple[dict, Message, str]:
        seen = self.request.form.get("seen", [])
        seen = [seen] if isinstance(seen, str) else [name for name in seen if isinstance(name, str)]
        try:
            checklist = materials.set_originals_seen(self.context, seen)
        except materials.UnknownMaterial as error:
            raise Refused(UNKNOWN_MATERIAL) from error
        return {"checklist": checklist}, _("status_checklist_saved", default="Originals seen saved."), ""


class PageView(BrowserView):
    """``@@page?id=…``: one captured page, shown in the browser, never cached (personal data)."""

    def __call__(self):
        page_id = self.request.form.get("id", "")
        try:
            found = read_page(self.context, page_id) if isinstance(page_id, str) and page_id else None
        except DataShredded as shredded:
            self.request.response.setStatus(410)
            self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return translate(shredded_message(shredded.when), context=self.request)
        if found is None:
            raise NotFound(page_id)
        page, data = found
        self.record_read(page)
        filename = page_filename(page.material, page.number, page.content_type)
        fallback = f"page-{page.number}{EXTENSIONS.get(page.content_type, '')}"
        disposition = content_disposition("inline", filename, fallback)
        return send_private(self.request.response, data, page.content_type, disposition)

    def record_read(self, page: PageInfo) -> None:
        """The one place where reading a page is recorded: an audit entry (who, when, case, page)."""
        audit.log("download", self.context, page=page.id, material=page.material, number=page.number)
