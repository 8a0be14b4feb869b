"""The commands that read files without a database: ``parse``, ``export``, ``units``, ``check``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zhengce.cli.common import dump, each_parsed, expand
from zhengce.extract.export import (
    deadline_records,
    document_records,
    money_rule_records,
    personnel_records,
    target_records,
    task_records,
)


class ExportKind(StrEnum):
    documents = "documents"
    tasks = "tasks"
    targets = "targets"
    deadlines = "deadlines"
    references = "references"
    personnel = "personnel"
    rules = "rules"


def parse(files: list[Path] = typer.Argument(..., help="要解析的文件 / files to parse")) -> None:
    """解析文件并输出结构化文档（JSON）/ print the structured documents as JSON."""
    failures: list[Path] = []
    out = []
    for parsed in each_parsed(files, failures):
        out.append({
            "source": parsed.name,
            "format": parsed.format,
            "encoding": parsed.encoding,
            "gazette": parsed.gazette and {"name": parsed.gazette.name, "year": parsed.gazette.year,
                                           "issue": parsed.gazette.issue},
            "warnings": parsed.warnings,
            "documents": [doc.to_dict() for doc in parsed.documents],
        })
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n")
    if failures:
        raise typer.Exit(1)


def export(
    what: ExportKind = typer.Argument(..., help="导出内容 / what to export"),
    files: list[Path] = typer.Argument(..., help="要导出的文件 / files to read"),
    include_tasks: bool = typer.Option(
        False, "--include-tasks", help="targets：同时导出任务条文中的量化指标 / also targets stated in task clauses"),
    db: str | None = typer.Option(
        None, "--db", help="references：同时在此数据库的文档中查找 / also resolve against this database"),
) -> None:
    """导出 JSON Lines（不需要数据库）/ print JSON Lines computed from the files alone.

    references 在所有给定文件的文档中查找被引用的文件 / references are resolved against all the given files.
    """
    failures: list[Path] = []
    if what is ExportKind.references:
        from zhengce.extract.facts import extract_source
        from zhengce.extract.references import DocumentIndex

        sources = list(each_parsed(files, failures))
        index = DocumentIndex((p.name, d) for p in sources for d in p.documents)
        if db is not None:
            from zhengce.db import document_keys, open_store

            for entry in document_keys(open_store(db)):
                index.add_entry(entry)
        for parsed in sources:
            for facts in extract_source(parsed):
                for ref in facts.references:
                    ref.resolved = index.resolve(ref)
                    sys.stdout.write(dump(ref.record()) + "\n")
        if failures:
            raise typer.Exit(1)
        return
    for parsed in each_parsed(files, failures):
        if what is ExportKind.documents:
            for record in document_records(parsed):
                sys.stdout.write(dump(record) + "\n")
        elif what is ExportKind.tasks:
            for record in task_records(parsed):
                sys.stdout.write(dump(record) + "\n")
        elif what is ExportKind.targets:
            for record in target_records(parsed, include_tasks=include_tasks):
                sys.stdout.write(dump(record) + "\n")
        else:
            records = {ExportKind.deadlines: deadline_records, ExportKind.personnel: personnel_records,
                       ExportKind.rules: money_rule_records}[what](parsed)
            for record in records:
                sys.stdout.write(dump(record) + "\n")
    if failures:
        raise typer.Exit(1)


LEVELS = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级", "park": "园区",
          "enterprise": "企业", None: "—"}
KINDS = {"government": "政府", "office": "办公室", "department": "政府部门", "party": "党委部门", "mass": "群团组织",
         "judicial": "司法机关", "vertical": "垂直管理", "service": "事业单位", "park": "园区", "enterprise": "企业",
         "school": "院校", "township": "乡镇", "generic": "泛指", "unresolved": "未识别"}


def units(
    paths: list[Path] = typer.Argument(..., help="文件或目录 / files or folders"),
    unresolved: bool = typer.Option(False, "--unresolved", help="只列出未识别的单位 / only the names to review"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON Lines / print JSON Lines"),
) -> None:
    """责任单位名录 / the unit registry of the files' responsibility tags.

    简称、全称归并，层级与辖区。
    """
    from zhengce.extract.facts import extract_source
    from zhengce.extract.units import build_registry

    named: list[tuple[str, str | None]] = []
    failures: list[Path] = []
    for parsed in each_parsed(expand(paths), failures):
        for facts in extract_source(parsed):
            named.extend((a.unit, facts.document.issuer) for t in facts.tasks for a in t.assignments)
    registry = build_registry(named)
    rows = registry.unresolved() if unresolved else registry.sorted_units()
    if as_json:
        for u in rows:
            sys.stdout.write(dump({"canonical": u.canonical, "kind": u.kind, "level": u.level,
                                    "jurisdiction": u.jurisdiction, "names": u.names, "mentions": u.mentions}) + "\n")
    else:
        table = Table(title="待核对的单位名称 / names to review" if unresolved else "责任单位名录 / unit registry")
        for col in ("辖区", "单位", "类别", "层级", "文中写法", "次数"):
            table.add_column(col, overflow="fold")
        for u in rows:
            table.add_row(u.jurisdiction or "—", u.canonical, KINDS.get(u.kind, u.kind), LEVELS.get(u.level, "—"),
                          "、".join(u.names), str(u.mentions))
        out = Console(width=max(Console().width, 120))
        out.print(table)
        total, review = len(registry.units), len(registry.unresolved())
        out.print(f"共 {total} 个单位，{review} 个待核对 / {total} units, {review} to review")
    if failures:
        raise typer.Exit(1)


def check(
    paths: list[Path] = typer.Argument(..., help="文件或目录 / files or folders"),
    include_tasks: bool = typer.Option(False, "--include-tasks", help="同时比较任务条文中的指标 / also task targets"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON Lines / print JSON Lines"),
) -> None:
    """待核对事项：同一指标目标不一致、未识别的单位、解析警告 / what needs a human look."""
    from zhengce.extract.contradictions import contradictions_among
    from zhengce.extract.facts import extract_source
    from zhengce.extract.units import build_registry

    failures: list[Path] = []
    sources = list(each_parsed(expand(paths), failures))
    facts = [f for p in sources for f in extract_source(p)]
    found = contradictions_among((f.document, f.targets if include_tasks else f.plan_targets) for f in facts)
    registry = build_registry((a.unit, f.document.issuer) for f in facts for t in f.tasks for a in t.assignments)
    warnings = [(p.name, w) for p in sources for w in p.warnings] + [
        (f.document.source, w) for f in facts for w in f.document.warnings]
    if as_json:
        for c in found:
            sys.stdout.write(dump({"type": "contradiction"} | c.record()) + "\n")
        for u in registry.unresolved():
            sys.stdout.write(dump({"type": "unresolved_unit", "jurisdiction": u.jurisdiction, "name": u.canonical,
                                    "names": u.names}) + "\n")
        for source, w in warnings:
            sys.stdout.write(dump({"type": "warning", "source": source, "message": w}) + "\n")
    else:
        out = Console(width=max(Console().width, 120))
        table = Table(title="目标不一致 / targets that disagree")
        for col in ("辖区", "指标", "目标年", "差异", "表述（来源）"):
            table.add_column(col, overflow="fold")
        for c in found:
            stated = "\n".join(f"{t.text}（{t.plan or t.doc_number}）" for t in c.targets)
            table.add_row(c.jurisdiction or "—", c.indicator, str(c.target_year or "—"),
                          "数值不同" if c.kind == "value" else "限定词不同", stated)
        out.print(table)
        review = registry.unresolved()
        if review:
            out.print("未识别的单位 / unresolved units: " + "、".join(f"{u.canonical}（{u.jurisdiction or '—'}）"
                                                                   for u in review))
        for source, w in warnings:
            out.print(f"[yellow]⚠ {source}: {w}[/yellow]")
        out.print(f"目标不一致 {len(found)} 处，未识别单位 {len(review)} 个，解析警告 {len(warnings)} 条 / "
                  f"{len(found)} contradictions, {len(review)} unresolved units, {len(warnings)} warnings")
    if failures:
        raise typer.Exit(1)
