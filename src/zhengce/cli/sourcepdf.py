"""``zhengce searchable-pdf``: write the searchable PDF of a stored source read by OCR (the scan with an
invisible text layer, :mod:`zhengce.library.searchpdf`)."""

from __future__ import annotations

from pathlib import Path

import typer

from zhengce.cli.common import DB_OPTION, err


def searchable_pdf(
    source: str = typer.Argument(..., metavar="SOURCE", help="来源文件：编号、路径或文件名 / id, path or name"),
    out: Path = typer.Argument(..., metavar="OUT", help="写入的 PDF 文件 / the PDF file to write"),
    db: str | None = DB_OPTION,
) -> None:
    """把经 OCR 识别的来源文件写成可检索PDF（扫描页原样，加不可见文字层）/ write a scanned source as a
    searchable PDF (its pages as scanned, with an invisible text layer)."""
    from sqlalchemy.orm import Session

    from zhengce.db import SourceError, find_source, open_store
    from zhengce.library import SearchablePdfError
    from zhengce.library import searchable_pdf as build

    engine = open_store(db)
    try:
        with Session(engine) as session:
            source_id = find_source(session, source).id
        _, pdf = build(engine, source_id)
    except (SourceError, SearchablePdfError) as exc:
        err.print(f"[red]✗ {exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    out.write_bytes(pdf)
    err.print(f"已写入 {out}（来源 {source_id}，{len(pdf) / 1e6:.1f} MB）/ written")
