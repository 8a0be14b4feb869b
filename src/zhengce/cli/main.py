"""The ``zhengce`` command."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from zhengce import __version__
from zhengce.cli import calendar as cli_calendar
from zhengce.cli import data as cli_data
from zhengce.cli import lifecycle as cli_lifecycle
from zhengce.cli import match as cli_match
from zhengce.cli import supervision as cli_supervision
from zhengce.db import IngestResult
from zhengce.extract.export import (
    deadline_records,
    document_records,
    money_rule_records,
    personnel_records,
    target_records,
    task_records,
)
from zhengce.parse.model import ParsedSource
from zhengce.parse.pipeline import parse_path
from zhengce.parse.worker import TIME_LIMIT, ParseWorker
from zhengce.text.read import ReadError

READABLE = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx"}
DB_OPTION = typer.Option(None, "--db", help="数据库路径或 URL（默认 ./zhengce.db，或 ZHENGCE_DATABASE_URL）")

app = typer.Typer(
    name="zhengce",
    help="政策文件结构化平台 / policy documents as structured data.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
app.add_typer(cli_supervision.users, name="user")
app.add_typer(cli_supervision.campaigns, name="campaign")
app.add_typer(cli_calendar.calendar, name="calendar")
app.add_typer(cli_data.data, name="data")
app.add_typer(cli_data.audit, name="audit")
app.command("demo")(cli_supervision.demo)
app.command("calc")(cli_supervision.calc)
app.command("status")(cli_supervision.status)
app.command("match")(cli_match.match)
app.command("registry")(cli_lifecycle.registry)
app.command("expiring")(cli_lifecycle.expiring)
app.command("cleanup")(cli_lifecycle.cleanup)


class ExportKind(StrEnum):
    documents = "documents"
    tasks = "tasks"
    targets = "targets"
    deadlines = "deadlines"
    references = "references"
    personnel = "personnel"
    rules = "rules"


def _each_parsed(paths: list[Path], failures: list[Path]) -> Iterator[ParsedSource]:
    """Parse the files one at a time; a file that cannot be read gets one line and goes on the list."""
    for path in paths:
        try:
            yield parse_path(path)
        except ReadError as exc:
            err.print(f"[red]✗ {path}: {exc}[/red]")
            failures.append(path)


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", help="显示版本 / show the version")) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def parse(files: list[Path] = typer.Argument(..., help="要解析的文件 / files to parse")) -> None:
    """解析文件并输出结构化文档（JSON）/ print the structured documents as JSON."""
    failures: list[Path] = []
    out = []
    for parsed in _each_parsed(files, failures):
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


@app.command()
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

        sources = list(_each_parsed(files, failures))
        index = DocumentIndex((p.name, d) for p in sources for d in p.documents)
        if db is not None:
            from zhengce.db import document_keys, open_store

            for entry in document_keys(open_store(db)):
                index.add_entry(entry)
        for parsed in sources:
            for facts in extract_source(parsed):
                for ref in facts.references:
                    ref.resolved = index.resolve(ref)
                    sys.stdout.write(_dump(ref.record()) + "\n")
        if failures:
            raise typer.Exit(1)
        return
    for parsed in _each_parsed(files, failures):
        if what is ExportKind.documents:
            for record in document_records(parsed):
                sys.stdout.write(_dump(record) + "\n")
        elif what is ExportKind.tasks:
            for record in task_records(parsed):
                sys.stdout.write(_dump(record) + "\n")
        elif what is ExportKind.targets:
            for record in target_records(parsed, include_tasks=include_tasks):
                sys.stdout.write(_dump(record) + "\n")
        else:
            records = {ExportKind.deadlines: deadline_records, ExportKind.personnel: personnel_records,
                       ExportKind.rules: money_rule_records}[what](parsed)
            for record in records:
                sys.stdout.write(_dump(record) + "\n")
    if failures:
        raise typer.Exit(1)


LEVELS = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级", "park": "园区",
          "enterprise": "企业", None: "—"}
KINDS = {"government": "政府", "office": "办公室", "department": "政府部门", "party": "党委部门", "mass": "群团组织",
         "judicial": "司法机关", "vertical": "垂直管理", "service": "事业单位", "park": "园区", "enterprise": "企业",
         "school": "院校", "township": "乡镇", "generic": "泛指", "unresolved": "未识别"}


@app.command()
def units(
    paths: list[Path] = typer.Argument(..., help="文件或目录 / files or folders"),
    unresolved: bool = typer.Option(False, "--unresolved", help="只列出未识别的单位 / only the names to review"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON Lines / print JSON Lines"),
) -> None:
    """责任单位名录：简称、全称归并，层级与辖区 / the unit registry of the responsibility tags."""
    from zhengce.extract.facts import extract_source
    from zhengce.extract.units import build_registry

    named: list[tuple[str, str | None]] = []
    failures: list[Path] = []
    for parsed in _each_parsed(_expand(paths), failures):
        for facts in extract_source(parsed):
            named.extend((a.unit, facts.document.issuer) for t in facts.tasks for a in t.assignments)
    registry = build_registry(named)
    rows = registry.unresolved() if unresolved else registry.sorted_units()
    if as_json:
        for u in rows:
            sys.stdout.write(_dump({"canonical": u.canonical, "kind": u.kind, "level": u.level,
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


@app.command()
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
    sources = list(_each_parsed(_expand(paths), failures))
    facts = [f for p in sources for f in extract_source(p)]
    found = contradictions_among((f.document, f.targets if include_tasks else f.plan_targets) for f in facts)
    registry = build_registry((a.unit, f.document.issuer) for f in facts for t in f.tasks for a in t.assignments)
    warnings = [(p.name, w) for p in sources for w in p.warnings] + [
        (f.document.source, w) for f in facts for w in f.document.warnings]
    if as_json:
        for c in found:
            sys.stdout.write(_dump({"type": "contradiction"} | c.record()) + "\n")
        for u in registry.unresolved():
            sys.stdout.write(_dump({"type": "unresolved_unit", "jurisdiction": u.jurisdiction, "name": u.canonical,
                                    "names": u.names}) + "\n")
        for source, w in warnings:
            sys.stdout.write(_dump({"type": "warning", "source": source, "message": w}) + "\n")
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


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE))
        else:
            files.append(path)
    return files


def _expand_keyed(paths: list[Path]) -> list[tuple[Path, str]]:
    """The files to ingest, each with the path that identifies it as a source: its path under the
    folder given, or the file's path as given. Two files of one run that would get the same path
    (the same name in two folders given) keep their paths as given."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found.extend((p, p.relative_to(path).as_posix()) for p in _expand([path]))
        else:
            found.append((path, path.as_posix()))
    holders: dict[str, set[Path]] = {}
    for file, key in found:
        holders.setdefault(key, set()).add(file.resolve())
    return [(file, file.as_posix() if len(holders[key]) > 1 else key) for file, key in found]


