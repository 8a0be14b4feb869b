"""The ``zhengce calendar`` commands: import the State Council's holiday notice, confirm it, show a year, count
working days (``workdays --from … --add N`` or ``--to …``)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zhengce.calendar.holidays import NoticeError, read_notice
from zhengce.calendar.public import AskError, add_days, between
from zhengce.calendar.workdays import SOURCE_NAMES
from zhengce.cli.common import DB_OPTION
from zhengce.db import calendars, open_store
from zhengce.parse.pipeline import parse_path
from zhengce.text.read import ReadError
from zhengce.text.typed import read_day

out = Console()
err = Console(stderr=True, soft_wrap=True)
calendar = typer.Typer(help="工作日历：导入国务院办公厅节假日安排通知、确认生效、查看某年的放假与调休、计算工作日。",
                       no_args_is_help=True)

WEEK = "一二三四五六日"


def _day(d: str) -> str:
    day = date.fromisoformat(d)
    return f"{day.month}月{day.day}日（周{WEEK[day.weekday()]}）"


def _print_moved(moved: list[dict[str, object]]) -> None:
    if not moved:
        out.print("没有督办事项的报送日因此改变。")
        return
    table = Table("督办事项", "周期", "原报送日", "新报送日")
    for m in moved:
        table.add_row(str(m["campaign"]), str(m["cycle"]), str(m["before"]), str(m["after"]))
    out.print(f"[yellow]{len(moved)} 个报送日因此改变：[/yellow]")
    out.print(table)


@calendar.command("import")
def import_(file: Path = typer.Argument(..., help="通知的文本、网页或 PDF"),
            yes: bool = typer.Option(False, "--yes", "-y", help="读出并核对无误后直接生效，不再询问"),
            db: str | None = DB_OPTION) -> None:
    """读取《国务院办公厅关于YYYY年部分节假日安排的通知》，核对后作为该年的正式工作日历。"""
    try:
        parsed = parse_path(file)
        notice = read_notice(parsed.text)
    except (ReadError, OSError) as exc:
        err.print(f"[red]✗ 无法读取 {file}：{exc}[/red]")
        raise typer.Exit(1) from None
    except NoticeError as exc:
        err.print(f"[red]✗ 通知未通过核对，未导入：{exc}[/red]")
        raise typer.Exit(1) from None
    table = Table("节日", "放假", "调休上班")
    for h in notice.holidays:
        off = h.off
        span = _day(off[0].isoformat()) + (f" 至 {_day(off[-1].isoformat())}" if len(off) > 1 else "")
        table.add_row(h.name, f"{span}，共{len(off)}天", "、".join(_day(d.isoformat()) for d in h.work) or "—")
    out.print(f"{notice.title}{'（' + notice.doc_number + '）' if notice.doc_number else ''}")
    out.print(table)
    engine = open_store(db)
    cid = calendars.propose(engine, notice, source_name=file.name)
    if not yes and not (sys.stdin.isatty() and typer.confirm(f"以此作为 {notice.year} 年的正式工作日历？")):
        out.print(f"已保存为待确认（编号 {cid}）。确认：zhengce calendar confirm {cid}")
        return
    result = calendars.confirm(engine, cid)
    out.print(f"[green]✓ {notice.year} 年工作日历已按此通知生效[/green]")
    _print_moved(result["moved"])


@calendar.command("confirm")
def confirm(calendar_id: int = typer.Argument(..., help="待确认通知的编号（zhengce calendar list）"),
            db: str | None = DB_OPTION) -> None:
    """确认一份待确认的节假日安排，使之成为该年的正式工作日历。"""
    try:
        result = calendars.confirm(open_store(db), calendar_id)
    except LookupError as exc:
        err.print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(1) from None
    out.print(f"[green]✓ {result['calendar']['year']} 年工作日历已按此通知生效[/green]")
    _print_moved(result["moved"])


@calendar.command("list")
def list_(as_json: bool = typer.Option(False, "--json"), db: str | None = DB_OPTION) -> None:
    """各年工作日历的来源，以及已导入、待确认的通知。"""
    from zhengce.access.accounts import today as today_cn

    engine = open_store(db)
    data = {"years": calendars.years(engine, today_cn()), "notices": calendars.notices(engine)}
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("年份", "来源", "通知")
    for y in data["years"]:
        table.add_row(str(y["year"]), y["source_name"], y["notice"] or "")
    out.print(table)
    for n in data["notices"]:
        out.print(f"  编号 {n['id']}：{n['year']} 年 {n['title']} · {n['status_name']}")


@calendar.command("show")
def show(year: int = typer.Argument(..., min=1990, max=2100, help="年份"),
         as_json: bool = typer.Option(False, "--json"), db: str | None = DB_OPTION) -> None:
    """某年的放假日（周末以外）与调休上班日，以及它们的来源。"""
    open_store(db)  # makes the store's confirmed calendars current
    data = calendars.year_days(year)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"{year} 年工作日历来源：{SOURCE_NAMES[data['source']]}"
              + (f"（{data['notice']}）" if data["notice"] else ""))
    if data["source"] == "weekends":
        out.print("[yellow]尚无该年的节假日安排：只按周末计算，导入通知后自动更正。[/yellow]")
        return
    out.print("放假：" + "、".join(_day(d) for d in data["off"]))
    out.print("调休上班：" + ("、".join(_day(d) for d in data["work"]) or "无"))


def _read(value: str, name: str) -> date:
    try:
        return read_day(value)  # 2025-09-26, 2025/9/26, 2025年9月26日
    except ValueError as exc:
        err.print(f"[red]✗ {name} {exc}：{value}[/red]")
        raise typer.Exit(2) from None


@calendar.command("workdays")
def workdays(start: str = typer.Option(..., "--from", help="起算日期，如 2025-09-26 或 2025年9月26日（当天不算）"),
             add: int | None = typer.Option(None, "--add", help="之后第几个工作日"),
             end: str | None = typer.Option(None, "--to", help="或：到哪一天（算当天），计算其间的工作日"),
             as_json: bool = typer.Option(False, "--json"), db: str | None = DB_OPTION) -> None:
    """工作日计算：某日之后第 N 个工作日是哪天，或两个日期之间有几个工作日（按法定节假日与调休）。"""
    first = _read(start, "--from")
    if (add is None) == (end is None):
        err.print("[red]✗ 请给出 --add 天数或 --to 日期（二者选一）[/red]")
        raise typer.Exit(2)
    open_store(db)  # makes the store's confirmed calendars current
    try:
        answer = add_days(first, add) if add is not None else between(first, _read(end or "", "--to"))
    except AskError as exc:
        err.print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
        return
    if answer["question"] == "add":
        out.print(f"{answer['start_name']} 之后第 {answer['days']} 个工作日是 [bold]{answer['end_name']}[/bold]")
    else:
        out.print(f"{answer['start_name']} 到 {answer['end_name']}：[bold]{answer['days']} 个工作日[/bold]"
                  "（不算开始当天，算结束当天）")
    if answer["holidays"]:
        out.print("期间放假：" + "、".join(f"{h['name']}{' ' + h['holiday'] if h['holiday'] else ''}"
                                      for h in answer["holidays"]))
    if answer["makeup_days"]:
        out.print("期间调休上班：" + "、".join(h["name"] for h in answer["makeup_days"]))
    if answer["warning"]:
        out.print(f"[yellow]{answer['warning']}[/yellow]")
    out.print("依据：" + "；".join(y["basis"] for y in answer["years"]))
