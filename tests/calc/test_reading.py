"""What people type into a calculator: one reader for amounts, quantities, dates, moments and lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhengce.calc import CALCULATORS, CalcError
from zhengce.calc.reading import split_line
from zhengce.text.typed import place_key, read_day, read_measure


@pytest.mark.parametrize(("typed", "expected"), [
    ("1,200", (Decimal(1200), None)), ("2,000,000", (Decimal(2_000_000), None)), ("１２００元", (Decimal(1200), "元")),
    ("0.12万元", (Decimal(1200), "元")), ("10亩", (Decimal(10), "亩")), ("110㎡", (Decimal(110), "㎡")),
    ("110 平方米", (Decimal(110), "㎡")), ("1,200.50", (Decimal("1200.50"), None)),
    ("12,0000", None), ("1,20", None), ("许多", None), ("10斤", None),  # grouped wrong, no number, no known unit
])
def test_amounts_and_quantities_as_people_type_them(typed: str, expected: tuple | None) -> None:
    assert read_measure(typed) == expected


def test_dates_and_places_one_rule() -> None:
    assert {read_day(t) for t in ("2025年3月1日", "2025/3/1", "2025-03-01", "２０２５年３月１日")} == {date(2025, 3, 1)}
    with pytest.raises(ValueError, match="没有这一天"):
        read_day("2025年2月30日")
    assert place_key("永州市冷水滩区") == place_key("冷水滩") == place_key("冷水滩区")


@pytest.mark.parametrize(("line", "fields", "values"), [
    ("二级，1,200", 2, ["二级", "1200"]),  # the comma of 1,200 groups thousands: the line fits only so
    ("二级 1,200.50", 2, ["二级", "1200.50"]),
    ("1,100", 2, ["1", "100"]),  # two fields, two values: level 1, cost 100
    ("3,5000", 2, ["3", "5000"]),
    ("2024-12-01 08:00,180,120", 5, ["2024-12-01 08:00", "180", "120"]),  # a date keeps its time
    ("2024年12月1日 8时，250", 5, ["2024年12月1日 8时", "250"]),
    ("1200 元", 0, ["1200 元"]),  # a number keeps its unit
    ("1,000,000、2,000,000", 0, ["1000000", "2000000"]),
])
def test_a_line_of_a_per_line_box(line: str, fields: int, values: list[str]) -> None:
    assert split_line(line, fields) == values


def test_moments_of_a_forecast_in_chinese() -> None:
    warn = CALCULATORS["pollution-warning"]
    chinese = warn.run({"series": [{"time": "2024年12月1日 0时", "aqi": "250"}, {"time": "2024/12/2 00:00", "aqi": 260}]})
    iso = warn.run({"series": [{"time": "2024-12-01T00:00", "aqi": "250"}, {"time": "2024-12-02T00:00", "aqi": 260}]})
    assert chinese["events"] == iso["events"] and chinese["events"]
    with pytest.raises(CalcError, match="应为时间"):
        warn.run({"series": [{"time": "2024-12-01 25:00", "aqi": "250"}]})


def test_choices_by_their_chinese_names_and_booleans_as_yes_no() -> None:
    town = CALCULATORS["town-incentive"]
    fees = [{"kind": "行政事业性收费", "amount": "120,000"}, {"kind": "经营服务性收费", "amount": "1万元"},
            {"kind": "法定", "amount": "500"}]
    got = town.run({"fees": fees})
    assert (got["fees_waived"], got["fees_payable"]) == ("127000.00", "3500.00")  # 全免; 30 % of 1万; 照收
    with pytest.raises(CalcError, match="“项目涉及的收费第1项的种类”：应为 县级行政事业性收费、经营服务性收费"):
        town.run({"fees": [{"kind": "收费", "amount": "1"}]})  # a part of all three names: none chosen
    deed = CALCULATORS["deed-tax-subsidy"]
    kinds = [deed.run({"deed_tax": "12000", "children": 2, "contract_date": "2024-09-01", "property_type": t})["amount"]
             for t in ("住宅", "商品住宅", "非住宅", "非住宅用房")]
    assert kinds == ["6000.00", "6000.00", "3000.00", "3000.00"]  # 50 % for a two-child family's home only
    ip = CALCULATORS["ip-award"]
    assert ip.run({"cases": [{"cost": "30000", "foreign": "否", "insurance_paid": "否"}]})["amount"] == "15000.00"
