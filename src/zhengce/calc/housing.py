"""``housing-subsidy``: 江华县城区购房补贴 (江政办发〔2024〕2号, 一、二、三、四 and the closing paragraphs).

* 一 deed-tax subsidy for new commercial housing in the county town: 70 % of the deed tax for 住宅,
  60 % for 非住宅 (second-hand homes excluded);
* 二 a first new home: 100元/㎡, at most 1万元;
* 三 park employees: 1万元 per year of continuous employment at one large park enterprise, up to
  three years (under 24 months at application counts as one year, and so on: whole years, at
  least one), spouses stack, at most 6万元 a home or family;
* 四 the talent subsidy follows another document (江人才办〔2021〕1号): its amount is an input.

一 combines with 二, 三 or 四; of 二, 三 and 四 only the highest is paid (就高不就低). The measures apply
from publication, taken as the signing date 2024-02-06 (the option ``start`` says so): 三 for three
years, the others for one. Items 一 and 二 extend to one year after the presale permit for buildings
of projects under construction or with land before 2024-07-31 whose permit comes by 2025-07-31;
their applications close on 2026-12-31.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhengce.text.typed import cn_day

from .core import Option, Params, Trace

ASKED = "contract_date"  # the date the case is asked for: the document must cover it
AMOUNT_LABEL = "购房补贴合计"
NAME = "housing-subsidy"
TITLE = "江华购房补贴"
SUMMARY = "江华县城区购房：契税补贴（住宅70%、非住宅60%）、首套100元/㎡、园区员工稳就业补贴、人才补贴，就高不就低"


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    property_type: Literal["residential", "non_residential"] = Field(
        "residential", description="residential（住宅）或 non_residential（非住宅）")
    deed_tax: Decimal = Field(Decimal(0), ge=0, le=100_000_000, description="已缴纳的契税（元）")
    floor_area: Decimal = Field(Decimal(0), ge=0, le=100_000, description="建筑面积（平方米）")
    county_town: bool = Field(True, description="位于江华县城区")
    new_build: bool = Field(True, description="新建商品房（不含二手房）")
    first_home: bool = Field(False, description="首次购买新建商品住房（首套）")
    contract_date: date = Field(..., description="网签合同备案日期")
    application_date: date | None = Field(None, description="申报日期（默认为合同日期）")
    park_months: list[Annotated[int, Field(ge=0, le=600)]] = Field(default_factory=list, max_length=2,
                                   description="园区同一规模工业企业连续稳定就业月数（夫妻各一项）")
    talent_subsidy: Decimal = Field(Decimal(0), ge=0, le=10_000_000,
                                    description="按江人才办〔2021〕1号核定的人才购房补贴（元）")
    presale_permit_date: date | None = Field(None, description="楼栋取得商品房预售许可证的日期")
    land_before_cutoff: bool = Field(False, description="项目在建或于2024年7月31日前取得土地使用权")


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    terms = params.get("terms")
    start = date.fromisoformat(terms.value["start"])
    other_end = _years_later(start, int(terms.value["years_other"]))
    park_end = _years_later(start, int(terms.value["years_park"]))
    on = inputs.contract_date
    applied = inputs.application_date or on
    trace.step(f"施行日按成文日期 {cn_day(start)} 计：第三项至 {cn_day(park_end)}，"
               f"其余至 {cn_day(other_end)}", terms.ref)
    ext = params.get("extension")
    end_12 = other_end
    if (inputs.presale_permit_date and inputs.land_before_cutoff
            and inputs.presale_permit_date <= date.fromisoformat(ext.value["permit_before"])):
        end_12 = max(other_end, _years_later(inputs.presale_permit_date, int(ext.value["years"])))
        trace.step(f"楼栋于 {cn_day(inputs.presale_permit_date)} 取得预售许可证，"
                   f"第一、二项延长至 {cn_day(end_12)}", ext.ref)
    deadline_v = params.get("application_deadline")
    deadline = date.fromisoformat(deadline_v.value["date"])
    eligible = inputs.county_town and inputs.new_build
    if not eligible:
        trace.step("仅补贴江华县城区的新建商品房（不含二手房）", params.get("deed_rate").ref, Decimal(0))
    in_term_12 = start <= on <= end_12 and applied <= deadline
    if eligible and not in_term_12:
        trace.step(f"第一、二项：合同日期须在 {cn_day(start)}至{cn_day(end_12)}，"
                   f"申报不晚于 {cn_day(deadline)}", deadline_v.ref, Decimal(0))
    deed = Decimal(0)
    if eligible and in_term_12:
        rates = params.get("deed_rate", start)
        rate = Decimal(rates.value[inputs.property_type])
        deed = inputs.deed_tax * rate
        kind = "住宅" if inputs.property_type == "residential" else "非住宅"
        trace.step(f"契税补贴：{kind}按契税 {inputs.deed_tax} 元的 {rate * 100:.0f}%", rates.ref, deed)
    choices: dict[str, Decimal] = {}
    if eligible and in_term_12 and inputs.first_home and inputs.property_type == "residential":
        rate, ref = params.number("first_home_rate", start)
        cap, _ = params.number("first_home_cap", start)
        first = min(inputs.floor_area * rate, cap)
        trace.step(f"首次购房补贴：{inputs.floor_area} ㎡ × {rate} 元/㎡，最高 {cap} 元", ref, first)
        choices["首次购房补贴"] = first
    if eligible and inputs.park_months and inputs.first_home and inputs.property_type == "residential":
        per_year, ref = params.number("park_per_year", start)
        max_years, _ = params.number("park_max_years", start)
        family_cap, _ = params.number("park_family_cap", start)
        if start <= on <= park_end:
            total = Decimal(0)
            for k, months in enumerate(inputs.park_months, 1):
                years = min(Decimal(months // 12), max_years)
                part = per_year * years
                note = "不足一年，不享受" if months < 12 else f"按 {int(years)} 年计"
                who = f"第{k}位园区员工" if len(inputs.park_months) > 1 else "园区员工"
                trace.step(f"{who}连续稳定就业 {months} 个月（不足下一整年的按已满年数计），{note}", ref, part)
                total += part
            if total > family_cap:
                trace.step(f"夫妻叠加超过每套房或每个家庭最高 {family_cap} 元", ref, family_cap)
                total = family_cap
            choices["园区购房补贴"] = total
        else:
            trace.step(f"第三项执行期限至 {cn_day(park_end)}，合同日期不在期限内", ref, Decimal(0))
    if inputs.talent_subsidy and eligible:
        choices["人才购房补贴"] = inputs.talent_subsidy
        trace.step("人才购房补贴按江人才办〔2021〕1号核定", params.get("terms").ref, inputs.talent_subsidy)
    choices = {k: v for k, v in choices.items() if v > 0}
    best_name, best = max(choices.items(), key=lambda kv: kv[1], default=("", Decimal(0)))
    if len(choices) > 1:
        trace.step(f"第二、三、四项就高不就低：取{best_name}", terms.ref, best)
    total = deed + best
    trace.step("补贴合计（第一项与第二、三、四项中的较高者同时适用）", terms.ref, total)
    return {"amount": total, "deed_tax_subsidy": deed, "best_of_others": best, "best_of_others_item": best_name or None,
            "others": {k: f"{v:.2f}" for k, v in choices.items()}}


OPTIONS = (Option("start", {"signing_date": "公布日按成文日期 2024-02-06 计"}, "signing_date",
                  "文件写“自公布之日起施行”而未载公布日期；成文日期是可以从文件本身读出的最早日期"),)
EXAMPLE = {"deed_tax": "9000", "floor_area": "120", "first_home": True, "contract_date": "2024-05-10",
           "park_months": [30, 14]}
