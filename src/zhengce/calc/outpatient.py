"""``outpatient``: 永州职工医保普通门诊统筹 (永政办发〔2022〕16号, 第八条) and the personal account (第四条).

Over one settlement year, each visit's policy-range cost above the deductible of its level is paid
at the level's ratio (一级/基层 no deductible, 70 %; 二级 200元, 60 %; 三级 300元, 60 %), the
deductibles borne in the year add up to at most 300元, and the fund pays at most 1500元 for an
employee and 2000元 for a retiree in the year.

The text does not say whether a deductible is per visit or once a year per level; the option
``deductible`` takes ``per_visit`` by default (the usual reading of 起付标准 for outpatient care,
bounded by the yearly total of 300元 that the same clause sets) and ``per_level_year`` otherwise.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhengce.access.accounts import today

from .core import Option, Params, Trace

ASKED = "year"  # the date the case is asked for: the document must cover it
AMOUNT_LABEL = "统筹基金支付"
NAME = "outpatient"
TITLE = "职工医保普通门诊统筹"
SUMMARY = "永州职工医保门诊共济：按医疗机构级别的起付标准、支付比例与年度限额，及个人账户计入"
LEVELS = {"primary": "基层医疗卫生机构", "1": "一级医疗机构", "2": "二级医疗机构", "3": "三级医疗机构"}


LEVEL_ALIASES = {"基层": "primary", "基层医疗卫生机构": "primary", "一级": "1", "二级": "2", "三级": "3",
                 "一级医疗机构": "1", "二级医疗机构": "2", "三级医疗机构": "3", "level1": "1", "level2": "2",
                 "level3": "3"}


# 三甲医院, 三级甲等医院, 二级医院, 2级: the level is the grade's first figure (甲乙丙 only rank within it)
_GRADED = re.compile(r"^([一二三123])\s*(?:级)?\s*(?:[甲乙丙]等?)?\s*(?:医院|医疗机构)?$")
_PRIMARY = re.compile(r"基层|卫生院|卫生室|卫生服务中心|卫生服务站|诊所|门诊部")


def level_of(text: str) -> str:
    """The level of a hospital as people name it; the text itself when it names none."""
    if text in LEVEL_ALIASES:
        return LEVEL_ALIASES[text]
    m = _GRADED.match(text)
    if m:
        return {"一": "1", "二": "2", "三": "3"}.get(m.group(1), m.group(1))
    return "primary" if _PRIMARY.search(text) else text


class Visit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: Literal["primary", "1", "2", "3"] = Field(
        ..., description="医疗机构级别：primary（基层）、1、2、3（也可写一级、二级、三级、基层）")

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else value
        return level_of(text) if isinstance(text, str) else text
    eligible_cost: Decimal = Field(..., ge=0, le=1_000_000, description="政策范围内门诊费用（元）")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: Literal["employee", "retiree"] = Field(..., description="employee（在职职工）或 retiree（退休人员）")
    visits: list[Visit] = Field(default_factory=list, max_length=1000, description="一个结算年度内的就诊，按时间先后")
    contribution_base: Decimal | None = Field(None, ge=0, le=1_000_000,
                                              description="在职职工本人月缴费基数（元），用于计算个人账户月计入额")
    year: int = Field(default_factory=lambda: today().year, ge=2023, le=2100,
                      description="结算年度（默认为今年，按北京时间）")


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    on = date(inputs.year, 1, 1)
    deductibles = params.get("deductible", on)
    ratios = params.get("ratio", on)
    year_cap, year_ref = params.number("deductible_year_cap", on)
    caps = params.get("annual_cap", on)
    cap = Decimal(caps.value[inputs.person])
    who = "在职职工" if inputs.person == "employee" else "退休人员"
    trace.step(f"{who}普通门诊统筹年度最高支付限额 {cap} 元", caps.ref)
    borne = Decimal(0)  # deductibles borne so far this year
    paid = Decimal(0)
    seen_levels: set[str] = set()
    per_visit = []
    for k, visit in enumerate(inputs.visits, 1):
        level_deductible = Decimal(deductibles.value[visit.level])
        if options["deductible"] == "per_level_year" and visit.level in seen_levels:
            level_deductible = Decimal(0)
        seen_levels.add(visit.level)
        deductible = min(level_deductible, max(year_cap - borne, Decimal(0)), visit.eligible_cost)
        borne += deductible
        ratio = Decimal(ratios.value[visit.level])
        due = (visit.eligible_cost - deductible) * ratio
        pay = min(due, cap - paid)
        paid += pay
        capped = "（已达年度限额）" if pay < due else ""
        trace.step(f"第{k}次 {LEVELS[visit.level]}：费用 {visit.eligible_cost} 元，起付 {deductible} 元"
                   f"（年度已计 {borne}/{year_cap} 元），按 {ratio * 100:.0f}% 支付{capped}", deductibles.ref, pay)
        per_visit.append({"level": visit.level, "deductible": str(deductible), "paid": f"{pay:.2f}"})
    out: dict[str, Any] = {"amount": paid, "deductibles": borne, "remaining_cap": cap - paid, "visits": per_visit}
    if inputs.person == "retiree":
        monthly, ref = params.number("retiree_account_monthly", on)
        trace.step(f"退休人员个人账户由统筹基金按定额划入 {monthly} 元/月（在职转退休的，自医保退休办结的次月起）", ref,
                   monthly)
        out["account_monthly"] = monthly
    elif inputs.contribution_base is not None:
        rate, ref = params.number("account_rate", on)
        monthly = inputs.contribution_base * rate
        trace.step(f"在职职工个人账户按缴费基数 {inputs.contribution_base} 元的 {rate * 100:.0f}% 计入", ref, monthly)
        out["account_monthly"] = monthly
    trace.step("普通门诊统筹基金支付合计", year_ref, paid)
    return out


OPTIONS = (Option("deductible", {"per_visit": "起付标准每次就诊计一次，全年累计不超过300元",
                                 "per_level_year": "起付标准每一级别医疗机构全年计一次，全年累计不超过300元"},
                  "per_visit",
                  "第八条只说“起付标准金额累计不超过300元”，累计上限说明起付按次计算；按年计的读法作为选项保留"),)
EXAMPLE = {"person": "employee",
           "visits": [{"level": "2", "eligible_cost": "600"}, {"level": "1", "eligible_cost": "100"}]}
