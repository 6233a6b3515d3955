"""The SPBE arithmetic as rules: index = Σ(weight × level) ÷ Σ weight; predikat bands from the rounded index."""

from decimal import Decimal

import pytest

from baruga.spbe import scoring


def test_all_levels_3_give_3_00_baik(spbe_instrument):
    levels = {i.code: 3 for i in spbe_instrument.indicators}
    value = scoring.index(spbe_instrument.indicators, levels)
    assert value == Decimal("3.00") and str(value) == "3.00"
    assert scoring.predikat(spbe_instrument, value) == "Baik"
    result = scoring.breakdown(spbe_instrument, levels)
    assert all(row.index == Decimal("3.00") for row, _aspects in result["domains"])


def test_the_index_is_weighted_by_the_indicators_weight(spbe_instrument):
    # Layanan SPBE (45.5 %) at 5, everything else at 1: (45.5×5 + 54.5×1) ÷ 100 = 2.82
    levels = {i.code: 5 if i.domain_code == "D4" else 1 for i in spbe_instrument.indicators}
    assert scoring.index(spbe_instrument.indicators, levels) == Decimal("2.82")
    # Kebijakan Internal (13 %) at 5, the rest at 1: (13×5 + 87) ÷ 100 = 1.52
    levels = {i.code: 5 if i.domain_code == "D1" else 1 for i in spbe_instrument.indicators}
    assert scoring.index(spbe_instrument.indicators, levels) == Decimal("1.52")


def test_unanswered_indicators_are_left_out_and_nothing_answered_has_no_index(spbe_instrument):
    first = spbe_instrument.indicators[0]
    assert scoring.index(spbe_instrument.indicators, {first.code: 4}) == Decimal("4.00")
    assert scoring.index(spbe_instrument.indicators, {}) is None
    assert scoring.predikat(spbe_instrument, None) == ""


@pytest.mark.parametrize("value, expected", [
    ("5", "Memuaskan"), ("4.2", "Memuaskan"), ("4.19", "Sangat Baik"),
    ("3.5", "Sangat Baik"), ("3.49", "Baik"),
    ("2.6", "Baik"), ("2.59", "Cukup"),
    ("1.8", "Cukup"), ("1.79", "Kurang"), ("1", "Kurang"),
])
def test_predikat_boundaries_are_inclusive_at_their_minimum(spbe_instrument, value, expected):
    assert scoring.predikat(spbe_instrument, Decimal(value)) == expected


@pytest.mark.parametrize("value, shown, expected", [
    ("4.195", "4.20", "Memuaskan"), ("4.1949", "4.19", "Sangat Baik"),
    ("3.495", "3.50", "Sangat Baik"), ("1.7949", "1.79", "Kurang"),
])
def test_the_predikat_is_read_from_the_index_as_shown(spbe_instrument, value, shown, expected):
    assert str(scoring.rounded(Decimal(value))) == shown
    assert scoring.predikat(spbe_instrument, Decimal(value)) == expected


def test_what_raises_the_index_most_is_weight_times_gap(spbe_instrument):
    levels = {i.code: 3 for i in spbe_instrument.indicators}
    levels["I01"] = 1  # weight 1.3, gap to 5 = 4 → 5.2
    levels["I42"] = 4  # weight 3, gap 1 → 3
    ranked = scoring.raise_options(spbe_instrument, levels, mode="top")
    # Aspect 8 services (weight 3, gap 2 → 6) come first, then aspect 7 (2.75 × 2 = 5.5), then I01 (5.2).
    assert ranked[0].indicator.code == "I43" and ranked[0].gain == Decimal("6")
    gains = [o.gain for o in ranked]
    assert gains == sorted(gains, reverse=True)
    i01 = next(o for o in ranked if o.indicator.code == "I01")
    assert i01.gain == Decimal("5.2") and i01.index_gain == Decimal("0.052")
    next_step = scoring.raise_options(spbe_instrument, levels, mode="next")
    # One level up: every aspect 8 service gains 3 (ties keep the instrument's order: I42 first).
    assert [(o.indicator.code, o.target, o.gain) for o in next_step[:2]] == [
        ("I42", 5, Decimal("3")), ("I43", 4, Decimal("3"))]


def test_indicators_at_the_top_level_cannot_raise_the_index(spbe_instrument):
    levels = {i.code: 5 for i in spbe_instrument.indicators}
    assert scoring.raise_options(spbe_instrument, levels) == []
