"""Field constraints whose refusals read as a clear sentence in the editor's language.

zope.schema shows the docstring of a ValidationError subclass as its message, so each
error here carries an i18n message instead of a bare "Constraint not satisfied".
"""

import re

from zope.schema import ValidationError

from sanji import _

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|1\d{4}|[48]00-?\d{3}-?\d{4})$")
ITEM_CODE_RE = re.compile(r"^[A-Z]{2,4}-\d{3}$")
DEPARTMENT_CODE_RE = re.compile(r"^[A-Z]{2,4}$")


class InvalidPhone(ValidationError):
    __doc__ = _(
        "error_phone",
        default="Enter a mobile number of 11 digits or a landline such as 0317-5022001.",
    )


class InvalidItemCode(ValidationError):
    __doc__ = _(
        "error_item_code",
        default="The item code is the department code, a hyphen and three digits, e.g. MZ-001.",
    )


class InvalidDepartmentCode(ValidationError):
    __doc__ = _(
        "error_department_code",
        default="The department code is 2 to 4 capital letters, e.g. MZ.",
    )


def phone_constraint(value: str) -> bool:
    """Accept Chinese mobile, landline and service numbers (12345 hotlines, 400/800)."""
    if value and not PHONE_RE.match(value.strip()):
        raise InvalidPhone(value)
    return True


def item_code_constraint(value: str) -> bool:
    if not ITEM_CODE_RE.match(value or ""):
        raise InvalidItemCode(value)
    return True


def department_code_constraint(value: str) -> bool:
    if not DEPARTMENT_CODE_RE.match(value or ""):
        raise InvalidDepartmentCode(value)
    return True


class UnknownDepartment(ValidationError):
    __doc__ = _(
        "error_unknown_department",
        default="There is no department with this code. Choose one of the county's departments.",
    )


def department_constraint(value: str) -> bool:
    """Refuse codes that name no Department, with a message instead of "Constraint not satisfied"."""
    from plone import api

    if not api.content.find(portal_type="Department", department=value):
        raise UnknownDepartment(value)
    return True
