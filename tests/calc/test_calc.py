"""Calculators: worked examples computed by hand from the text, edges of bands and caps, properties."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zhengce.calc import CALCULATORS, CalcError
from zhengce.cli.main import app

land = CALCULATORS["land-compensation"]
outpatient = CALCULATORS["outpatient"]


def plot(county: str, zone: str, land_type: str, area: str, **flags: bool) -> dict[str, str]:
    return land.run({"county": county, "zone": zone, "land_type": land_type, "area_mu": area, **flags})


@pytest.mark.parametrize(("case", "amount", "land_part", "resettlement"), [
    # 85800 元/亩 × 1 亩 of 水田; 40 % and 60 %
    (("冷水滩区", "I", "水田", "1"), "85800.00", "34320.00", "51480.00"),
    # 旱地 0.83 or 永久基本农田 1.68: the higher, 58400 × 1.68 × 3
    (("蓝山县", "II", "旱地", "3", {"permanent_basic_farmland": True}), "294336.00", "117734.40", "176601.60"),
    # 未利用地: 61800 × 0.5 × 0.5
    (("道县", "II", "未利用地", "0.5"), "15450.00", "6180.00", "9270.00"),
    # 集体建设用地 at the 旱地 standard: 71000 × 0.83 × 1.2
    (("祁阳市", "I", "集体建设用地", "1.2"), "70716.00", "28286.40", "42429.60"),
    # 林地 0.67, but 恢复属性 0.8 is higher: 72100 × 0.8 × 2.5
    (("零陵区", "II", "林地", "2.5", {"restorable": True}), "144200.00", "57680.00", "86520.00"),
    (("零陵区", "II", "林地", "2.5"), "120767.50", "48307.00", "72460.50"),
    # 85800 × 0.333 = 28571.4; the parts are rounded to the 分 and add up to the total
    (("冷水滩区", "I", "水田", "0.333"), "28571.40", "11428.56", "17142.84"),
])
def test_land_compensation_by_hand(case: tuple, amount: str, land_part: str, resettlement: str) -> None:
    flags = case[4] if len(case) > 4 else {}
    got = plot(*case[:4], **flags)
    assert (got["amount"], got["land_compensation"], got["resettlement"]) == (amount, land_part, resettlement)
    assert all(step["clause"]["doc_number"] == "永政发〔2024〕5号" for step in got["steps"] if step["clause"])


def test_land_compensation_says_which_standard_won_and_refuses_what_it_cannot_know() -> None:
    got = plot("蓝山县", "II", "旱地", "3", permanent_basic_farmland=True)
    assert any("取较高者" in s["text"] and "1.68" in s["text"] for s in got["steps"])
    with pytest.raises(CalcError, match="公告确定的标准"):
        land.run({"county": "道县", "zone": "I", "land_type": "水田", "area_mu": "1", "notice_date": "2023-11-30"})
    with pytest.raises(CalcError, match="county"):
        plot("长沙县", "I", "水田", "1")
    with pytest.raises(CalcError) as bad:
        land.run({"zone": "III", "land_type": "沙地", "area_mu": "-1"})
    message = str(bad.value)
    assert "“县市区”：缺少此项" in message and "“区片”：应为 Ⅰ类区片、Ⅱ类区片 之一" in message
    assert "“面积（亩）”：数值过小" in message and " / county: Field required" in message  # English after the Chinese


@pytest.mark.parametrize(("person", "visits", "option", "amount", "deductibles"), [
    # 二级 600: (600 − 200) × 60 % = 240; 一级 100 × 70 % = 70
    ("employee", [("2", "600"), ("1", "100")], "per_visit", "310.00", "200.00"),
    # 三级 1000: (1000 − 300) × 60 % = 420; the year's 300 元 of deductibles is used up: 500 × 60 % = 300
    ("employee", [("3", "1000"), ("2", "500")], "per_visit", "720.00", "300.00"),
    # two 二级 visits: 200 then the 100 left of the 300 (60 + 120) — or once a year per level (60 + 180)
    ("employee", [("2", "300"), ("2", "300")], "per_visit", "180.00", "300.00"),
    ("employee", [("2", "300"), ("2", "300")], "per_level_year", "240.00", "200.00"),
    # (3000 − 300) × 60 % = 1620, above the employee cap of 1500
    ("employee", [("3", "3000"), ("3", "3000")], "per_visit", "1500.00", "300.00"),
    ("retiree", [("3", "5000")], "per_visit", "2000.00", "300.00"),
    ("retiree", [("3", "3000")], "per_visit", "1620.00", "300.00"),
    # a cost below the deductible is borne in full, and counts towards the 300
    ("employee", [("2", "150"), ("3", "400")], "per_visit", "150.00", "300.00"),
    ("employee", [], "per_visit", "0.00", "0.00"),
])
def test_outpatient_pooling_by_hand(person: str, visits: list[tuple[str, str]], option: str, amount: str,
                                    deductibles: str) -> None:
    got = outpatient.run({"person": person, "visits": [{"level": lv, "eligible_cost": c} for lv, c in visits]},
                         {"deductible": option})
    assert (got["amount"], got["deductibles"]) == (amount, deductibles)
    assert got["options"]["deductible"]["value"] == option


def test_outpatient_personal_account() -> None:
    assert outpatient.run({"person": "employee", "contribution_base": "6000"})["account_monthly"] == "120.00"
    retiree = outpatient.run({"person": "retiree"})
    assert retiree["account_monthly"] == "75.00"
    assert any(s["clause"]["clause"] == "第四条" for s in retiree["steps"] if s["clause"])
    with pytest.raises(CalcError, match=r"visits\.0\.level"):
        outpatient.run({"person": "employee", "visits": [{"level": "4", "eligible_cost": "10"}]})
    with pytest.raises(CalcError, match="没有选项"):
        outpatient.run({"person": "employee"}, {"deductable": "x"})


costs = st.lists(st.tuples(st.sampled_from(["primary", "1", "2", "3"]),
                           st.decimals(min_value=0, max_value=20000, places=2)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(person=st.sampled_from(["employee", "retiree"]), visits=costs, extra=costs)
def test_outpatient_never_negative_never_above_the_cap_and_more_visits_never_pay_less(
        person: str, visits: list, extra: list) -> None:
    def pay(items: list) -> Decimal:
        got = outpatient.run({"person": person, "visits": [{"level": lv, "eligible_cost": str(c)} for lv, c in items]})
        assert Decimal(got["deductibles"]) <= 300
        return Decimal(got["amount"])

    first, more = pay(visits), pay(visits + extra)
    cap = 1500 if person == "employee" else 2000
    assert 0 <= first <= more <= cap


@settings(max_examples=100, deadline=None)
@given(area=st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2),
       more=st.decimals(min_value=0, max_value=100, places=2),
       land_type=st.sampled_from(["水田", "旱地", "园地", "林地", "集体建设用地", "其他农用地", "未利用地"]),
       pbf=st.booleans(), restorable=st.booleans())
def test_land_compensation_grows_with_area_and_its_parts_add_up(area: Decimal, more: Decimal, land_type: str,
                                                                 pbf: bool, restorable: bool) -> None:
    small = plot("东安县", "I", land_type, str(area), permanent_basic_farmland=pbf, restorable=restorable)
    large = plot("东安县", "I", land_type, str(area + more), permanent_basic_farmland=pbf, restorable=restorable)
    assert 0 < Decimal(small["amount"]) <= Decimal(large["amount"])
    assert Decimal(small["land_compensation"]) + Decimal(small["resettlement"]) == Decimal(small["amount"])
    plain = plot("东安县", "I", land_type, str(area))
    assert Decimal(small["amount"]) >= Decimal(plain["amount"])  # an extra standard never lowers the amount


def test_calc_on_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    listed = runner.invoke(app, ["calc", "--list"], env={"COLUMNS": "200"})
    assert "land-compensation" in listed.stdout and "outpatient" in listed.stdout
    done = runner.invoke(app, ["calc", "land-compensation", "--input",
                               '{"county": "冷水滩区", "zone": "I", "land_type": "水田", "area_mu": "1"}'])
    assert done.exit_code == 0 and json.loads(done.stdout)["amount"] == "85800.00"
    path = tmp_path / "visits.json"
    path.write_text(json.dumps({"person": "employee", "visits": [{"level": "2", "eligible_cost": "300"}] * 2}))
    option = runner.invoke(app, ["calc", "outpatient", "--input", str(path), "--option", "deductible=per_level_year"])
    assert json.loads(option.stdout)["amount"] == "240.00"
    piped = runner.invoke(app, ["calc", "outpatient", "--input", "-"], input='{"person": "retiree"}')
    assert json.loads(piped.stdout)["account_monthly"] == "75.00"
    wrong = runner.invoke(app, ["calc", "outpatient", "--input", '{"person": "student"}'])
    assert wrong.exit_code == 2 and "person" in wrong.output
    assert runner.invoke(app, ["calc", "lottery", "--input", "{}"]).exit_code == 2
    assert runner.invoke(app, ["calc", "outpatient", "--input", "{broken"]).exit_code == 2


poverty = CALCULATORS["poverty-insurance"]


def claim(options: dict[str, str] | None = None, **fields: object) -> dict:
    return poverty.run({k: str(v) if isinstance(v, int | float) and k != "disability_grade" else v
                        for k, v in fields.items()}, options)


@pytest.mark.parametrize(("fields", "options", "amount"), [
    # 因病: 500 deductible, then 30 % up to 2万, 40 % up to 4万, 50 % above, at most 3万
    ({"out_of_pocket": 500}, {}, "0.00"),
    ({"out_of_pocket": 10500}, {}, "3000.00"),
    ({"out_of_pocket": 20500}, {}, "6000.00"),  # 20000 × 30 %: the edge of the first band
    ({"out_of_pocket": 25000}, {}, "7800.00"),  # 6000 + 4500 × 40 %
    ({"out_of_pocket": 40500}, {}, "14000.00"),  # 6000 + 8000
    ({"out_of_pocket": 72500}, {}, "30000.00"),  # 14000 + 32000 × 50 %: exactly the cap
    ({"out_of_pocket": 100500}, {}, "30000.00"),
    # the whole base at the ratio of its band: 2万 itself belongs to the 40 % band
    ({"out_of_pocket": 20499}, {"bands": "whole"}, "5999.70"),
    ({"out_of_pocket": 20500}, {"bands": "whole"}, "8000.00"),
    ({"out_of_pocket": 25000}, {"bands": "whole"}, "9800.00"),
    ({"out_of_pocket": 25000}, {"deductible_first": "no"}, "7500.00"),  # (6000 + 2000) − 500
])
def test_poverty_insurance_medical_by_hand(fields: dict, options: dict, amount: str) -> None:
    got = claim(options, cause="medical", **fields)
    assert got["amount"] == amount
    assert sum(Decimal(v) for v in got["insurers"].values()) == Decimal(amount)


@pytest.mark.parametrize(("fields", "amount"), [
    ({"cause": "disaster", "loss": 1000}, "0.00"),
    ({"cause": "disaster", "loss": 11000}, "3000.00"),  # 10000 × 30 %
    ({"cause": "disaster", "loss": 21000}, "8000.00"),  # 3000 + 10000 × 50 %
    ({"cause": "disaster", "loss": 30000}, "14300.00"),  # 8000 + 9000 × 70 %
    ({"cause": "disaster", "loss": 40000}, "20000.00"),  # 21300, at most 2万 a household
    ({"cause": "disaster", "loss": 30000, "exceeds_warning_line": False}, "0.00"),
    ({"cause": "education", "school_type": "双一流大学"}, "4000.00"),
    ({"cause": "education", "school_type": "全日制专科"}, "2000.00"),
    ({"cause": "accident", "death": True}, "40000.00"),
    ({"cause": "accident", "disability_grade": 1}, "40000.00"),
    ({"cause": "accident", "disability_grade": 10}, "4000.00"),
    ({"cause": "accident", "income_collapse": 5000}, "4000.00"),
    ({"cause": "accident", "income_collapse": 2500}, "2500.00"),
    ({"cause": "industry", "losses": [{"kind": "grain", "quantity": "20"}, {"kind": "禽类", "quantity": "300"}]},
     "10000.00"),  # 5000 + 7500, at most 1万 a household
    ({"cause": "industry", "losses": [{"kind": "经济作物", "quantity": "10"}, {"kind": "livestock", "quantity": "2"}]},
     "3300.00"),
    ({"cause": "other"}, "4000.00"),
    ({"cause": "other", "claimed": 1500}, "1500.00"),
])
def test_poverty_insurance_other_causes_by_hand(fields: dict, amount: str) -> None:
    assert claim(**fields)["amount"] == amount


def test_poverty_insurance_premium_loss_ratio_and_errors() -> None:
    premium = claim(cause="premium")
    assert premium["amount"] == "1797120.00" and premium["persons"] == 29952  # 374403 × 8 % × 60 元
    low = claim(cause="premium", claims_paid=1200000)
    assert low["loss_ratio"] == "66.77%" and low["carry_over"] == "327552.00"  # 1797120 × 85 % − 1200000
    at_line = claim(cause="premium", claims_paid="1527552")
    assert at_line["loss_ratio"] == "85.00%" and at_line["carry_over"] == "0.00"  # 85 % (含): renewed
    assert premium["insurers"]["中华联合财产保险股份有限公司江华支公司"] == "179712.00"
    with pytest.raises(CalcError, match="out_of_pocket"):
        claim(cause="medical")
    with pytest.raises(CalcError, match="保险期限"):
        claim(cause="other", event_date="2024-10-01")
    with pytest.raises(CalcError, match="losses"):
        claim(cause="industry", losses=[{"kind": "鱼类", "quantity": "1"}])
    steps = claim(cause="medical", out_of_pocket=25000)["steps"]
    assert {s["clause"]["clause"] for s in steps if s["clause"]} >= {"二", "四（一）", "五（二）"}


@settings(max_examples=150, deadline=None)
@given(base=st.decimals(min_value=0, max_value=200000, places=2),
       more=st.decimals(min_value=0, max_value=50000, places=2),
       cause=st.sampled_from([("medical", "out_of_pocket", 30000), ("disaster", "loss", 20000)]))
def test_poverty_insurance_bands_are_monotonic_and_capped(base: Decimal, more: Decimal, cause: tuple) -> None:
    name, field, cap = cause
    low = Decimal(poverty.run({"cause": name, field: str(base)})["amount"])
    high = Decimal(poverty.run({"cause": name, field: str(base + more)})["amount"])
    assert 0 <= low <= high <= cap


deed = CALCULATORS["deed-tax-subsidy"]


@pytest.mark.parametrize(("fields", "amount", "ceiling"), [
    ({"deed_tax": "12000"}, "3000.00", "600000.00"),  # 25 %; the general ceiling of 60万
    ({"deed_tax": "12000", "children": 2}, "6000.00", "700000.00"),  # 50 % for a two-child family
    ({"deed_tax": "12000", "children": 4}, "9600.00", "800000.00"),  # 80 % for three or more
    ({"deed_tax": "12000", "children": 3, "property_type": "non_residential"}, "3000.00", "800000.00"),
    ({"deed_tax": "12000", "new_build": False}, "0.00", "600000.00"),
    ({"deed_tax": "12000", "central_city": False}, "0.00", "600000.00"),
    ({"deed_tax": "12000", "tax_paid_in_full": False}, "0.00", "600000.00"),
    ({"deed_tax": "12000", "contract_date": "2025-07-21"}, "3000.00", "600000.00"),  # the last day
    # outside the term the measures' ceilings are not printed as if they applied
    ({"deed_tax": "12000", "contract_date": "2025-07-22"}, "0.00", None),
    ({"deed_tax": "12000", "contract_date": "2024-07-21"}, "0.00", None),
    ({"deed_tax": "12000", "fund_family": "talent"}, "3000.00", "1200000.00"),
    ({"deed_tax": "12000", "fund_family": "model_worker"}, "3000.00", "1000000.00"),
])
def test_deed_tax_subsidy_by_hand(fields: dict, amount: str, ceiling: str | None) -> None:
    got = deed.run({"contract_date": "2024-09-01"} | fields)
    assert (got["amount"], got.get("fund_loan_ceiling")) == (amount, ceiling)
    if ceiling is None:
        assert got["validity"]["state"] in {"已失效", "尚未生效"}
        assert got["validity"]["state"] in got["steps"][0]["text"]  # said before any figure
        assert any("不适用" in s["text"] for s in got["steps"])


def test_deed_tax_subsidy_rent_withdrawal_and_reasons() -> None:
    got = deed.run({"deed_tax": "0", "children": 2, "contract_date": "2024-09-01", "monthly_rent": "3000"})
    assert got["rent_withdrawal_monthly"] == "2500.00"
    late = deed.run({"deed_tax": "9000", "contract_date": "2025-08-01", "new_build": False})
    assert "已失效" in late["steps"][0]["text"]  # the lapse first, then the reasons
    assert "执行期限" in late["steps"][1]["text"] and "新建商品房" in late["steps"][1]["text"]


housing = CALCULATORS["housing-subsidy"]


@pytest.mark.parametrize(("fields", "amount", "best"), [
    # 70 % of 9000 for a home; a first home of 120 ㎡ gets 100 元/㎡ but at most 1万
    ({"deed_tax": "9000"}, "6300.00", None),
    ({"deed_tax": "9000", "property_type": "non_residential"}, "5400.00", None),  # 60 %
    ({"deed_tax": "9000", "floor_area": "80", "first_home": True}, "14300.00", "首次购房补贴"),  # 6300 + 8000
    ({"deed_tax": "9000", "floor_area": "120", "first_home": True}, "16300.00", "首次购房补贴"),
    # park: 30 months → 2 years (2万), 14 months → 1 year (1万), spouses stack: 3万 beats the 1万 first-home grant
    ({"deed_tax": "9000", "floor_area": "120", "first_home": True, "park_months": [30, 14]}, "36300.00", "园区购房补贴"),
    ({"first_home": True, "park_months": [11]}, "0.00", None),  # under a year: nothing
    ({"first_home": True, "park_months": [23]}, "10000.00", "园区购房补贴"),
    ({"first_home": True, "park_months": [24]}, "20000.00", "园区购房补贴"),
    ({"first_home": True, "park_months": [60, 48]}, "60000.00", "园区购房补贴"),  # 3万 + 3万, the family cap
    ({"first_home": True, "park_months": [120, 120]}, "60000.00", "园区购房补贴"),
    ({"first_home": True, "floor_area": "90", "talent_subsidy": "50000"}, "50000.00", "人才购房补贴"),
    ({"deed_tax": "9000", "new_build": False}, "0.00", None),
    ({"deed_tax": "9000", "county_town": False}, "0.00", None),
])
def test_housing_subsidy_by_hand(fields: dict, amount: str, best: str | None) -> None:
    got = housing.run({"contract_date": "2024-05-10"} | fields)
    assert got["amount"] == amount and got["best_of_others_item"] == best


def test_housing_subsidy_terms_extension_and_deadline() -> None:
    after = {"deed_tax": "9000", "floor_area": "120", "first_home": True, "contract_date": "2025-03-01"}
    assert housing.run(after)["amount"] == "0.00"  # items 一 and 二 ended on 2025-02-05
    extended = housing.run(after | {"presale_permit_date": "2025-06-30", "land_before_cutoff": True})
    assert extended["amount"] == "16300.00"  # until a year after the permit
    assert housing.run(after | {"presale_permit_date": "2025-08-01", "land_before_cutoff": True})["amount"] == "0.00"
    park = housing.run({"first_home": True, "park_months": [36], "contract_date": "2026-06-01"})
    assert park["amount"] == "30000.00"  # item 三 runs for three years
    late = housing.run({"deed_tax": "9000", "contract_date": "2024-05-10", "application_date": "2027-01-04"})
    assert late["amount"] == "0.00" and any("2026年12月31日" in s["text"] for s in late["steps"])


@settings(max_examples=100, deadline=None)
@given(months=st.lists(st.integers(min_value=0, max_value=200), max_size=2),
       area=st.decimals(min_value=0, max_value=400, places=1), tax=st.decimals(min_value=0, max_value=90000, places=2))
def test_housing_subsidy_never_more_than_its_caps(months: list[int], area: Decimal, tax: Decimal) -> None:
    got = housing.run({"deed_tax": str(tax), "floor_area": str(area), "first_home": True, "park_months": months,
                       "contract_date": "2024-05-10"})
    expected = (tax * Decimal("0.7")).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert Decimal(got["best_of_others"]) <= 60000 and Decimal(got["deed_tax_subsidy"]) == expected
    assert Decimal(got["amount"]) == Decimal(got["deed_tax_subsidy"]) + Decimal(got["best_of_others"])


ip = CALCULATORS["ip-award"]


@pytest.mark.parametrize(("fields", "options", "amount"), [
    ({"domestic_patents": 3}, {}, "9000.00"),
    ({"foreign_patents": [{"region": "usa"}, {"region": "japan"}, {"region": "other"}]}, {}, "50000.00"),
    ({"geo_indications": 1, "madrid_marks": 2}, {}, "24000.00"),
    ({"pledge_loans": ["499999.99"]}, {}, "0.00"),
    ({"pledge_loans": ["500000"]}, {}, "5000.00"),  # the lower end
    ({"pledge_loans": ["10000000"]}, {}, "20000.00"),  # the upper end, included
    ({"pledge_loans": ["10000000.01"]}, {}, "30000.00"),
    ({"pledge_loans": ["5250000"]}, {}, "12500.00"),  # half way: 5000 + 15000 / 2
    ({"pledge_loans": ["5250000"]}, {"pledge": "minimum"}, "5000.00"),
    ({"titles": ["national_demonstration", "national_advantage", "gbt29490"]}, {}, "60000.00"),  # 就高不重复
    ({"titles": ["gbt29490"]}, {}, "20000.00"),
    # 50 % of the costs: 15000, at most 2万 at home (50000 → 20000), 3万 abroad, 6万 a year in all
    ({"cases": [{"cost": "30000"}, {"cost": "50000"}]}, {}, "35000.00"),
    ({"cases": [{"cost": "80000", "foreign": True}, {"cost": "90000", "foreign": True},
                {"cost": "10000"}]}, {}, "60000.00"),
    ({"cases": [{"cost": "30000", "insurance_paid": True}]}, {}, "0.00"),
    # 30 % of what was received, at most 5万 a year, at most three projects for an enterprise
    ({"transfers": [{"received": "100000"}]}, {}, "30000.00"),
    ({"transfers": [{"received": "100000"}, {"received": "100000"}]}, {}, "50000.00"),
    ({"transfers": [{"received": "10000"}] * 4}, {}, "9000.00"),
    ({"applicant": "university", "transfers": [{"received": "10000"}] * 4}, {}, "12000.00"),
    ({"applicant": "university", "transfers": [{"received": "10000", "related_party": True}]}, {}, "0.00"),
])
def test_ip_award_by_hand(fields: dict, options: dict, amount: str) -> None:
    assert ip.run(fields, options)["amount"] == amount


def test_ip_award_transfers_do_not_depend_on_their_order() -> None:
    # 五: 30 % of the money received, at most 5万 a year; an enterprise at most three projects a year, chosen
    # by 产值、交易金额、纳税额: 60,000 + 50,000 + 40,000 = 150,000 × 30 % = 45,000 whatever the order
    four = [{"received": str(x)} for x in (60000, 50000, 40000, 30000)]
    assert ip.run({"transfers": four})["amount"] == ip.run({"transfers": four[::-1]})["amount"] == "45000.00"
    # the other reading: three projects is the city's selection; each project 30 %: 180,000 × 30 % = 54,000,
    # capped at 5万
    assert ip.run({"transfers": four[::-1]}, {"projects": "citywide"})["amount"] == "50000.00"


def test_ip_award_titles_readings() -> None:
    # 三: 优势企业 3万 and GB/T 29490 2万; 就高不重复 within one kind: 3万 by default, 5万 when the
    # certification is read as a kind of its own
    both = {"titles": ["national_advantage", "gbt29490"]}
    assert ip.run(both)["amount"] == "30000.00"
    assert ip.run(both, {"titles": "separate"})["amount"] == "50000.00"
    assert ip.run({"titles": ["national_demonstration", "national_advantage"]}, {"titles": "separate"})[
        "amount"] == "60000.00"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400_000), st.booleans()), max_size=6),
       st.sampled_from(["per_enterprise", "citywide"]), st.randoms())
def test_ip_award_is_invariant_under_reordering(items: list[tuple[int, bool]], projects: str, rnd) -> None:  # type: ignore[no-untyped-def]
    transfers = [{"received": str(x), "related_party": r} for x, r in items]
    shuffled = list(transfers)
    rnd.shuffle(shuffled)
    assert ip.run({"transfers": transfers}, {"projects": projects})["amount"] == \
        ip.run({"transfers": shuffled}, {"projects": projects})["amount"]


def test_unknown_fields_name_the_fields_there_are() -> None:
    deed = CALCULATORS["deed-tax-subsidy"]
    with pytest.raises(CalcError, match="fund_family"):  # 潇湘英才卡: fund_family = talent
        deed.run({"deed_tax": "1000", "contract_date": "2024-06-01", "talent_card": True})


def test_ip_award_term() -> None:
    assert ip.run({"domestic_patents": 1, "on": "2027-09-13"})["amount"] == "3000.00"
    with pytest.raises(CalcError, match="有效期"):
        ip.run({"domestic_patents": 1, "on": "2027-09-14"})


town = CALCULATORS["town-incentive"]


def test_town_incentive_by_hand() -> None:
    got = town.run({"land_revenue": "5000000", "titles": 1, "commendations": 2,
                    "assets": [{"owner": "county_unit", "income": "1000000", "taxes": "100000"},
                               {"owner": "township", "income": "300000", "taxes": "50000"}],
                    "fees": [{"kind": "administrative", "amount": "20000"}, {"kind": "service", "amount": "10000"},
                             {"kind": "statutory", "amount": "4000"}]})
    # 60 % of 500万; 20 % of the 90万 net + 40 % of the 25万 net; 4万 + 2 × 2万
    assert got["land_return"] == "3000000.00" and got["asset_reward"] == "280000.00" and got["awards"] == "80000.00"
    assert got["amount"] == "3360000.00" and got["original_unit_reward"] == "45000.00"  # 5 % of 90万 to the unit
    assert got["fees_payable"] == "7000.00" and got["fees_waived"] == "27000.00"  # 30 % of the lower bound + 4000
    assert town.run({"assets": [{"owner": "township", "income": "1000", "taxes": "5000"}]})["amount"] == "0.00"


warning = CALCULATORS["pollution-warning"]


def days(values: list[int], start: str = "2024-12-01", **options: str) -> dict:
    from datetime import date as _date
    from datetime import timedelta as _td

    first = _date.fromisoformat(start)
    series = [{"time": f"{first + _td(days=k)}T00:00", "aqi": str(v)} for k, v in enumerate(values)]
    return warning.run({"series": series}, options)


def story(result: dict) -> list[tuple[str, str, str]]:
    return [(e["time"][:10], e["event"], e["level"]) for e in result["events"]]


@pytest.mark.parametrize(("values", "highest"), [
    ([100, 210, 100, 100], "yellow"),  # one day above 200
    ([100, 160, 160, 100, 100], "yellow"),  # above 150 for 48 hours
    ([100, 160, 100, 100], None),  # above 150 for 24 hours only
    ([100, 210, 220, 100, 100], "orange"),  # above 200 for 48 hours
    ([100, 160, 170, 180, 100, 100], "orange"),  # above 150 for 72 hours
    ([100, 210, 220, 230, 100, 100], "orange"),  # above 200 for 72 hours but never above 300
    ([100, 210, 220, 310, 100, 100], "red"),  # above 200 for 72 hours and above 300 for 24
])
def test_warning_levels_follow_4_2(values: list[int], highest: str | None) -> None:
    got = days(values)
    assert [e["highest"] for e in got["episodes"]] == ([highest] if highest else [])


def test_warning_start_lowering_lifting_and_merging() -> None:
    red = days([320, 320, 310, 160, 160, 160, 160, 100, 100])
    # red while above 200 for 72 hours; on 12-04 the air is below 200 for good, and the run above 150
    # (seven days from 12-01) still meets orange, which lasts as long as that run: no yellow in between
    assert story(red) == [("2024-12-01", "start", "red"), ("2024-12-04", "downgrade", "orange"),
                          ("2024-12-08", "lift", "none")]
    (episode,) = red["episodes"]
    assert episode["issue_by"] == "2024-11-30T00:00:00" and episode["response"] == "Ⅰ级"
    assert {m["level"] for m in episode["measures"]} == {"yellow", "orange", "red"}  # each level adds to the last
    assert any("县教育局" in m["units"] and "停课" in m["text"] for m in episode["measures"])
    merged = days([160, 160, 100, 160, 160, 100, 100])  # a gap of 24 hours: one episode
    assert len(merged["episodes"]) == 1 and story(merged)[-1] == ("2024-12-06", "lift", "none")
    apart = days([160, 160, 100, 100, 160, 160, 100, 100])  # 48 hours apart: two episodes
    assert len(apart["episodes"]) == 2
    rolling = days([160, 160, 160, 210, 210, 210, 310, 160, 100, 100], forecast="rolling72")
    assert ("2024-12-05", "upgrade", "red") in story(rolling)


def test_a_warning_is_not_lowered_while_the_air_stays_as_bad() -> None:
    # 4.2, 4.5, 4.6 of 江政办发〔2024〕1号, daily AQI from 2025-01-06: 320, 310, 305 are above 200 for 72
    # hours and above 300 for 24 → red from 01-06. On 01-09 the AQI (180) falls below 200 and stays there
    # for more than 36 hours; what is left (180, 170, 175) is still part of a run above 150 that began on
    # 01-06 and lasts six days (≥ 72 hours) → orange from 01-09. 01-12 and 01-13 (120, 110) stay at or
    # below 150 for 36 hours → lifted on 01-12. Never yellow while the AQI is 170–175.
    assert story(days([320, 310, 305, 180, 170, 175, 120, 110], start="2025-01-06")) == [
        ("2025-01-06", "start", "red"), ("2025-01-09", "downgrade", "orange"), ("2025-01-12", "lift", "none")]
    # 190 for four days: above 150 for 96 hours → orange; the AQI does not improve at all, so the level
    # stays orange until the AQI is at or below 150 (day 5, followed by another clean day)
    assert story(days([190, 190, 190, 190, 100, 100], start="2025-01-06")) == [
        ("2025-01-06", "start", "orange"), ("2025-01-10", "lift", "none")]
    # 160, 170, 180: above 150 for 72 hours → orange, and the AQI rises: no yellow on 12-10
    assert story(days([160, 170, 180, 140, 130, 120], start="2024-12-09")) == [
        ("2024-12-09", "start", "orange"), ("2024-12-12", "lift", "none")]


def test_a_merged_episode_starts_at_its_higher_level() -> None:
    # 210 (above 200: yellow on its own), one day at 140 — less than the 36 clean hours that would lift
    # it — then 220, 230 (above 200 for 48 hours: orange). One episode, and by 4.5 按高级别启动预警 it
    # starts at orange on 12-16; 120 and 110 lift it on 12-20.
    assert story(days([210, 140, 220, 230, 120, 110, 100], start="2024-12-16")) == [
        ("2024-12-16", "start", "orange"), ("2024-12-20", "lift", "none")]
    # the same rule as within one run: 160, 160, 250, 250, 310 starts red at once
    assert story(days([160, 160, 250, 250, 310, 100, 100], start="2024-12-16"))[0] == ("2024-12-16", "start", "red")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([80, 140, 160, 190, 210, 260, 320]), min_size=1, max_size=20))
def test_no_level_is_lowered_while_the_aqi_stays_above_what_started_it(values: list[int]) -> None:
    rank = {"none": 0, "yellow": 1, "orange": 2, "red": 3}
    timeline = [rank[p["level"]] for p in days(values)["timeline"]]
    for t in range(1, len(values)):
        if timeline[t] >= timeline[t - 1]:
            continue
        level = timeline[t - 1]
        began = max(k for k in range(t) if timeline[k] == level and (k == 0 or timeline[k - 1] != level))
        # the threshold that started that level: 150 for yellow, and for orange when the run above 150
        # reaches 72 hours; 200 otherwise
        lo = began
        while lo > 0 and values[lo - 1] > 150:
            lo -= 1
        hi = began
        while hi < len(values) and values[hi] > 150:
            hi += 1
        threshold = 150 if level == 1 or (level == 2 and hi - lo >= 3) else 200
        assert any(v <= threshold for v in values[began : t + 1]), (values, timeline)


def test_lifting_needs_36_clean_hours_in_an_hourly_series() -> None:
    from datetime import datetime as _dt
    from datetime import timedelta as _td

    t0 = _dt(2024, 12, 1)
    aqi = [100] * 6 + [210] * 30 + [140] * 30 + [180] * 10 + [120] * 40
    got = warning.run({"series": [{"time": (t0 + _td(hours=k)).isoformat(), "aqi": str(v)} for k, v in enumerate(aqi)]})
    # 30 hours at 140 do not lift the warning: the second run belongs to the same episode
    assert [e["event"] for e in got["events"]] == ["start", "lift"]
    assert got["events"][-1]["time"].startswith("2024-12-04T04:00")
    (episode,) = got["episodes"]
    assert episode["start"].startswith("2024-12-01T06:00") and episode["highest"] == "yellow"


def test_reports_after_the_response_count_working_days_and_health_prompts() -> None:
    got = days([210, 100, 100], start="2024-09-29")
    (episode,) = got["episodes"]
    # the response ends on Monday 30 September 2024; 1–7 October are off, Saturday 12 October is worked
    assert episode["end"].startswith("2024-09-30")
    assert episode["dispatch_table_due"] == "2024-10-08" and episode["evaluation_due"] == "2024-10-12"
    prompt = warning.run({"series": [{"time": "2024-12-01T00:00", "aqi": "140", "pm25": "80"},
                                     {"time": "2024-12-02T00:00", "aqi": "90"}]})
    assert prompt["episodes"] == [] and prompt["health_prompts"] == ["2024-12-01T00:00:00"]
    assert prompt["amount"] is None
    with pytest.raises(CalcError, match="等间隔"):
        warning.run({"series": [{"time": "2024-12-01T00:00", "aqi": "1"}, {"time": "2024-12-01T01:00", "aqi": "1"},
                                {"time": "2024-12-01T03:00", "aqi": "1"}]})


def test_inputs_accept_the_usual_spellings() -> None:
    as_ints = outpatient.run({"person": "employee", "visits": [{"level": 2, "eligible_cost": 600},
                                                               {"level": "一级", "eligible_cost": "100"}]})
    assert as_ints["amount"] == "310.00"
    assert plot("冷水滩区", "Ⅰ", "水田", "1")["amount"] == plot("冷水滩区", "1", "水田", "1")["amount"] == "85800.00"
    assert poverty.run({"cause": "education", "school_type": "undergraduate"})["amount"] == "3000.00"
    with pytest.raises(CalcError, match="level"):
        outpatient.run({"person": "employee", "visits": [{"level": True, "eligible_cost": "1"}]})


@pytest.mark.parametrize("typed", ["12000", "12,000", "1.2万", "1.2万元", "１２，０００", "12000元"])
def test_amounts_typed_the_usual_ways_are_read(typed: str) -> None:
    deed = CALCULATORS["deed-tax-subsidy"]
    # 永政办发〔2024〕10号 一: two children, 50 % of 12,000
    assert deed.run({"deed_tax": typed, "contract_date": "2024-08-15", "children": 2})["amount"] == "6000.00"


def test_what_is_not_an_amount_is_refused_naming_the_field() -> None:
    with pytest.raises(CalcError, match="deed_tax"):
        CALCULATORS["deed-tax-subsidy"].run({"deed_tax": "一万二", "contract_date": "2024-08-15"})
