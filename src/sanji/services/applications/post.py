"""POST <village area>/@applications: a kiosk or an outside system submits an application as JSON.

The same checks as the station's form (:func:`sanji.api.applications.submit`, which also reads ISO
dates), with every material required. Only the JSON is read here: base64 pages, which part of the
body a field is in.
A retried POST (double click, lost answer) finds the application created the first time: 200, not 201.
"""

import base64
import binascii

from DateTime import DateTime
from plone import api
from plone.restapi.services import Service

from sanji import _
from sanji.api.applications import Submission
from sanji.api.applications import SubmissionRefused
from sanji.api.applications import check_answers
from sanji.api.applications import check_applicant
from sanji.api.applications import check_materials
from sanji.api.applications import submit
from sanji.forms.fields import APPLICANT_FIELD_NAMES
from sanji.services import NOT_AN_OBJECT
from sanji.services import error
from sanji.services import json_object
from sanji.services.applications import find_item

#: Order of the parts of the body in the list of errors.
PARTS = ("item", "applicant", "fields", "materials", "area")

NOT_A_VILLAGE = _("error_not_a_village", default="Applications are accepted at village service stations only.")


def _object(data: dict, part: str, errors: dict) -> dict:
    value = data.get(part)
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors[part] = NOT_AN_OBJECT
        return {}
    return value


def _decode_page(page) -> bytes:
    """The bytes of one ``{"data", "encoding": "base64", "filename", "content-type"}`` (a data: URL works too).

    :raises ValueError: not such an object, another encoding, or not base64.
    """
    if not isinstance(page, dict) or not isinstance(page.get("data"), str):
        raise ValueError("not a file object")
    if page.get("encoding", "base64") != "base64":
        raise ValueError("not base64")
    data = page["data"]
    if data.startswith("data:") and ";base64," in data:
        data = data.split(";base64,", 1)[1]
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as decode_error:
        raise ValueError("not base64") from decode_error


def decode_materials(raw: dict, errors: dict) -> dict[str, list[tuple[str, bytes]]]:
    """Material name → [(filename, bytes)]; a page that cannot be decoded is named in ``errors``."""
    materials = {}
    for name, pages in raw.items():
        decoded = []
        for number, page in enumerate(pages if isinstance(pages, list) else [pages], start=1):
            try:
                data = _decode_page(page)
            except ValueError:
                errors[f"materials.{name}"] = _(
                    "error_material_not_base64",
                    default='Page ${number} of this material is not a file object with base64 "data".',
                    mapping={"number": number},
                )
                continue
            decoded.append((str(page.get("filename") or f"{name}-{number}"), data))
        materials[name] = decoded
    return materials


def _path(name: str, material_names: set[str]) -> str:
    """Where in the body the field named by :func:`submit` is: ``applicant.phone``, ``materials.户口簿``…"""
    if name == "area":
        return name
    if name in APPLICANT_FIELD_NAMES:
        return f"applicant.{name}"
    if name in material_names:
        return f"materials.{name}"
    return f"fields.{name}"


def _ordered(errors: dict) -> dict:
    return dict(sorted(errors.items(), key=lambda entry: PARTS.index(entry[0].split(".", 1)[0])))


class ApplicationsPost(Service):
    """201 with the receipt number; 200 for a repeated POST; 400 naming every missing or wrong field."""

    def reply(self) -> dict:
        data, refused = json_object(self.request)
        if refused is not None:
            return refused

        errors = {}
        applicant = _object(data, "applicant", errors)
        answers = _object(data, "fields", errors)
        materials = decode_materials(_object(data, "materials", errors), errors)
        brain = find_item(data.get("item"))
        item = brain.getObject() if brain is not None else None
        if item is None:
            errors["item"] = (
                _("error_unknown_item", default="No service item has this UID or code.")
                if data.get("item")
                else _("error_required", default="Required input is missing.")
            )
        material_names = {m["name"] for m in ((item.materials or ()) if item is not None else ())} | set(materials)
        if errors:
            return self.refuse(self.all_errors(item, applicant, answers, materials), errors, material_names)

        started = DateTime()
        try:
            application = submit(self.context, Submission(item, applicant, answers, materials), require_materials=True)
        except SubmissionRefused as refused:
            return self.refuse(refused.errors, {}, material_names)
        created = application.created() >= started
        url = application.absolute_url()
        if created:
            self.request.response.setStatus(201)
            self.request.response.setHeader("Location", url)
        return {
            "@id": url,
            "receipt_number": application.receipt_number,
            "review_state": api.content.get_state(application),
        }

    def all_errors(self, item, applicant: dict, answers: dict, materials: dict) -> dict[str, str]:
        """What :func:`submit` would refuse, for a body that cannot reach it (unknown item, bad base64)."""
        errors = dict(check_applicant(applicant)[1])
        if item is not None:
            errors.update(check_answers(item, answers)[1])
            errors.update(check_materials(item, materials, require_all=True)[1])
        if self.context.tier != "village":
            errors["area"] = NOT_A_VILLAGE
        return errors

    def refuse(self, checked: dict, found: dict, material_names: set[str]) -> dict:
        """400 with ``checked`` (named as :func:`submit` names them) and ``found`` (named by body path)."""
        errors = {_path(name, material_names): message for name, message in checked.items()}
        # A part that is not an object at all is named alone, not each field it lacks.
        errors = {path: message for path, message in errors.items() if path.split(".", 1)[0] not in found}
        errors.update(found)
        summary = _(
            "error_application_refused",
            default="The application was not submitted: ${count} entries are missing or wrong.",
            mapping={"count": len(errors)},
        )
        return error(self.request, 400, "BadRequest", summary, _ordered(errors))
