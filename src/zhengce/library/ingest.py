"""Ingest: a parsed source into the library — its documents' facts extracted
(``zhengce.extract.facts``), then stored with them (``zhengce.db.ingest``).

The layers stay in order (text → parse → extract → db): the store runs no extractor, it receives
the facts; this composition is what the CLI (``zhengce ingest``), the tests and the benchmarks call.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from zhengce.db.ingest import FactsNeeded, IngestResult, store_facts
from zhengce.db.sources import is_current
from zhengce.extract.facts import extract_source
from zhengce.parse.model import ParsedSource


def store_parsed(engine: Engine, parsed: ParsedSource, size: int, *, path: str | None = None,
                 replace: str | int | None = None) -> IngestResult:
    """Store one parsed source (``size``: its file's bytes) at ``path`` (default: its name), as a new
    version of the source ``replace`` names when given (``zhengce.db.ingest.store_facts``).

    Bytes the library already holds are not extracted again (they change nothing, unless they
    become the current version of another path, which needs their facts: then they are extracted).
    """
    facts = None if is_current(engine, parsed.sha256) else extract_source(parsed)
    try:
        return store_facts(engine, parsed, facts, size, path=path, replace=replace)
    except FactsNeeded:
        return store_facts(engine, parsed, extract_source(parsed), size, path=path, replace=replace)
