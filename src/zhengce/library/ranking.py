"""Matching and ranking a parsed query in the search index: FTS5 with BM25 on SQLite, the partitioned
tsvector rows of ``search_docs`` on PostgreSQL (zhengce.db.search makes the tokens; user input only ever
reaches the engine as quoted tokens or bound parameters).

Matches are counted up to COUNT_CAP; past RANK_ALL matches only those whose title, number or metadata match
are ranked (newest first past RANK_HEADS of them) and the others follow newest first. The best matches a
page needs are returned with their score, as many as its facets are counted over (FACET_SAMPLE past
FACET_EXACT matches).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, intersect, literal, literal_column, select, table
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search import Query, fts5_match, pg_tsquery
from zhengce.db.tantivy_index import chosen
from zhengce.library.tantivy_search import tantivy_ranked

FACET_EXACT = 2000  # above this many matches, facets are counted over the best FACET_SAMPLE results
FACET_SAMPLE = 1000
COUNT_CAP = 10_000  # matches counted exactly; beyond, the page says "10,000+"
RANK_ALL = 10_000  # above this many matches, SQLite ranks the title/metadata matches and lists the rest by date
RANK_HEADS = 2000  # above this many title/metadata matches, those too are listed newest first

FTS = table("search_fts", column("rowid"))
PG_DOCS = table("search_docs", column("document_id"), column("part"), column("parts"), column("tsv"), column("head"),
                column("plain"))
BM25 = "bm25(search_fts, 10.0, 8.0, 3.0, 1.0)"  # weights: title, number, metadata, body


def _fts(match: str, where: list[Any], scored: bool) -> Any:
    """Document ids (with their BM25 score when ``scored``) that match an FTS5 expression and the filters."""
    columns = [FTS.c.rowid.label("id")] + ([literal_column(BM25).label("score")] if scored else [])
    stmt = select(*columns).select_from(FTS).where(sql("search_fts MATCH :match").bindparams(match=match))
    if where:
        stmt = stmt.where(FTS.c.rowid.in_(select(DocumentRow.id).where(*where)))
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


def _tsquery(text: str) -> Any:
    return func.to_tsquery(literal("simple").op("::")(literal_column("regconfig")), text)


def _phrases(q: Query) -> list[Any]:
    """The quoted phrases of ``q`` in a row's plain text (migration 0007): the tsquery gives the
    candidates that hold their trigrams, this checks the words are there in a row."""
    return [func.strpos(PG_DOCS.c.plain, literal(t.text)) > 0 for t in q.terms if t.kind == "phrase"]


def _pg_within(where: list[Any], ids: tuple[int, int] | None) -> list[Any]:
    """The id range first, the cheapest test on each row a bitmap brings, then the filters."""
    d = PG_DOCS
    within = [d.c.document_id >= ids[0], d.c.document_id < ids[1]] if ids else []
    if where:
        within.append(d.c.document_id.in_(select(DocumentRow.id).where(*where)))
    return within


def _pg_matches(q: Query, where: list[Any], ids: tuple[int, int] | None = None) -> Any:
    """The documents that match every term (ids within ``[lo, hi)`` when given).

    A document indexed in one row matches when that row holds every term: the GIN index answers
    alone, and a phrase is then looked for in the row's plain text. A long document indexed in
    several rows matches when every term is in one of them (a partial GIN index over those rows
    only) and its phrases are in the plain text of its first row.
    """
    d = PG_DOCS
    within = _pg_within(where, ids)
    one_row = select(d.c.document_id.label("id")).where(
        *within, d.c.parts == 1, d.c.tsv.op("@@")(_tsquery(pg_tsquery(q))), *_phrases(q))
    per_term = [select(d.c.document_id.label("id")).where(*within, d.c.parts > 1,
                                                          d.c.tsv.op("@@")(_tsquery(pg_tsquery(Query("", [t])))))
                for t in q.terms]
    several = (intersect(*per_term) if len(per_term) > 1 else per_term[0].distinct()).subquery("several")
    long_docs = select(d.c.document_id.label("id")).where(
        d.c.part == 0, d.c.document_id.in_(select(several.c.id)), *_phrases(q))
    return one_row.union_all(long_docs)


def _pg_heads(q: Query, where: list[Any], ids: tuple[int, int] | None = None, rank: bool = False) -> Any:
    """The documents whose head vector (title, number, metadata) holds every term, and so match,
    with their score ``-ts_rank(head, …)`` when ``rank``: read from the head's GIN index and the
    rows themselves, never from the body vectors."""
    d = PG_DOCS
    allterms = _tsquery(pg_tsquery(q))
    within = _pg_within(where, ids)
    score = [(-func.ts_rank(d.c.head, allterms)).label("score")] if rank else []
    return select(d.c.document_id.label("id"), *score).where(*within, d.c.part == 0, d.c.head.op("@@")(allterms),
                                                             *_phrases(q))


def _pg_ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, list[Any]]:
    """As :func:`_sqlite_ranked` on PostgreSQL, whose search_docs is partitioned by ranges of
    ``store.SEGMENT`` document ids (migration 0006).

    Ranking reads the small head vector (title, number, metadata), never the bodies: as on SQLite
    past RANK_ALL matches, the documents whose head holds every term come first, by ``ts_rank``
    (newest first when there are more than RANK_HEADS of them), and the other matches follow
    newest first. So three reads: the matches counted up to COUNT_CAP + 1, the head matches
    ranked, and the newest matches as far as the page and the facets need.
    """
    # matches come from the GIN indexes, never from reading every row's tsvector: for a word found
    # in most documents the planner would otherwise decompress them all
    top = session.scalar(select(func.max(DocumentRow.id))) or 0  # read by its btree, before index scans are off
    # and in this process alone: workers cost more to start than they save on these reads
    for setting in ("enable_seqscan = off", "enable_indexscan = off", "jit = off",
                    "max_parallel_workers_per_gather = 0"):
        session.execute(sql(f"SET LOCAL {setting}"))
    try:
        return _pg_best(session, q, where, depth, top)
    finally:
        for setting in ("enable_seqscan = on", "enable_indexscan = on"):  # the page's own lookups use the btrees
            session.execute(sql(f"SET LOCAL {setting}"))


def _pg_best(session: Session, q: Query, where: list[Any], depth: int, top: int) -> tuple[int, list[Any]]:
    total = session.scalar(select(func.count()).select_from(
        _pg_matches(q, where).limit(COUNT_CAP + 1).subquery())) or 0
    if not total:
        return 0, []
    need = _depth(total, depth)
    # the server counts and sorts the head matches and sends the best alone
    h = _pg_heads(q, where, rank=True).limit(RANK_HEADS + 1).cte("h")
    counted = select(func.count()).select_from(h).scalar_subquery()
    heads = list(session.execute(select(h.c.id, h.c.score, counted.label("n"))
                                 .order_by(h.c.score, h.c.id.desc()).limit(need)).all())
    if not heads or heads[0].n <= RANK_HEADS:
        best = [(row.id, row.score) for row in heads]
    else:  # a word in most titles (通知): newest first there too
        best = [(i, 0.0) for i in _pg_newest(session, lambda ids: _pg_heads(q, where, ids), need, top,
                                             heads[0].n, capped=True)]
    seen = {i for i, _ in best}
    if len(best) < need:
        rest = _pg_newest(session, lambda ids: _pg_matches(q, where, ids), need + len(seen), top, total,
                          capped=total > COUNT_CAP)
        best = _fill(best, seen, rest, need)
    return total, best


def _pg_newest(session: Session, within: Any, need: int, top: int, found: int, capped: bool) -> list[int]:
    """Up to ``need`` ids of ``within((lo, hi))``, newest first, reading ranges of ids downwards
    from ``top``. ``found`` (how many there are; at least that many when ``capped``) sizes the first
    range so that it usually holds them all; each next range is twice as long."""
    span = top + 1 if found <= need else max(2048, int(need * 1.5 * (top + 1) / max(found, 1)))
    if capped:  # there may be many more, and so many in a short range: start short
        span = min(span, 4096)
    out: list[int] = []
    hi = top + 1
    while hi > 0 and len(out) < need:
        lo = max(0, hi - span)
        part = within((lo, hi)).subquery("seg")
        out += session.scalars(select(part.c.id).order_by(part.c.id.desc()).limit(need - len(out)))
        hi, span = lo, span * 2
    return out


def ranked_page(session: Session, q: Query, where: list[Any],
                depth: int) -> tuple[int, bool, list[Any], dict[str, Any] | None]:
    """(matches, whether there are more than COUNT_CAP, the best ``depth`` and as many as the facets are
    counted over with their score — lower is better, the facets of every match when the engine counted them:
    tantivy, whose best are then only the ``depth`` the page needs) for a
    non-empty query and the filter conditions ``where``; matches are counted up to COUNT_CAP."""
    engine = chosen(session.get_bind())
    answer = tantivy_ranked(session, q, where, depth) if engine == "tantivy" else None
    if answer is not None:
        total, best, facets = answer
        return min(total, COUNT_CAP), total > COUNT_CAP, best, facets
    total, best = (_pg_ranked if engine == "postgresql" else _sqlite_ranked)(session, q, where, depth)
    return min(total, COUNT_CAP), total > COUNT_CAP, best, None


def ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, bool, list[Any]]:
    """As :func:`ranked_page`, without the facets."""
    total, capped, best, _ = ranked_page(session, q, where, depth)
    return total, capped, best
