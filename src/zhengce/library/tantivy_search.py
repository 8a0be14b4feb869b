"""Matching and ranking a parsed query in the store's tantivy index (``zhengce.db.tantivy_index``).

The query is the one FTS5 gets (``zhengce.db.search_query.fts5_match``), built as tantivy query objects —
user input never reaches a query parser: every term must match in some field; a word of two or more
Chinese characters is the phrase of its bigrams, one character a gram or the prefix of one, a
quoted phrase the phrase of its grams, a 文号, letters or digits one token (a number with a point the
phrase of its pieces, as FTS5 cuts it: ``zhengce.db.tantivy_docs.fts5_pieces``). Each field's match is
weighted as FTS5's BM25 is (title 10, number 8, metadata 3, body 1). Every match is ranked (tantivy
scores them all within the time FTS5 takes to count them), so there is no head-first ranking past
10,000 matches; the count is exact and the page reports it capped as FTS5's is. The facets are those of
every match, counted by tantivy's terms aggregations over the index's fast fields (with 效力's ranges in the
same call: ``zhengce.db.tantivy_docs.validity_aggregation``). A word of three or more
characters is counted, and where it is common ranked, over the fields' joined-bigram twins, weighted so that the
scores are the bigrams' (:class:`TwinWeights`); the order and the scores a page shows are then checked on the
bigrams (:func:`_best`).
"""

from __future__ import annotations

import json
import logging
import math
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search import CJK
from zhengce.db.search_query import Query, Term
from zhengce.db.tantivy_docs import (
    FACETS,
    FIELDS,
    JOINED,
    fts5_pieces,
    ids_of,
    life_steps,
    validity_aggregation,
    validity_counts,
)
from zhengce.db.tantivy_index import index_dir, open_index
from zhengce.library.records import facet_lists

WEIGHTS = {"title": 10.0, "number": 8.0, "meta": 3.0, "body": 1.0}  # as ranking.BM25
# values of one facet the aggregation keeps (the page shows the 20 most frequent): more than a
# province has issuers, so that the 20 are exact
FACET_TERMS = 10_000
# the best over the twins scored again by the bigram query: this many times what a page needs, and the
# relative difference of a score over the twins from the bigrams' (tantivy scores in 32-bit floats)
SPARE = 2
ROUNDING = 1e-5
# documents the bigrams' phrases are checked in, past which the twins rank faster (CPU per query over the
# benchmark's 126 words of three or more characters at 100,000 documents: 82 ms in all, against 94 always over
# the twins and 143 never)
TWIN_WORK = 5000
Weigh = Callable[[str, list[str], list[str]], float]  # a field, a word's bigrams and its joined pairs → weight
_documents: dict[str, tuple[tuple[int, int], int]] = {}
_steps: dict[str, tuple[tuple[int, int, int], tuple[frozenset[int], bool]]] = {}
_FLOAT = struct.Struct("<f")
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


@dataclass(frozen=True, slots=True)
class Ask:
    """How a query's words are asked. ``twins``: a phrase of chained bigrams (``AB BC CD``) of the fields' twins
    as the phrase of the joined pairs (``ABC BCD``: the same documents, fewer and rarer tokens;
    ``zhengce.db.tantivy_docs.joined``), each twin weighted by ``twins(field, bigrams, pairs)``; ``among``: each
    field's match also one of these documents, scored 0 — the exact scores of a few, filtered in every field
    (filtered outside, tantivy's union of the fields would score every match in each block of 4,096 documents
    it visits; the score is the same: a match's plus 0)."""

    twins: Weigh | None = None
    among: tantivy.Query | None = None


def _anywhere(schema: tantivy.Schema, kind: str, value: Any, how: Ask | None) -> tantivy.Query:
    """``value`` in any field, each weighted (as ``how`` asks: :class:`Ask`)."""
    def asked(name: str, value: Any, weight: float) -> tuple[tantivy.Occur, tantivy.Query]:
        found = _field(schema, name, kind, value)
        if how is not None and how.among is not None:
            found = tantivy.Query.boolean_query([(tantivy.Occur.Must, found), (tantivy.Occur.Must, how.among)])
        return tantivy.Occur.Should, tantivy.Query.boost_query(found, weight)

    if how is not None and how.twins is not None and kind == "phrase" and _chained(value):
        pairs = [a + b[1] for a, b in pairwise(value)]
        return tantivy.Query.boolean_query([asked(JOINED[name], pairs, how.twins(name, value, pairs))
                                            if name in JOINED else asked(name, value, WEIGHTS[name])
                                            for name in FIELDS])
    return tantivy.Query.boolean_query([asked(name, value, WEIGHTS[name]) for name in FIELDS])


