"""Citizen ID numbers: typos are caught with a sentence saying what is wrong, never the right digit."""

from datetime import date

import pytest
from zope.i18n import translate

from sanji.validation.id_card import IdNumberBirthDate
from sanji.validation.id_card import IdNumberCheck
from sanji.validation.id_card import IdNumberFormat
from sanji.validation.id_card import IdNumberRegion
from sanji.validation.id_card import InvalidIdNumber
from sanji.validation.id_card import birth_date
from sanji.validation.id_card import check_character
from sanji.validation.id_card import normalize_id_number
from sanji.validation.id_card import validate_id_number

#: The examples printed in GB 11643-1999 itself; the second was born in 1880, before the earliest date accepted.
STANDARD_EXAMPLE = "11010519491231002X"
STANDARD_EXAMPLE_1880 = "440524188001010014"
TODAY = date(2025, 6, 12)


def satisfies_gb11643(number: str) -> bool:
    """The standard's own equation, independent of the module: sum(a_i * W_i) ≡ 1 (mod 11).

    i counts positions from the right (the check character is i = 1), W_i = 2^(i-1) mod 11, X stands for 10.
    """
    values = [10 if c == "X" else int(c) for c in number]
    return sum(a * pow(2, i, 11) for i, a in enumerate(reversed(values))) % 11 == 1


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


def test_the_standards_example_checks_out_by_hand():
    # 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167 = 15·11 + 2, and 2 -> X
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert sum(int(d) * w for d, w in zip("11010519491231002", weights, strict=True)) == 167
    assert check_character("11010519491231002") == "X"


def test_published_example_is_valid():
    assert satisfies_gb11643(STANDARD_EXAMPLE)
    assert validate_id_number(STANDARD_EXAMPLE) == STANDARD_EXAMPLE


def test_published_example_of_1880_has_the_right_check_but_no_living_applicant():
    assert satisfies_gb11643(STANDARD_EXAMPLE_1880)
    assert check_character(STANDARD_EXAMPLE_1880[:17]) == "4"
    with pytest.raises(IdNumberBirthDate):
        validate_id_number(STANDARD_EXAMPLE_1880)


@pytest.mark.parametrize(
    "first17",
    [
        "13092619560101001",  # Suning county, Hebei
        "13092620000229123",  # leap day
        "81000019991231000",  # Hong Kong residents' residence permit
        "13092619000101000",  # the earliest accepted birth date
        "13092620250612000",  # born today
    ],
)
def test_computed_numbers_are_valid(first17):
    number = with_check(first17)
    assert satisfies_gb11643(number)
    assert validate_id_number(number, today=TODAY) == number


def test_every_check_character_occurs():
    """Over enough sequence numbers all eleven characters appear, X included, and all satisfy the standard."""
    numbers = [with_check(f"130926195601010{n:02d}") for n in range(40)]
    assert {n[-1] for n in numbers} == set("0123456789X")
    assert all(satisfies_gb11643(n) and validate_id_number(n) == n for n in numbers)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),  # full-width input method
        ("110105\u300019491231002X", "11010519491231002X"),  # ideographic space
    ],
)
def test_spaces_case_and_full_width_are_normalised(typed, normalised):
    assert normalize_id_number(typed) == normalised
    assert validate_id_number(typed) == normalised


@pytest.mark.parametrize(
    "value",
    [
        "",
        "11010519491231002",
        "11010519491231002XX",
        "1101051949123100X2",
        "11010519491231002Y",
        "1101-0519491231002X",
        "11010519491231002١",
    ],  # the last one: an Arabic-Indic digit that str.isdigit would accept
)
def test_wrong_length_or_characters(value):
    with pytest.raises(IdNumberFormat):
        validate_id_number(value)


@pytest.mark.parametrize("first17", ["01010519491231002", "91010519491231002"])
def test_region_must_start_with_1_to_8(first17):
    with pytest.raises(IdNumberRegion):
        validate_id_number(with_check(first17))


@pytest.mark.parametrize(
    "birth",
    ["19490230", "19491301", "19490000", "20230229", "18991231", "20250613", "30000101"],
)
def test_impossible_birth_dates(birth):
    with pytest.raises(IdNumberBirthDate):
        validate_id_number(with_check(f"130926{birth}001"), today=TODAY)


def test_wrong_check_character():
    for wrong in "0123456789":
        with pytest.raises(IdNumberCheck):
            validate_id_number("1101051949123100" + "2" + wrong)


def test_a_swapped_pair_of_digits_is_caught():
    with pytest.raises(IdNumberCheck):
        validate_id_number("11010519491213002X")


def test_every_refusal_is_an_invalid_id_number():
    assert all(
        issubclass(cls, InvalidIdNumber) for cls in (IdNumberFormat, IdNumberRegion, IdNumberBirthDate, IdNumberCheck)
    )


def test_messages_say_what_is_wrong_but_not_the_right_digit():
    with pytest.raises(IdNumberCheck) as caught:
        validate_id_number("110105194912310021")
    message = translate(caught.value.doc())
    assert message == "The last character does not match; check the number."
    assert "X" not in message
    with pytest.raises(IdNumberFormat) as caught:
        validate_id_number("1101051949")
    assert "18 characters" in translate(caught.value.doc())
    with pytest.raises(IdNumberBirthDate) as caught:
        validate_id_number(with_check("13092619490230001"))
    assert "date of birth" in translate(caught.value.doc())


def test_birth_date():
    assert birth_date("11010519491231002x") == date(1949, 12, 31)
    assert birth_date(with_check("13092620000229123")) == date(2000, 2, 29)
    with pytest.raises(IdNumberCheck):
        birth_date("110105194912310021")


def test_check_character_wants_17_digits():
    with pytest.raises(ValueError):
        check_character("1101051949123100")
