"""Calculators, the shared part: dated parameters with clause references, traces, money, input errors.

As in OpenFisca, parameters are data and formulas are code. A parameter file (``data/calc/*.toml``)
names its document and gives each parameter one or more dated versions::

    [document]
    doc_number = "永政发〔2024〕5号"
    title = "永州市人民政府关于调整永州市征地补偿标准的通知"

    [[params.unused_land_factor]]
    value = "0.5"
    from = 2024-01-01
    clause = "二"

A value is ``value`` (a number as a string), ``table`` (a table of them) or ``brackets`` (a scale, read
by :mod:`zhengce.calc.scales`). A formula asks for a parameter on a date and gets its value with the
clause it comes from; every step of a result names the clause it applies. Money is Decimal, rounded to
分 only at the end.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from zhengce.access.accounts import today
from zhengce.text.typed import cn_day, place_key

from .reading import explain, label, read_input

CENT = Decimal("0.01")


class CalcError(ValueError):
    """Input or a case the rules do not cover; the message is for the user, in Chinese and English."""


@dataclass(frozen=True, slots=True)
class Ref:
    doc_number: str
    clause: str
    title: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"doc_number": self.doc_number, "clause": self.clause, "title": self.title}


@dataclass(frozen=True, slots=True)
class Value:
    value: Any
    ref: Ref
    valid_from: date | None
    valid_to: date | None

    @property
    def decimal(self) -> Decimal:
        return Decimal(str(self.value))


@dataclass(slots=True)
class Params:
    """The parameters of one calculator, each a list of dated versions."""

    doc_number: str
    title: str
    versions: dict[str, list[Value]]
    effective_from: date | None = None
    expires_on: date | None = None
    period_clause: str = ""

    def state_on(self, on: date) -> str:
        """现行有效, 尚未生效 or 已失效 on ``on``, by the period the document states."""
        if self.effective_from is not None and on < self.effective_from:
            return "尚未生效"
        if self.expires_on is not None and on > self.expires_on:
            return "已失效"
        return "现行有效"

    def period_text(self) -> str:
        """The document's period in words: 2024年7月22日至2025年7月21日, or 自2024年1月1日起施行."""
        start, end = self.effective_from, self.expires_on
        if start and end:
            return f"{cn_day(start)}至{cn_day(end)}"
        if start:
            return f"自{cn_day(start)}起施行，未载明截止日期"
        return f"截至{cn_day(end)}" if end else "文件未载明施行日期和有效期"

    def get(self, name: str, on: date | None = None) -> Value:
        """The version of ``name`` valid on ``on`` (the newest when no date is given)."""
        found = self.versions.get(name)
        if not found:
            raise KeyError(name)
        if on is None:
            return found[-1]
        for v in reversed(found):
            if (v.valid_from is None or v.valid_from <= on) and (v.valid_to is None or on <= v.valid_to):
                return v
        first, last = found[0], found[-1]
        early = first.valid_from is not None and on < first.valid_from
        state = "尚未生效" if early else "已失效"
        span = "至".join(cn_day(d) for d in (first.valid_from, last.valid_to) if d is not None)
        raise CalcError(f"{cn_day(on)}时，{self.doc_number} {last.ref.clause} 所定标准{state}（有效期 {span}）"
                        f" / no value of {name} on {on.isoformat()}")

    def place(self, name: str, typed: str, on: date | None = None) -> str | None:
        """The key of table ``name`` that ``typed`` names: itself, or the same place written with or without
        its city and suffix (冷水滩, 永州市冷水滩区 → 冷水滩区); None when it names none."""
        keys = list(self.get(name, on).value)
        if typed.strip() in keys:
            return typed.strip()
        found = [k for k in keys if place_key(k) == place_key(typed)]
        return found[0] if len(found) == 1 else None

    def number(self, name: str, on: date | None = None) -> tuple[Decimal, Ref]:
        v = self.get(name, on)
        return v.decimal, v.ref


@cache
def load_params(name: str) -> Params:
    """The parameter file ``data/calc/{name}.toml``."""
    raw = tomllib.loads(resources.files("zhengce").joinpath("data", "calc", f"{name}.toml").read_text("utf-8"))
    doc = raw["document"]
    versions: dict[str, list[Value]] = {}
    for key, entries in raw.get("params", {}).items():
        items = entries if isinstance(entries, list) else [entries]
        versions[key] = sorted(
            (Value(e.get("value", e.get("table", e.get("brackets"))),
                   Ref(doc["doc_number"], str(e.get("clause", "")), doc["title"]), e.get("from"), e.get("to"))
             for e in items),
            key=lambda v: v.valid_from or date.min)
    return Params(doc["doc_number"], doc["title"], versions, doc.get("effective_from"), doc.get("expires_on"),
                  str(doc.get("period_clause", "")))


