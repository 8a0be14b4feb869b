"""``poverty-insurance``: 江华瑶族自治县2024年防贫综合保险 (江政办发〔2024〕3号).

One claim per run, by ``cause``: ``medical`` (自付医疗费用 less 500元, banded 30/40/50 %, at most
3万元 a person), ``education`` (a one-time grant by school type), ``disaster`` (the loss less
1000元, banded 30/50/70 %, at most 2万元 a household, only above the 预警线), ``accident`` (death
4万元; disability 4万元 × the grade's ratio; income collapse at most 4000元 a household),
``industry`` (per 亩, 只 or 头, at most 1万元 a household) and ``other`` (at most 4000元 a
household). ``premium`` gives the year's premium, the loss ratio and what carries over to next
year. Every payable amount is split between the three insurers 50/40/10 (五（二）).

Readings the text leaves open, each a named option:

* ``bands``: the tables give a ratio per band of the base. ``marginal`` (default) pays each part
  of the base at its band's ratio, like a tax scale: a claim never falls when the base grows, which
  a single ratio for the whole base would make happen at 2万 and 4万. ``whole`` applies the ratio
  of the band the base falls in to all of it.
* ``deductible_first``: the deductible comes off the base before the bands (default ``yes``);
  ``no`` places the base in its band before taking the deductible off.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhengce.text.typed import cn_day

from .core import CalcError, Option, Params, Trace
from .scales import scale

ASKED = "event_date"  # the date the case is asked for: the document must cover it
AMOUNT_LABEL = "赔付金额（按保费结算时为当年保费）"
NAME = "poverty-insurance"
TITLE = "防贫综合保险赔付"
SUMMARY = "江华防贫综合保险：因病、因学、因灾、因意外、因产业失败、其他原因的赔付，保费与赔付率，三家承保机构分摊"
KINDS = {"grain": "粮食作物", "cash_crop": "经济作物", "poultry": "禽类", "livestock": "畜类"}


class Loss(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(..., description="粮食作物、经济作物、禽类、畜类（或 grain、cash_crop、poultry、livestock）",
                      json_schema_extra={"choices": list(KINDS.values())})  # what the form lists: the check's
    quantity: Decimal = Field(..., ge=0, le=1_000_000, description="亩、只或头")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        value = KINDS.get(value.strip(), value.strip())
        if value not in KINDS.values():
            raise ValueError(f"应为 {'、'.join(KINDS.values())} 之一 / one of {', '.join(KINDS)}")
        return value


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cause: Literal["medical", "education", "disaster", "accident", "industry", "other", "premium"] = Field(
        ..., description="medical 因病、education 因学、disaster 因灾、accident 因意外、industry 因产业失败、"
                         "other 其他原因、premium 保费与赔付率")
    out_of_pocket: Decimal | None = Field(None, ge=0, le=100_000_000, description="因病：自付医疗费用（元）")
    school_type: Literal["双一流大学", "全日制本科", "全日制专科"] | None = Field(
        None, description="因学：学校类型（双一流大学、全日制本科、全日制专科；或 double_first_class、"
                          "undergraduate、junior_college）")
    loss: Decimal | None = Field(None, ge=0, le=100_000_000, description="因灾：自付（损失）部分（元）")
    exceeds_warning_line: bool = Field(True, description="因灾：经查勘认定损失超出预警线")
    death: bool = Field(False, description="因意外：身故")
    disability_grade: int | None = Field(None, ge=1, le=10, description="因意外：伤残等级 1–10")
    income_collapse: Decimal | None = Field(None, ge=0, le=100_000_000,
                                            description="因意外未伤残但收入锐减：核定的困难金额（元）")
    losses: list[Loss] = Field(default_factory=list, max_length=100, description="因产业失败：受损种类与数量")
    claimed: Decimal | None = Field(None, ge=0, le=100_000_000, description="其他原因：核定的困难金额（元）")
    claims_paid: Decimal | None = Field(None, ge=0, le=1_000_000_000, description="保费：当年已赔付总额（元）")
    event_date: date | None = Field(None, description="出险日期（须在保险期限内）")


    @field_validator("school_type", mode="before")
    @classmethod
    def _school(cls, value: Any) -> Any:
        aliases = {"double_first_class": "双一流大学", "undergraduate": "全日制本科", "bachelor": "全日制本科",
                   "junior_college": "全日制专科", "college": "全日制专科", "双一流": "双一流大学",
                   "本科": "全日制本科", "专科": "全日制专科"}
        return aliases.get(value.strip(), value.strip()) if isinstance(value, str) else value


def _require(value: Any, field: str, what: str) -> Any:
    if value is None:
        raise CalcError(f"字段 {field}：{what}须填写 / {field} is required for this cause")
    return value


def _scaled(trace: Trace, params: Params, on: date, base: Decimal, prefix: str, options: dict[str, str],
            label: str) -> Decimal:
    deductible, dref = params.number(f"{prefix}_deductible", on)
    bands = scale(params, f"{prefix}_bands", on)
    by_band = bands.whole if options["bands"] == "whole" else bands.marginal
    cap, cref = params.number(f"{prefix}_cap", on)
    if options["deductible_first"] == "yes":
        after = max(base - deductible, Decimal(0))
        trace.step(f"{label} {base} 元，扣除免赔额 {deductible} 元后为 {after} 元", dref, after)
        pay, work = by_band(after)
    else:
        pay, work = by_band(base)
        pay = max(pay - deductible, Decimal(0))
        work.append(f"再扣除免赔额 {deductible} 元")
    trace.step("按比例赔付：" + "；".join(work), bands.ref, pay)
    if pay > cap:
        trace.step(f"超过最高赔付 {cap} 元，按 {cap} 元赔付", cref, cap)
        pay = cap
    return pay


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    period = params.get("period")
    start, end = (date.fromisoformat(period.value[k]) for k in ("start", "end"))
    on = inputs.event_date or start
    if not start <= on <= end:
        state = "保险期限尚未开始" if on < start else "保险期限已过"
        raise CalcError(f"出险日期 {cn_day(on)} 不在保险期限 {cn_day(start)}至{cn_day(end)} 内（{state}），不予赔付"
                        " / the event lies outside the insurance period")
    trace.step(f"保险期限 {cn_day(start)}至{cn_day(end)}", period.ref)
    pay = Decimal(0)
    cause = inputs.cause
    if cause == "premium":
        return _premium(inputs, params, on, trace)
    if cause == "medical":
        base = _require(inputs.out_of_pocket, "out_of_pocket", "自付医疗费用")
        pay = _scaled(trace, params, on, base, "medical", options, "自付医疗费用")
    elif cause == "education":
        school = _require(inputs.school_type, "school_type", "学校类型")
        grants = params.get("education", on)
        pay = Decimal(grants.value[school])
        trace.step(f"{school}一次性教育补助，按救助金上限 {pay} 元给付", grants.ref, pay)
    elif cause == "disaster":
        base = _require(inputs.loss, "loss", "自付（损失）部分")
        if not inputs.exceeds_warning_line:
            trace.step("损失未超出预警线（方案未给出预警线数值，以查勘认定为准），不予赔付",
                       params.get("disaster_bands", on).ref, Decimal(0))
        else:
            trace.step("经查勘认定损失超出预警线（方案未给出预警线数值，以查勘认定为准）",
                       params.get("disaster_bands", on).ref)
            pay = _scaled(trace, params, on, base, "disaster", options, "自付（损失）部分")
    elif cause == "accident":
        pay = _accident(inputs, params, on, trace)
    elif cause == "industry":
        if not inputs.losses:
            raise CalcError("字段 losses：因产业失败须列出受损种类与数量 / losses is required for this cause")
        rates = params.get("industry_rates", on)
        for item in inputs.losses:
            rate, unit = rates.value[item.kind]
            part = Decimal(rate) * item.quantity
            trace.step(f"{item.kind} {item.quantity} {unit} × {rate} 元/{unit}", rates.ref, part)
            pay += part
        cap, ref = params.number("industry_cap", on)
        if pay > cap:
            trace.step(f"超过每户最高赔付 {cap} 元，按 {cap} 元赔付", ref, cap)
            pay = cap
    else:
        cap, ref = params.number("other_cap", on)
        claimed = inputs.claimed if inputs.claimed is not None else cap
        pay = min(claimed, cap)
        trace.step(f"其他致贫返贫因素，核定 {claimed} 元，最高不超过 {cap} 元/户", ref, pay)
    return {"amount": pay, "insurers": _split(pay, params, on, trace)}


def _accident(inputs: Input, params: Params, on: date, trace: Trace) -> Decimal:
    insured, ref = params.number("accident_sum", on)
    if inputs.death:
        trace.step(f"意外身故保险金 {insured} 元/人", ref, insured)
        return insured
    if inputs.disability_grade is not None:
        ratios = params.get("disability_ratio", on)
        ratio = Decimal(ratios.value[str(inputs.disability_grade)])
        pay = insured * ratio
        trace.step(f"意外残疾：{insured} 元 × {inputs.disability_grade}级伤残比例 {ratio * 100:.0f}%", ratios.ref, pay)
        return pay
    cap, cref = params.number("income_collapse_cap", on)
    claimed = inputs.income_collapse if inputs.income_collapse is not None else cap
    pay = min(claimed, cap)
    trace.step(f"意外未致伤残但收入锐减，核定 {claimed} 元，每户不超过 {cap} 元", cref, pay)
    return pay


def _split(pay: Decimal, params: Params, on: date, trace: Trace) -> dict[str, str]:
    insurers = params.get("insurers", on)
    shares: dict[str, str] = {}
    left = pay.quantize(Decimal("0.01"))
    names = list(insurers.value)
    for k, name in enumerate(names):
        part = left if k == len(names) - 1 else (pay * Decimal(insurers.value[name])).quantize(Decimal("0.01"))
        left -= part if k < len(names) - 1 else 0
        shares[name] = f"{part:.2f}"
    if pay:
        trace.step("三家承保机构按承保比例共同承担：" + "、".join(
            f"{n[:6]}{Decimal(insurers.value[n]) * 100:.0f}% {v}元" for n, v in shares.items()), insurers.ref)
    return shares


def _premium(inputs: Input, params: Params, on: date, trace: Trace) -> dict[str, Any]:
    population, pref = params.number("rural_population", on)
    share, _ = params.number("insured_share", on)
    per_person, _ = params.number("premium_per_person", on)
    persons = int(population * share)  # 374403 × 8% = 29952.24 → 29952 persons, as the plan counts
    premium = per_person * persons
    trace.step(f"参保人数按农村人口 {population} 人的 {share * 100:.0f}% 测算为 {persons} 人", pref)
    trace.step(f"保费 {persons} 人 × {per_person} 元", pref, premium)
    out: dict[str, Any] = {"amount": premium, "persons": persons}
    if inputs.claims_paid is not None:
        line, lref = params.number("loss_ratio_line", on)
        ratio = inputs.claims_paid / premium
        out["loss_ratio"] = f"{ratio * 100:.2f}%"
        if ratio < line:
            carry = premium * line - inputs.claims_paid
            trace.step(f"赔付率 {ratio * 100:.2f}% 低于 {line * 100:.0f}%，差额用于弥补下年度保费", lref, carry)
            out["carry_over"] = carry
        else:
            trace.step(f"赔付率 {ratio * 100:.2f}% 不低于 {line * 100:.0f}%，自动续保", lref)
            out["carry_over"] = Decimal(0)
    out["insurers"] = _split(premium, params, on, trace)
    return out


OPTIONS = (
    Option("bands", {"marginal": "分段累进：各段分别按本段比例赔付", "whole": "整段适用：全部基数按所在档比例赔付"},
           "marginal", "按整段适用时，基数跨过2万、4万元（因灾1万、2万元）会使赔付陡增；累进读法赔付随基数连续增加"),
    Option("deductible_first", {"yes": "先扣免赔额，再按比例赔付", "no": "先按比例计算，再扣免赔额"},
           "yes", "免赔额是保险中先从损失中扣除的部分，方案表格在比例之后以“备注”列出"),
)
EXAMPLE = {"cause": "medical", "out_of_pocket": "25000"}

