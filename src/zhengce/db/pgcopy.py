"""PostgreSQL's ``COPY``: many rows into a table in one stream, without a statement per row.

``zhengce.db.pending`` writes the rows a batch of files kept back this way (psycopg 3's
``cursor.copy``, rows written by its C dumpers): one round trip per table for a whole batch, and the
server parses no INSERT. The search rows need SQL to become tsvectors, which ``COPY`` cannot run: they
go into a temporary staging table of this connection, and from there into ``search_docs`` with one
``INSERT … SELECT`` that does what ``zhengce.db.search.write_index`` does for one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_STAGE = "zhengce_search_stage"
_STAGE_COLUMNS = {"document_id": "integer", "part": "integer", "parts": "integer", "body": "text", "body3": "text",
                  "title": "text", "number": "text", "meta": "text", "title3": "text", "meta3": "text",
                  "plain": "text"}
_FROM_STAGE = (
    "INSERT INTO search_docs(document_id, part, parts, tsv, head, plain) SELECT document_id, part, parts, "
    "h || strip(to_tsvector('simple', body) || to_tsvector('simple', body3)), h, plain FROM (SELECT *, "
    "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', number), 'A') || "
    "setweight(to_tsvector('simple', meta), 'B') || setweight(strip(to_tsvector('simple', title3)), 'A') || "
    f"setweight(strip(to_tsvector('simple', meta3)), 'B') AS h FROM {_STAGE}) AS x")


def copy_rows(dbapi: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` (tuples of ``columns``) into ``table`` through ``COPY`` on the psycopg connection ``dbapi``,
    in its transaction; ``search_docs`` rows (``zhengce.db.rows.COLUMNS``) through the staging table."""
    cur = dbapi.cursor()
    staged = table == "search_docs"
    if staged:
        assert tuple(columns) == tuple(_STAGE_COLUMNS)
        # a temporary table lives as long as the connection; its rows as long as this statement needs them
        cur.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} "
                    f"({', '.join(f'{c} {t}' for c, t in _STAGE_COLUMNS.items())}) ON COMMIT DELETE ROWS")
    names = ", ".join(f'"{c}"' for c in columns)
    with cur.copy(f"COPY {_STAGE if staged else table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if staged:
        cur.execute(_FROM_STAGE)
        cur.execute(f"TRUNCATE {_STAGE}")