def _chained(grams: list[str]) -> bool:
    """Two or more bigrams of Chinese characters, each continuing the one before (a word's)."""
    return len(grams) > 1 and all(len(g) == 2 and CJK.fullmatch(g) for g in grams) and \
        all(a[1] == b[0] for a, b in pairwise(grams))


def _either(schema: tantivy.Schema, token: str, how: Ask | None) -> tantivy.Query:
    """A token or a token that starts with it (FTS5's ``"x" OR "x"*``; ``3.5``: the phrase ``3 5``, its last
    piece also as a prefix)."""
    pieces = fts5_pieces(token)
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, _anywhere(schema, "phrase", pieces, how)),
        (tantivy.Occur.Should, _anywhere(schema, "phrase_prefix", pieces, how) if len(pieces) > 1 else
         _anywhere(schema, "prefix", pieces[0], how))])


def _term(schema: tantivy.Schema, t: Term, how: Ask | None) -> list[tantivy.Query]:
    if t.kind in {"number", "latin"}:  # one token, or the phrase of the pieces FTS5 cuts it into (3.5)
        return [_anywhere(schema, "phrase", fts5_pieces(t.text), how)]
    if t.kind == "phrase":
        cjk = [r for r in t.runs if CJK.fullmatch(r)]
        grams = list(t.grams)
        out = []
        if cjk and len(cjk[-1]) == 1 and grams:  # FTS5: the phrase's last gram as a prefix, in the phrase
            out.append(_anywhere(schema, "phrase_prefix" if len(grams) > 1 else "prefix",
                                 grams if len(grams) > 1 else grams[0], how))
        elif grams:
            out.append(_anywhere(schema, "phrase", grams, how))
        return out + [_either(schema, r, how) for r in t.runs if not CJK.fullmatch(r)] + [
            _anywhere(schema, "phrase_prefix", [*fts5_pieces(number), char], how) for number, char in t.bonds]
    if t.kind == "word" and len(t.text) > 1:
        return [_anywhere(schema, "phrase", t.grams, how)]
    return [_either(schema, t.text, how)]


def tantivy_query(schema: tantivy.Schema, q: Query, how: Ask | None = None) -> tantivy.Query:
    """Every term of ``q`` must match (as :func:`zhengce.db.search_query.fts5_match`), as ``how`` asks: over
    the twins (the same documents: the query the facets are counted and the best candidates ranked by,
    :class:`TwinWeights`), or only the documents ``among`` (the candidates' exact scores)."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in _parts(schema, q, how)])


def _parts(schema: tantivy.Schema, q: Query, how: Ask | None = None) -> list[tantivy.Query]:
    return [part for t in q.terms for part in _term(schema, t, how)]


def indexed_documents(path: Path) -> int:
    """The documents tantivy's BM25 counts (its N: every segment's documents, deleted ones too, as its term
    counts), from the index's ``meta.json``; read again when that file changes."""
    meta = path / "meta.json"
    seen = meta.stat()
    held = _documents.get(str(path))
    if held is None or held[0] != (seen.st_mtime_ns, seen.st_size):
        total = sum(int(s.get("max_doc", 0)) for s in json.loads(meta.read_text(encoding="utf-8"))["segments"])
        held = _documents[str(path)] = ((seen.st_mtime_ns, seen.st_size), total)
    return held[1]


def present_steps(path: Path | None, searcher: tantivy.Searcher) -> tuple[frozenset[int], bool] | None:
    """The 效力 pairs the index's documents have and whether some turn more often
    (``zhengce.db.tantivy_docs.life_steps``): read once per change of its ``meta.json`` (a commit) and of the
    searcher's documents, so that a page asks only their ranges. A document the searcher has and they miss (of
    another pair) is in a bucket of tantivy's own: the page then asks for every range (:func:`_facets`). None:
    ask for all."""
    if path is None:
        return None
    seen = (path / "meta.json").stat()
    key = (seen.st_mtime_ns, seen.st_size, searcher.num_docs)
    held = _steps.get(str(path))
    if held is None or held[0] != key:
        held = _steps[str(path)] = (key, life_steps(searcher))
    return held[1]


