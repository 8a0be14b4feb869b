"""Matching and ranking a parsed query in the store's tantivy index (``zhengce.db.tantivy_index``).

The query is the one FTS5 gets (``zhengce.db.search.fts5_match``), built as tantivy query objects —
user input never reaches a query parser: every term must match in some field; a word of two or more
Chinese characters is the phrase of its bigrams, one character a gram or the prefix of one, a
quoted phrase the phrase of its grams, a 文号, letters or digits one token. Each field's match is
weighted as FTS5's BM25 is (title 10, number 8, metadata 3, body 1). Every match is ranked (tantivy
scores them all within the time FTS5 takes to count them), so there is no head-first ranking past
10,000 matches; the count is exact and the page reports it capped as FTS5's is.
"""

from __future__ import annotations

import re
from typing import Any

import tantivy
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search import CJK, Query, Term
from zhengce.db.tantivy_index import FIELDS, open_index, read_card
from zhengce.library.records import facet_counts

WEIGHTS = {"title": 10.0, "number": 8.0, "meta": 3.0, "body": 1.0}  # as ranking.BM25


def _field(schema: tantivy.Schema, name: str, kind: str, value: Any) -> tantivy.Query:
    if kind == "prefix":
        return tantivy.Query.regex_query(schema, name, re.escape(value) + ".*")
    if kind == "phrase" and len(value) > 1:
        return tantivy.Query.phrase_query(schema, name, value)
    return tantivy.Query.term_query(schema, name, value[0] if kind == "phrase" else value)


def _anywhere(schema: tantivy.Schema, kind: str, value: Any) -> tantivy.Query:
    """``value`` in any field, each weighted."""
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.boost_query(_field(schema, name, kind, value), WEIGHTS[name]))
         for name in FIELDS])


def _either(schema: tantivy.Schema, token: str) -> tantivy.Query:
    """A token or a token that starts with it (FTS5's ``"x" OR "x"*``)."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _anywhere(schema, "term", token)),
                                        (tantivy.Occur.Should, _anywhere(schema, "prefix", token))])


def _term(schema: tantivy.Schema, t: Term) -> list[tantivy.Query]:
    if t.kind in {"number", "latin"}:
        return [_anywhere(schema, "term", t.text)]
    if t.kind == "phrase":
        cjk = [r for r in t.runs if CJK.fullmatch(r)]
        grams = list(t.grams)
        out = []
        if cjk and len(cjk[-1]) == 1 and grams:  # FTS5: the phrase's last gram as a prefix
            last = grams.pop()
            out.append(_anywhere(schema, "prefix", last))
        if grams:
            out.append(_anywhere(schema, "phrase", grams))
        return out + [_either(schema, r) for r in t.runs if not CJK.fullmatch(r)]
    if t.kind == "word" and len(t.text) > 1:
        return [_anywhere(schema, "phrase", t.grams)]
    return [_either(schema, t.text)]


def tantivy_query(schema: tantivy.Schema, q: Query) -> tantivy.Query:
    """Every term of ``q`` must match (as :func:`zhengce.db.search.fts5_match`)."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for t in q.terms for part in _term(schema, t)])


def tantivy_ranked(session: Session, q: Query, where: list[Any], depth: int, exact: int,
                   sample: int) -> tuple[int, list[Any], dict[str, Any]] | None:
    """(matches, the best of them with their score — lower is better, the facets), None when the
    index is not ready. The best are as many as the page needs (``depth``) and as the facets are
    counted over: all matches up to ``exact``, past it the best ``sample``. The facets come from the
    attributes the index stores with each match, read with its id. Filters select the documents from
    the database first."""
    index = open_index(session.get_bind())
    if index is None:
        return None
    schema = index.schema
    query = tantivy_query(schema, q)
    if where:
        allowed = list(session.scalars(select(DocumentRow.id).where(*where)))
        if not allowed:
            return 0, [], facet_counts([], 0)
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.
                                              term_set_query(schema, "id", allowed))])
    searcher = index.searcher()
    found = searcher.search(query, max(depth, exact), count=True)
    total = int(found.count or 0)
    counted = sample if total > exact else total
    best, rows = [], []
    for k, (score, addr) in enumerate(found.hits[: max(depth, counted)]):
        card = read_card(searcher.doc(addr))
        best.append((card[0], -score))
        if k < counted:
            rows.append(card[1:])
    return total, best, facet_counts(rows, len(rows))
