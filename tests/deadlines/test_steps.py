"""The promised time limit shared among the tiers of a case."""

import pytest

from sanji.deadlines.steps import step_limits

V, T, C = "village", "township", "county"


@pytest.mark.parametrize(
    ("promised", "tiers", "expected"),
    [
        (5, (V, T, C), {V: 1, T: 2, C: 2}),
        (6, (V, T, C), {V: 1, T: 2, C: 3}),
        (20, (V, T, C), {V: 1, T: 9, C: 10}),
        (2, (V, T, C), {V: 1, T: 1, C: 1}),  # every step at least a day, though 3 > 2
        (1, (V, T, C), {V: 1, T: 1, C: 1}),
        (5, (V, T), {V: 1, T: 4}),
        (1, (V, T), {V: 1, T: 1}),
        (10, (V, C), {V: 1, C: 9}),
        (5, (V,), {V: 5}),  # a village-approved item: the village has the whole time limit
        (10, (T, C), {T: 5, C: 5}),
        (7, (C,), {C: 7}),
    ],
)
def test_step_limits(promised, tiers, expected):
    assert step_limits(promised, tiers) == expected
    assert list(step_limits(promised, tiers)) == list(tiers)


@pytest.mark.parametrize("promised", range(3, 40))
def test_limits_add_up_when_there_is_room(promised):
    assert sum(step_limits(promised, (V, T, C)).values()) == promised


@pytest.mark.parametrize(
    ("promised", "tiers"),
    [(0, (V,)), (5, ()), (5, ("province",)), (5, (T, V)), (5, (V, V)), (5, (C, T))],
)
def test_bad_arguments_are_refused(promised, tiers):
    with pytest.raises(ValueError):
        step_limits(promised, tiers)