class TwinWeights:
    """The weight of a word's phrase of joined pairs in a field's twin that gives the score of the phrase of its
    bigrams in the field: tantivy's BM25 of a phrase is its idf (the sum of its terms') times what the phrase's
    count in the document and the field's length give — both the same in the twin (a pair is joined exactly
    where the two bigrams stand side by side; every token keeps its position) — so the field's weight is scaled
    by the bigrams' idf over the pairs', each computed as tantivy does, in 32-bit floats. The same scores give or
    take ROUNDING. ``used``: whether a query asked for one (it has a word the twins hold); ``sound``: whether
    every idf could be divided by (one of terms in nearly every document can be 0); ``work``: how many documents
    the bigrams' phrases are checked in, at least (their rarest bigram's, summed over the fields)."""

    def __init__(self, searcher: tantivy.Searcher, documents: int) -> None:
        self.searcher, self.total = searcher, max(documents, searcher.num_docs)
        self.used, self.sound, self.work = False, True, 0

    def _idf(self, field: str, terms: list[str]) -> tuple[float, int]:
        """(the phrase's idf, how many documents hold its rarest term)."""
        total = self.total
        out, fewest = 0.0, total
        for term in terms:  # tantivy's bm25 idf: ln(1 + (N - n + 0.5) / (n + 0.5)), summed, all in f32
            n = min(total, self.searcher.doc_freq(field, term))
            x = _f32(_f32(_f32(total - n) + 0.5) / _f32(n + 0.5))
            out, fewest = _f32(out + _f32(math.log(_f32(1.0 + x)))), min(fewest, n)
        return out, fewest

    def __call__(self, name: str, grams: list[str], pairs: list[str]) -> float:
        self.used = True
        twin, _ = self._idf(JOINED[name], pairs)
        bigrams, fewest = self._idf(name, grams)
        self.work += fewest  # documents the bigrams' phrase is checked in, at least
        if twin <= 0.0:
            self.sound = False
            return WEIGHTS[name]
        return WEIGHTS[name] * bigrams / twin


def _f32(value: float) -> float:
    return _FLOAT.unpack(_FLOAT.pack(value))[0]


def _facets(searcher: tantivy.Searcher, query: tantivy.Query, day: date | None = None,
            steps: tuple[frozenset[int], bool] | None = None) -> tuple[int, dict[str, Any]]:
    """(matches, their facets), counted by tantivy's terms aggregations over the fast fields in one pass;
    every document has a "tasks" value, so its buckets add up to the number of matches. With ``day``, the same
    pass counts each 效力 status on that day (``zhengce.db.tantivy_docs.validity_aggregation``: ``"validity"``,
    each status's count; absent when the index has no such fields — the caller counts a sample), asking the
    ranges of ``steps`` (:func:`present_steps`; all when None, or when a match is of one not asked)."""
    asked: dict[str, Any] = {name: {"terms": {"field": name, "size": FACET_TERMS, "segment_size": FACET_TERMS}}
                             for name in FACETS}
    found = None
    if day is not None:
        try:
            found = searcher.aggregate(query, asked | validity_aggregation(day, *(steps or (None, True))))
        except ValueError as exc:  # an index without the fields of the ends (before layout 6)
            log.warning("tantivy 索引无法统计效力，改按前若干条结果统计 / the index cannot count 效力 (%s)", exc)
    if found is None:
        found = searcher.aggregate(query, asked)
    counts: dict[str, dict[Any, int]] = {
        name: {(int(b["key"]) if name == "year" else b["key"]): int(b["doc_count"])
               for b in found.get(name, {}).get("buckets", [])}
        for name in FACETS}
    tasks = counts.pop("tasks")
    total = sum(tasks.values())
    facets = facet_lists(counts, sum(n for k, n in tasks.items() if k), total)
    if "life" in found:
        try:
            counted = validity_counts(found)
            if counted is None:  # a match of a pair not asked (committed since the pairs were read): ask for all
                counted = validity_counts(searcher.aggregate(query, validity_aggregation(day)))  # type: ignore[arg-type]
            if counted is not None:
                facets["validity"] = counted
        except (KeyError, StopIteration) as exc:
            log.warning("tantivy 索引无法统计效力，改按前若干条结果统计 / the index cannot count 效力 (%s)", exc)
    return total, facets


def _filtered(query: tantivy.Query, allowed: tantivy.Query | None) -> tantivy.Query:
    return query if allowed is None else \
        tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, allowed)])


def _clusters(hits: list[Any]) -> list[range]:
    """Runs of ``hits`` (best first) each scoring within 3 × ROUNDING of the one before: between two runs the
    twins' order is the bigrams' (a twin's score is within ROUNDING of the bigrams'), within one it may not be."""
    out, start = [], 0
    for k in range(1, len(hits) + 1):
        if k == len(hits) or hits[k][0] < hits[k - 1][0] * (1 - 3 * ROUNDING):
            out.append(range(start, k))
            start = k
    return out


