"""Submitting an application: the one path that the station's form and plone.restapi both take.

Checks are made here once, so a kiosk posting JSON and an agent filling the easyform get the same
refusals, each naming the field and what is wrong. Nothing is created unless everything is right.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from zope.event import notify
from zope.i18n import translate
from zope.schema import Date
from zope.schema import ValidationError
from zope.schema.interfaces import IFromUnicode

from sanji import _
from sanji.api.personal_data import set_personal_data
from sanji.api.receipts import new_receipt_number
from sanji.capture.pages import add_page
from sanji.capture.pages import page_filename
from sanji.catalog.after_commit import index_after_commit
from sanji.crypto.keys import get_ring
from sanji.deadlines import calendar
from sanji.events import ApplicationSubmitted
from sanji.forms.fields import APPLICANT_FIELD_NAMES
from sanji.roles import VILLAGE_AGENT
from sanji.roles import agents_group
from sanji.validation.id_card import validate_id_number
from sanji.validation.phone import validate_mobile
from sanji.validation.uploads import check_upload
from sanji.validation.uploads import default_max_bytes

#: A second identical submission within this many seconds returns the first application.
DUPLICATE_WINDOW = 600
_SUBMISSIONS = "_sanji_submissions"


class SubmissionRefused(Exception):
    """The submission cannot become an application; ``errors`` maps each field to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Submission:
    """What an agent or an outside system submits for one service item."""

    item: object
    applicant: dict[str, str]
    answers: dict[str, object] = field(default_factory=dict)
    #: material name → list of (filename, bytes); optional for the form, required over REST.
    materials: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)


def online_form(item):
    """The item's online form (EasyForm), or None."""
    for child in item.objectValues():
        if child.portal_type == "EasyForm":
            return child
    return None


def item_schema_fields(item) -> dict:
    """The item-specific fields of the online form, by name (the applicant's are checked apart)."""
    from collective.easyform.api import get_schema

    form = online_form(item)
    if form is None:
        return {}
    schema = get_schema(form)
    return {name: schema[name] for name in schema.names(all=True) if name not in APPLICANT_FIELD_NAMES}


def _message(msg) -> str:
    return translate(msg, context=api.env.getRequest())


def check_applicant(applicant: dict) -> tuple[dict, dict[str, str]]:
    """Normalised applicant data and the errors found."""
    errors, clean = {}, {}
    for name in ("applicant_name", "address"):
        value = str(applicant.get(name) or "").strip()
        if not value:
            errors[name] = _message(_("error_required", default="Required input is missing."))
        elif len(value) > 200:
            errors[name] = _message(_("error_too_long", default="Too long."))
        clean[name] = value
    for name, validate in (("id_number", validate_id_number), ("phone", validate_mobile)):
        try:
            clean[name] = validate(str(applicant.get(name) or ""))
        except ValidationError as error:
            errors[name] = _message(error.doc())
    return clean, errors


def _converted(schema_field, value):
    """``value`` as the field's type (JSON and easyform give text, dates as ISO), validated."""
    if isinstance(value, str):
        value = value.strip()
        if isinstance(schema_field, Date):
            value = date.fromisoformat(value)
        elif IFromUnicode.providedBy(schema_field):
            return schema_field.fromUnicode(value)
    schema_field.validate(value)
    return value


def check_answers(item, answers: dict) -> tuple[dict, dict[str, str]]:
    """Answers converted to their field types (dates, numbers, choices) and the errors found."""
    errors, clean = {}, {}
    unknown = sorted(set(answers) - set(item_schema_fields(item)) - APPLICANT_FIELD_NAMES)
    for name in unknown:
        errors[name] = _message(_("error_unknown_field", default="This form has no such field."))
    for name, schema_field in item_schema_fields(item).items():
        value = answers.get(name)
        if value in (None, ""):
            if schema_field.required:
                errors[name] = _message(_("error_required", default="Required input is missing."))
            continue
        try:
            value = _converted(schema_field.bind(item), value)
        except ValidationError as error:
            errors[name] = _message(error.doc())
            continue
        except ValueError:
            errors[name] = _message(_("error_wrong_format", default="This is not in the expected format."))
            continue
        clean[name] = value
    return clean, errors


def check_materials(item, materials: dict, *, require_all: bool) -> tuple[dict, dict[str, str]]:
    """Checked pages (by content, not name) per material, and the errors found."""
    errors, clean = {}, {}
    names = [material["name"] for material in item.materials or ()]
    required = {material["name"]: material.get("required") is not False for material in item.materials or ()}
    limit = default_max_bytes()
    for name in sorted(set(materials) - set(names)):
        errors[name] = _message(_("error_unknown_material", default="This item requires no such material."))
    for name in names:
        pages = materials.get(name) or []
        if require_all and not pages and required.get(name, True):
            errors[name] = _message(_("error_material_missing", default="This material is missing."))
        checked = []
        for filename, data in pages:
            try:
                checked.append((filename, data, check_upload(data, filename, limit)))
            except ValidationError as error:
                errors[name] = _message(error.doc())
        clean[name] = checked
    return clean, errors


