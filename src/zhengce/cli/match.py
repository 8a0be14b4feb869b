"""``zhengce match``: what a resident or an enterprise is entitled to (政策找人)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True, soft_wrap=True)

_COLOURS = {"符合": "green", "不符合": "red", "待确认": "yellow", "规则不全": "magenta"}


def _fail(message: str) -> None:
    err.print(f"[red]✗ {message}[/red]")
    raise typer.Exit(2)


def _status_lookup(db: str | None) -> Any:
    """Stored status events when a store is given, else None (the rules' own dated periods)."""
    if db is None:
        return None
    from zhengce import library
    from zhengce.db import open_store

    engine = open_store(db)
    cache: dict[tuple[str, date], Any] = {}

    def lookup(doc_number: str, day: date) -> dict[str, Any] | None:
        if (doc_number, day) not in cache:
            cache[(doc_number, day)] = library.status_of(engine, doc_number, day)
        return cache[(doc_number, day)]

    return lookup


def match(
    profile: str | None = typer.Option(None, "--profile", help="画像 JSON 文件，或 - 读标准输入"),
    batch: str | None = typer.Option(None, "--batch", help="批量画像 .xlsx 或 .csv（首行为字段名，可有 id 列）"),
    drafts: list[str] = typer.Option([], "--drafts", help="从文件文本起草规则供审核（JSON，不参与匹配）"),
    store_drafts: bool = typer.Option(
        False, "--store-drafts",
        help="为库中每个现行来源起草规则，存入待审核列表（需 --db；网页 /eligibility/drafts 审核）"),
    on: str | None = typer.Option(None, "--on", help="日期 YYYY-MM-DD（默认今天；申报日期未给出时即按此日）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：每条规则一行一个对象（批量时为一个报告对象）"),
    report: str | None = typer.Option(None, "--out", help="批量结果另存为 .xlsx"),
    db: str | None = typer.Option(
        None, "--db", help="数据库路径或 URL：按库中记载的废止、失效判断文件效力，批量运行记入审计日志"
    ),
) -> None:
    """政策找人：一个画像（或一批画像）对照每条规则，回答 符合、不符合、待确认 或 规则不全，并给出条款与金额。"""
    from zhengce.access.accounts import today as today_cn
    from zhengce.eligibility import ProfileError, coverage, read_day, read_profile
    from zhengce.eligibility import match as run_match

    try:
        when = read_day(on) if on else today_cn()
    except ValueError as e:
        _fail(f"--on {on}：{e} / --on must be a date")
        return
    if store_drafts:
        _store_drafts(db)
        return
    if drafts:
        _drafts(drafts)
        return
    if (profile is None) == (batch is None):
        _fail("请给出 --profile、--batch 或 --drafts 之一 / give --profile, --batch or --drafts")
        return
    status = _status_lookup(db)
    if batch is not None:
        _batch(Path(batch), when, as_json, report, db, status)
        return
    assert profile is not None
    try:
        text = sys.stdin.read() if profile == "-" else (
            profile if profile.lstrip().startswith("{") else Path(profile).read_text("utf-8"))
    except OSError as e:
        _fail(f"无法读取画像文件 {profile}：{e.strerror or e} / cannot read the profile")
        return
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        _fail(f"画像不是有效的 JSON：{e} / the profile is not valid JSON")
        return
    try:
        typed, ignored = read_profile(raw)
    except ProfileError as e:
        _fail(str(e))
        return
    if ignored and not as_json:  # --json keeps every output stream parseable
        err.print(f"[yellow]忽略未知字段 / ignored keys: {'、'.join(ignored)}[/yellow]")
    answers = run_match(typed, when, _rules(db), status=status)
    if as_json:
        for a in answers:
            sys.stdout.write(json.dumps(a, ensure_ascii=False) + "\n")
        return
    _print_answers(answers, coverage(answers, typed))


def _print_answers(answers: list[dict[str, Any]], note: str) -> None:
    """Each rule as a short block (readable in 80 columns: rich wraps each line), then the questions still open
    in the words a person answers, the ones that settle most rules first."""
    from zhengce.eligibility import clause_name, order_questions

    if note:
        out.print(f"[yellow]{note}[/yellow]")
    others = [a for a in answers if any(f["key"] == "kind" for f in a["failed"])]  # made for someone else
    for a in answers:
        if a in others:
            continue
        if a["answer"] == "符合":
            amount = f"，可享 {a['amount']} 元" if a["amount"] else ""
        elif a["amount_min"]:
            amount = f"，约 {a['amount_min']}–{a['amount_max']} 元"
        else:
            amount = ""
        out.print(f"[{_COLOURS[a['answer']]}]【{a['answer']}】[/] [bold]{a['title']}[/bold]{amount}")
        out.print(f"    {a['document']} {a.get('clause_name') or a['clause']} · {a['grant']}")
        for f in a["failed"]:
            out.print(f"    原因：{f['reason']}" + (f"（{clause_name(f['clause'])}）" if f["clause"] else ""))
        for q in a["questions"]:
            out.print(f"    待确认：{q['question']}")
        if a["missing_rule"]:
            out.print(f"    规则不全：{a['missing_rule'].get('text') or ''}")
    if others:
        out.print(f"不面向您这类申请人的 {len(others)} 条：" + "、".join(a["title"] for a in others))
    asked = order_questions([a for a in answers if a["answer"] == "待确认"])
    if asked:
        out.print("先回答这些问题（能确定最多规则的在前）：")
        for q in asked:
            out.print(f"  · {q['question']}（涉及 {q['settles']} 条规则）")


def _drafts(paths: list[str]) -> None:
    """Draft rules of each file, one JSON object per line, for a person to review."""
    from zhengce.eligibility.drafts import draft_rules
    from zhengce.parse.pipeline import parse_path
    from zhengce.text.read import ReadError

    for name in paths:
        try:
            parsed = parse_path(Path(name))
        except (OSError, ReadError) as e:
            _fail(f"无法读取 {name}：{e} / cannot read the file")
            return
        for d in draft_rules(parsed):
            sys.stdout.write(json.dumps({"source": name, **d}, ensure_ascii=False) + "\n")


def _rules(db: str | None) -> Any:
    """The rule files' rules, and with a store those people confirmed from drafts (None: the files' only)."""
    if db is None:
        return None
    from zhengce.db import open_store
    from zhengce.eligibility import load_rules
    from zhengce.eligibility.reviews import stored_rules

    return load_rules() + stored_rules(open_store(db))


def _store_drafts(db: str | None) -> None:
    """Draft the rules of every current source of the store, kept for review (each draft once)."""
    from zhengce.access.accounts import CLI
    from zhengce.db import open_store
    from zhengce.eligibility.reviews import draft_store

    if db is None:
        _fail("--store-drafts 需要 --db / --store-drafts needs --db")
        return
    got = draft_store(open_store(db), CLI)
    out.print(f"已读来源 {got['sources']} 个，新增草拟规则 {got['added']} 条，待审核：/eligibility/drafts")


def _batch(path: Path, when: date, as_json: bool, report: str | None, db: str | None, status: Any) -> None:
    from zhengce.eligibility import ProfileError
    from zhengce.eligibility.batch import read_batch, result_workbook, run_batch

    if not path.is_file():
        _fail(f"找不到文件 {path} / no such file")
        return
    try:
        loaded = read_batch(path)
    except ProfileError as e:
        _fail(str(e))
        return
    result = run_batch(loaded.profiles, when, _rules(db), status=status)
    result["bad_rows"] = loaded.bad_rows
    result["ignored_columns"] = loaded.ignored_columns
    if db is not None:
        _audit(db, path.name, result)
    if report:
        Path(report).write_bytes(result_workbook(result))
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table("规则", "文件 · 条款", "方式", "符合", "待确认", "不符合", "规则不全")
        for r in result["rules"]:
            c = r["counts"]
            table.add_row(r["title"], f"{r['document']} {r['clause']}", r["grant"], str(c["符合"]), str(c["待确认"]),
                          str(c["不符合"]), str(c["规则不全"]))
        out.print(table)
        out.print(f"画像 {result['profiles']} 个；免申即享待发放名单 {len(result['payment_lists'])} 份")
    for bad in loaded.bad_rows:
        err.print(f"[red]第 {bad['row']} 行（{bad['id']}）：{bad['error']}[/red]")
    if loaded.ignored_columns:
        err.print(f"[yellow]忽略未知列 / ignored columns: {'、'.join(loaded.ignored_columns)}[/yellow]")


def _audit(db: str, name: str, result: dict[str, Any]) -> None:
    """Every batch run is in the audit log: who ran it, on which file, how many profiles (no profile itself)."""
    from sqlalchemy.orm import Session

    from zhengce.access.accounts import CLI, audit
    from zhengce.db import open_store

    with Session(open_store(db)) as session:
        audit(session, CLI, "match.batch", "profiles", None, None,
              {"file": name, "as_of": result["as_of"], "profiles": result["profiles"],
               "bad_rows": len(result["bad_rows"]), "totals": result["totals"]})
        session.commit()
