"""The ``zhengce`` command."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from . import __version__
from .export import document_records
from .pipeline import parse_path
from .read import ReadError

app = typer.Typer(
    name="zhengce",
    help="政策文件结构化平台 / policy documents as structured data.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


class ExportKind(str, Enum):
    documents = "documents"
    tasks = "tasks"
    targets = "targets"


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
    failed = False
    out = []
    for path in files:
        try:
            parsed = parse_path(path)
        except ReadError as exc:
            err.print(f"[red]✗ {path}: {exc}[/red]")
            failed = True
            continue
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
    if failed:
        raise typer.Exit(1)


@app.command()
def export(
    what: ExportKind = typer.Argument(..., help="documents | tasks | targets"),
    files: list[Path] = typer.Argument(..., help="要导出的文件 / files to read"),
) -> None:
    """导出 JSON Lines（不需要数据库）/ print JSON Lines computed from the files alone."""
    failed = False
    for path in files:
        try:
            parsed = parse_path(path)
        except ReadError as exc:
            err.print(f"[red]✗ {path}: {exc}[/red]")
            failed = True
            continue
        if what is ExportKind.documents:
            for record in document_records(parsed):
                sys.stdout.write(_dump(record) + "\n")
        else:
            err.print(f"[red]导出 {what.value} 尚未实现 / export of {what.value} is not implemented yet[/red]")
            raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
