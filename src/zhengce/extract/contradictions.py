"""Review: the same indicator with different targets in one plan or across plans of one jurisdiction.

Targets are compared when they share the jurisdiction (of the issuing document), the indicator (after
folding, without quotes or a leading 全州/全市), the unit, the kind of change (growth, level, added …),
the scope and the target year (the year stated, else the plan's year). Two values, or one value with
different bounds (``增长12%`` and ``增长12%以上``), are reported for review; nothing is decided.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zhengce.extract.targets import Target, extract_targets
from zhengce.extract.units import jurisdiction_of
from zhengce.parse.model import Document
from zhengce.text.normalise import squash


@dataclass(slots=True)
class Contradiction:
    jurisdiction: str | None
    indicator: str
    unit: str
    change: str
    target_year: int | None
    targets: list[Target]

    @property
    def kind(self) -> str:
        """``value`` when the figures differ, ``bound`` when only 以上/左右/… differs."""
        return "value" if len({t.number for t in self.targets}) > 1 else "bound"

    def record(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction, "indicator": self.indicator, "unit": self.unit, "change": self.change,
            "target_year": self.target_year, "kind": self.kind,
            "targets": [{"value": t.value, "bound": t.bound, "text": t.text, "source": t.source,
                         "doc_number": t.doc_number, "plan": t.plan, "origin": t.origin, "node_id": t.node_id,
                         "span": {"start": t.start, "end": t.end}} for t in self.targets],
        }


def indicator_key(indicator: str) -> str:
    key = squash(indicator)
    key = re.sub(r"[“”\"'‘’「」]", "", key)
    key = re.sub(r"^(?:全[省市州县区镇乡]|我[省市州县区镇乡]|全域)", "", key)
    return re.sub(r"(?:数量|数)$", "", key)


def _plan_year(target: Target, doc: Document) -> int | None:
    if target.target_year:
        return target.target_year
    years = [int(y) for y in re.findall(r"(\d{4})\s*年", target.plan or "")]
    if years:
        return max(years)
    return doc.year


def find_contradictions(docs: Iterable[tuple[Document, str]], include_tasks: bool = False) -> list[Contradiction]:
    """Contradictions among the targets of ``(document, display text)`` pairs."""
    return contradictions_among((doc, extract_targets(doc, text, include_tasks=include_tasks)) for doc, text in docs)


def contradictions_among(docs: Iterable[tuple[Document, list[Target]]]) -> list[Contradiction]:
    """Contradictions among the targets of ``(document, its targets)`` pairs (``DocumentFacts.targets``)."""
    groups: dict[tuple[Any, ...], list[Target]] = defaultdict(list)
    for doc, targets in docs:
        where = jurisdiction_of(doc.issuer).name
        for t in targets:
            if t.change == "qualitative" or t.number is None:
                continue
            scope = "" if not t.scope or re.match(r"^(?:全|我)", t.scope) else t.scope  # 全市 = the whole jurisdiction
            key = (where, indicator_key(t.indicator), t.unit, t.change, scope, _plan_year(t, doc))
            groups[key].append(t)
    out = []
    for (where, _, unit, change, _scope, year), targets in groups.items():
        statements = {(t.source, t.start, t.end) for t in targets}  # a range (3-5家) is one statement
        if len({(t.number, t.bound) for t in targets}) > 1 and len(statements) > 1:
            out.append(Contradiction(where, targets[0].indicator, unit, change, year, targets))
    return sorted(out, key=lambda c: (c.jurisdiction or "", c.indicator))
