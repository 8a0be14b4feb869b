"""Export: the JSON Lines contracts that ``../shared/tools/score.py`` and other tools read."""

from __future__ import annotations

import re
from typing import Any

from zhengce.extract.facts import DocumentFacts, extract_source
from zhengce.extract.units import build_registry
from zhengce.parse.model import Document, ParsedSource
from zhengce.text.normalise import PINYIN_NOTE

GOLD_FIELDS = ("source", "issuer", "title", "doc_number", "reg_code", "signed", "kind")


def document_record(doc: Document) -> dict[str, Any]:
    """One line of ``zhengce export documents``: the gold schema's fields first, then the rest."""
    full = doc.to_dict(with_text=False)
    return {k: full[k] for k in GOLD_FIELDS} | {k: v for k, v in full.items() if k not in GOLD_FIELDS}


def document_records(parsed: ParsedSource) -> list[dict[str, Any]]:
    # a header needs a title line of its own (the gold's rule: no title line, no header): a page that prints only
    # a 文号 and its addressees, a notice printed without its title (named after the plan it issues) or a news page
    # about a plan is no document row; its tasks and targets are still exported
    records = [document_record(doc) for doc in parsed.documents if doc.title and doc.title.strip() and doc.own_title]
    if len(PINYIN_NOTE.findall(parsed.original)) >= 3:  # a mirror that prints pinyin after characters
        for record in records:
            for key in ("title", "doc_number", "issuer"):  # 絳政辦發(fā)〔2023〕14號 as printed too
                record[key] = printed_with_notes(record[key], parsed.original)
    return records


_NOTE = r"(?:[(（] ?[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]* ?[)）])?"


# a 文号's brackets as the page prints them (皖政[1985]38號(hào)): the record normalises them to 〔〕
_BRACKETS = {"〔": "[〔\\[［【﹝]", "〕": "[〕\\]］】﹞]"}


def printed_with_notes(title: str | None, original: str) -> str | None:
    """The title as the page prints it, with the pinyin notes the display text drops (關(guān)于…): the gold
    records fields as printed. Line breaks inside the printed title are not part of it."""
    if not title or len(title) > 200:
        return title
    m = re.search("".join(_BRACKETS.get(ch, re.escape(ch)) + _NOTE + r"\s*" for ch in title), original)
    if not m or not re.search(_NOTE[3:-2], m.group(0)):
        return title
    printed = re.sub(r"\s+", "", m.group(0))
    if "〔" in title:  # the record's brackets, the page's notes
        printed = re.sub(r"[\[［【﹝]", "〔", re.sub(r"[\]］】﹞]", "〕", printed))
    return printed


def _facts(parsed: ParsedSource, facts: list[DocumentFacts] | None) -> list[DocumentFacts]:
    return facts if facts is not None else extract_source(parsed)


def task_records(parsed: ParsedSource, facts: list[DocumentFacts] | None = None) -> list[dict[str, Any]]:
    """Lines of ``zhengce export tasks``: every clause that carries a responsibility tag.

    Beside the printed names, ``units`` resolves each one in the jurisdiction of the document's issuer
    (names the source abbreviates are learnt from the full names it prints, ``UnitRegistry.learn``).
    ``facts``: the source's facts when already extracted (``extract_source``).
    """
    found = [(f, task, deadlines) for f in _facts(parsed, facts) for task, deadlines in zip(f.tasks, f.task_deadlines,
                                                                                            strict=True)]
    registry = build_registry((a.unit, f.document.issuer) for f, task, _ in found for a in task.assignments)
    out = []
    for f, task, deadlines in found:
        record = task.record()
        record["units"] = [
            {"role": a.role} | registry.resolutions[(f.jurisdiction.name, a.unit)].record() for a in task.assignments
        ]
        record["deadlines"] = [
            {k: v for k, v in d.record().items() if k not in {"source", "doc_number", "node_id", "span"}}
            | {"span": {"start": task.start + d.start, "end": task.start + d.end}}
            for d in deadlines
        ]
        out.append(record)
    if out and len(PINYIN_NOTE.findall(parsed.original)) >= 3:  # a mirror that prints pinyin after characters
        for record in out:
            with_notes(record, parsed.original)
    return out


def with_notes(record: dict[str, Any], original: str) -> None:
    """A task's gold fields as the page prints them, pinyin notes included (市經(jīng)貿(mào)委), as the headers'
    fields are: the text's first 15 characters as printed, the units and the tag."""
    start = printed_with_notes(record["text_start"], original)
    record["text_start"] = start[:15] if start else start
    for role in ("lead", "support"):
        record[role] = [printed_with_notes(u, original) for u in record[role]]
    record["tag"] = printed_with_notes(record["tag"], original)


def target_records(parsed: ParsedSource, include_tasks: bool = False, qualitative: bool = False,
                   facts: list[DocumentFacts] | None = None) -> list[dict[str, Any]]:
    """Lines of ``zhengce export targets``: the quantified targets of every plan (and task targets if asked).

    Qualitative cells of target tables (``持续改善``) are kept in the store and on the plan page, not in this
    export, whose contract is the quantified target list (../shared/gold/README.md)."""
    records = [t.record() for f in _facts(parsed, facts) for t in (f.targets if include_tasks else f.plan_targets)
               if qualitative or t.change != "qualitative"]
    if records and len(PINYIN_NOTE.findall(parsed.original)) >= 3:  # as printed, like the document rows
        for record in records:
            for key in ("indicator", "text"):
                record[key] = printed_with_notes(record[key], parsed.original)
    return records


def deadline_records(parsed: ParsedSource, facts: list[DocumentFacts] | None = None) -> list[dict[str, Any]]:
    """Lines of ``zhengce export deadlines``: dates, time limits and cadences with their clause."""
    return [d.record() for f in _facts(parsed, facts) for d in f.deadlines]


def personnel_records(parsed: ParsedSource, facts: list[DocumentFacts] | None = None) -> list[dict[str, Any]]:
    """Lines of ``zhengce export personnel``: 任, 免 and 挂职 from appointment notices."""
    return [e.record() for f in _facts(parsed, facts) for e in f.personnel]


def money_rule_records(parsed: ParsedSource, facts: list[DocumentFacts] | None = None) -> list[dict[str, Any]]:
    """Lines of ``zhengce export rules``: sentences that state a rate or an amount (calculator candidates)."""
    return [r.record() for f in _facts(parsed, facts) for r in f.money_rules]
