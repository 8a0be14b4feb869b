"""The baseline of issue 21 for benchmarks/search.py: a plain tantivy index with jieba tokens.

This is what a developer would build without zhengce's tokenisation: every field cut by rjieba
(accurate mode, lower-cased, tokens without a letter or digit dropped), indexed with positions by
tantivy's whitespace tokenizer; the query cut the same way, each whitespace-separated part (or quoted
phrase) the phrase of its jieba tokens (one token: a term), found in any field, weighted as zhengce's
BM25 (title 10, number 8, metadata 3, body 1), every part required. A word jieba cuts otherwise in the
text than alone (政府办公室 → 政府办公室, not 政府 办公室) is not found there: its phrase recall.

What its page computes, all through tantivy's own API: the number of matches, the 20 best by BM25,
each one's stored card (id, title, 文号, issuer, jurisdiction, year, genre) and an HTML snippet of its
body (tantivy's SnippetGenerator, which needs the body stored), and — as zhengce's page — the five facets
(issuer, jurisdiction, year, genre, has tasks) of every match, counted by tantivy's terms aggregations
over fast fields in one pass, whose "has tasks" buckets add up to the count (:class:`Baseline` with
``facets=True``). Without facets (``facets=False``) it is issue 21's baseline as first measured with
tantivy-py 0.22, which had no aggregations: the count and the best 20 only. The index (layout
:data:`LAYOUT`, with the facet attributes as fast fields) serves both.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import rjieba
import tantivy

FIELDS = {"title": 10.0, "number": 8.0, "meta": 3.0, "body": 1.0}
WORDY = re.compile(r"\w")
PAGE = 20
FACETS = ("issuer", "jurisdiction", "year", "kind", "tasks")  # as zhengce.db.tantivy_docs.FACETS
FACET_TERMS = 10_000  # as zhengce.library.tantivy_search.FACET_TERMS
LAYOUT_FILE, LAYOUT = "baseline-layout", "2"  # 2: facet attributes as fast fields (1: none)


def cut(text: str) -> list[str]:
    """jieba's accurate-mode tokens of ``text``, lower-cased, punctuation and spaces dropped."""
    return [t.lower() for t in rjieba.cut(text) if WORDY.search(t) and not t.isspace()]


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in FIELDS:
        sb.add_text_field(name, stored=name == "body", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("card", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("issuer", "jurisdiction", "kind"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("year", fast=True)
    sb.add_integer_field("tasks", fast=True)
    return sb.build()


def build(folder: Path, made: list[dict]) -> tantivy.Index:
    """A fresh index of the generated documents (``made`` as benchmarks/search.py's build gives them)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(folder))
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for d in made:
        card = {k: d[k] for k in ("id", "title", "number", "issuer", "jurisdiction", "year", "kind")}
        writer.add_document(tantivy.Document(
            title=" ".join(cut(d["title"])), number=" ".join(cut(d["number"])),
            meta=" ".join(cut(f"{d['issuer']} {d['kind']} {d['jurisdiction']} {d['year']}")),
            body=" ".join(cut("\n".join(d["body"]))), card=json.dumps(card, ensure_ascii=False),
            issuer=d["issuer"], jurisdiction=d["jurisdiction"], kind=d["kind"], year=int(d["year"]),
            tasks=int(d.get("tasks", 0) > 0)))
    writer.commit()
    writer.wait_merging_threads()
    (folder / LAYOUT_FILE).write_text(LAYOUT + "\n", encoding="utf-8")
    index.reload()
    return index


def open_built(folder: Path, docs: int) -> tantivy.Index | None:
    """The index an earlier run built, if it holds ``docs`` documents in this layout."""
    layout = folder / LAYOUT_FILE
    if not (folder / "meta.json").exists() or not layout.exists() or layout.read_text().strip() != LAYOUT:
        return None
    index = tantivy.Index.open(str(folder))
    return index if index.searcher().num_docs == docs else None


def _part(schema: tantivy.Schema, words: list[str]) -> tantivy.Query:
    def one(field: str) -> tantivy.Query:
        if len(words) == 1:
            return tantivy.Query.term_query(schema, field, words[0])
        return tantivy.Query.phrase_query(schema, field, words)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.boost_query(one(f), w))
                                        for f, w in FIELDS.items()])


def query(schema: tantivy.Schema, raw: str) -> tantivy.Query | None:
    """Every quoted phrase and every other whitespace-separated part, as the phrase of its jieba tokens."""
    parts = re.findall(r'"([^"]*)"|(\S+)', raw)
    cuts = [w for w in (cut(a or b) for a, b in parts) if w]
    if not cuts:
        return None
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, _part(schema, w)) for w in cuts])


def facets(searcher: tantivy.Searcher, q: tantivy.Query) -> tuple[int, dict[str, dict[Any, int]]]:
    """(matches, each facet's value counts over every match): one pass of five terms aggregations."""
    found = searcher.aggregate(q, {name: {"terms": {"field": name, "size": FACET_TERMS,
                                                     "segment_size": FACET_TERMS}} for name in FACETS})
    counts = {name: {b["key"]: int(b["doc_count"]) for b in found.get(name, {}).get("buckets", [])}
              for name in FACETS}
    return sum(counts["tasks"].values()), counts


class Baseline:
    """The baseline's index asked for a page with the five facets or, as first measured, without."""

    def __init__(self, index: tantivy.Index, with_facets: bool) -> None:
        self.index, self.with_facets = index, with_facets

    def page(self, raw: str) -> dict[str, Any]:
        """The page a bare engine gives: count, the best 20 with their cards and body snippets (and the
        facets of every match)."""
        schema = self.index.schema
        q = query(schema, raw)
        if q is None:
            return {"total": 0, "results": [], "facets": {}}
        searcher = self.index.searcher()
        counted: dict[str, dict[Any, int]] = {}
        if self.with_facets:
            total, counted = facets(searcher, q)
            hits = searcher.search(q, PAGE, count=False).hits if total else []
        else:
            found = searcher.search(q, PAGE, count=True)
            total, hits = int(found.count or 0), found.hits
        snippets = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
        results = []
        for score, addr in hits:
            doc = searcher.doc(addr)
            results.append(json.loads(doc.get_first("card")) | {
                "score": score, "snippet_html": snippets.snippet_from_doc(doc).to_html()})
        return {"total": total, "results": results, "facets": counted}

    def engine_part(self, raw: str) -> int:
        """The engine's part alone: the matches counted (with the facets: aggregated) and the best 20
        ranked, nothing read."""
        q = query(self.index.schema, raw)
        if q is None:
            return 0
        searcher = self.index.searcher()
        if self.with_facets:
            total, _ = facets(searcher, q)
            if total:
                searcher.search(q, PAGE, count=False)
            return total
        return int(searcher.search(q, PAGE, count=True).count or 0)
