"""Matching and ranking a parsed query in the store's tantivy index (``zhengce.db.tantivy_index``).

The query is the one FTS5 gets (``zhengce.db.search_query.fts5_match``), built as tantivy query objects —
user input never reaches a query parser: every term must match in some field; a word of two or more
Chinese characters is the phrase of its bigrams, one character a gram or the prefix of one, a
quoted phrase the phrase of its grams, a 文号, letters or digits one token (a number with a point the
phrase of its pieces, as FTS5 cuts it: ``zhengce.db.tantivy_docs.fts5_pieces``). Each field's match is
weighted as FTS5's BM25 is (title 10, number 8, metadata 3, body 1). Every match is ranked (tantivy
scores them all within the time FTS5 takes to count them), so there is no head-first ranking past
10,000 matches; the count is exact and the page reports it capped as FTS5's is. The facets are those of
every match, counted by tantivy's terms aggregations over the index's fast fields.
"""

from __future__ import annotations

import logging
import re
from itertools import pairwise
from typing import Any

import tantivy
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search import CJK
from zhengce.db.search_query import Query, Term
from zhengce.db.tantivy_docs import FACETS, FIELDS, JOINED, fts5_pieces, ids_of
from zhengce.db.tantivy_index import open_index
from zhengce.library.records import facet_lists

WEIGHTS = {"title": 10.0, "number": 8.0, "meta": 3.0, "body": 1.0}  # as ranking.BM25
# values of one facet the aggregation keeps (the page shows the 20 most frequent): more than a
# province has issuers, so that the 20 are exact
FACET_TERMS = 10_000
log = logging.getLogger(__name__)


def _field(schema: tantivy.Schema, name: str, kind: str, value: Any) -> tantivy.Query:
    if kind == "prefix":
        return tantivy.Query.regex_query(schema, name, re.escape(value) + ".*")
    if kind == "phrase_prefix":  # FTS5's "a b"*: the last a prefix (tantivy's own phrase prefix expands only 50)
        return tantivy.Query.regex_phrase_query(schema, name, [re.escape(v) for v in value[:-1]] +
                                                [re.escape(value[-1]) + ".*"])
    if kind == "phrase" and len(value) > 1:
        return tantivy.Query.phrase_query(schema, name, value)
    return tantivy.Query.term_query(schema, name, value[0] if kind == "phrase" else value)


def _anywhere(schema: tantivy.Schema, kind: str, value: Any, twins: bool = False) -> tantivy.Query:
    """``value`` in any field, each weighted; ``twins``: a phrase of chained bigrams (``AB BC CD``) asked of
    the fields' twins as the phrase of the joined pairs (``ABC BCD``: the same documents, fewer and rarer
    tokens; ``zhengce.db.tantivy_docs.joined``), unweighted — for counting, not ranking."""
    if twins and kind == "phrase" and _chained(value):
        pairs = [a + b[1] for a, b in pairwise(value)]
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _field(schema, JOINED.get(name, name), kind, pairs if name in JOINED else value))
             for name in FIELDS])
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.boost_query(_field(schema, name, kind, value), WEIGHTS[name]))
         for name in FIELDS])


def _chained(grams: list[str]) -> bool:
    """Two or more bigrams of Chinese characters, each continuing the one before (a word's)."""
    return len(grams) > 1 and all(len(g) == 2 and CJK.fullmatch(g) for g in grams) and \
        all(a[1] == b[0] for a, b in pairwise(grams))


def _either(schema: tantivy.Schema, token: str) -> tantivy.Query:
    """A token or a token that starts with it (FTS5's ``"x" OR "x"*``; ``3.5``: the phrase ``3 5``, its last
    piece also as a prefix)."""
    pieces = fts5_pieces(token)
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, _anywhere(schema, "phrase", pieces)),
        (tantivy.Occur.Should, _anywhere(schema, "phrase_prefix", pieces) if len(pieces) > 1 else
         _anywhere(schema, "prefix", pieces[0]))])


