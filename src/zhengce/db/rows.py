"""The rows a parsed source's documents become, computed from their facts in one place.

A parallel ingest's worker processes compute them (:func:`source_rows`) and hand them to the parent,
which only writes them; a serial ingest computes them the same way just before it writes, so both
store the same rows. They are plain tuples in the order of :data:`COLUMNS` (the document's id, the
parent's to give, left out): a tuple of strings and numbers costs the pipe and the parent's unpickling
far less than the facts' objects (a 3.2 KB file's answer went from about 35 KB of pickled objects to
a third of that), and it goes to the driver's executemany, or PostgreSQL's ``COPY``, as it is
(``zhengce.db.pending``). JSON columns are encoded here (``json.dumps``, as SQLAlchemy encodes them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from zhengce.db import search as db_search
from zhengce.db.schema import DocumentRow
from zhengce.db.search import IndexFields, body_lexemes, body_trigrams, index_fields, spaced_trigrams, trigram_tokens
from zhengce.parse.model import ParsedSource
from zhengce.text.lexicon import title_key
from zhengce.text.normalise import folded_text, squash

if TYPE_CHECKING:  # storing runs no extractor, so loads none
    from zhengce.calendar.holidays import HolidayNotice
    from zhengce.extract.facts import DocumentFacts

# the columns of each table's rows, after the id of the row they belong to (document or task)
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "source_id", "ordinal", "issuer", "title", "kind", "doc_number", "reg_code", "signed",
                  "published", "effective_from", "expires_on", "start", "end", "data", "jurisdiction", "year",
                  "task_count", "target_count", "title_key", "plan_key"),
    "tasks": ("id", "document_id", "ordinal", "node_id", "plan", "number", "heading", "text", "tag", "start", "end",
              "data"),
    "clauses": ("document_id", "ordinal", "node_id", "kind", "label", "heading", "text", "start", "end"),
    "targets": ("document_id", "ordinal", "node_id", "plan", "origin", "indicator", "value", "unit", "bound", "change",
                "target_year", "text", "start", "end"),
    "citations": ("document_id", "kind", "title", "title_key", "doc_number", "text", "start", "end"),
    "status_events": ("document_id", "kind", "effective", "doc_number", "reg_code", "title", "title_key", "text",
                      "node_id", "start", "end", "cutoff", "scope"),
    "task_units": ("task_id", "unit_id", "name", "role"),
    # SQLite's FTS5 table (rowid: the document's id); PostgreSQL's search rows go through a staging table
    "search_fts": ("rowid", "title", "number", "meta", "body"),
    "search_docs": ("document_id", "part", "parts", "body", "body3", "title", "number", "meta", "title3", "meta3",
                    "plain", "lexemes"),
}
CHILDREN = ("clauses", "targets", "citations", "status_events")  # rows under a document, in the order written


@dataclass(slots=True)
class DocumentRows:
    """One document's rows: its columns (:func:`document_values`) and the rows under it, each without the
    document's id; its tasks' units to look up or add, per task (jurisdiction, canonical name, kind,
    level, name as written, role); its search rows (SQLite's or PostgreSQL's); a holiday notice it is."""

    values: dict[str, Any]
    children: dict[str, list[tuple[Any, ...]]]
    tasks: list[tuple[Any, ...]]  # the tasks' columns after id and document_id
    units: list[list[tuple[str | None, str, str, str | None, str, str]]]
    search: list[tuple[Any, ...]]
    holiday: HolidayNotice | None = None
    holiday_error: str | None = None


@dataclass(slots=True)
class SourceRows:
    """A parsed source ready to store: the source without its documents (their rows hold what is kept
    of them) and its documents' rows in order."""

    parsed: ParsedSource
    documents: list[DocumentRows] = field(default_factory=list)


def source_rows(parsed: ParsedSource, facts: Sequence[DocumentFacts], *, pg: bool,
                index: Sequence[IndexFields] | None = None,
                values: Sequence[dict[str, Any]] | None = None) -> SourceRows:
    """The rows of ``parsed``'s documents from their facts (in order), with PostgreSQL's search rows
    (``pg``) or SQLite's; ``index`` and ``values``, when the caller has them, are not computed again."""
    docs = []
    for k, f in enumerate(facts):
        v = values[k] if values is not None else document_values(f)
        fields = index[k] if index is not None and (index[k][4] or not pg) else index_fields(
            cast(DocumentRow, _Columns(v)), f.document, parsed.text, plain=pg)
        docs.append(DocumentRows(v, _children(f), _tasks(f), [
            [(r.jurisdiction, r.canonical, r.kind, r.level, a.unit, a.role)
             for a, r in zip(task.assignments, resolved, strict=True)]
            for task, resolved in zip(f.tasks, f.units, strict=True)],
            _search_pg(fields, f.document.body_start or f.document.start, f.document.end, parsed.text) if pg
            else [fields[:4]], f.holiday, f.holiday_error))
    return SourceRows(replace(parsed, documents=[], toc=[], page_starts=[]), docs)


