"""``land-compensation``: 永州征地补偿标准 (永政发〔2024〕5号).

The compensation for an area of land is the area price of its county and zone (区片综合地价, 元/亩)
times the factor of its land type, times the area; 40 % of it is 土地补偿费 and 60 % 安置补助费. Where
several standards apply at once (a 林地 plot that is also 恢复属性, a 旱地 plot that is 永久基本农田),
the highest is taken, as clause 二 says ("按照有利于被征地农民的原则，适用补偿水平相对较高的标准").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zhengce.text.typed import cn_day

from .core import CalcError, Option, Params, Trace, money

ASKED = "notice_date"  # the date the case is asked for: the document must cover it
PLACES = {"county": "area_price"}  # 县市区 is one of the counties of the price table
AMOUNT_LABEL = "征地补偿合计"
NAME = "land-compensation"
TITLE = "征地补偿"
SUMMARY = "永州市征地补偿：区片综合地价 × 地类系数 × 面积，土地补偿费 40%、安置补助费 60%"
LAND_TYPES = ("水田", "旱地", "园地", "林地", "集体建设用地", "其他农用地", "未利用地")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    county: str = Field(..., description="县市区，如 冷水滩区")
    zone: Literal["I", "II"] = Field(..., description="区片：I 或 II（也可写 Ⅰ、Ⅱ、1、2）")
    land_type: Literal["水田", "旱地", "园地", "林地", "集体建设用地", "其他农用地", "未利用地"]
    area_mu: Decimal = Field(..., gt=0, le=1_000_000, description="面积（亩）")
    permanent_basic_farmland: bool = Field(False, description="是否永久基本农田")
    restorable: bool = Field(False, description="是否“恢复属性”地类")
    notice_date: date | None = Field(None, description="征收土地公告发布日期（判断新旧标准）")

    @field_validator("zone", mode="before")
    @classmethod
    def _zone(cls, value: Any) -> Any:
        aliases = {"Ⅰ": "I", "Ⅱ": "II", "1": "I", "2": "II", "I区": "I", "II区": "II", "Ⅰ区": "I", "Ⅱ区": "II"}
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else value
        return aliases.get(text, text) if isinstance(text, str) else text


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    on = params.effective_from or date(2024, 1, 1)
    if inputs.notice_date is not None and inputs.notice_date < on:
        raise CalcError(f"征收土地公告于 {cn_day(inputs.notice_date)} 发布，早于本标准施行日 {cn_day(on)}："
                        "可以继续按照公告确定的标准执行（永政发〔2024〕5号 五），本计算器不含旧标准"
                        " / the notice predates this standard: the announced standard applies")
    table = params.get("area_price", on)
    county = params.place("area_price", inputs.county, on)
    if county is None:
        raise CalcError(f"“县市区”：没有“{inputs.county}”的区片价，应为 {'、'.join(table.value)} 之一"
                        " / county: unknown county")
    inputs = inputs.model_copy(update={"county": county})
    prices = table.value[county]
    price = Decimal(prices[inputs.zone])
    trace.step(f"{inputs.county}{inputs.zone}区区片综合地价 {price} 元/亩", table.ref)
    factors = params.get("land_type_factor", on)
    candidates: list[tuple[Decimal, str, Any]] = []
    if inputs.land_type == "水田":
        candidates.append((Decimal(1), "征收水田按本标准执行", params.get("unused_land_factor", on).ref))
    elif inputs.land_type in {"旱地", "园地", "林地"}:
        f = Decimal(factors.value[inputs.county][inputs.land_type])
        candidates.append((f, f"{inputs.land_type}地类系数 {f}", factors.ref))
    elif inputs.land_type in {"集体建设用地", "其他农用地"}:
        f = Decimal(factors.value[inputs.county]["旱地"])
        candidates.append((f, f"{inputs.land_type}按旱地标准执行，系数 {f}", factors.ref))
    else:
        f, ref = params.number("unused_land_factor", on)
        candidates.append((f, f"未利用地按本标准的 {f} 倍执行", ref))
    if inputs.permanent_basic_farmland:
        f, ref = params.number("basic_farmland_factor", on)
        candidates.append((f, f"永久基本农田按本标准的 {f} 倍执行", ref))
    if inputs.restorable:
        f, ref = params.number("restorable_factor", on)
        candidates.append((f, f"“恢复属性”地类按本标准的 {f} 倍执行", ref))
    for f, text, ref in candidates:  # the amount of each standard only when there are several to compare
        trace.step(text + (f"，按此标准补偿 {money(price * f * inputs.area_mu)} 元" if len(candidates) > 1 else ""),
                   ref)
    factor, text, ref = max(candidates, key=lambda c: c[0])
    if len(candidates) > 1:
        trace.step(f"同时满足多项标准，按有利于被征地农民的原则取较高者：{text}", params.get("basic_farmland_factor",
                                                                                  on).ref)
    total = price * factor * inputs.area_mu
    trace.step(f"补偿合计 = {price} × {factor} × {inputs.area_mu} 亩", ref, total)
    share, share_ref = params.number("land_compensation_share", on)
    rest, _ = params.number("resettlement_share", on)
    land = (total * share)
    resettlement = total - Decimal(money(land))  # the two parts add up to the total to the 分
    trace.step(f"土地补偿费占 {share * 100:.0f}%", share_ref, land)
    trace.step(f"安置补助费占 {rest * 100:.0f}%", share_ref, resettlement)
    return {"amount": total, "land_compensation": land, "resettlement": resettlement,
            "price_per_mu": price, "factor": str(factor)}


OPTIONS: tuple[Option, ...] = ()
EXAMPLE = {"county": "冷水滩区", "zone": "I", "land_type": "旱地", "area_mu": "10", "permanent_basic_farmland": False,
           "restorable": False}
