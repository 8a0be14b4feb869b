"""Matching and ranking a parsed query on PostgreSQL: the partitioned tsvector rows of ``search_docs``
(migrations 0006 and 0007; ``zhengce.db.search`` makes the tokens and the tsquery).

Every match the database hands back costs a visit to its row (a GIN index gives row addresses, never
document ids), and a search row holds its plain text, so one match is about one page read. The cost of a
search is therefore kept to a bounded number of matches, however many there are in the library:

* matches are read newest first, in ranges of ids downwards from the newest document, until the page and
  the facet sample (PG_SAMPLE) are there and they show that there are clearly more than PG_COUNT_EXACT
  matches, or else until PG_COUNT_EXACT + 1 matches are there, or the oldest document is reached;
* up to PG_COUNT_EXACT matches the count is exact; past it the count is an estimate — the matches found
  in the ids read, scaled to all ids — which the page shows as 约 N (``estimated``). Reading stops at the
  sample only when even a low guess from it (the matches found less two standard deviations of a Poisson
  count, scaled) is PG_CLEARLY times PG_COUNT_EXACT: a term that only the newest documents hold can then
  be estimated above PG_COUNT_EXACT when it has fewer, which the page's 约 and its explanation say;
* ranking reads the small head vector (title, number, metadata) of the head matches only: up to
  PG_RANK_HEADS of them are ranked by ``ts_rank``, more are listed newest first; the other matches
  follow newest first. When every match was read, the head matches are those among them (their heads read
  with the matches past the newest range, the others' looked up by id): no statement over every partition.

Every match read is a row visited (about one page, 30–100 µs in shared buffers on a busy machine, more
from disk), so the fewer read, the faster: a word in a fifth of the documents costs the PG_SAMPLE rows of
the newest few thousand ids, not the thousand-odd that counting to PG_COUNT_EXACT + 1 needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import case, column, func, intersect, literal, literal_column, null, select, table, union_all
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db import search as index_db
from zhengce.db.search_query import Query, pg_tsquery

PG_COUNT_EXACT = 1000  # matches counted exactly on PostgreSQL; beyond, an estimate (约 N)
PG_RANK_HEADS = 300  # above this many title/number/metadata matches, those are listed newest first
PG_SAMPLE = 300  # matches read at least (when there are that many): the facets count them past PG_COUNT_EXACT
PG_CLEARLY = 2  # reading stops at PG_SAMPLE when a low guess of the count is this many times PG_COUNT_EXACT
FIRST_SPAN = 1024  # ids in the first range read (a word in most documents: about that many rows)

PG_DOCS = table("search_docs", column("document_id"), column("part"), column("parts"), column("tsv"), column("head"),
                column("plain"))
# one statement: matches come from the GIN indexes, never from reading every row's tsvector (for a word in
# most documents the planner would otherwise decompress them all), and in this process alone (workers cost
# more to start than they save on these reads); transaction-local, undone by SEARCH_DONE
# the newest document id comes in the same round trip, read by its btree: the statement is planned before
# its set_config calls run
SEARCH_SETTINGS = sql("SELECT (SELECT max(id) FROM documents), set_config('enable_seqscan', 'off', true), "
                      "set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true), "
                      "set_config('max_parallel_workers_per_gather', '0', true)")
SEARCH_DONE = sql("SELECT set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true)")


def _tsquery(text: str) -> Any:
    return func.to_tsquery(literal("simple").op("::")(literal_column("regconfig")), text)


def _phrases(q: Query) -> list[Any]:
    """The quoted phrases of ``q`` in a row's plain text (migration 0007): the tsquery gives the
    candidates that hold their trigrams, this checks the words are there in a row."""
    return [func.strpos(PG_DOCS.c.plain, literal(t.text)) > 0 for t in q.terms if t.kind == "phrase"]


def _within(where: list[Any], ids: tuple[int, int] | None) -> list[Any]:
    """The id range first (it prunes the partitions when the statement is planned), then the filters."""
    d = PG_DOCS
    within = [d.c.document_id >= ids[0], d.c.document_id < ids[1]] if ids else []
    if where:
        within.append(d.c.document_id.in_(select(DocumentRow.id).where(*where)))
    return within


def matches(q: Query, where: list[Any], ids: tuple[int, int] | None = None, scored: bool = True) -> Any:
    """The documents that match every term (ids within ``[lo, hi)`` when given), each with its head score
    (``score``: ``-ts_rank`` of the head vector when the head holds every term, as :func:`heads`, else NULL)
    and whether that was looked at (``headed``): the rows are visited anyway, so the ranking needs no second
    statement over every partition for the head matches among them. Not ``scored``: no head is read (a large
    document's head is stored out of line: reading it costs a page more for a row that may never be ranked).

    A document indexed in one row matches when that row holds every term: the GIN index answers
    alone, and a phrase is then looked for in the row's plain text. A long document indexed in
    several rows matches when every term is in one of them (a partial GIN index over those rows
    only) and its phrases are in the plain text of its first row, which holds its head.
    """
    d = PG_DOCS
    within = _within(where, ids)
    score = (_score(q) if scored else null()).label("score")
    one_row = select(d.c.document_id.label("id"), score, literal(scored).label("headed")).where(
        *within, d.c.parts == 1, d.c.tsv.op("@@")(_tsquery(pg_tsquery(q))), *_phrases(q))
    per_term = [select(d.c.document_id.label("id")).where(*within, d.c.parts > 1,
                                                          d.c.tsv.op("@@")(_tsquery(pg_tsquery(Query("", [t])))))
                for t in q.terms]
    several = (intersect(*per_term) if len(per_term) > 1 else per_term[0].distinct()).subquery("several")
    phrases = _phrases(q)
    if not phrases:  # the ids are the matches: no visit to each long document's first row (nor its planning
        # in every partition of the range), its head is looked up when the ranking needs it (heads_of)
        return one_row.union_all(select(several.c.id, null(), literal(False)))
    long_docs = select(d.c.document_id.label("id"), score, literal(scored)).where(
        *_within([], ids), d.c.part == 0, d.c.document_id.in_(select(several.c.id)), *phrases)
    return one_row.union_all(long_docs)


def _score(q: Query) -> Any:
    """``-ts_rank`` of a row's head vector when it holds every term of ``q`` (lower is better), else NULL."""
    allterms = _tsquery(pg_tsquery(q))
    return case((PG_DOCS.c.head.op("@@")(allterms), -func.ts_rank(PG_DOCS.c.head, allterms)))


def heads_of(session: Session, q: Query, ids: list[int]) -> dict[int, float]:
    """The head scores of the matches ``ids`` whose head holds every term (the long documents and the newest
    range's matches, whose heads :func:`matches` did not read): the partitions planned are those of the ids."""
    if not ids:
        return {}
    d = PG_DOCS
    return dict(session.execute(select(d.c.document_id, _score(q)).where(
        d.c.document_id.in_(ids), d.c.part == 0,
        d.c.head.op("@@")(_tsquery(pg_tsquery(q))))).all())


def heads(q: Query, where: list[Any], ids: tuple[int, int] | None = None, rank: bool = False) -> Any:
    """The documents whose head vector (title, number, metadata) holds every term, and so match,
    with their score ``-ts_rank(head, …)`` when ``rank``: read from the head's GIN index and the
    rows themselves, never from the body vectors."""
    d = PG_DOCS
    allterms = _tsquery(pg_tsquery(q))
    score = [(-func.ts_rank(d.c.head, allterms)).label("score")] if rank else []
    return select(d.c.document_id.label("id"), *score).where(*_within(where, ids), d.c.part == 0,
                                                             d.c.head.op("@@")(allterms), *_phrases(q))


def newest(session: Session, within: Callable[[tuple[int, int]], Any], need: int, top: int,
           enough: Callable[[int, int], bool] | None = None, first: int = 0, span: int = 0) -> tuple[list[Any], int]:
    """Up to ``need`` rows of ``within((lo, hi))`` (the id first), newest first, reading ranges of ids downwards from
    ``top`` (the first ``span`` or FIRST_SPAN long, the next ones as long as the density of the matches so
    far says the rest needs); and the lowest id read (0 when the read reached the oldest document, so that
    the rows are all there are). With ``enough(found, lowest)``, reading stops after a range once at least
    ``first`` rows are there and it says so (the next range is then sized for ``first``, not ``need``)."""
    out: list[Any] = []
    hi, span = top + 1, span or FIRST_SPAN
    while hi > 0 and len(out) < need:
        lo = max(0, hi - span)
        part = within((lo, hi)).subquery("seg")
        got = list(session.execute(select(*part.c).order_by(part.c.id.desc()).limit(need - len(out))))
        out += got
        if len(out) >= need:  # the range was cut short: what was read goes down to its last id
            return out, got[-1][0]
        if enough is not None and lo > 0 and len(out) >= first and enough(len(out), lo):
            return out, lo
        # the next range sized by the matches' density so far, with a margin: usually the last one
        # sized for ``first`` when the density so far says the sample will be enough even at half that density
        # (else a term near the line reads a range for the sample and then another for ``need``: each range of a
        # sparse term spans many partitions, which costs planning), else for ``need``
        projected = len(out) * (top + 1) // max(1, top + 1 - lo)
        aim = first if enough is not None and len(out) < first and enough(projected // 2, 0) else need
        hi, span = lo, (max(FIRST_SPAN, int((aim - len(out)) * 1.3 * (top + 1 - lo) / len(out))) if out
                        else span * 32)
    return out, 0


def clearly_more(found: int, lowest: int, top: int) -> bool:
    """Whether ``found`` matches in the ids ``[lowest, top]`` show that all ids hold clearly more than
    PG_COUNT_EXACT: even the count less two standard deviations, scaled to all ids, is PG_CLEARLY times it."""
    share = max(1, top + 1 - lowest) / (top + 1)
    return found - 2 * found**0.5 >= PG_CLEARLY * PG_COUNT_EXACT * share


def estimate(found: int, lowest: int, top: int) -> int:
    """The matches in all ids ``[0, top]`` from the ``found`` of them in ``[lowest, top]`` (documents are
    numbered as they are stored, so a range of ids is a share of the library), to two significant
    figures: the page says it is an estimate."""
    share = max(1, top + 1 - lowest) / (top + 1)
    guess = max(found, round(found / share))
    digits = max(0, len(str(guess)) - 2)
    return min(max(found, round(guess, -digits)), max(found, top))  # never more than there are ids


def pg_ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, bool, list[Any]]:
    """(matches — exact up to PG_COUNT_EXACT, else an estimate —, whether it is an estimate, the best
    ``depth`` matches with their score, lower is better)."""
    top = session.scalar(SEARCH_SETTINGS) or 0
    try:
        return _best(session, q, where, depth, top)
    finally:
        session.execute(SEARCH_DONE)  # the page's own lookups use the btrees


def pg_held(session: Session, queries: list[Query]) -> list[bool]:
    """Whether any document matches each one-term query (a word, not a phrase), as one statement: the query's
    tsquery in any row (one row of a short document, one of a long one's parts: as :func:`matches` for one term),
    each looked up in every partition's GIN index until one row holds it — a word no document holds costs one
    index probe a partition, not the ranges of ids :func:`newest` reads before it gives up."""
    if not queries:
        return []
    rows = ", ".join(f"({k}, :q{k})" for k in range(len(queries)))
    statement = sql(f"SELECT v.k FROM (VALUES {rows}) AS v(k, q) WHERE EXISTS (SELECT 1 FROM search_docs d "
                    "WHERE d.tsv @@ to_tsquery('simple'::regconfig, v.q))")
    session.scalar(SEARCH_SETTINGS)
    try:
        there = set(session.scalars(statement, {f"q{k}": pg_tsquery(q) for k, q in enumerate(queries)}))
    finally:
        session.execute(SEARCH_DONE)
    return [k in there for k in range(len(queries))]


def _best(session: Session, q: Query, where: list[Any], depth: int, top: int) -> tuple[int, bool, list[Any]]:
    # the newest matches: the count (or its estimate), and the page's and the facets' documents
    # a 发文字号 names one document and the few that cite it: all ids in one range
    span = top + 1 if any(t.kind == "number" for t in q.terms) else 0
    # the heads are read from the second range on (a 文号: in its one range): a term that the newest range does
    # not settle is one whose matches may all be read, and then ranked from these rows (the newest range's
    # heads looked up by their ids)
    first = top + 1 - (span or FIRST_SPAN)
    rows, lowest = newest(session, lambda ids: matches(q, where, ids, scored=ids[0] < first or bool(span)),
                          max(depth, PG_COUNT_EXACT + 1, PG_SAMPLE), top, lambda n, lo: clearly_more(n, lo, top),
                          max(depth, PG_SAMPLE), span)
    if not rows:
        return 0, False, []
    # past PG_COUNT_EXACT + 1 matches, or clearly more than that in the ids read: else every match was read
    estimated = lowest > 0
    found = [r[0] for r in rows]
    total = estimate(len(found), lowest, top) if estimated else len(found)
    return total, estimated, _ranked_heads(session, q, where, depth, top, rows, every=not estimated)


def head_matches(session: Session, q: Query, rows: list[Any]) -> list[tuple[int, float]]:
    """The head matches among the matches ``rows`` of :func:`matches` with their scores, in their order (every
    head match from the lowest id read up, newest first); the heads not read with them looked up (:func:`heads_of`)."""
    looked = heads_of(session, q, [r[0] for r in rows if not r[2]])
    return [(r[0], r[1] if r[2] else looked[r[0]]) for r in rows if (r[1] is not None if r[2] else r[0] in looked)]


def by_partition(within: Callable[[tuple[int, int]], Any], top: int) -> Any:
    """``within((lo, hi))`` for each partition of search_docs, the newest first, as one statement: under a
    LIMIT the server reads them in that order and stops at the first ones that give enough rows."""
    size = index_db.SEGMENT
    return union_all(*(within((k * size, (k + 1) * size)) for k in range(top // size, -1, -1)))


def _ranked_heads(session: Session, q: Query, where: list[Any], depth: int, top: int,
                  rows: list[Any], every: bool) -> list[Any]:
    """The head matches ranked by ``ts_rank`` when there are at most PG_RANK_HEADS of them, else the newest
    ``depth`` first; then the matches ``rows`` (newest first, ``every`` match when ``every``), each match once.
    The head matches among ``rows`` (:func:`head_matches`) are all there are from their lowest id up: every
    one when ``every``, and the newest ``depth`` when they are that many."""
    found = [r[0] for r in rows]
    if every:  # all head matches are among them: no statement over every partition
        seen = heads_read = head_matches(session, q, rows)
    else:  # up to one more than are ranked: over the partitioned table (most words are in few titles, and its
        # one statement plans in less time than one branch per partition)
        heads_read = session.execute(heads(q, where, rank=True).limit(PG_RANK_HEADS + 1)).all()
        seen = head_matches(session, q, rows) if len(heads_read) > PG_RANK_HEADS else []
    many = len(heads_read) > PG_RANK_HEADS  # more than are ranked: the newest ``depth`` first (通知)
    if not many:
        ranked = sorted(((i, score) for i, score in heads_read), key=lambda h: (h[1], -h[0]))[:depth]
    elif len(seen) >= depth:  # among the matches read
        ranked = [(i, 0.0) for i, _ in seen[:depth]]
    else:  # from the partitions read (in memory): those newer than the last one read are read to the end
        heads_read = session.execute(by_partition(lambda ids: heads(q, where, ids, rank=True), top)
                                     .limit(PG_RANK_HEADS + 1)).all()
        floor = (min(i for i, _ in heads_read) // index_db.SEGMENT + 1) * index_db.SEGMENT
        newer = sorted((i for i, _ in heads_read if i >= floor), reverse=True)
        ranked = [(i, 0.0) for i in (newer if len(newer) >= depth else
                                     [r[0] for r in newest(session, lambda ids: heads(q, where, ids), depth, top)[0]])
                  [:depth]]
    chosen = {i for i, _ in ranked}
    return (ranked + [(i, 0.0) for i in found if i not in chosen])[: max(depth, len(found))]