class _Columns:
    """A document's columns read as attributes (what the search fields read of a row)."""

    __slots__ = ("_v",)

    def __init__(self, v: dict[str, Any]) -> None:
        self._v = v

    def __getattr__(self, name: str) -> Any:
        return self._v[name]


def document_values(facts: DocumentFacts) -> dict[str, Any]:
    """The columns of a document's row (all but its id and source) from its facts, its clause tree (``data``)
    as JSON text."""
    doc = facts.document
    return dict(
        ordinal=doc.ordinal,
        issuer=doc.issuer,
        title=doc.title,
        kind=doc.kind,
        doc_number=doc.doc_number.text if doc.doc_number else None,
        reg_code=doc.reg_code.text if doc.reg_code else None,
        signed=doc.signed or doc.page_signed,  # the library dates a document by what the page states too
        published=doc.published,
        effective_from=doc.validity.effective_from if doc.validity else None,
        expires_on=doc.validity.expires_on if doc.validity else None,
        start=doc.start,
        end=doc.end,
        data=json.dumps(doc.to_dict()),  # as SQLAlchemy encodes a JSON column: what the driver is given
        jurisdiction=facts.jurisdiction.name,
        year=facts.year,
        task_count=len(facts.tasks),
        target_count=len(facts.plan_targets),
        title_key=squash(doc.title) if doc.title else None,
        plan_key=squash(facts.plan_title) if facts.plan_title else None,
    )


def document_row(doc_id: int, source_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
    """The documents row of :data:`COLUMNS`."""
    return (doc_id, source_id, *values.values())


def _children(facts: DocumentFacts) -> dict[str, list[tuple[Any, ...]]]:
    doc = facts.document
    return {
        "clauses": [(k, n.id, n.kind, n.label, n.heading, n.text, n.start, n.end)
                    for k, n in enumerate(sorted(doc.tree.walk(), key=lambda n: n.start) if doc.tree else [])],
        "targets": [(k, t.node_id, t.plan, t.origin, t.indicator, t.value, t.unit, t.bound, t.change, t.target_year,
                     t.text, t.start, t.end) for k, t in enumerate(facts.targets)],
        "citations": [(ref.kind, ref.title, title_key(ref.title), ref.doc_number, ref.text, ref.start, ref.end)
                      for ref in facts.references],
        "status_events": [(ev.kind, ev.effective, ev.doc_number, ev.reg_code, ev.title, title_key(ev.title), ev.text,
                           ev.node_id, ev.start, ev.end, ev.cutoff, ev.scope) for ev in facts.events],
    }


def _tasks(facts: DocumentFacts) -> list[tuple[Any, ...]]:
    """Each task's columns after its id and document, with the dates its text sets (what a campaign's tasks
    are due by)."""
    rows = []
    for k, (task, deadlines) in enumerate(zip(facts.tasks, facts.task_deadlines, strict=True)):
        # the parts of ``task.record()`` stored, without the rest of it (its NFKC line, its role lists)
        data = {"parents": [{"label": label, "heading": heading} for label, heading in task.parents],
                "inherited_from": task.inherited_from, "tag_span": {"start": task.tag_start, "end": task.tag_end},
                "deadlines": sorted({d.date.isoformat() for d in deadlines if d.date})}
        rows.append((k, task.node_id, task.plan, task.number, task.heading, task.text, task.tag, task.start,
                     task.end, json.dumps(data)))
    return rows


def _search_pg(fields: IndexFields, start: int, end: int, text: str) -> list[tuple[Any, ...]]:
    """PostgreSQL's search rows of a document (``zhengce.db.search.write_index``): a long body in parts,
    the head (title, number, metadata, their trigrams and the plain text) on the first; ``text[start:end]``:
    the body the tokens are of. A part's body and trigrams come as their distinct words
    (``zhengce.db.search.body_lexemes``: the server's ``to_tsvector`` of them, stripped, computed here) when
    every word is one the server keeps as it is; else as they are, for the server to parse."""
    title, number, meta, body, plain = fields
    words = body.split()
    size = db_search.PG_PART_TOKENS  # read at the call: a test makes it small
    parts = [" ".join(words[k : k + size]) for k in range(0, len(words), size)] or [""]
    head = (title, number, meta, trigram_tokens(title), trigram_tokens(meta), plain)
    if len(parts) == 1:  # the body's trigrams from its text (folded: a slice of the text's folded copy)
        rows = [(0, 1, parts[0], body_trigrams(folded_text(text)[start:end]), *head)]
    else:  # each part is a join of the body's tokens, one space apart: its trigrams without splitting it again
        rows = [(k, len(parts), part, spaced_trigrams(part), *(head if k == 0 else ("",) * 6))
                for k, part in enumerate(parts)]
    out = []
    for row in rows:
        lexemes = body_lexemes(row[2], row[3])
        out.append((*row, None) if lexemes is None else (*row[:2], None, None, *row[4:], lexemes))
    return out
