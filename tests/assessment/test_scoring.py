"""Scores against a hand-computed fixture: three agents, known steps, cards, returns, complaints and weights."""

import pytest

from sanji.assessment.scoring import Counts
from sanji.assessment.scoring import Weights
from sanji.assessment.scoring import manual_score
from sanji.assessment.scoring import rank
from sanji.assessment.scoring import score_group

# A: 10 steps, 8 of 10 timed steps on time, 10 working days in all (1.0 a step), one yellow card.
# B: 5 steps, 4 of 4 on time, 12 working days (3.0 a step), a red card, a return caused, a complaint.
# C: nothing done.
FIXTURE = {
    "a": ("village", "houfeng", Counts(handled=10, timed=10, on_time=8, step_days=10, yellow=1)),
    "b": ("village", "qianfeng", Counts(handled=5, timed=4, on_time=4, step_days=12, red=1, returns=1, complaints=1)),
    "c": ("village", "nanyuzhuang", Counts()),
}
MANUAL = {
    "a": {"attitude": 90, "guidance": 80, "complaints": 100},  # mean 90
    "b": {"attitude": 60, "guidance": 70, "complaints": 80},  # mean 70
}


def by_key(rows):
    return {row.key: row for row in rows}


def test_indicator_scores_by_hand():
    rows = by_key(score_group(FIXTURE, Weights()))
    # A is the busiest (100) and the fastest: (1 + 1) / (1 + 1) = 100; on time 8/10 = 80.
    assert (rows["a"].handled_score, rows["a"].on_time_score, rows["a"].speed_score) == (100, 80, 100)
    # B: 5/10 = 50; 4/4 = 100; (1 + 1) / (3 + 1) = 50.
    assert (rows["b"].handled_score, rows["b"].on_time_score, rows["b"].speed_score) == (50, 100, 50)
    # C has no timed step: nothing to credit.
    assert (rows["c"].handled_score, rows["c"].on_time_score, rows["c"].speed_score) == (0, 0, 0)


def test_automatic_scores_by_hand():
    rows = by_key(score_group(FIXTURE, Weights()))
    # A: (100×30 + 80×50 + 100×20) / 100 = 90, minus 2 for the yellow card.
    assert (rows["a"].deductions, rows["a"].automatic) == (2, 88)
    # B: (50×30 + 100×50 + 50×20) / 100 = 75, minus 5 (red) + 3 (return) + 5 (complaint).
    assert (rows["b"].deductions, rows["b"].automatic) == (13, 62)
    assert rows["c"].automatic == 0


def test_manual_part_combines_with_the_split_shown():
    rows = by_key(score_group(FIXTURE, Weights(), MANUAL))
    # A: 88 × 70% + 90 × 30% = 61.6 + 27 = 88.6; B: 62 × 70% + 70 × 30% = 43.4 + 21 = 64.4.
    assert (rows["a"].automatic, rows["a"].manual, rows["a"].combined) == (88, 90, 88.6)
    assert (rows["b"].automatic, rows["b"].manual, rows["b"].combined) == (62, 70, 64.4)
    assert rows["a"].marks == MANUAL["a"] and not rows["a"].provisional
    # Without a manual assessment the automatic score stands alone, marked provisional.
    assert (rows["c"].manual, rows["c"].combined, rows["c"].provisional) == (None, 0, True)


def test_ranking_by_hand():
    rows = score_group(FIXTURE, Weights(), MANUAL)
    assert [(row.key, row.rank) for row in rows] == [("a", 1), ("b", 2), ("c", 3)]


def test_other_weights_change_the_scores():
    weights = Weights(handled=50, on_time=50, speed=0, yellow=10, automatic_share=50, manual_share=50)
    rows = by_key(score_group(FIXTURE, weights, MANUAL))
    # A: (100×50 + 80×50) / 100 = 90, minus 10 for the yellow card = 80; with 90 by hand: 85.
    assert (rows["a"].automatic, rows["a"].combined) == (80, 85)
    # B: (50×50 + 100×50) / 100 = 75 − 13 = 62; with 70 by hand: 66.
    assert (rows["b"].automatic, rows["b"].combined) == (62, 66)


def test_deductions_never_take_the_score_below_zero():
    rows = score_group({"x": ("county", "minzheng", Counts(handled=1, timed=1, on_time=1, red=50))}, Weights())
    assert rows[0].automatic == 0


def test_ties_share_a_rank():
    counts = Counts(handled=3, timed=3, on_time=3, step_days=3)
    rows = score_group({key: ("village", key, counts) for key in ("x", "y")} | FIXTURE, Weights())
    # x and y: (30×30 + 100×50 + 100×20) / 100 = 79 each, between A (88) and B (62).
    assert [(row.key, row.rank) for row in rows] == [("a", 1), ("x", 2), ("y", 2), ("b", 4), ("c", 5)]


def test_rank_orders_equal_combined_by_automatic_then_key():
    rows = score_group(FIXTURE, Weights())
    assert [row.rank for row in rank(reversed(rows))] == [1, 2, 3]


def test_manual_score_is_the_mean_of_the_marks():
    assert manual_score({"attitude": 100, "guidance": 50, "complaints": 60}) == pytest.approx(70)
    assert manual_score(None) is None


def test_default_weights_are_consistent_and_bad_ones_are_not():
    assert Weights().consistent()
    assert not Weights(handled=40).consistent()  # 40 + 50 + 20
    assert not Weights(automatic_share=80).consistent()  # 80 + 30
    assert not Weights(handled=60, on_time=50, speed=-10).consistent()


def test_as_dict_carries_rates_and_averages():
    row = by_key(score_group(FIXTURE, Weights()))["b"].as_dict()
    assert row["average_days"] == 3 and row["on_time_rate"] == 1
    assert row["counts"]["returns"] == 1
