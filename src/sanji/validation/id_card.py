"""The citizen ID number (公民身份号码) of GB 11643-1999, checked before anything is stored.

The number is the applicant's key everywhere (tracking, SMS queries, records), so a typo caught at the
village station saves a returned application later. The refusal names what is wrong (length, date of
birth, last character) but never the expected check character: that would turn the form into a tool for
making up numbers that pass.
"""

import re
import unicodedata
from datetime import date

from zope.schema import ValidationError

from sanji import _

LENGTH = 18
#: ISO 7064 MOD 11-2 weights of the 17 leading digits (2^(18-i) mod 11).
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: The check character for each remainder 0..10 of the weighted sum modulo 11.
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)

_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


class InvalidIdNumber(ValidationError):
    __doc__ = _("error_id_number", default="This is not a valid citizen ID number; check the number.")


class IdNumberFormat(InvalidIdNumber):
    __doc__ = _(
        "error_id_number_format",
        default="A citizen ID number has 18 characters: 17 digits, then a digit or the letter X.",
    )


class IdNumberRegion(InvalidIdNumber):
    __doc__ = _(
        "error_id_number_region",
        default="The first six digits are not a region code (the first digit is 1 to 8); check the number.",
    )


class IdNumberBirthDate(InvalidIdNumber):
    __doc__ = _(
        "error_id_number_birth_date",
        default="Digits 7 to 14 are not a possible date of birth (year, month, day); check the number.",
    )


class IdNumberCheck(InvalidIdNumber):
    __doc__ = _(
        "error_id_number_check",
        default="The last character does not match; check the number.",
    )


def normalize_id_number(value: str) -> str:
    """Remove spaces (also full-width ones) and read full-width digits and a lower-case x as typed by an IME."""
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(folded.split()).upper()


def check_character(first17: str) -> str:
    """The check character (0-9 or X) that the 17 leading digits call for.

    :raises ValueError: when ``first17`` is not 17 ASCII digits.
    """
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError("The check character is computed from 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """Return the normalised number, or refuse it with the first thing wrong, in reading order.

    :param today: the date births may not be after; the server's date when omitted.
    :raises IdNumberFormat: not 17 digits followed by a digit or X.
    :raises IdNumberRegion: the first digit is not 1 to 8.
    :raises IdNumberBirthDate: no such day, before 1900 or in the future.
    :raises IdNumberCheck: the last character does not match.
    """
    number = normalize_id_number(value)
    if not _SHAPE.match(number):
        raise IdNumberFormat(value)
    if number[0] not in "12345678":
        raise IdNumberRegion(value)
    born = _birth_date(number)
    if born is None or not EARLIEST_BIRTH <= born <= (today or date.today()):
        raise IdNumberBirthDate(value)
    if check_character(number[:17]) != number[17]:
        raise IdNumberCheck(value)
    return number


def birth_date(id_number: str) -> date:
    """The date of birth written in a valid ID number (e.g. for age-based items such as 高龄津贴).

    :raises InvalidIdNumber: when the number is not valid.
    """
    number = validate_id_number(id_number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
