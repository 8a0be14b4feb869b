"""``deed-tax-subsidy``: 永州市中心城区购房契税补贴与住房公积金 (永政办发〔2024〕10号, 一、三).

A buyer of new commercial housing in the central city (住宅 or 非住宅) who signs the contract within
the measures' term and pays the deed tax in full gets 25 % of it back; a family with two children
buying a new home (商品住房) gets 50 %, with three or more 80 % — the rates are alternatives, the
highest that applies is paid. The provident-fund loan ceiling by family type and the rent a
renting family with several children may withdraw (at most 2500元 a month) are given too.

Clause 三 raises the ceilings of 多子女家庭 "分别由60万元、70万元…提高至70万元、80万元" without naming
the two groups; the calculator reads them as two children and three or more, in that order.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhengce.text.typed import cn_day

from .core import Option, Params, Trace

ASKED = "contract_date"  # the date the case is asked for: the document must cover it
AMOUNT_LABEL = "契税补贴"
NAME = "deed-tax-subsidy"
TITLE = "购房契税补贴"
SUMMARY = "永州中心城区购房契税补贴（25%，二孩50%，三孩及以上80%）与住房公积金贷款额度"


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deed_tax: Decimal = Field(..., ge=0, le=100_000_000, description="已缴纳的契税（元）")
    property_type: Literal["residential", "non_residential"] = Field(
        "residential", description="residential（住宅）或 non_residential（非住宅）")
    new_build: bool = Field(True, description="新建商品房（二手房不在补贴范围）")
    central_city: bool = Field(True, description="位于中心城区")
    children: int = Field(0, ge=0, le=20, description="符合生育政策的子女数")
    contract_date: date = Field(..., description="商品房买卖合同签订日期")
    tax_paid_in_full: bool = Field(True, description="已全部缴清交易契税")
    fund_family: Literal["general", "model_worker", "talent"] = Field(
        "general", description="公积金：general（一般）、model_worker（先进模范人物）、"
                               "talent（高层次人才，持潇湘英才卡）")
    monthly_rent: Decimal | None = Field(None, ge=0, le=1_000_000, description="多子女家庭租房的实际月租金（元）")


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    term = params.get("validity")
    start, end = (date.fromisoformat(term.value[k]) for k in ("start", "end"))
    out: dict[str, Any] = {}
    pay = Decimal(0)
    on = inputs.contract_date
    reasons = []
    if not start <= on <= end:
        reasons.append(f"合同签订日期 {cn_day(on)} 不在执行期限 {cn_day(start)}至{cn_day(end)} 内")
    if not inputs.new_build:
        reasons.append("仅补贴新建商品房")
    if not inputs.central_city:
        reasons.append("仅补贴中心城区的购房")
    if not inputs.tax_paid_in_full:
        reasons.append("须全部缴清交易契税")
    in_term = start <= on <= end
    if reasons:
        trace.step("不符合契税补贴条件：" + "；".join(reasons), term.ref, Decimal(0))
    else:
        rate, ref = params.number("base_rate", on)
        trace.step(f"新建商品房按契税 {inputs.deed_tax} 元的 {rate * 100:.0f}% 补贴", ref, inputs.deed_tax * rate)
        family = params.get("family_rate", on)
        key = "3" if inputs.children >= 3 else ("2" if inputs.children == 2 else None)
        if key and inputs.property_type == "residential":
            higher = Decimal(family.value[key])
            who = "三孩及以上" if key == "3" else "二孩"
            trace.step(f"{who}家庭购买新建商品住房按 {higher * 100:.0f}% 补贴，取较高者", family.ref,
                       inputs.deed_tax * higher)
            rate = max(rate, higher)
        elif key:
            trace.step("多孩家庭的较高比例只适用于商品住房，非住宅按25%", family.ref)
        pay = inputs.deed_tax * rate
        trace.step(f"契税补贴 = {inputs.deed_tax} × {rate * 100:.0f}%", ref, pay)
    kind = inputs.fund_family
    if kind == "general" and inputs.children >= 2:
        kind = "three_children" if inputs.children >= 3 else "two_children"
    names = {"general": "一般缴存职工家庭", "model_worker": "先进模范人物", "talent": "高层次人才",
             "two_children": "二孩家庭", "three_children": "三孩及以上家庭"}
    if not in_term:  # the ceilings are the measures' too: outside their term the page must not print them as due
        ceilings = params.get("fund_ceiling", start if on < start else end)
        trace.step(f"住房公积金最高贷款额度：合同签订日期 {cn_day(on)} 不在执行期限 {cn_day(start)}至"
                   f"{cn_day(end)} 内，本文件的额度（期内{names[kind]} {Decimal(ceilings.value[kind]) / 10000:.0f}"
                   " 万元）不适用，请以公积金中心现行规定为准", ceilings.ref)
        return {"amount": pay, **out}
    ceilings = params.get("fund_ceiling", on)
    ceiling = Decimal(ceilings.value[kind])
    note = "（条款“分别提高至70万元、80万元”，按二孩、三孩及以上的顺序）" if kind.endswith("children") else ""
    trace.step(f"住房公积金最高贷款额度：{names[kind]} {ceiling / 10000:.0f} 万元{note}", ceilings.ref)
    out["fund_loan_ceiling"] = ceiling
    if inputs.monthly_rent is not None and inputs.children >= 2:
        cap, ref = params.number("rent_withdrawal_cap", on)
        rent = min(inputs.monthly_rent, cap)
        trace.step(f"租房的多子女家庭按实际房租提取公积金，每月最高 {cap} 元", ref, rent)
        out["rent_withdrawal_monthly"] = rent
    return {"amount": pay, **out}


OPTIONS: tuple[Option, ...] = ()
EXAMPLE = {"deed_tax": "12000", "children": 2, "contract_date": "2024-09-01"}
