"""What the command modules share: the --db option, the error console, the files a folder holds, parsing
them one at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from zhengce.parse.model import ParsedSource
from zhengce.parse.pipeline import parse_path
from zhengce.text.read import ReadError

READABLE = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".ofd"}
# scans: read by OCR when named one by one; a folder's images only when asked (a web mirror's folders hold
# icons and photographs that OCR would spend minutes on and refuse)
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
DB_OPTION = typer.Option(None, "--db", help="数据库路径或 URL（默认 ./zhengce.db，或 ZHENGCE_DATABASE_URL）")
err = Console(stderr=True, soft_wrap=True)


def expand(paths: list[Path], images: bool = False) -> list[Path]:
    """The files named and the readable files under the folders named (with ``images``, their scans too)."""
    kinds = READABLE | IMAGES if images else READABLE
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in kinds))
        else:
            files.append(path)
    return files


def folder_images(paths: list[Path]) -> int:
    """How many image files the folders named hold (left out of a folder unless asked for)."""
    return sum(1 for path in paths if path.is_dir()
               for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGES)


def each_parsed(paths: list[Path], failures: list[Path]) -> Iterator[ParsedSource]:
    """Parse the files one at a time; a file that cannot be read gets one line and goes on the list."""
    for path in paths:
        try:
            yield parse_path(path, pages=False)  # printing Word files to find their pages is for ingest
        except ReadError as exc:
            err.print(f"[red]✗ {path}: {exc}[/red]")
            failures.append(path)


def dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def fail(exc: Exception) -> NoReturn:
    """One red line on stderr and exit code 2."""
    err.print(f"[red]✗ {exc}[/red]")
    raise typer.Exit(2)