_STATUS = {"added": "[green]新增[/green]", "replaced": "[yellow]更新[/yellow]", "unchanged": "[dim]未变[/dim]",
           "duplicate": "[dim]重复[/dim]", "failed": "[red]失败[/red]"}
_NAMES = {"added": "新增", "replaced": "更新", "unchanged": "未变", "duplicate": "重复", "failed": "失败"}


def _explain(result: IngestResult) -> list[str]:
    """What happened to a stored file, in words: the versions it replaced, the copy it duplicates,
    the other sources of its name."""
    notes = []
    if result.status == "replaced":
        old = "、".join(f"{path}（来源 {i}）" for i, path in result.replaced)
        notes.append(f"取代 {old}；旧版 {result.kept} 份文档保留为历史版本 / supersedes {old}, "
                     f"{result.kept} old documents kept as superseded")
    if result.same_content is not None:
        i, path = result.same_content
        notes.append(f"内容与已收录的 {path}（来源 {i}）相同，未重复保存 / same content as {path}, not stored again")
    if result.status == "added" and result.same_name:
        others = "、".join(f"{path}（来源 {i}）" for i, path in result.same_name)
        notes.append(f"另有同名来源 {others}，按不同文件保存；若本文件是其新版本，请用 --replace 来源编号 / "
                     f"another source has this name; if this file is its new version, use --replace ID")
    return notes + result.notes


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="文件或目录 / files or folders"),
    db: str | None = DB_OPTION,
    replace: str | None = typer.Option(
        None, "--replace", metavar="OLD",
        help="把唯一给定的文件作为已收录来源 OLD（编号、路径或文件名）的新版本 / store the one file given as "
             "the new version of source OLD (id, path or name)"),
    time_limit: float = typer.Option(
        TIME_LIMIT, "--time-limit", min=0,
        help="每个文件的解析时限（秒，0 为不限）/ seconds to parse one file before it is refused (0: none)"),
) -> None:
    """解析并存入数据库 / parse and store documents.

    来源按内容和路径识别：目录中的文件以其在目录下的相对路径识别，单个文件以给定的路径识别；不同目录中的同名文件
    是不同的来源。相同内容重复导入不会改变任何数据；同一路径的新内容（或 --replace 指定的来源）是新版本，旧版本
    的文档保留为历史版本，不再出现在检索和列表中。/ A source is identified by its content and its path; a
    new version supersedes the old one, whose documents are kept.
    """
    from zhengce.db import SourceError, open_store
    from zhengce.library.ingest import store_parsed

    files = _expand_keyed(paths)
    if not files:
        err.print("[red]没有找到可读取的文件 / no readable files found[/red]")
        raise typer.Exit(1)
    if replace is not None and len(files) != 1:
        err.print(f"[red]--replace 只能与一个文件同用，这里有 {len(files)} 个 / --replace takes exactly one file, "
                  f"got {len(files)}[/red]")
        raise typer.Exit(1)
    engine = open_store(db)
    rows: list[tuple[str, str, str, str]] = []
    tally: Counter[str] = Counter()
    # each file is parsed in a worker process that is stopped after time_limit seconds (zhengce.worker);
    # a daemon: it ends with ingest however ingest ends
    worker = ParseWorker(time_limit, parse_path)
    with Progress(TextColumn("[bold]导入[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("", total=len(files))
        for path, key in files:
            progress.update(task, description=key)
            try:
                parsed = worker.parse(path)
                result = store_parsed(engine, parsed, path.stat().st_size, path=key, replace=replace)
                tally[result.status] += 1
                notes = _explain(result) + parsed.warnings
                rows.append((key, _STATUS[result.status], str(result.documents), "; ".join(notes)))
            except (ReadError, SourceError) as exc:
                tally["failed"] += 1
                err.print(f"[red]✗ {path}: {exc}[/red]")
                rows.append((key, _STATUS["failed"], "0", str(exc)))
            except Exception as exc:  # keep going: one bad file must not stop the others
                tally["failed"] += 1
                err.print(f"[red]✗ {path}: 解析失败 / parse failed: {type(exc).__name__}: {exc}[/red]")
                rows.append((key, _STATUS["failed"], "0", f"{type(exc).__name__}: {exc}"))
            progress.advance(task)
    worker.close()
    table = Table(title="导入结果 / ingest summary")
    for col in ("文件", "状态", "文档数", "说明"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    err.print(table)
    parts = "，".join(f"{_NAMES[k]} {tally[k]}" for k in _NAMES if tally[k])
    english = ", ".join(f"{tally[k]} {k}" for k in _NAMES if tally[k])
    err.print(f"共 {len(files)} 个文件：{parts} / {len(files)} files: {english}")
    if tally["failed"]:
        raise typer.Exit(1)


@app.command()
def summary(
    db: str | None = DB_OPTION,
    superseded: bool = typer.Option(False, "--superseded", help="同时列出被取代的旧版本 / also superseded versions"),
) -> None:
    """列出数据库中的文档 / list the stored documents."""
    from zhengce.db import counts, list_documents, open_store

    engine = open_store(db)
    docs = list_documents(engine, superseded=superseded)
    table = Table(title="政策文件库 / policy library")
    columns = (("来源", 24), ("发文字号", 20), ("发文机关", 20), ("标题", 50), ("成文日期", 10), ("有效期至", 10))
    for col, width in columns:
        table.add_column(col, overflow="fold", max_width=width)
    for row in docs:
        source = f"{row.source.path or row.source.name}（来源 {row.source_id}）"
        table.add_row(source + ("（已取代）" if row.superseded_at else ""), row.doc_number or "—", row.issuer or "—",
                      row.title or "—", row.signed.isoformat() if row.signed else "—",
                      row.expires_on.isoformat() if row.expires_on else "—")
    out = Console(width=max(Console().width, 150))
    out.print(table)
    c = counts(engine)
    kept = f"，另有 {c['superseded']} 份被取代的旧版本" if c["superseded"] else ""
    out.print(f"共 {c['sources']} 个来源文件，{c['documents']} 份文档{kept} / {c['sources']} sources, "
              f"{c['documents']} documents" + (f", {c['superseded']} superseded" if c["superseded"] else ""))


@app.command()
def serve(
    db: str | None = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, "--port", envvar="PORT", help="端口（或环境变量 PORT）/ port"),
    workers: int = typer.Option(1, "--workers", min=1, help="工作进程数 / worker processes"),
) -> None:
    """启动政策文件库网站与 API / serve the web app and the API."""
    import os

    import uvicorn

    from zhengce.db import database_url, open_store

    url = database_url(db)
    open_store(url).dispose()  # migrate once, before any worker starts
    os.environ["ZHENGCE_DATABASE_URL"] = url
    err.print(f"政策文件库：http://{host}:{port}/  （接口文档 /docs，按 Ctrl+C 停止）")
    uvicorn.run("zhengce.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    app()
