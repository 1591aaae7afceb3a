"""Department (县直部门): a county department that owns service items and approves them."""

from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from sanji import _
from sanji.content.validators import department_code_constraint
from sanji.content.validators import phone_constraint


class IDepartment(model.Schema):
    """A county department (e.g. 民政局, the civil affairs bureau).

    Its ``code`` is what service items store as their department and what item codes start with.
    """

    code = schema.ASCIILine(
        title=_("label_department_code", default="Department code"),
        description=_("help_department_code", default="2 to 4 capital letters; item codes start with it."),
        constraint=department_code_constraint,
    )
    address = schema.TextLine(title=_("label_address", default="Address"), required=False)
    phone = schema.TextLine(
        title=_("label_phone", default="Phone"),
        required=False,
        constraint=phone_constraint,
    )


@implementer(IDepartment)
class Department(Item):
    """A county department."""
