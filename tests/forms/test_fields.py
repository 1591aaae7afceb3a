"""One description of an item's questions feeds the online form and the printed blank form."""

import pytest
from plone.supermodel import loadString

from sanji.forms.blank_form import render_blank_form
from sanji.forms.fields import APPLICANT_FIELDS
from sanji.forms.fields import item_fields
from sanji.forms.online_form import fields_model

RAW = [
    {"name": "birth_date", "title": "出生日期", "type": "date"},
    {"name": "kind", "title": "类别", "type": "choice", "choices": ["80-89岁", "90岁以上"]},
    {"name": "reason", "title": "申请理由 <说明>", "type": "textarea", "required": False},
]


def test_applicant_fields_come_first():
    fields = item_fields(RAW)
    assert [f.name for f in fields[:4]] == ["applicant_name", "id_number", "phone", "address"]
    assert all(f.personal for f in APPLICANT_FIELDS)
    assert [f.name for f in fields[4:]] == ["birth_date", "kind", "reason"]


@pytest.mark.parametrize(
    "raw",
    [
        [{"name": "phone", "title": "电话"}],
        [{"name": "a", "title": "A"}, {"name": "a", "title": "A again"}],
        [{"name": "kind", "title": "类别", "type": "choice"}],
        [{"name": "when", "title": "时间", "type": "datetime"}],
    ],
)
def test_bad_field_lists_are_refused(raw):
    with pytest.raises(ValueError):
        item_fields(raw)


def test_online_form_model_loads_as_a_schema(portal):
    """Parsed with the site's supermodel handlers (the integration layer registers them)."""
    schema = loadString(fields_model(item_fields(RAW))).schema
    assert schema["kind"].vocabulary.by_value.keys() == {"80-89岁", "90岁以上"}
    assert schema["reason"].required is False
    assert schema["reason"].title == "申请理由 <说明>"
    assert schema["birth_date"].__class__.__name__ == "Date"


def test_blank_form_is_a_deterministic_pdf():
    kwargs = {
        "title": "高龄津贴申领",
        "item_code": "MZ-001",
        "department": "肃宁县民政局",
        "fields": item_fields(RAW),
        "materials": [{"name": "居民身份证", "form": "original_and_copy", "count": 1}],
    }
    pdf = render_blank_form(**kwargs)
    assert pdf.startswith(b"%PDF-")
    assert render_blank_form(**kwargs) == pdf
