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

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from .reading import explain, read_input

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
        raise CalcError(f"{on.isoformat()} 不在参数“{name}”的有效期内 / no value of {name} on that date")

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
    return Params(doc["doc_number"], doc["title"], versions, doc.get("effective_from"))


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
                raise CalcError(f"选项 {key} 的取值应为：{', '.join(opt.choices)} / allowed values")
            chosen[key] = value
        params = load_params(self.params)
        trace = Trace()
        for o in self.options:
            trace.option(o.name, chosen[o.name], o.choices[chosen[o.name]])
        out = self.compute(inputs, params, chosen, trace)
        amount = out.pop("amount")
        return {"calculator": self.name, "amount": None if amount is None else money(amount),
                **{k: money(v) if isinstance(v, Decimal) else v for k, v in out.items()},
                "steps": trace.steps, "options": trace.options,
                "source": {"doc_number": params.doc_number, "title": params.title}}
