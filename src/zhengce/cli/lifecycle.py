"""The ``zhengce status``, ``zhengce registry``, ``zhengce expiring`` and ``zhengce cleanup`` commands: the validity
of documents over the store."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zhengce import library
from zhengce.cli.common import DB_OPTION, fail
from zhengce.db import open_store
from zhengce.library.registry import CLEANUP_HEADERS
from zhengce.sheets import workbook
from zhengce.text.typed import read_day

out = Console()
err = Console(stderr=True, soft_wrap=True)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return read_day(value)  # 2025-03-01, 2025/3/1, 2025年3月1日
    except ValueError as exc:
        err.print(f"[red]✗ {name} {exc}：{value}[/red]")
        raise typer.Exit(2) from None


def _save(path: Path, sheet: str, headers: list[str], rows: list[list[object]]) -> None:
    path.write_bytes(workbook([(sheet, headers, rows)], [6, 60, 22, 20, 40, 16, 16]))
    out.print(f"已写入 {path}（{len(rows)} 行）")


def registry(jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="只核查一个辖区"),
             as_json: bool = typer.Option(False, "--json"), db: str | None = DB_OPTION) -> None:
    """登记号核查：年份、类型码、前缀、重复、缺号、目录与正文不一致（供人工核对）。"""
    report = library.registry_report(open_store(db), jurisdiction)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("问题", "辖区", "登记号", "文号", "说明")
    for f in report["findings"]:
        table.add_row(f["check_name"], f["jurisdiction"] or "—", f["reg_code"] or "", f["doc_number"] or "",
                      f["detail"])
    out.print(table)
    out.print(f"共核查 {report['documents']} 个登记号，发现 {len(report['findings'])} 处待核对")


def expiring(months: int = typer.Option(6, "--months", min=1, max=120, help="多少个月内到期"),
             issuer: str | None = typer.Option(None, "--issuer", help="发文机关"),
             as_of: str | None = typer.Option(None, "--as-of", help="以哪天为准（默认今天）"),
             xlsx: Path | None = typer.Option(None, "--xlsx", help="另存为 Excel 清单"),
             db: str | None = DB_OPTION) -> None:
    """即将到期的现行文件（默认 6 个月内），按到期日排序。"""
    found = library.expiry_alerts(open_store(db), months, issuer, _day(as_of, "--as-of"))
    rows = [[k, d["title"], d["doc_number"], d["reg_code"], d["issuer"], d["expires_on"], d["days_left"]]
            for k, d in enumerate(found["documents"], 1)]
    if xlsx:
        _save(xlsx, "即将到期", ["序号", "文件标题", "文号", "统一登记号", "发文机关", "有效期至", "剩余天数"], rows)
        return
    table = Table("序号", "文件标题", "文号", "统一登记号", "发文机关", "有效期至", "剩余天数")
    for row in rows:
        table.add_row(*[str(x or "") for x in row])
    out.print(table)


def cleanup(issuer: str = typer.Argument(..., help="发文机关，如 永州市冷水滩区人民政府（含其办公室）"),
            before: str = typer.Option(..., "--before", help="截止日期：此前印发的规范性文件"),
            xlsx: Path | None = typer.Option(None, "--xlsx", help="另存为清理目录格式的 Excel"),
            db: str | None = DB_OPTION) -> None:
    """规范性文件清理工作表：效力、有效期、被现行文件引用次数与处理建议。"""
    day = _day(before, "--before")
    assert day is not None
    sheet = library.cleanup_sheet(open_store(db), issuer, day)
    if xlsx:
        _save(xlsx, "清理工作表", CLEANUP_HEADERS, [[d["number"], d["title"], d["doc_number"], d["reg_code"],
                                                  f"{d['status_name']}；{d['proposal']}"]
                                                 for d in sheet["documents"]])
        return
    table = Table(*CLEANUP_HEADERS)
    for d in sheet["documents"]:
        table.add_row(str(d["number"]), d["title"] or "", d["doc_number"] or "", d["reg_code"] or "",
                      f"{d['status_name']}；{d['proposal']}")
    out.print(table)


def status(
    doc: str = typer.Argument(..., help="文号（任意括号）、统一登记号或文档编号"),
    as_of: str | None = typer.Option(None, "--as-of", help="日期，如 2025-03-01、2025/3/1 或 2025年3月1日（默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    db: str | None = DB_OPTION,
) -> None:
    """文件在某日的效力：尚未生效、现行有效、已失效、已废止，以及依据。"""
    when = _day(as_of, "--as-of")
    found = library.status_of(open_store(db), doc, when)
    if found is None:
        fail(LookupError(f"找不到文件 {doc}，也没有已收录文件提到它 / not found"))
        return
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    d, s = found["document"], found["status"]
    name = d.get("title") or ""
    out.print(f"{d.get('doc_number') or d.get('reg_code') or ''} {name}".strip())
    since = f"，自 {s['since']} 起" if s.get("since") and s["status"] != "valid" else ""
    out.print(f"{found['as_of']}：[bold]{s['status_name']}[/bold]{since}（{s['reason']}）"
              + ("" if found["stored"] else " · 未收录，按其他文件的记载"))
    for e in found["events"]:
        out.print(f"  {e['effective'] or ''} {e['kind_name']} · {e['source']} {e['url']}")
    if len(found.get("same_code") or []) > 1:
        names = "、".join(x["doc_number"] or x["title"] or "" for x in found["same_code"])
        out.print(f"[yellow]注意：登记号 {doc} 对应 {len(found['same_code'])} 个文件：{names}；以上为第一个文件的效力。"
                  "请用文号查询其他文件。[/yellow]")