def submission_key(actor: str, item_uid: str, applicant: dict, answers: dict) -> str:
    """A keyed hash of what was submitted: the same form posted twice (a double click) matches.

    Keyed with the key ring's index key, which lives outside the database: a copy of the ZODB
    cannot be used to test guesses of ID numbers against the stored keys.
    """
    payload = json.dumps([actor, item_uid, applicant, answers], sort_keys=True, default=str, ensure_ascii=False)
    return hmac.new(get_ring().index_key, payload.encode(), hashlib.sha256).hexdigest()


def _submissions(area) -> OOBTree:
    """Recent submissions of a village by key: (receipt number, when).

    Two identical submissions racing on two instances both write the same key of this BTree,
    so ZODB raises a ConflictError and the publisher retries the later one, which then finds the
    first: a double click never makes two cases, even across instances.
    """
    submissions = getattr(area, _SUBMISSIONS, None)
    if submissions is None:
        submissions = OOBTree()
        setattr(area, _SUBMISSIONS, submissions)
    return submissions


def _recent_duplicate(area, key: str):
    entry = _submissions(area).get(key)
    if entry is not None and time.time() - entry[1] < DUPLICATE_WINDOW:
        return area.get(entry[0])
    return None


def village_of(userid: str):
    """The village area where ``userid`` works as agent, or None.

    Agents reach their village through its group (``agents-<village id>``), so the user's groups
    name the candidates; the local role on the area decides. Costs the same with 30 villages or
    30,000.
    """
    user = api.user.get(userid=userid)
    if user is None:
        return None
    prefix = agents_group("")
    group_ids = [group.getId() for group in api.group.get_groups(user=user)]
    villages = [group_id[len(prefix) :] for group_id in group_ids if group_id.startswith(prefix)]
    if not villages:
        return None
    for brain in api.content.find(portal_type="ServiceArea", area_tier="village", id=villages):
        area = brain.getObject()
        if VILLAGE_AGENT in api.user.get_roles(user=user, obj=area, inherit=False):
            return area
    return None


def _area_ids(area) -> tuple[str, str]:
    township = area.aq_parent
    return area.getId(), township.getId()


def submit(area, submission: Submission, *, require_materials: bool) -> object:
    """Create the draft application in the village ``area``; return it (or the identical earlier one).

    :raises SubmissionRefused: naming every field that is missing or wrong; nothing is created.
    """
    item = submission.item
    applicant, errors = check_applicant(submission.applicant)
    answers, answer_errors = check_answers(item, submission.answers)
    materials, material_errors = check_materials(item, submission.materials, require_all=require_materials)
    errors.update(answer_errors)
    errors.update(material_errors)
    if area.tier != "village":
        errors["area"] = _message(
            _("error_not_a_village", default="Applications are accepted at village service stations only.")
        )
    if errors:
        raise SubmissionRefused(errors)

    actor = api.user.get_current().getId()
    key = submission_key(actor, item.UID(), applicant, answers)
    duplicate = _recent_duplicate(area, key)
    if duplicate is not None:
        return duplicate

    personal_names = set(getattr(item, "personal_fields", None) or ())
    receipt = new_receipt_number(calendar.now())
    department = api.content.find(portal_type="Department", department=item.department)
    village, township = _area_ids(area)
    index_after_commit(area, receipt)  # over HTTP: its catalog entry right after the commit
    application = api.content.create(
        container=area,
        type="Application",
        id=receipt,
        title=f"{item.title} {receipt}",
        receipt_number=receipt,
        item_uid=item.UID(),
        item_code=item.item_code,
        item_title=item.title,
        department=item.department,
        department_id=department[0].getId if department else None,
        review_tier=item.review_tier,
        approve_tier=item.approve_tier,
        promised_days=item.promised_days,
        village=village,
        township=township,
        checklist={},
        exclude_from_nav=True,
    )
    _submissions(area)[key] = (receipt, time.time())
    application.form_data = PersistentMapping({k: v for k, v in answers.items() if k not in personal_names})
    set_personal_data(application, {**applicant, **{k: v for k, v in answers.items() if k in personal_names}})
    for material, pages in materials.items():
        for number, (_filename, data, content_type) in enumerate(pages, start=1):
            add_page(application, material, data, content_type, page_filename(material, number, content_type), actor)
    application.reindexObject()
    notify(ApplicationSubmitted(application, actor=actor, tier="village"))
    return application
