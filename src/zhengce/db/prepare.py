"""A parallel ingest worker's job, in a module light to import: parse a file, extract its documents' facts and
turn them into the rows stored (:func:`prepare`).

Workers are forked by multiprocessing's fork server, which imports the module of their job before it forks
the first of them: here that is the parser, the extractors and the rows (``zhengce.db`` with SQLAlchemy and
the search tokens), not ``zhengce.library`` and what it imports (the web pages' queries, accounts with
their password hasher), which no worker runs — about a second less before the first file is parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from zhengce.db.rows import SourceRows, source_rows
from zhengce.extract.facts import extract_source
from zhengce.parse.model import ParsedSource


def prepare(parse: Callable[[Path], ParsedSource], pg: bool, path: Path) -> SourceRows:
    """A worker's job: parse a file, extract its documents' facts and turn them into the rows stored, search
    entries included (``pg``: PostgreSQL's) — what the parent would otherwise compute while it stores, on
    its one core; the rows, not the facts' objects, go back through the pipe."""
    parsed = parse(path)
    return source_rows(parsed, extract_source(parsed), pg=pg)
