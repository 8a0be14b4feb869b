"""The ``zhengce data`` commands (政务数据: statutory clocks, masking, the catalog) and ``zhengce audit verify``."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from zhengce.cli.common import DB_OPTION
from zhengce.datagov import rules as datagov

out = Console()
err = Console(stderr=True, soft_wrap=True)
data = typer.Typer(help="政务数据：法定办理时限、个人信息脱敏、数据目录的导入导出。", no_args_is_help=True)
audit = typer.Typer(help="审计日志：核验哈希链，指出第一条被改动的记录。", no_args_is_help=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]✗ {message}[/red]")
    return typer.Exit(code)


def _options(options: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep or key.strip() != "extension":
            raise _fail(f"无法识别的选项 {opt!r}，可用：extension=additional|total / unknown option", 2)
        if value.strip() not in datagov.EXTENSIONS:
            raise _fail(f"extension 只能是 additional（另计15个工作日）或 total（合计15个工作日），不是 {value!r}"
                        " / extension must be additional or total", 2)
        found[key.strip()] = value.strip()
    return found


@data.command("deadline")
def deadline(kind: str = typer.Argument(..., help="时限种类：" + "、".join(datagov.CLOCKS)),
             start: str = typer.Option(..., "--from", help="起算事件的日期（YYYY-MM-DD，当日不计）"),
             option: list[str] = typer.Option([], "--option", help="extension=additional|total：校核延期的读法"),
             as_json: bool = typer.Option(False, "--json"),
             db: str | None = typer.Option(None, "--db", help="用该数据库中已确认的正式工作日历（可选）")) -> None:
    """按《永州市政务大数据管理办法》计算到期日（工作日，含调休）：先打印到期日，再打印条款。"""
    if kind not in datagov.CLOCKS:
        raise _fail(f"未知的时限种类 {kind!r}，可选：{', '.join(datagov.CLOCKS)} / unknown kind", 2)
    try:
        day = date.fromisoformat(start.strip())
    except ValueError:
        raise _fail(f"日期 {start!r} 无法识别，请写作 YYYY-MM-DD / invalid date", 2) from None
    opts = _options(option)
    if db or os.environ.get("ZHENGCE_DATABASE_URL"):
        from zhengce.db import open_store

        open_store(db)  # activates the official calendars confirmed in that store
    due = datagov.deadline(kind, day, opts.get("extension", "additional"))
    if as_json:
        sys.stdout.write(json.dumps(due.to_dict(), ensure_ascii=False) + "\n")
        return
    line = (f"{due.due.isoformat()} {due.clause} {due.name}：{due.days}个工作日"
            f"（{due.text}；自 {day.isoformat()} 次日起算）")
    if due.extension:
        line += f" 读法：{datagov.EXTENSION_NAMES[due.extension]}"
    if due.estimated:
        line += " 【估算：该年尚无节假日安排，仅按周末计算】"
    typer.echo(line)


@data.command("mask")
def mask(kind: str = typer.Argument(..., help="类型：id（身份证号）、mobile（手机号）、name（姓名）"),
         value: str = typer.Argument(..., help="原值")) -> None:
    """打印脱敏后的值；无效的证件号、手机号不予输出，退出码 1。"""
    if kind not in datagov.MASK_TYPES:
        raise _fail(f"未知的脱敏类型 {kind!r}，可选：id、mobile、name / unknown type", 2)
    try:
        typer.echo(datagov.mask(kind, value))
    except datagov.DataError as exc:
        raise _fail(str(exc)) from None


@data.command("export")
def export_catalog(file: Path = typer.Argument(..., help="输出文件：.xlsx（目录表）或 .jsonld（DCAT）"),
                   db: str | None = DB_OPTION) -> None:
    """导出政务数据目录：Excel 目录表，或 DCAT（JSON-LD），供开放平台采集。"""
    from zhengce.datagov import catalog as datacatalog
    from zhengce.datagov import exchange
    from zhengce.db import open_store

    engine = open_store(db)
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        file.write_bytes(exchange.to_xlsx(datacatalog.resources(engine)))
    elif suffix in {".jsonld", ".json"}:
        file.write_text(json.dumps(exchange.to_dcat(datacatalog.resources(engine)), ensure_ascii=False, indent=2),
                        encoding="utf-8")
    else:
        raise _fail("只能导出为 .xlsx 或 .jsonld / export to .xlsx or .jsonld", 2)
    out.print(f"已导出 {file}")


@data.command("import")
def import_catalog(file: Path = typer.Argument(..., help="目录表 .xlsx 或 DCAT .jsonld"),
                   db: str | None = DB_OPTION) -> None:
    """导入政务数据目录（按资源代码更新或新增），列出一数一源的重复疑点。"""
    from zhengce.access.accounts import CLI
    from zhengce.datagov import catalog as datacatalog
    from zhengce.datagov import exchange
    from zhengce.db import open_store

    try:
        if file.suffix.lower() == ".xlsx":
            entries = exchange.from_xlsx(file.read_bytes())
        else:
            entries = exchange.from_dcat(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise _fail(f"无法读取 {file}：{exc}") from None
    engine = open_store(db)
    try:
        ids = datacatalog.import_entries(engine, CLI, entries)
    except datagov.DataError as exc:
        raise _fail(str(exc)) from None
    out.print(f"已导入 {len(ids)} 条目录")
    for d in datacatalog.duplicates(engine):
        out.print(f"[yellow]疑似重复（一数一源）：{d['a']['name']} / {d['b']['name']}，"
                  f"共同信息项 {d['shared']}[/yellow]")


@data.command("overdue")
def overdue(on: str | None = typer.Option(None, "--on", help="截至日期（YYYY-MM-DD，默认今天）"),
            as_json: bool = typer.Option(False, "--json"), db: str | None = DB_OPTION) -> None:
    """逾期的政务数据时限（申请、校核、异议、目录更新）及升级层级，按部门计入第三十八条指标。"""
    from zhengce.access.accounts import CLI
    from zhengce.datagov.board import dashboard
    from zhengce.db import open_store

    try:
        day = date.fromisoformat(on.strip()) if on else None
    except ValueError:
        raise _fail(f"日期 {on!r} 无法识别，请写作 YYYY-MM-DD / invalid date", 2) from None
    board = dashboard(open_store(db), CLI, None, day)
    if as_json:
        sys.stdout.write(json.dumps({k: board[k] for k in ("as_of", "overdue", "catalog_overdue", "clocks_overdue",
                                                           "clocks_due_soon", "indicators", "overdue_per_unit")},
                                    ensure_ascii=False) + "\n")
        return
    for d in board["clocks_overdue"]:  # every missed clock: requests, objections (the office's too), catalog
        typer.echo(f"{d['due']} {d['clause']} {d['name']}：{d['subject']}（{d['unit']}）"
                   f"逾期{d['workdays_over']}个工作日，升级至{d['level_name']}")
    for unit, indicators in board["indicators"].items():
        for name, n in indicators.items():
            typer.echo(f"{unit} {name}：{n}")
    if not board["indicators"]:
        typer.echo(f"截至 {board['as_of']} 没有逾期事项")


@audit.command("verify")
def verify(db: str | None = DB_OPTION) -> None:
    """核验审计日志的哈希链：完好打印 ok；否则指出第一条被改动的记录，退出码 1。"""
    from zhengce.access.auditchain import verify as verify_chain
    from zhengce.db import open_store

    bad = verify_chain(open_store(db))
    if bad is None:
        typer.echo("ok")
        return
    typer.echo(f"审计记录 {bad['id']} 已被改动 / audit row {bad['id']} changed："
               f"{bad['reason']}（{bad['action']}，{bad['username']}，{bad['at']}）")
    raise typer.Exit(1)
