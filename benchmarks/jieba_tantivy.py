"""The baseline of issue 21 for benchmarks/search.py: a plain tantivy index with jieba tokens.

This is what a developer would build without zhengce's tokenisation: every field cut by rjieba
(accurate mode, lower-cased, tokens without a letter or digit dropped), indexed with positions by
tantivy's whitespace tokenizer; the query cut the same way, each whitespace-separated part (or quoted
phrase) the phrase of its jieba tokens (one token: a term), found in any field, weighted as zhengce's
BM25 (title 10, number 8, metadata 3, body 1), every part required. A word jieba cuts otherwise in the
text than alone (政府办公室 → 政府办公室, not 政府 办公室) is not found there: its phrase recall.

What its page computes, all through tantivy's own API: the number of matches, the 20 best by BM25,
each one's stored card (id, title, 文号, issuer, jurisdiction, year, genre) and an HTML snippet of its
body (tantivy's SnippetGenerator, which needs the body stored). No facets: it is issue 21's baseline as
first measured with tantivy-py 0.22, which had no aggregations; with 0.27 (the version installed now)
``zhengce.library.tantivy_search`` counts facets by aggregation, and the baseline is left without them,
the stricter comparison.
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


def cut(text: str) -> list[str]:
    """jieba's accurate-mode tokens of ``text``, lower-cased, punctuation and spaces dropped."""
    return [t.lower() for t in rjieba.cut(text) if WORDY.search(t) and not t.isspace()]


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in FIELDS:
        sb.add_text_field(name, stored=name == "body", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("card", stored=True, tokenizer_name="raw", index_option="basic")
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
            body=" ".join(cut("\n".join(d["body"]))), card=json.dumps(card, ensure_ascii=False)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def open_built(folder: Path, docs: int) -> tantivy.Index | None:
    """The index an earlier run built, if it holds ``docs`` documents."""
    if not (folder / "meta.json").exists():
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


def page(index: tantivy.Index, raw: str) -> dict[str, Any]:
    """The page a bare engine gives: count, the best 20 with their cards and body snippets."""
    schema = index.schema
    q = query(schema, raw)
    if q is None:
        return {"total": 0, "results": []}
    searcher = index.searcher()
    found = searcher.search(q, PAGE, count=True)
    snippets = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
    results = []
    for score, addr in found.hits:
        doc = searcher.doc(addr)
        results.append(json.loads(doc.get_first("card")) | {"score": score,
                                                             "snippet_html": snippets.snippet_from_doc(doc).to_html()})
    return {"total": int(found.count or 0), "results": results}


def count(index: tantivy.Index, raw: str) -> int:
    """The engine's part alone: the matches counted and the best 20 ranked, nothing read."""
    q = query(index.schema, raw)
    return 0 if q is None else int(index.searcher().search(q, PAGE, count=True).count or 0)
