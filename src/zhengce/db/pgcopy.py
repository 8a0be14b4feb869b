"""PostgreSQL's ``COPY``: many rows into a table in one stream, without a statement per row.

``zhengce.db.pending`` writes the rows a batch of files kept back this way (psycopg 3's
``cursor.copy``, rows written by its C dumpers): one round trip per table for a whole batch, and the
server parses no INSERT. The search rows need SQL to become tsvectors, which ``COPY`` cannot run: they
go into a temporary staging table of this connection, and from there into ``search_docs`` with one
``INSERT … SELECT`` that does what ``zhengce.db.search.write_index`` does for one row. A body whose words the
worker turned into lexemes (``zhengce.db.search.body_lexemes``) comes as them: the server reads them as a
tsvector instead of parsing the body (``to_tsvector`` of the bodies was two fifths of its CPU per batch), once
a probe of every kind of word has shown that this server's parser keeps such words as they are; on a server
where it does not, it parses the lexemes (the same words: the same result, at a lesser gain).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

_STAGE = "zhengce_search_stage"
_STAGE_COLUMNS = {"document_id": "integer", "part": "integer", "parts": "integer", "body": "text", "body3": "text",
                  "title": "text", "number": "text", "meta": "text", "title3": "text", "meta3": "text",
                  "plain": "text", "lexemes": "text"}
_BODY = "strip(to_tsvector('simple', body) || to_tsvector('simple', body3))"
_FROM_STAGE = (
    "INSERT INTO search_docs(document_id, part, parts, tsv, head, plain) SELECT document_id, part, parts, "
    f"h || coalesce(CAST(lexemes AS tsvector), {_BODY}), h, plain FROM (SELECT *, "
    "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', number), 'A') || "
    "setweight(to_tsvector('simple', meta), 'B') || setweight(strip(to_tsvector('simple', title3)), 'A') || "
    f"setweight(strip(to_tsvector('simple', meta3)), 'B') AS h FROM {_STAGE}) AS x")
# where the probe fails: the lexemes parsed like the body (its distinct words: the same stripped vector)
_PARSED = _FROM_STAGE.replace("CAST(lexemes AS tsvector)", "strip(to_tsvector('simple', lexemes))")
# a word of each kind body_lexemes keeps as it is, in its order
_PROBE = "1.5 12 2022n13 a a1.5 ab 内 政策 政策2022 永政办发2022n13 豈"
_AGREES: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()  # per connection: whether the server's parser agrees


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
        if dbapi not in _AGREES:
            cur.execute("SELECT CAST(strip(to_tsvector('simple', %s)) AS text) = CAST(CAST(%s AS tsvector) AS text)",
                        (_PROBE, _PROBE))
            _AGREES[dbapi] = bool(cur.fetchone()[0])
        cur.execute(_FROM_STAGE if _AGREES[dbapi] else _PARSED)
        cur.execute(f"TRUNCATE {_STAGE}")