def _term(schema: tantivy.Schema, t: Term, twins: bool = False) -> list[tantivy.Query]:
    if t.kind in {"number", "latin"}:  # one token, or the phrase of the pieces FTS5 cuts it into (3.5)
        return [_anywhere(schema, "phrase", fts5_pieces(t.text))]
    if t.kind == "phrase":
        cjk = [r for r in t.runs if CJK.fullmatch(r)]
        grams = list(t.grams)
        out = []
        if cjk and len(cjk[-1]) == 1 and grams:  # FTS5: the phrase's last gram as a prefix, in the phrase
            out.append(_anywhere(schema, "phrase_prefix" if len(grams) > 1 else "prefix",
                                 grams if len(grams) > 1 else grams[0]))
        elif grams:
            out.append(_anywhere(schema, "phrase", grams, twins))
        return out + [_either(schema, r) for r in t.runs if not CJK.fullmatch(r)] + [
            _anywhere(schema, "phrase_prefix", [*fts5_pieces(number), char]) for number, char in t.bonds]
    if t.kind == "word" and len(t.text) > 1:
        return [_anywhere(schema, "phrase", t.grams, twins)]
    return [_either(schema, t.text)]


def tantivy_query(schema: tantivy.Schema, q: Query, twins: bool = False) -> tantivy.Query:
    """Every term of ``q`` must match (as :func:`zhengce.db.search_query.fts5_match`); ``twins``: the same documents,
    words of three or more characters asked of the fields' twins (the query the facets are counted by)."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for t in q.terms
                                        for part in _term(schema, t, twins)])


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> tuple[int, dict[str, Any]]:
    """(matches, their facets), counted by tantivy's terms aggregations over the fast fields in one pass;
    every document has a "tasks" value, so its buckets add up to the number of matches."""
    found = searcher.aggregate(query, {name: {"terms": {"field": name, "size": FACET_TERMS,
                                                        "segment_size": FACET_TERMS}} for name in FACETS})
    counts: dict[str, dict[Any, int]] = {
        name: {(int(b["key"]) if name == "year" else b["key"]): int(b["doc_count"])
               for b in found.get(name, {}).get("buckets", [])}
        for name in FACETS}
    tasks = counts.pop("tasks")
    total = sum(tasks.values())
    return total, facet_lists(counts, sum(n for k, n in tasks.items() if k), total)


def tantivy_ranked(session: Session, q: Query, where: list[Any],
                   depth: int) -> tuple[int, list[Any], dict[str, Any]] | None:
    """(matches, the best ``depth`` of them with their score — lower is better, the facets of every match),
    None when the index is not ready. The ids are read from the "id" fast field, the facets counted by
    tantivy's aggregations (exact over all matches, however many). Filters select the documents from
    the database first."""
    index = open_index(session.get_bind())
    if index is None:
        return None
    schema = index.schema
    query, counted = tantivy_query(schema, q), tantivy_query(schema, q, twins=True)
    if where:
        allowed = list(session.scalars(select(DocumentRow.id).where(*where)))
        if not allowed:
            return 0, [], facet_lists({name: {} for name in FACETS if name != "tasks"}, 0, 0)
        among = tantivy.Query.term_set_query(schema, "id", allowed)
        query, counted = (tantivy.Query.boolean_query([(tantivy.Occur.Must, x), (tantivy.Occur.Must, among)])
                          for x in (query, counted))
    searcher = index.searcher()
    # the aggregation reads every match once and counts them; the ranking needs only the best (tantivy
    # skips the blocks of postings that cannot reach them when it need not count)
    try:
        total, facets = _facets(searcher, counted)
        if not total:
            return 0, [], facets
        hits = searcher.search(query, depth, count=False).hits
    except (ValueError, OSError) as exc:  # files of the index gone or damaged under it: FTS5 answers
        log.warning("tantivy 索引无法读取，检索改用 FTS5；请运行 zhengce search-index rebuild / the tantivy index "
                    "cannot be read, FTS5 answers: rebuild it (%s)", exc)
        return None
    return total, [(doc_id, -score) for doc_id, (score, _) in zip(ids_of(searcher, hits), hits, strict=True)], facets
