"""``ip-award``: 永州知识产权资助与奖励 (永政办发〔2024〕13号).

For one applicant and one year: per-item awards for patents, geographical indications and Madrid
marks (一); the evaluation-fee subsidy of patent-pledge loans (二); awards for recognised
enterprises (三, where the same enterprise gets only the highest: 就高不重复); legal-protection
assistance at 50 % of the costs with caps per case and per year (四, nothing where insurance paid);
and transfer funding at up to 30 % of the money received with a yearly cap (五; transfers between a
university and its own companies do not count, an enterprise at most three projects a year, chosen by
their size — never by the order of the input).

Clause 二 gives only the ends of the subsidy for loans of 50万 to 1000万元 (0.5万 to 2万元). The option
``pledge`` reads it as a straight line between the two ends (``linear``, default: the simplest rule
meeting both ends that grows with the loan) or pays the lower end (``minimum``). ``projects``: whether
``每年资助项目不超过3个`` limits each enterprise (``per_enterprise``, default: its three largest
transfers) or the city's selection (``citywide``: 30 % of each). ``titles``: whether the GB/T 29490
certification is of one kind with the two recognitions under 就高不重复 (``one_kind``, default) or a
kind of its own (``separate``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zhengce.text.typed import cn_day

from .core import CalcError, Option, Params, Trace
from .scales import scale

ASKED = "on"  # the date the case is asked for: the document must cover it
AMOUNT_LABEL = "知识产权奖补合计"
NAME = "ip-award"
TITLE = "知识产权资助奖励"
SUMMARY = "永州知识产权：专利、地理标志、马德里商标资助，质押贷款评估费补贴，优势企业奖励，维权援助，转移转化资助"


class Foreign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    region: Literal["europe", "usa", "japan", "other"] = Field(..., description="europe、usa、japan 或 other")


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cost: Decimal = Field(..., ge=0, le=100_000_000, description="实际支出的维权费用（元）")
    foreign: bool = Field(False, description="国外案件")
    insurance_paid: bool = Field(False, description="知识产权保险已赔付")


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    received: Decimal = Field(..., ge=0, le=1_000_000_000, description="实际到账金额（元）")
    related_party: bool = Field(False, description="高校、科研院所与其下属企业之间的转让或许可")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    applicant: Literal["enterprise", "university"] = Field("enterprise", description="enterprise（企业）或 "
                                                                                    "university（高校、科研院所）")
    domestic_patents: int = Field(0, ge=0, le=10000, description="上年度获得授权的国内发明专利件数")
    foreign_patents: list[Foreign] = Field(default_factory=list, max_length=1000, description="获得授权的国外发明专利")
    geo_indications: int = Field(0, ge=0, le=100, description="获批且有企业完成专用标志登记的地理标志件数")
    madrid_marks: int = Field(0, ge=0, le=1000, description="成功注册的马德里国际注册商标件数")
    pledge_loans: list[Decimal] = Field(default_factory=list, max_length=100, description="专利权质押贷款额度（元）")
    titles: list[Literal["national_demonstration", "national_advantage", "gbt29490"]] = Field(
        default_factory=list, description="national_demonstration（国家知识产权示范企业）、"
                                          "national_advantage（优势企业）、"
                                          "gbt29490（通过 GB/T 29490 认证）")
    cases: list[Case] = Field(default_factory=list, max_length=100, description="上年度的维权案件")
    transfers: list[Transfer] = Field(default_factory=list, max_length=100, description="专利转让、许可、作价入股")
    on: date | None = Field(None, description="申请日期（须在有效期内）")


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    term = params.get("term")
    start = date.fromisoformat(term.value["start"])
    end = start.replace(year=start.year + int(term.value["years"])) - timedelta(days=1)
    on = inputs.on or start
    if not start <= on <= end:
        state = "尚未生效" if on < start else "已失效"
        raise CalcError(f"申请日期 {cn_day(on)}时，{params.doc_number}{state}（有效期 {cn_day(start)}至{cn_day(end)}）"
                        " / outside the term")
    parts: dict[str, Decimal] = {"creation": _creation(inputs, params, on, trace),
                                 "pledge": _pledge(inputs, params, on, options, trace)}
    if inputs.titles:
        parts["enterprise"] = _enterprise(inputs, params, on, options, trace)
    parts["protection"] = _protection(inputs, params, on, trace)
    parts["transfer"] = _transfer(inputs, params, on, options, trace)
    total = sum(parts.values(), Decimal(0))
    trace.step("合计（市、县两级按财政收入分成比例分级承担）", term.ref, total)
    return {"amount": total, "parts": {k: f"{x.quantize(Decimal('0.01'))}" for k, x in parts.items()}}


def _creation(inputs: Input, params: Params, on: date, trace: Trace) -> Decimal:
    """一: per-item awards for patents, geographical indications and Madrid marks."""
    items = params.get("per_item", on)
    v = {k: Decimal(x) for k, x in items.value.items()}
    created = Decimal(0)
    for count, key, text in ((inputs.domestic_patents, "domestic_patent", "国内发明专利"),
                             (inputs.geo_indications, "geo_indication", "地理标志"),
                             (inputs.madrid_marks, "madrid", "马德里国际注册商标")):
        if count:
            created += v[key] * count
            trace.step(f"{text} {count} 件 × {v[key]} 元", items.ref, v[key] * count)
    major = sum(1 for f in inputs.foreign_patents if f.region != "other")
    other = len(inputs.foreign_patents) - major
    if major:
        created += v["foreign_major"] * major
        trace.step(f"欧洲、美国、日本发明专利 {major} 件 × {v['foreign_major']} 元", items.ref,
                   v["foreign_major"] * major)
    if other:
        created += v["foreign_other"] * other
        trace.step(f"其他国家（地区）发明专利 {other} 件 × {v['foreign_other']} 元", items.ref,
                   v["foreign_other"] * other)
    return created


def _pledge(inputs: Input, params: Params, on: date, options: dict[str, str], trace: Trace) -> Decimal:
    """二: the evaluation-fee subsidy of each patent-pledge loan, by the band of the loan (nothing below the
    first paid band, the two ends of the middle band joined as the option reads them, a fixed amount above)."""
    pledge = scale(params, "pledge", on)
    low, high = pledge.brackets[1].threshold, pledge.brackets[2].threshold
    pledged = Decimal(0)
    for loan in inputs.pledge_loans:
        award, band = pledge.amount(loan, linear=options["pledge"] == "linear")
        why = {0: f"低于 {low} 元，不予补贴", 2: f"{high} 元以上"}.get(
            band or 0, "区间内按下限" if options["pledge"] == "minimum" else "区间内按贷款额线性确定")
        pledged += award
        trace.step(f"质押贷款 {loan} 元：{why}", pledge.ref, award)
    return pledged


def _enterprise(inputs: Input, params: Params, on: date, options: dict[str, str], trace: Trace) -> Decimal:
    """三: awards for recognised enterprises, the highest of one kind only (就高不重复)."""
    titles = params.get("enterprise", on)
    names = {"national_demonstration": "国家知识产权示范企业", "national_advantage": "国家知识产权优势企业",
             "gbt29490": "通过GB/T 29490认证"}
    awards = {t: Decimal(titles.value[t]) for t in dict.fromkeys(inputs.titles)}
    # 就高不重复 applies within one kind (同类事项): all three titles, or the two recognitions apart
    # from the certification, as the option reads it
    kinds = ([list(awards)] if options["titles"] == "one_kind" else
             [k for k in ([t for t in awards if t != "gbt29490"], [t for t in awards if t == "gbt29490"]) if k])
    got = Decimal(0)
    for kind in kinds:
        best = max(kind, key=lambda t: awards[t])
        if len(kind) > 1:
            trace.step("同一企业同类事项满足多项奖励条件，就高不重复：" + "、".join(
                f"{names[t]} {awards[t]}" for t in kind), titles.ref)
        trace.step(f"{names[best]}奖励", titles.ref, awards[best])
        got += awards[best]
    return got


def _protection(inputs: Input, params: Params, on: date, trace: Trace) -> Decimal:
    """四: legal-protection assistance, a share of the costs capped per case and per year."""
    prot = params.get("protection", on)
    q = {k: Decimal(x) for k, x in prot.value.items()}
    helped = Decimal(0)
    for k, case in enumerate(inputs.cases, 1):
        if case.insurance_paid:
            trace.step(f"维权案件{k}：知识产权保险已赔付，不予补助", prot.ref, Decimal(0))
            continue
        cap = q["foreign_cap"] if case.foreign else q["domestic_cap"]
        award = min(case.cost * q["rate"], cap)
        trace.step(f"维权案件{k}：费用 {case.cost} 元 × {q['rate'] * 100:.0f}%，每件最高 {cap} 元", prot.ref, award)
        helped += award
    if helped > q["yearly_cap"]:
        trace.step(f"同一申请人每年累计不超过 {q['yearly_cap']} 元", prot.ref, q["yearly_cap"])
        helped = q["yearly_cap"]
    return helped


def _transfer(inputs: Input, params: Params, on: date, options: dict[str, str], trace: Trace) -> Decimal:
    """五: transfer funding, a share of the money received with a yearly cap; related parties do not count and
    an enterprise has at most a few projects a year, chosen by their size."""
    tr = params.get("transfer", on)
    rate, cap = Decimal(tr.value["rate"]), Decimal(tr.value["yearly_cap"])
    moved = Decimal(0)
    limit = int(tr.value["enterprise_projects"])
    eligible = []
    for k, t in enumerate(inputs.transfers, 1):
        if t.related_party:
            trace.step(f"转化项目{k}：高校、科研院所与下属企业之间的转让或许可，不纳入资助", tr.ref, Decimal(0))
        else:
            eligible.append((k, t))
    if inputs.applicant == "enterprise" and options["projects"] == "per_enterprise" and len(eligible) > limit:
        # 结合企业年产值、交易金额、纳税额等情况: the projects are chosen by their size, never by the order
        # they were typed in — the largest amounts received (ties by the order given)
        chosen = sorted(eligible, key=lambda kt: (-kt[1].received, kt[0]))[:limit]
        for k, t in eligible:
            if (k, t) not in chosen:
                trace.step(f"转化项目{k}：企业每年资助项目不超过 {limit} 个，按交易金额择优，未入选", tr.ref,
                           Decimal(0))
        eligible = sorted(chosen)
    for k, t in eligible:
        award = t.received * rate
        trace.step(f"转化项目{k}：实际到账 {t.received} 元 × 不超过 {rate * 100:.0f}%", tr.ref, award)
        moved += award
    if moved > cap:
        who = "企业" if inputs.applicant == "enterprise" else "高校、科研院所"
        trace.step(f"同一{who}当年不超过 {cap} 元", tr.ref, cap)
        moved = cap
    return moved


OPTIONS = (
    Option("pledge", {"linear": "50万至1000万元之间按贷款额在0.5万至2万元间线性确定",
                      "minimum": "区间内按下限0.5万元"},
           "linear", "条款只给出补贴区间的两端；线性读法同时满足两端并随贷款额增加"),
    Option("projects", {"per_enterprise": "每个企业每年最多资助3个项目，按交易金额择优",
                        "citywide": "“每年资助项目不超过3个”指全市的遴选，"
                                    "企业的每个项目均按30%资助（仍受5万元年度上限）"},
           "per_enterprise", "该句紧接“同一企业当年本项资助金额不超过5万元”，并以企业产值、交易金额、纳税额择优，"
           "读作对每个企业的限制；全市遴选的读法作为选项"),
    Option("titles", {"one_kind": "示范企业、优势企业与GB/T 29490认证为同类事项，就高不重复",
                      "separate": "示范企业、优势企业为一类（就高），GB/T 29490认证另为一类，可叠加"},
           "one_kind", "第三条把认定与认证放在同一条“培育知识产权优势企业”之下，第七段要求同类事项就高不重复；"
           "认证与认定分属两类的读法作为选项"),
)
EXAMPLE = {"domestic_patents": 3, "foreign_patents": [{"region": "usa"}], "titles": ["national_advantage", "gbt29490"]}
