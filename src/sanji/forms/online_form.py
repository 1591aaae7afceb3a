"""Turn an item's form fields into the schema model of its collective.easyform form."""

from xml.sax.saxutils import escape

from sanji.forms.fields import FormField

_SCHEMA_TYPES = {
    "text": "zope.schema.TextLine",
    "textarea": "zope.schema.Text",
    "int": "zope.schema.Int",
    "date": "zope.schema.Date",
    "choice": "zope.schema.Choice",
}

MODEL_HEADER = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema"'
    ' xmlns:form="http://namespaces.plone.org/supermodel/form"'
    ' xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"'
    ' xmlns:security="http://namespaces.plone.org/supermodel/security"'
    ' xmlns:i18n="http://xml.zope.org/namespaces/i18n">'
)


#: easyform field validators by field name (registered in sanji/validation/configure.zcml).
_VALIDATORS = {"id_number": "sanji.id_number", "phone": "sanji.mobile"}


def _field_xml(form_field: FormField) -> str:
    validators = _VALIDATORS.get(form_field.name)
    extra = f' easyform:validators="{validators}"' if validators else ""
    parts = [f'<field name="{form_field.name}" type="{_SCHEMA_TYPES[form_field.type]}"{extra}>']
    parts.append(f"<title>{escape(form_field.title)}</title>")
    if not form_field.required:
        parts.append("<required>False</required>")
    if form_field.type == "choice":
        values = "".join(f"<element>{escape(choice)}</element>" for choice in form_field.choices)
        parts.append(f"<values>{values}</values>")
    parts.append("</field>")
    return "".join(parts)


def fields_model(fields: tuple[FormField, ...]) -> str:
    """The easyform ``fields_model`` XML for ``fields``, in their order."""
    body = "".join(_field_xml(form_field) for form_field in fields)
    return f"{MODEL_HEADER}<schema>{body}</schema></model>"
