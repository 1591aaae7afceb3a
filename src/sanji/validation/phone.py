"""The applicant's mobile number: where the SMS notices go and half of the key to follow progress.

Agents copy numbers as people say or write them ("138 1234 5678", "138-1234-5678", "+86 138..."), so
the separators and the country code are removed before the check and the stored value is 11 digits.
Landlines are refused here on purpose: they receive no SMS.
"""

import re
import unicodedata

from zope.schema import ValidationError

from sanji import _

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
_SEPARATORS = re.compile(r"[\s\-()]")
_COUNTRY_CODES = ("+86", "0086")


class InvalidMobile(ValidationError):
    __doc__ = _(
        "error_mobile",
        default="Enter the applicant's mobile number: 11 digits starting with 1, e.g. 138 1234 5678.",
    )


def normalize_mobile(value: str) -> str:
    """Drop spaces, hyphens, brackets and a leading +86 (or 0086); full-width digits become ASCII."""
    number = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    for prefix in _COUNTRY_CODES:
        if number.startswith(prefix):
            return number[len(prefix) :]
    return number


def validate_mobile(value: str) -> str:
    """Return the 11-digit number.

    :raises InvalidMobile: when what remains is not a mainland mobile number.
    """
    number = normalize_mobile(value)
    if not MOBILE_RE.match(number):
        raise InvalidMobile(value)
    return number
