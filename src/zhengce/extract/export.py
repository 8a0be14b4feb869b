"""Export: the JSON Lines contracts that ``../shared/tools/score.py`` and other tools read."""

from __future__ import annotations

from typing import Any

from zhengce.extract.deadlines import extract_deadlines, find_deadlines
from zhengce.extract.moneyrules import extract_money_rules
from zhengce.extract.personnel import extract_personnel
from zhengce.extract.targets import extract_targets
from zhengce.extract.tasks import extract_tasks
from zhengce.extract.units import build_registry, jurisdiction_of
from zhengce.parse.model import Document, ParsedSource
from zhengce.text.normalise import folded_text

GOLD_FIELDS = ("source", "issuer", "title", "doc_number", "reg_code", "signed", "kind")


def document_record(doc: Document) -> dict[str, Any]:
    """One line of ``zhengce export documents``: the gold schema's fields first, then the rest."""
    full = doc.to_dict(with_text=False)
    return {k: full[k] for k in GOLD_FIELDS} | {k: v for k, v in full.items() if k not in GOLD_FIELDS}


def document_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    return [document_record(doc) for doc in parsed.documents]


def task_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    """Lines of ``zhengce export tasks``: every clause that carries a responsibility tag.

    Beside the printed names, ``units`` resolves each one in the jurisdiction of the document's issuer.
    """
    found = [(doc, task) for doc in parsed.documents for task in extract_tasks(doc, parsed.text)]
    registry = build_registry((a.unit, doc.issuer) for doc, task in found for a in task.assignments)
    out = []
    for doc, task in found:
        where = jurisdiction_of(doc.issuer)
        record = task.record()
        record["units"] = [
            {"role": a.role} | registry.resolutions[(where.name, a.unit)].record() for a in task.assignments
        ]
        year = doc.signed.year if doc.signed else doc.doc_number.year if doc.doc_number else None
        record["deadlines"] = [
            {k: v for k, v in d.record().items() if k not in {"source", "doc_number", "node_id", "span"}}
            | {"span": {"start": task.start + d.start, "end": task.start + d.end}}
            for d in find_deadlines(parsed.text[task.start : task.end], year, doc.signed,
                                    folded_text(parsed.text)[task.start : task.end])
        ]
        out.append(record)
    return out


def target_records(parsed: ParsedSource, include_tasks: bool = False,
                   qualitative: bool = False) -> list[dict[str, Any]]:
    """Lines of ``zhengce export targets``: the quantified targets of every plan (and task targets if asked).

    Qualitative cells of target tables (``持续改善``) are kept in the store and on the plan page, not in this
    export, whose contract is the quantified target list (../shared/gold/README.md)."""
    return [t.record() for doc in parsed.documents
            for t in extract_targets(doc, parsed.text, include_tasks=include_tasks)
            if qualitative or t.change != "qualitative"]


def deadline_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    """Lines of ``zhengce export deadlines``: dates, time limits and cadences with their clause."""
    return [d.record() for doc in parsed.documents for d in extract_deadlines(doc, parsed.text)]


def personnel_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    """Lines of ``zhengce export personnel``: 任, 免 and 挂职 from appointment notices."""
    return [e.record() for doc in parsed.documents for e in extract_personnel(doc, parsed.text)]


def money_rule_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    """Lines of ``zhengce export rules``: sentences that state a rate or an amount (calculator candidates)."""
    return [r.record() for doc in parsed.documents for r in extract_money_rules(doc, parsed.text)]
