"""The ``search-index`` group: the embedded tantivy index of a SQLite store (``zhengce.db.tantivy_index``)."""

from __future__ import annotations

import time
from pathlib import Path
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
