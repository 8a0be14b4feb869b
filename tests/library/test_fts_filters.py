"""FTS5 (the fallback engine, and libraries with search entries from before the tantivy index) with a filter:
a common word with a year, issuer or genre chosen costs about as much as the word alone, not a full read of
the word's matches for every document the filter keeps (48.7 s at 100,000 documents before)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.db import open_store, tantivy_index
from zhengce.library import Filters

COPIES = 2500


def _library(tmp_path: Path) -> object:
    """Two documents ingested, then the plan copied COPIES times (half in another year) row by row."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    engine = open_store(db)
    tantivy_index.choose(engine, "fts5")
    with engine.begin() as conn:
        plan = conn.scalar(text("SELECT id FROM documents WHERE doc_number LIKE '%12号'"))
        cols = [r[1] for r in conn.execute(text("PRAGMA table_info(documents)")) if r[1] not in ("id", "year")]
        names = ", ".join(f'"{c}"' for c in cols)
        conn.execute(text(
            f"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {COPIES}) "
            f"INSERT INTO documents (id, year, {names}) SELECT 1000 + k, 2020 + k % 2, {names} "
            f"FROM n, documents WHERE documents.id = :plan").bindparams(plan=plan))
        conn.execute(text(
            f"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {COPIES}) "
            "INSERT INTO search_fts (rowid, title, number, meta, body) SELECT 1000 + k, title, number, meta, body "
            "FROM n, search_fts WHERE search_fts.rowid = :plan").bindparams(plan=plan))
    return engine


def _timed(engine: object, query: str, filters: Filters | None = None) -> tuple[float, library.SearchPage]:
    start = time.perf_counter()
    page = library.search(engine, query, filters)  # type: ignore[arg-type]
    return time.perf_counter() - start, page


def test_a_filter_costs_about_what_the_word_alone_costs_on_fts5(tmp_path: Path) -> None:
    engine = _library(tmp_path)
    assert tantivy_index.chosen(engine) == "fts5"  # type: ignore[arg-type]
    alone, everything = _timed(engine, "政务数据")
    assert everything.total == COPIES + 2
    for filters, expected in ((Filters(year=2021), COPIES // 2), (Filters(year=2024), 2),
                              (Filters(issuer="南河市人民政府办公室", year=2020), COPIES - COPIES // 2)):
        took, page = _timed(engine, "政务数据", filters)
        assert page.total == expected, filters
        assert all(r["year"] == filters.year for r in page.results)
        # before: each document the filter kept read every match of the word again (seconds here)
        assert took < 3 * alone + 0.3, (filters, took, alone)