def _best(searcher: tantivy.Searcher, schema: tantivy.Schema, q: Query, twin: tantivy.Query,
          allowed: tantivy.Query | None, depth: int, shown: range) -> list[Any]:
    """The best ``depth`` hits of ``q`` in order, the scores of those at the positions ``shown`` exact (the
    others' within ROUNDING). Ranked over the twins (``twin``: the same documents, the same scores give or take
    ROUNDING; a word of three characters is one term there, four the phrase of two rarer ones: ranking a common
    word takes a third to a tenth of the time), SPARE × ``depth`` of them. Where the twins' order may differ from
    the bigrams' — runs of close scores (:func:`_clusters`) that are not ties — and at the positions ``shown``,
    the documents are scored again by the bigrams (:class:`Ask` ``among``: a few documents, cheap), and such a
    run is put in their order. Equal scores on the twins are taken as ties on the bigrams (the same counts and
    lengths), in tantivy's order of ties. When the run at the ``depth``-th reaches past the hits asked for, the
    bigrams rank every match, as before."""
    wanted = depth * SPARE
    first = searcher.search(twin, wanted, count=False).hits
    runs = [r for r in _clusters(first) if r.start < depth]
    if len(first) == wanted and runs[-1].stop == wanted:
        return searcher.search(_filtered(tantivy_query(schema, q), allowed), depth, count=False).hits
    mixed = [r for r in runs if first[r.start][0] != first[r.stop - 1][0]]
    again = sorted({k for r in mixed for k in r} | {k for k in shown if k < len(first)})
    exact: dict[int, float] = {}
    if again:
        ids = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, "id", i))
                                           for i in ids_of(searcher, [first[k] for k in again])])
        # the filter's own set of ids (which these passed) adds 1 to a score: as much, from these few
        scored = searcher.search(_filtered(tantivy_query(schema, q, Ask(among=tantivy.Query.const_score_query(
            ids, 0.0))), None if allowed is None else tantivy.Query.const_score_query(ids, 1.0)), len(again),
            count=False).hits
        exact = {_place(addr): score for score, addr in scored}
    out = list(first)
    for r in mixed:  # the bigrams' order; ties by tantivy's rule, the lower address first
        out[r.start:r.stop] = sorted(first[r.start:r.stop], key=lambda h: (-exact.get(_place(h[1]), h[0]),
                                                                           _place(h[1])))
    return [(exact.get(_place(addr), score), addr) for score, addr in out[:depth]]


def _place(addr: Any) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


def tantivy_ranked(session: Session, q: Query, where: list[Any], depth: int, shown: range | None = None,
                   day: date | None = None, sample: int = 0) -> tuple[int, list[Any], dict[str, Any]] | None:
    """(matches, the best ``depth`` of them in order with their score — lower is better, exact at the positions
    ``shown``, by default all, within 10⁻⁵ of it elsewhere: :func:`_best`; the facets of every match),
    None when the index is not ready. The ids are read from the "id" fast field, the facets counted by
    tantivy's aggregations (exact over all matches, however many). Filters select the documents from
    the database first. ``day``: 效力 on that day is counted in the same pass (the facets' ``"validity"``:
    each status's count); when the index cannot count it, the best ``sample`` are ranked (at least ``depth``),
    for the caller to count 效力 over."""
    bind = session.get_bind()
    index = open_index(bind)
    if index is None:
        return None
    schema = index.schema
    searcher = index.searcher()
    path = index_dir(bind)
    try:
        weigh = TwinWeights(searcher, indexed_documents(path) if path is not None else searcher.num_docs)
        allowed = None
        if where:
            ids = list(session.scalars(select(DocumentRow.id).where(*where)))
            if not ids:
                return 0, [], facet_lists({name: {} for name in FACETS if name != "tasks"}, 0, 0)
            allowed = tantivy.Query.term_set_query(schema, "id", ids)
        parts = _parts(schema, q, Ask(twins=weigh))
        counted = _filtered(tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts]), allowed)
        # the aggregation reads every match once and counts them; the ranking needs only the best (tantivy
        # skips the blocks of postings that cannot reach them when it need not count)
        total, facets = _facets(searcher, counted, day, present_steps(path, searcher) if day is not None else None)
        if not total:
            return 0, [], facets
        if day is not None and "validity" not in facets:
            depth = max(depth, sample)
        # over the twins when the bigrams' phrases are checked in more than TWIN_WORK documents (below, the
        # bigrams rank as fast: the twins' two passes cost 0.3 ms), and for two parts at most: tantivy adds the
        # parts' scores in the order of their sizes, which the few candidates' query changes (a last bit of
        # difference in a sum of three)
        if not weigh.used:  # no word the twins hold: the query is the bigrams'
            hits = searcher.search(counted, depth, count=False).hits
        elif len(parts) <= 2 and weigh.sound and weigh.work > TWIN_WORK:
            hits = _best(searcher, schema, q, counted, allowed, depth, range(depth) if shown is None else shown)
        else:
            hits = searcher.search(_filtered(tantivy_query(schema, q), allowed), depth, count=False).hits
    except (ValueError, OSError) as exc:  # files of the index gone or damaged under it: FTS5 answers
        log.warning("tantivy 索引无法读取，检索改用 FTS5；请运行 zhengce search-index rebuild / the tantivy index "
                    "cannot be read, FTS5 answers: rebuild it (%s)", exc)
        return None
    return total, [(doc_id, -score) for doc_id, (score, _) in zip(ids_of(searcher, hits), hits, strict=True)], facets