def money(amount: Decimal) -> str:
    """元 with two decimals (rounded half up to 分)."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass(slots=True)
class Trace:
    """The steps of one calculation, each with the clause it applies."""

    steps: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, dict[str, str]] = field(default_factory=dict)

    def step(self, text: str, ref: Ref | None = None, amount: Decimal | None = None) -> None:
        self.steps.append({"text": text, "amount": money(amount) if amount is not None else None,
                           "clause": ref.to_dict() if ref else None})

    def option(self, name: str, value: str, reading: str) -> None:
        """Record which reading of an ambiguous text was taken (shown in the result)."""
        self.options[name] = {"value": value, "reading": reading}


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    choices: dict[str, str]  # value → what it means
    default: str
    why: str  # why the default was chosen


@dataclass(frozen=True, slots=True)
class Calculator:
    name: str
    title: str
    summary: str
    params: str  # the parameter file
    model: type[BaseModel]
    compute: Callable[[Any, Params, dict[str, str], Trace], dict[str, Any]]
    example: dict[str, Any]
    options: tuple[Option, ...] = ()
    asked: str | None = None  # the input field holding the date the case is asked for (合同签订日期, 出险日期)
    places_from: tuple[tuple[str, str], ...] = ()  # (input field, parameter table whose keys are its places)
    amount_label: str = "结果"  # what ``amount`` is, for a headline
    headline_parts: tuple[str, ...] = ()  # parts as important as the amount (a township's waived fees)

    def places(self) -> dict[str, list[str]]:
        """The places each place field may name: the keys of its parameter table (newest version)."""
        params = load_params(self.params)
        return {name: list(params.get(table).value) for name, table in self.places_from}

    def run(self, raw: Any, options: dict[str, str] | None = None) -> dict[str, Any]:
        """Validate the input, compute, and return ``amount`` (元, two decimals), the parts and the steps."""
        if not isinstance(raw, dict):
            raise CalcError("输入应为 JSON 对象 / the input must be a JSON object")
        try:
            inputs = self.model.model_validate(read_input(self.model, raw))
        except ValidationError as e:
            raise CalcError(explain(e, self.model, self.name)) from e
        chosen = {o.name: o.default for o in self.options}
        for key, value in (options or {}).items():
            opt = next((o for o in self.options if o.name == key), None)
            if opt is None:
                known = ", ".join(o.name for o in self.options) or "无"
                raise CalcError(f"没有选项 {key}（可用：{known}）/ unknown option")
            if value not in opt.choices:
                readings = "；".join(f"{k}（{v}）" for k, v in opt.choices.items())
                raise CalcError(f"读法 {key} 应为：{readings} / allowed values: {', '.join(opt.choices)}")
            chosen[key] = value
        params = load_params(self.params)
        trace = Trace()
        for o in self.options:
            trace.option(o.name, chosen[o.name], o.choices[chosen[o.name]])
        out = self.compute(inputs, params, chosen, trace)
        amount = out.pop("amount")
        validity = self.validity(params, getattr(inputs, self.asked, None) if self.asked else None)
        if validity["state"] != "现行有效":  # said first: the figures that follow are the document's, not the day's
            trace.steps.insert(0, {"text": validity["text"] + "；以下按文件所载标准计算，仅供对照", "amount": None,
                                   "clause": Ref(params.doc_number, params.period_clause, params.title).to_dict()})
        return {"calculator": self.name, "amount": None if amount is None else money(amount),
                "amount_label": self.amount_label, "headline_parts": list(self.headline_parts),
                **{k: money(v) if isinstance(v, Decimal) else v for k, v in out.items()},
                "steps": trace.steps, "options": trace.options,
                "source": {"doc_number": params.doc_number, "title": params.title}, "validity": validity}

    def validity(self, params: Params | None = None, asked: Any = None) -> dict[str, Any]:
        """Whether the document covers the date asked (or today): its period, the date, 现行有效 / 尚未生效 /
        已失效, and a sentence saying so."""
        params = params or load_params(self.params)
        what = f"{self.label_of_asked()} {cn_day(asked)}" if isinstance(asked, date) else f"今天（{cn_day(today())}）"
        if isinstance(asked, int) and not isinstance(asked, bool):  # a year: covered if its first day is
            what, asked = f"{asked}年度", date(asked, 1, 1)
        on = asked if isinstance(asked, date) else today()
        state = params.state_on(on)
        text = f"{params.title}（{params.doc_number}）：有效期 {params.period_text()}"
        if state != "现行有效":
            joint = "时，" if isinstance(asked, date) else "，"
            text = f"{what}{joint}{params.doc_number}{state}（有效期 {params.period_text()}）"
        return {"from": params.effective_from.isoformat() if params.effective_from else None,
                "to": params.expires_on.isoformat() if params.expires_on else None, "on": on.isoformat(),
                "asked": isinstance(asked, date), "state": state, "text": text, "period": params.period_text(),
                "clause": Ref(params.doc_number, params.period_clause, params.title).to_dict()}

    def label_of_asked(self) -> str:
        return re.sub(r"（.*?）$", "", label(self.model, self.asked)) if self.asked else "所问日期"
