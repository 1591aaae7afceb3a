"""Departments and service items of a county, with each item's blank form and online form."""

from plone.namedfile.file import NamedBlobFile

from sanji.forms.action import ACTIONS_MODEL
from sanji.forms.blank_form import render_blank_form
from sanji.forms.fields import item_fields
from sanji.forms.online_form import fields_model
from sanji.setuphandlers.structure import ensure
from sanji.setuphandlers.structure import publish

ITEM_FIELDS = (
    "item_code",
    "item_type",
    "legal_basis",
    "conditions",
    "materials",
    "procedure",
    "statutory_days",
    "promised_days",
    "fee",
    "accept_tier",
    "review_tier",
    "approve_tier",
    "consult_phone",
    "complaint_phone",
)


def build_departments(folder, departments: list[dict]) -> dict[str, dict]:
    """Create or update the departments; return them by id as ``{"code", "title", "obj"}``."""
    result = {}
    for data in departments:
        obj = ensure(
            folder,
            "Department",
            data["id"],
            title=data["title"],
            description=data.get("description", ""),
            code=data["code"],
            address=data.get("address"),
            phone=data.get("phone"),
        )
        result[data["id"]] = {"code": data["code"], "title": data["title"], "obj": obj}
    return result


def _item_values(data: dict, department_code: str) -> dict:
    values = {name: data.get(name) for name in ITEM_FIELDS}
    values["item_code"] = data["code"]
    values["personal_fields"] = [f["name"] for f in data.get("form_fields", ()) if f.get("personal")]
    values["department"] = department_code
    values["materials"] = [
        {
            "name": m["name"],
            "form": m["form"],
            "count": m.get("count", 1),
            "note": m.get("note") or None,
            "required": m.get("required", True),
        }
        for m in data["materials"]
    ]
    return values


def _ensure_blank_form(item, data: dict, department_title: str) -> None:
    if "blank-form" in item:
        return
    pdf = render_blank_form(
        title=data["title"],
        item_code=data["code"],
        department=department_title,
        fields=item_fields(data.get("form_fields", [])),
        materials=data["materials"],
    )
    blob = NamedBlobFile(data=pdf, contentType="application/pdf", filename=f"{data['title']}申请表.pdf")
    ensure(item, "File", "blank-form", title=f"{data['title']}申请表（空白表格）", file=blob)


def _ensure_online_form(item, data: dict) -> None:
    ensure(
        item,
        "EasyForm",
        "online-form",
        title=f"{data['title']}网上申请",
        description="村级服务站代办员为申请人填写的网上申请表。",
        fields_model=fields_model(item_fields(data.get("form_fields", []))),
        actions_model=ACTIONS_MODEL,
        submitLabel="提交申请",
    )


def build_service_items(folder, items: list[dict], departments: dict[str, dict]) -> None:
    """Create or update the service items, publish them, and give each its forms."""
    for data in items:
        department = departments[data["department"]]
        item = ensure(
            folder,
            "ServiceItem",
            data["id"],
            title=data["title"],
            description=data.get("description", ""),
            **_item_values(data, department["code"]),
        )
        publish(item)
        _ensure_blank_form(item, data, department["title"])
        _ensure_online_form(item, data)
