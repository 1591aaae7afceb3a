"""The same checks as collective.easyform field validators, for the items' online forms.

easyform looks up a named IFieldValidator utility for each name in a field's ``easyform:validators``
attribute, calls it with the submitted value and shows whatever it returns as the field's error; None
means the value is good. It does not store the normalised value: the action that turns the submission
into an Application normalises again with the functions of this package.
"""

from zope.i18nmessageid import Message
from zope.schema import ValidationError

from sanji.validation.id_card import validate_id_number
from sanji.validation.phone import validate_mobile

#: Names for ``easyform:validators`` (several are joined with "|").
ID_NUMBER = "sanji.id_number"
MOBILE = "sanji.mobile"


def _message(check, value) -> Message | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # an empty optional field; "required" is easyform's job
    try:
        check(str(value))
    except ValidationError as error:
        return error.doc()
    return None


def id_number_validator(value, **kwargs) -> Message | None:
    """Registered as ``sanji.id_number``: the refusal of validate_id_number, or None."""
    return _message(validate_id_number, value)


def mobile_validator(value, **kwargs) -> Message | None:
    """Registered as ``sanji.mobile``: the refusal of validate_mobile, or None."""
    return _message(validate_mobile, value)
