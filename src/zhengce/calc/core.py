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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

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
            inputs = self.model.model_validate(_amounts_read(self.model, raw))
        except ValidationError as e:
            raise CalcError(explain(e, self.model)) from e
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


_MESSAGES = {
    "missing": "缺少此字段",
    "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内",
    "greater_than_equal": "数值过小",
    "greater_than": "数值过小",
    "less_than_equal": "数值过大",
    "less_than": "数值过大",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "date_from_datetime_parsing": "应为日期，如 2024-05-01",
    "date_parsing": "应为日期，如 2024-05-01",
    "extra_forbidden": "没有这个字段",
    "model_type": "应为对象",
    "value_error": "取值有误",
}


_AMOUNT = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*(?P<unit>元|块)?$")


def read_amount(text: str) -> Decimal | None:
    """An amount as people type it: ``30000``, ``30,000``, ``３０，０００``, ``3万``, ``2.5万元``, ``1.2亿``,
    ``9000元`` — or None when it is not one."""
    t = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "").replace(" ", "")
    m = _AMOUNT.match(t)
    if m is None:
        return None
    scale = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}.get(m.group("scale") or "", Decimal(1))
    return Decimal(m.group("n")) * scale


def _amount_text(value: Any) -> Any:
    """A typed amount as the number it stands for; anything else as it is, for validation to judge."""
    amount = read_amount(value) if isinstance(value, str) else None
    return str(amount) if amount is not None else value


def _is_decimal(annotation: Any) -> bool:
    return annotation is Decimal or Decimal in getattr(annotation, "__args__", ())


def _amounts_read(model: type[BaseModel], raw: Any) -> Any:
    """The input with amounts typed the usual ways (``3万``, ``30,000``) read as numbers, nested models and
    lists of them included; anything else is left for validation to judge."""
    if not isinstance(raw, dict):
        return raw
    out = dict(raw)
    for name, info in model.model_fields.items():
        if name not in out:
            continue
        value, annotation = out[name], info.annotation
        if _is_decimal(annotation):
            out[name] = _amount_text(value)
        elif isinstance(value, list) and getattr(annotation, "__args__", ()):
            inner = next((a for a in annotation.__args__ if isinstance(a, type) and issubclass(a, BaseModel)), None)
            if inner is not None:
                out[name] = [_amounts_read(inner, v) for v in value]
            elif _is_decimal(annotation.__args__[0]):
                out[name] = [_amount_text(v) for v in value]
        elif isinstance(value, dict) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out[name] = _amounts_read(annotation, value)
    return out


def _fields_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The fields a model allows at the place of an unknown field (``visits.0.x`` → the fields of a visit)."""
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        inner = field.annotation if field is not None else None
        args = getattr(inner, "__args__", ()) if inner is not None else ()
        model = next((a for a in (inner, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return list(model.model_fields) if model is not None else []


def explain(error: ValidationError, model: type[BaseModel] | None = None) -> str:
    """Every problem of an input, naming the field and what is allowed, in Chinese and English."""
    parts = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"]) or "输入"
        allowed = ""
        ctx = e.get("ctx") or {}
        if e["type"] == "extra_forbidden" and _fields_at(model, tuple(e["loc"])):
            allowed = f"（可用字段：{'、'.join(_fields_at(model, tuple(e['loc'])))}）"
        elif "expected" in ctx:
            allowed = f"（允许：{ctx['expected']}）"
        elif "ge" in ctx or "gt" in ctx or "le" in ctx or "lt" in ctx:
            bounds = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
            allowed = "（应" + "，".join(f"{bounds[k]} {ctx[k]}" for k in bounds if k in ctx) + "）"
        parts.append(f"字段 {where}：{_MESSAGES.get(e['type'], '取值有误')}{allowed} / {e['msg']}")
    return "；".join(parts)
