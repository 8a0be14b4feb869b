"""Matching and ranking a parsed query in the search index: FTS5 with BM25 on SQLite (or the tantivy index
beside it), the partitioned tsvector rows of ``search_docs`` on PostgreSQL (``zhengce.library.pgsearch``;
zhengce.db.search makes the tokens; user input only ever reaches the engine as quoted tokens or bound
parameters).

On SQLite, matches are counted up to COUNT_CAP; past RANK_ALL matches only those whose title, number or metadata match
are ranked (newest first past RANK_HEADS of them) and the others follow newest first. The best matches a
page needs are returned with their score, as many as its facets are counted over (FACET_SAMPLE past
FACET_EXACT matches).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search_query import Query, fts5_match
from zhengce.db.tantivy_index import chosen
from zhengce.library.pgsearch import pg_ranked
from zhengce.library.tantivy_search import tantivy_ranked

FACET_EXACT = 2000  # above this many matches, facets are counted over the best FACET_SAMPLE results
FACET_SAMPLE = 1000
# the 效力 facet on tantivy (whose other facets count every match): a status on a day, which no index holds, is
# read from the database for the best this many results — each costs a few index probes of the status events
VALIDITY_SAMPLE = 100
COUNT_CAP = 10_000  # matches counted exactly; beyond, the page says "10,000+"
RANK_ALL = 10_000  # above this many matches, SQLite ranks the title/metadata matches and lists the rest by date
RANK_HEADS = 2000  # above this many title/metadata matches, those too are listed newest first

FTS = table("search_fts", column("rowid"))
BM25 = "bm25(search_fts, 10.0, 8.0, 3.0, 1.0)"  # weights: title, number, metadata, body


def _fts(match: str, where: list[Any], scored: bool) -> Any:
    """Document ids (with their BM25 score when ``scored``) that match an FTS5 expression and the filters."""
    columns = [FTS.c.rowid.label("id")] + ([literal_column(BM25).label("score")] if scored else [])
    stmt = select(*columns).select_from(FTS).where(sql("search_fts MATCH :match").bindparams(match=match))
    if where:  # `+rowid`: FTS5 reads the matches once and keeps those the filter keeps; a bare `rowid IN`
        # is handed to FTS5 as one lookup per kept document, each reading every match again for BM25
        stmt = stmt.where(literal_column("+search_fts.rowid").in_(select(DocumentRow.id).where(*where)))
    return stmt


def _sqlite_ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, list[Any]]:
    """(matches counted up to COUNT_CAP + 1, the best ``depth`` of them with their score) on FTS5;
    lower score is better."""
    ids = _fts(fts5_match(q), where, scored=False)
    total = session.scalar(select(func.count()).select_from(ids.limit(COUNT_CAP + 1).subquery())) or 0
    if total <= RANK_ALL:
        r = _fts(fts5_match(q), where, scored=True).subquery("r")
        return total, list(session.execute(select(r.c.id, r.c.score).order_by(r.c.score, r.c.id.desc())
                                           .limit(_depth(total, depth))).all())
    # too many to rank them all by BM25 within the time aim: documents whose title, number or
    # metadata match are ranked (few, cheap); the other matches follow, newest first (FTS5 reads
    # them in rowid order and stops early)
    depth = _depth(total, depth)
    head = f"{{title number meta}} : ({fts5_match(q)})"
    heads = session.scalar(select(func.count()).select_from(_fts(head, where, scored=False).subquery())) or 0
    if heads <= RANK_HEADS:
        first = _fts(head, where, scored=True).order_by(literal_column("score"))
    else:  # a word in most titles (通知): newest first there too
        first = _fts(head, where, scored=True).order_by(FTS.c.rowid.desc())
    best = list(session.execute(first.limit(depth)).all())
    seen = {i for i, _ in best}
    rest = session.scalars(ids.order_by(FTS.c.rowid.desc()).limit(depth + len(seen)))
    return total, _fill(best, seen, rest, depth)


def _depth(total: int, depth: int) -> int:
    """How many of the best matches one page needs: its own, and those the facets are counted over."""
    return max(depth, FACET_SAMPLE if total > FACET_EXACT else total)


def _fill(best: list[Any], seen: set[int], rest: Any, depth: int) -> list[Any]:
    for doc_id in rest:
        if len(best) >= depth:
            break
        if doc_id not in seen:
            best.append((doc_id, 0.0))
            seen.add(doc_id)
    return best


def ranked_page(session: Session, q: Query, where: list[Any], depth: int, shown: range | None = None,
                day: date | None = None, sample: int = 0) -> tuple[int, bool, bool, list[Any], dict[str, Any] | None]:
    """(matches, whether there are more than COUNT_CAP, whether the count is an estimate, the best ``depth``
    and as many as the facets are counted over with their score — lower is better, the facets of every match
    when the engine counted them: tantivy, whose best are then only the ``depth`` the page needs) for a
    non-empty query and the filter conditions ``where``. Matches are counted up to COUNT_CAP; PostgreSQL counts
    up to ``pgsearch.PG_COUNT_EXACT`` and estimates beyond (``zhengce.library.pgsearch``). ``shown``: the
    positions whose scores the page shows (tantivy's others may differ from theirs in the sixth digit); ``day``
    and ``sample``: tantivy's 效力 counted in the same pass (``zhengce.library.tantivy_search.tantivy_ranked``)."""
    engine = chosen(session.get_bind())
    answer = tantivy_ranked(session, q, where, depth, shown, day, sample) if engine == "tantivy" else None
    if answer is not None:
        total, best, facets = answer
        return min(total, COUNT_CAP), total > COUNT_CAP, False, best, facets
    if engine == "postgresql":
        total, estimated, best = pg_ranked(session, q, where, depth)
        return total, False, estimated, best, None
    total, best = _sqlite_ranked(session, q, where, depth)
    return min(total, COUNT_CAP), total > COUNT_CAP, False, best, None


def ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, bool, list[Any]]:
    """As :func:`ranked_page`, without the facets (and whether the count is an estimate)."""
    total, capped, _, best, _ = ranked_page(session, q, where, depth)
    return total, capped, best
