"""``town-incentive``: 江华城镇开发建设奖补 (江政发〔2024〕2号, 三).

For a township's development projects: county administrative fees are waived, service fees are
charged at 30 % of the lower bound of their standard and fees the province or city may not waive
are charged in full (一); 60 % of the land-transfer revenue goes back to the township (二); of the net
proceeds of revitalised assets (disposal income less the taxes and fees it bore), 40 % goes to the
township for its own assets, and for county units' assets in the township 20 % to the township and
5 % to the unit that managed them (三; the township's share includes the village collective's);
each provincial-or-higher title earns 4万元 and each commendation 2万元 (五).

``amount`` is what the township receives; the fees payable and waived and the unit's 5 % are parts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .core import Option, Params, Trace

AMOUNT_LABEL = "乡镇所得奖补（减免的收费另列为“减免费用”）"
HEADLINE_PARTS = ("fees_waived", "fees_payable")  # a clerk asking about fees reads these first
NAME = "town-incentive"
TITLE = "城镇开发建设奖补"
SUMMARY = "江华城镇开发建设：收费减免、土地出让收入60%返还、资产盘活净收益分成（40%；20%+5%）、创建奖励"


class Fee(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["administrative", "service", "statutory"] = Field(
        ..., description="administrative（县级行政事业性收费）、service（经营服务性收费，填下限标准）、"
                         "statutory（省、市直管部门法定不能减免的收费）")
    amount: Decimal = Field(..., ge=0, le=1_000_000_000, description="收费金额（元；经营服务性收费为下限标准）")


class Asset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner: Literal["township", "county_unit"] = Field(
        ..., description="township（乡镇管理）或 county_unit（县直单位管理）")
    income: Decimal = Field(..., ge=0, le=10_000_000_000, description="资产处置收入（元）")
    taxes: Decimal = Field(Decimal(0), ge=0, le=10_000_000_000, description="处置中缴纳和产生的相关税费（元）")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fees: list[Fee] = Field(default_factory=list, max_length=200, description="项目涉及的收费")
    land_revenue: Decimal = Field(Decimal(0), ge=0, le=100_000_000_000,
                                  description="城镇开发交易土地的出让收入总额（元）")
    assets: list[Asset] = Field(default_factory=list, max_length=200, description="盘活的国有资产")
    titles: int = Field(0, ge=0, le=50, description="成功申报的省级及以上荣誉称号数")
    commendations: int = Field(0, ge=0, le=50, description="受到市级以上表彰通报或典型经验推介的次数")


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    rate, fref = params.number("service_fee_rate")
    payable = waived = Decimal(0)
    names = {"administrative": "县级行政事业性收费", "service": "经营服务性收费", "statutory": "法定不能减免的收费"}
    for fee in inputs.fees:
        due = {"administrative": Decimal(0), "service": fee.amount * rate, "statutory": fee.amount}[fee.kind]
        payable += due
        waived += fee.amount - due
        how = {"administrative": "全免", "service": f"按下限标准的 {rate * 100:.0f}% 收取",
               "statutory": "照收"}[fee.kind]
        trace.step(f"{names[fee.kind]} {fee.amount} 元：{how}", fref, due)
    land_rate, lref = params.number("land_return_rate")
    land = inputs.land_revenue * land_rate
    if inputs.land_revenue:
        trace.step(f"土地出让收入 {inputs.land_revenue} 元的 {land_rate * 100:.0f}% 返还乡镇", lref, land)
    shares = params.get("asset_shares")
    s = {k: Decimal(v) for k, v in shares.value.items()}
    township = unit = Decimal(0)
    for k, asset in enumerate(inputs.assets, 1):
        net = max(asset.income - asset.taxes, Decimal(0))
        if asset.owner == "township":
            part = net * s["township_own"]
            trace.step(f"资产{k}（乡镇管理）净收益 {net} 元的 {s['township_own'] * 100:.0f}% 奖励乡镇（含村组）",
                       shares.ref, part)
            township += part
        else:
            part, back = net * s["township_county"], net * s["original_unit"]
            trace.step(f"资产{k}（县直单位管理）净收益 {net} 元的 {s['township_county'] * 100:.0f}% "
                       "奖励乡镇（含村组）", shares.ref, part)
            trace.step(f"资产{k} 净收益的 {s['original_unit'] * 100:.0f}% 奖励原资产管理单位", shares.ref, back)
            township += part
            unit += back
    awards = params.get("awards")
    prize = (Decimal(awards.value["title"]) * inputs.titles
             + Decimal(awards.value["commendation"]) * inputs.commendations)
    if prize:
        trace.step(f"荣誉称号 {inputs.titles} 项 × {awards.value['title']} 元，表彰推介 {inputs.commendations} 次 × "
                   f"{awards.value['commendation']} 元", awards.ref, prize)
    total = land + township + prize
    trace.step("乡镇所得合计", lref, total)
    return {"amount": total, "land_return": land, "asset_reward": township, "awards": prize,
            "original_unit_reward": unit, "fees_payable": payable, "fees_waived": waived}


OPTIONS: tuple[Option, ...] = ()
EXAMPLE = {"land_revenue": "5000000", "assets": [{"owner": "county_unit", "income": "1000000", "taxes": "100000"}],
           "fees": [{"kind": "administrative", "amount": "20000"}, {"kind": "service", "amount": "10000"}], "titles": 1}
