"""``zhengce search`` (the library's search from the command line, the same page as /search and its twin) and
the ``search-index`` group: the embedded tantivy index of a SQLite store (``zhengce.db.tantivy_index``)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import typer

from zhengce.cli.common import DB_OPTION, err

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

search_index = typer.Typer(help="tantivy 检索索引（SQLite）/ the tantivy search index of a SQLite store",
                           no_args_is_help=True)


def _existing(db: str | None) -> Engine:
    """The store of ``--db``; an SQLite file that is not there is an error, not a new empty library."""
    from zhengce.db import database_url, open_store

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        err.print(f"[red]✗ 数据库不存在：{url.removeprefix('sqlite:///')}（用 --db 指定，或先运行 zhengce ingest）/ "
                  "no such database[/red]")
        raise typer.Exit(2)
    return open_store(db)


@search_index.command("rebuild")
def rebuild(db: str | None = DB_OPTION) -> None:
    """从数据库重建 tantivy 索引 / build the tantivy index afresh from the database."""
    from zhengce.db import tantivy_index as ti

    engine = _existing(db)
    started = time.perf_counter()
    try:
        n = ti.rebuild(engine)
    except ti.SearchIndexError as exc:
        err.print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(2) from exc
    except OSError as exc:  # a folder it cannot write: the old index stays, marked stale, FTS5 answers
        err.print(f"[red]✗ 索引目录不可写，未能重建 / the index folder cannot be written: {exc}[/red]")
        raise typer.Exit(2) from exc
    typer.echo(f"已为 {n} 份文档建立索引，用时 {time.perf_counter() - started:.1f} 秒：{ti.index_dir(engine)} / "
               f"{n} documents indexed")


@search_index.command("check")
def check(db: str | None = DB_OPTION) -> None:
    """核对索引与数据库是否一致（不一致时退出码 1）/ compare the index with the database (exit 1 if they differ)."""
    from zhengce.db import tantivy_index as ti

    engine = _existing(db)
    state = ti.status(engine)
    if state != "ready":
        err.print("[red]✗ 索引" + ("不存在" if state == "absent" else "已过期") +
                  "，请运行 zhengce search-index rebuild / the index is " + state + ", rebuild it[/red]")
        raise typer.Exit(1)
    try:
        missing, extra = ti.differences(engine)
    except ti.SearchIndexError as exc:  # damaged: a message, not a traceback
        err.print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(1) from exc
    if missing or extra:
        typer.echo(f"不一致：索引缺少 {len(missing)} 份，多出 {len(extra)} 份 / index lacks {len(missing)}, "
                   f"has {len(extra)} too many: {missing[:10]} {extra[:10]}")
        raise typer.Exit(1)
    typer.echo(f"一致 / consistent（索引位于 {ti.index_dir(engine)}，检索引擎：{ti.chosen(engine)}）")


@search_index.command("drop")
def drop(db: str | None = DB_OPTION) -> None:
    """删除 tantivy 索引，检索改用 SQLite FTS5 / remove the index; searches use FTS5."""
    from zhengce.db import tantivy_index as ti

    engine = _existing(db)
    typer.echo("已删除 / removed" if ti.drop(engine) else "没有索引 / no index")


def search(query: str = typer.Argument("", help="检索词：词语、“带引号的短语”、文号（任意括号）；空则列出全部文件"),
           page: int = typer.Option(1, "--page", min=1, help="第几页（每页 20 条）"),
           year: int | None = typer.Option(None, "--year", help="只看某年"),
           issuer: str | None = typer.Option(None, "--issuer", help="只看某发文机关"),
           kind: str | None = typer.Option(None, "--kind", help="只看某文种（通知、意见、方案…）"),
           validity: str | None = typer.Option(None, "--validity",
                                               help="只看某效力：valid 现行有效、expired 已失效、repealed 已废止、"
                                                    "pending 尚未生效、unknown 未标注"),
           as_json: bool = typer.Option(False, "--json", help="输出 JSON（与 /api/search 相同）"),
           db: str | None = DB_OPTION) -> None:
    """检索政策文件库 / search the library (the page /search shows)."""
    from rich.console import Console
    from rich.text import Text

    from zhengce import library
    from zhengce.library import PAGE_SIZE, VALIDITY
    from zhengce.library.searchhelp import helped_search

    if validity is not None and validity not in VALIDITY:
        err.print(f"[red]✗ 未知的效力：{validity}（可用：{'、'.join(VALIDITY)}）/ unknown validity[/red]")
        raise typer.Exit(2)
    # the page's data: a query that finds nothing is read again (split, everyday words, slips), as on /search
    data = helped_search(_existing(db), query, library.Filters(issuer=issuer, year=year, kind=kind,
                                                               validity=validity), page=page)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    found = SimpleNamespace(**data)
    out = Console()
    total = (f"约 {found.total}" if found.total_estimated else f"共 {found.total}{'+' if found.total_capped else ''}")
    if not found.too_deep:  # past PAGE_LIMIT nothing was searched: the notice says why
        pages = f" / 共 {data['last_page']} 页" if data["last_page"] and data["last_page"] > 1 else ""
        out.print(Text(f"{total} 份文件 · 第 {found.page} 页{pages}"))
        statuses = [f"{VALIDITY[f['value']]} {f['count']}" for f in found.facets.get("validity", []) if f["count"]]
        if statuses:
            sample = f"（前 {found.validity_sample} 条）" if found.validity_sample else ""
            out.print(Text(f"效力{sample}：" + " · ".join(statuses), style="dim"))
    for line in (found.notice, found.retry):
        if line:
            out.print(Text(line, style="yellow"))
    if not found.results and not found.too_deep:
        out.print(Text("已超过最后一页" if found.total else "没有找到匹配的文件。可以试试：" + "；".join(found.advice)))
    for n, r in enumerate(found.results, (found.page - 1) * PAGE_SIZE + 1):
        out.print(Text(f"{n}. {r['title'] or '（无标题）'}", style="bold"))
        out.print(Text(f"   {r['issuer'] or ''} · {r['doc_number'] or '无文号'} · {r['signed'] or ''} · "
                       f"{VALIDITY.get(r['validity'], r['validity'])} · {r['url']}"))
        if r.get("snippet"):
            out.print(Text("   " + " ".join(r["snippet"].split()), style="dim"))
