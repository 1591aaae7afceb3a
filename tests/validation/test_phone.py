"""Applicant mobile numbers as people say them are stored as 11 digits; landlines get no SMS."""

import pytest
from zope.i18n import translate

from sanji.validation.phone import InvalidMobile
from sanji.validation.phone import normalize_mobile
from sanji.validation.phone import validate_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086 13812345678",
        "(+86) 138-1234-5678",
        "１３８１２３４５６７８",  # full-width input method
    ],
)
def test_spoken_forms_are_normalised(typed):
    assert normalize_mobile(typed) == "13812345678"
    assert validate_mobile(typed) == "13812345678"


@pytest.mark.parametrize("number", ["13000000000", "14512345678", "16612345678", "19912345678"])
def test_second_digit_3_to_9(number):
    assert validate_mobile(number) == number


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # second digit 2
        "23812345678",
        "0317-5022001",  # a landline
        "+85 13812345678",
        "1381234567a",
        "86 1381234567",
    ],
)
def test_refused(typed):
    with pytest.raises(InvalidMobile) as caught:
        validate_mobile(typed)
    assert "11 digits starting with 1" in translate(caught.value.doc())
