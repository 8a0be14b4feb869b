"""Scales: brackets of thresholds with rates or amounts, as the calculators read them from their parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.calc import Bracket, CalcError, Scale, scale
from zhengce.calc.core import Ref, load_params

REF = Ref("江政办发〔2024〕3号", "四（一）")
RATES = Scale((Bracket(Decimal(0), rate=Decimal("0.30")), Bracket(Decimal(20000), rate=Decimal("0.40")),
               Bracket(Decimal(40000), rate=Decimal("0.50"))), REF)
PLEDGE = Scale((Bracket(Decimal(0), amount=Decimal(0)),
                Bracket(Decimal(500000), amount=Decimal(5000), amount_to=Decimal(20000)),
                Bracket(Decimal(10000000), amount=Decimal(30000), above=True)), REF)


def test_a_rate_scale_applies_each_band_to_its_part_or_the_band_of_the_whole_base() -> None:
    assert RATES.marginal(Decimal(25000)) == (Decimal("8000.00"), ["0–20000 段 20000 × 30%",
                                                                   "20000–40000 段 5000 × 40%"])
    assert RATES.whole(Decimal(25000)) == (Decimal("10000.00"), ["25000 × 40%（整段适用所在档比例）"])
    assert RATES.marginal(Decimal(50000))[0] == Decimal(6000 + 8000 + 5000)
    assert RATES.marginal(Decimal(0)) == (Decimal(0), [])


def test_an_amount_scale_joins_the_ends_of_a_band_and_reads_above_as_over_the_threshold() -> None:
    assert PLEDGE.amount(Decimal("499999.99")) == (Decimal(0), 0)
    assert PLEDGE.amount(Decimal(500000)) == (Decimal(5000), 1)
    assert PLEDGE.amount(Decimal(5250000)) == (Decimal(12500), 1)
    assert PLEDGE.amount(Decimal(5250000), linear=False) == (Decimal(5000), 1)
    assert PLEDGE.amount(Decimal(10000000)) == (Decimal(20000), 1)  # 1000万元（含）
    assert PLEDGE.amount(Decimal("10000000.01")) == (Decimal(30000), 2)
    assert PLEDGE.amount(Decimal(-1)) == (Decimal(0), None)


def test_a_scale_is_read_from_the_parameter_file_with_its_clause() -> None:
    medical = scale(load_params("poverty-insurance"), "medical_bands")
    assert medical.brackets == RATES.brackets
    assert medical.ref.clause == "四（一）" and medical.ref.doc_number == "江政办发〔2024〕3号"
    assert scale(load_params("ip-award"), "pledge").brackets == PLEDGE.brackets


def test_a_scale_without_the_rate_or_amount_asked_for_is_an_error() -> None:
    with pytest.raises(CalcError):
        PLEDGE.marginal(Decimal(1))
    with pytest.raises(CalcError):
        RATES.amount(Decimal(1))
    with pytest.raises(ValueError):
        Bracket.read({"rate": "0.3"})


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.decimals(min_value=0, max_value=10**6, places=2))
def test_marginal_rates_grow_with_the_base_and_never_exceed_the_whole_reading(base: Decimal, more: Decimal) -> None:
    low, high = RATES.marginal(base)[0], RATES.marginal(base + more)[0]
    assert low <= high
    assert low <= RATES.whole(base)[0]
