"""Eligibility rules as data: ``zhengce/data/eligibility/*.toml``, one file per document.

A file names its document (文号, title, the period its measures apply, the clause that says so) and
lists its rules. A rule says who may receive a benefit (typed conditions, each with its clause and the
sentence it reads), the fact whose date must fall in the period (``event_date``), the application
deadline, what must be provided and which government body already holds it, the calculator that gives
the amount (``calculator``, ``part``, ``inputs``; ``vary`` gives the values tried for an unknown fact
to show the amount range), how it is granted (免申即享, 快申快享, 申请) and, when the text leaves the
rule to another document, ``incomplete`` (the answer is then 规则不全).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from .profile import PROFILE_KEYS

GRANT_MODES = ("免申即享", "快申快享", "申请")
OPS = ("in", "not_in", "place", "true", "false", "gt", "ge", "lt", "le", "any_ge", "has_any")


class RuleError(ValueError):
    """A rule file that cannot be used (a bad key, operator or calculator): a programming error."""


@dataclass(frozen=True, slots=True)
class Condition:
    keys: tuple[str, ...]
    op: str
    values: tuple[Any, ...]
    clause: str
    text: str

    @property
    def key(self) -> str:
        return self.keys[0]


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None
    end: date | None
    clause: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    document: str
    document_title: str
    clause: str
    who: tuple[str, ...]
    grant: str
    units: tuple[str, ...]
    conditions: tuple[Condition, ...]
    period: Period
    event_date: str | None = None
    apply_by: tuple[date, str] | None = None
    materials: tuple[dict[str, str], ...] = ()
    calculator: str | None = None
    part: str = "amount"
    inputs: dict[str, Any] = field(default_factory=dict)  # calculator field → profile key, mapping or constant
    vary: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    incomplete: dict[str, str] | None = None
    part_of: str | None = None
    note: str = ""

    def keys(self) -> set[str]:
        """Every profile key the rule reads."""
        out = {k for c in self.conditions for k in c.keys}
        for source in self.inputs.values():
            if isinstance(source, dict):
                out.update(source.get("keys") or [source["key"]])
            elif isinstance(source, str) and source in PROFILE_KEYS:
                out.add(source)
        if self.event_date:
            out.add(self.event_date)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.id, "title": self.title, "document": self.document, "document_title": self.document_title,
                "clause": self.clause, "clause_name": clause_name(self.clause), "who": list(self.who),
                "grant": self.grant, "units": list(self.units),
                "period": {"from": _iso(self.period.start), "to": _iso(self.period.end), "clause": self.period.clause},
                "event_date": self.event_date,
                "apply_by": ({"date": self.apply_by[0].isoformat(), "clause": self.apply_by[1]}
                             if self.apply_by else None),
                "conditions": [{"keys": list(c.keys), "op": c.op, "values": [str(v) for v in c.values],
                                "clause": c.clause, "text": c.text} for c in self.conditions],
                "materials": list(self.materials), "calculator": self.calculator, "incomplete": self.incomplete,
                "part_of": self.part_of, "note": self.note,
                "free_of_application_candidate": self.grant == "免申即享" or (  # no materials entered: no claim
                    bool(self.materials) and all(m.get("held_by") for m in self.materials))}


_NUMERALS = "一二三四五六七八九十百"


def clause_name(clause: str) -> str:
    """A clause as a reader names it: 一、二、三、四 → 第一、二、三、四部分, 一（五） → 第一部分第（五）项, 第八条 and
    末段 as they are."""
    c = clause.strip()
    m = re.fullmatch(rf"([{_NUMERALS}]+)[（(]([{_NUMERALS}]+)[)）]", c)
    if m:
        return f"第{m.group(1)}部分第（{m.group(2)}）项"
    if c and all(part and set(part) <= set(_NUMERALS) for part in c.split("、")):
        return f"第{c}部分"
    return c


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _condition(raw: dict[str, Any], where: str) -> Condition:
    keys = tuple(raw["keys"]) if "keys" in raw else (raw["key"],)
    for k in keys:
        if k not in PROFILE_KEYS:
            raise RuleError(f"{where}: unknown profile key {k}")
    op = raw["op"]
    if op not in OPS:
        raise RuleError(f"{where}: unknown operator {op}")
    values: tuple[Any, ...] = tuple(raw.get("values", ()))
    if "value" in raw:
        values = (raw["value"],)
    if op in {"gt", "ge", "lt", "le", "any_ge"}:
        values = tuple(v if isinstance(v, date) else Decimal(str(v)) for v in values)
    return Condition(keys, op, values, str(raw.get("clause", "")), str(raw.get("text", "")))


def parse_rules(raw: dict[str, Any], source: str = "") -> list[Rule]:
    """The rules of one parsed rule file."""
    from zhengce.calc import CALCULATORS

    doc = raw["document"]
    doc_period = Period(doc.get("effective_from"), doc.get("expires_on"), str(doc.get("validity_clause", "")))
    out = []
    for r in raw.get("rules", []):
        where = f"{source}:{r.get('id')}"
        if r.get("grant") not in GRANT_MODES:
            raise RuleError(f"{where}: grant must be one of {GRANT_MODES}")
        if r.get("calculator") and r["calculator"] not in CALCULATORS:
            raise RuleError(f"{where}: unknown calculator {r['calculator']}")
        p = r.get("period")
        period = Period(p.get("from"), p.get("to"), str(p.get("clause", ""))) if p else doc_period
        apply_by = (r["apply_by"]["date"], str(r["apply_by"].get("clause", ""))) if r.get("apply_by") else None
        out.append(Rule(
            id=r["id"], title=r["title"], document=doc["doc_number"], document_title=doc["title"],
            clause=str(r["clause"]), who=tuple(r.get("who", ("person",))), grant=r["grant"],
            units=tuple(r.get("units", ())), conditions=tuple(_condition(c, where) for c in r.get("conditions", [])),
            period=period, event_date=r.get("event_date"), apply_by=apply_by,
            materials=tuple(r.get("materials", ())), calculator=r.get("calculator"), part=r.get("part", "amount"),
            inputs=dict(r.get("inputs", {})), vary={k: tuple(v) for k, v in r.get("vary", {}).items()},
            incomplete=r.get("incomplete"), part_of=r.get("part_of"), note=r.get("note", "")))
        if out[-1].event_date and out[-1].event_date not in PROFILE_KEYS:
            raise RuleError(f"{where}: unknown event_date key")
    return out


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule of ``zhengce/data/eligibility/*.toml``, in file order."""
    folder = resources.files("zhengce").joinpath("data", "eligibility")
    rules: list[Rule] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            rules.extend(parse_rules(tomllib.loads(entry.read_text("utf-8")), entry.name))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleError("duplicate rule ids")
    return tuple(rules)


__all__ = ["GRANT_MODES", "Condition", "Period", "Rule", "RuleError", "clause_name", "load_rules", "parse_rules"]
