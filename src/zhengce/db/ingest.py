"""Ingest: one parsed source and its documents' facts stored in one transaction (or a batch of sources
in one, ``zhengce.db.batch``), so that nothing half-written is ever visible. The facts come from the
caller (``zhengce.extract.facts.extract_source``; ``zhengce.library.ingest`` composes parse → extract →
store): this module runs no extractor.

A source is identified by its content and its path (the path under the ingested folder, or the
file's path as given): files with the same name in different folders are different sources, and
the same bytes twice change nothing. A file of other content under the path of a stored source —
or named by the user (``zhengce ingest --replace``) — is a new version of it: the old version's
documents are never deleted (campaigns, reports and dashboards point to them) but kept, marked
superseded by the new version's documents. A superseded document leaves the search index and every
list; its clauses, tasks and targets stay and its page says which document replaced it. Only the
statements it made about other documents (citations, status events) go: the current version
makes its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from zhengce.db import tantivy_index, validity
from zhengce.db.calendars import propose
from zhengce.db.pages import store_layout
from zhengce.db.pending import driver_rows, insert_id, keep_rows, next_ids, write_pending
from zhengce.db.rows import CHILDREN, COLUMNS, DocumentRows, SourceRows, document_row, source_rows
from zhengce.db.schema import CitationRow, DocumentRow, SourceRow, StatusEventRow
from zhengce.db.search import IndexFields, drop_search, pg_segment
from zhengce.db.sources import find_source, source_path
from zhengce.parse.model import ParsedSource

if TYPE_CHECKING:  # the type of what the caller hands in; storing runs no extractor, so loads none
    from zhengce.extract.facts import DocumentFacts


@dataclass(slots=True)
class IngestResult:
    name: str
    status: str  # added | unchanged | replaced | duplicate
    documents: int
    path: str = ""
    source_id: int | None = None
    replaced: list[tuple[int, str]] = field(default_factory=list)  # (id, path) of the versions it supersedes
    kept: int = 0  # documents of those versions kept as superseded
    same_content: tuple[int, str] | None = None  # duplicate: the stored source with these bytes
    same_name: list[tuple[int, str]] = field(default_factory=list)  # other current sources of this base name
    notes: list[str] = field(default_factory=list)  # what else the user should know (a holiday notice found)


class FactsNeeded(LookupError):
    """The source is not stored yet, or becomes a new version: its facts are needed (none were given)."""


def store_facts(engine: Engine, parsed: ParsedSource, facts: Sequence[DocumentFacts] | None, size: int, *,
                path: str | None = None, replace: str | int | None = None,
                index: Sequence[IndexFields] | None = None,
                values: Sequence[dict[str, Any]] | None = None, rows: SourceRows | None = None) -> IngestResult:
    """Store one parsed source with the facts of its documents (in order; see :func:`store_source`)
    in one transaction, then :func:`note_holidays`.

    ``facts`` may be None when the caller expects these bytes to be stored already (nothing to
    extract): :class:`FactsNeeded` is raised, nothing written, when they are not. ``index``: the
    documents' search fields when the caller computed them (``zhengce.db.search.index_fields``);
    ``values``: their rows' columns (``zhengce.db.rows.document_values``), likewise; ``rows``: all their
    rows (``zhengce.db.rows.source_rows``, as a parallel ingest's workers compute them), instead of facts.
    """
    with Session(engine) as session, session.begin():
        result = store_source(session, parsed, facts, size, path=path, replace=replace, index=index, values=values,
                              rows=rows)
    note_holidays(engine, result, rows.documents if rows is not None else facts)
    return result


def note_holidays(engine: Engine, result: IngestResult,
                  facts: Sequence[DocumentFacts] | Sequence[DocumentRows] | None) -> None:
    """A State Council holiday notice among a stored source's documents (their facts or their rows) is also
    kept as a working-day calendar awaiting the office's confirmation; the result's notes say so (or why
    it was not)."""
    if result.status not in {"added", "replaced"}:
        return
    assert facts is not None  # store_source needs them for both
    for f in facts:
        if f.holiday_error:
            result.notes.append(f"节假日安排通知未通过核对，未作为工作日历：{f.holiday_error}")
        if f.holiday is None:
            continue
        with Session(engine) as session:
            doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.source_id == result.source_id,
                                                                 DocumentRow.ordinal == _ordinal(f)))
        cid = propose(engine, f.holiday, source_name=result.path, document_id=doc_id)
        result.notes.append(f"识别到 {f.holiday.year} 年节假日安排通知，已作为待确认的工作日历（编号 {cid}）："
                            f"在 /calendar 确认，或运行 zhengce calendar confirm {cid}")


def _ordinal(f: DocumentFacts | DocumentRows) -> int:
    return f.values["ordinal"] if isinstance(f, DocumentRows) else f.document.ordinal


def store_source(session: Session, parsed: ParsedSource, facts: Sequence[DocumentFacts] | None, size: int, *,
                 path: str | None = None, replace: str | int | None = None,
                 index: Sequence[IndexFields] | None = None,
                 values: Sequence[dict[str, Any]] | None = None, rows: SourceRows | None = None) -> IngestResult:
    """Store one parsed source — documents, their facts and search entries — in the caller's transaction
    (one per source, or one per batch of sources: ``zhengce.db.batch``).

    ``path`` identifies the file with its content (default: its name). The same bytes as a current
    source change nothing (``unchanged`` at its path, ``duplicate`` at another); other bytes under
    the path of a current source, or ``replace`` (a source's id, path or name), make a new version
    that supersedes the old one (``replaced``); anything else is ``added``. ``values``: the documents'
    ``zhengce.db.rows.document_values`` when the caller computed them; ``rows``: every row of its documents
    (``zhengce.db.rows.source_rows``, which a parallel ingest's workers compute), in place of ``facts``.
    """
    key = source_path(path or parsed.name)
    named = find_source(session, replace) if replace is not None else None
    # the current sources of these bytes, of this path and of this name, in one query (without their texts);
    # a plain query first: most files of a bulk ingest have none, and it cannot miss one (changes not yet
    # flushed only supersede sources); the rows as objects only when there are some
    probe = (parsed.sha256, key, parsed.name)
    near = [] if not driver_rows(session, _NEAR_PROBE, probe) else list(session.scalars(
        select(SourceRow).options(defer(SourceRow.original), defer(SourceRow.text))
        .where(SourceRow.id.in_(_near_ids(SourceRow, parsed.sha256, key, parsed.name))).order_by(SourceRow.id)))
    existing = next((r for r in near if r.sha256 == parsed.sha256), None)
    previous = [r for r in near if r.path == key]
    if named is not None and named.id not in {r.id for r in previous}:
        previous.append(named)
    now = datetime.now(UTC)
    if existing is not None:  # these bytes are stored: never twice
        write_pending(session)  # its documents may be among the rows kept back in this transaction
        previous = [r for r in previous if r.id != existing.id]
        same = (existing.id, existing.path) if existing.path != key else None
        if not previous:
            return IngestResult(parsed.name, "duplicate" if same and named is None else "unchanged",
                                len(existing.documents), existing.path, existing.id, same_content=same)
        if facts is None and rows is None:
            raise FactsNeeded(parsed.name)
        # the file at this path (or the one named) now holds what another stored source holds:
        # that source is its current version
        kept = sum(_supersede(session, row, existing, list(existing.documents), now) for row in previous)
        return IngestResult(parsed.name, "replaced", len(existing.documents), existing.path, existing.id,
                            replaced=[(r.id, r.path) for r in previous], kept=kept, same_content=same)
    if facts is None and rows is None:
        raise FactsNeeded(parsed.name)
    for row in previous:  # first, so that the new version may take the path
        row.superseded_at = now
    if previous:
        session.flush()
    # inserted on the table, not through the unit of work (which costs a bulk ingest more than the database);
    # the row object, outside the session, serves for its id
    columns = dict(
        name=parsed.name,
        path=key,
        sha256=parsed.sha256,
        format=parsed.format,
        encoding=parsed.encoding,
        size=size,
        ingested_at=now,
        original=parsed.original,
        text=parsed.text,
        gazette=None if parsed.gazette is None else {
            "name": parsed.gazette.name, "year": parsed.gazette.year, "issue": parsed.gazette.issue},
    )
    if "zhengce.lz4" not in session.info and session.get_bind().dialect.name == "postgresql":
        session.info["zhengce.lz4"] = True  # once per transaction (sessions of ingest hold one)
        driver_rows(session, _LZ4, ())
    source_id = insert_id(session, "sources", columns)
    if parsed.layout is not None:  # a laid-out file: its pages, the boxes of its text, the file
        store_layout(session, source_id, parsed.format, parsed.layout, parsed.sha256)
    if rows is None:
        assert facts is not None
        rows = source_rows(parsed, facts, pg=session.get_bind().dialect.name == "postgresql", index=index,
                           values=values)
    docs = _store_rows(session, source_id, rows)
    kept = sum(_supersede(session, row, SimpleNamespace(id=source_id), docs, now) for row in previous)
    same_name = [(r.id, r.path) for r in near if r.name == parsed.name and r.superseded_at is None]
    return IngestResult(parsed.name, "replaced" if previous else "added", len(docs), key, source_id,
                        replaced=[(r.id, r.path) for r in previous], kept=kept, same_name=same_name)


def _near_ids(t: Any, sha: Any, path: Any, name: Any) -> Any:
    """The ids of the current sources of these bytes, of this path and of this name: a union, each part on
    its index (SQLite reads the whole table for the same three tests joined by OR)."""
    return union_all(*(select(t.id).where(t.superseded_at.is_(None), test)
                       for test in (t.sha256 == sha, t.path == path, t.name == name)))


# the same as plain SQL, run by the driver (once per file: SQLAlchemy's work per statement cost more than it)
_NEAR_PROBE = " UNION ALL ".join(f"SELECT id FROM sources WHERE superseded_at IS NULL AND {c} = ?"
                                 for c in ("sha256", "path", "name")) + " LIMIT 1"


# PostgreSQL: the long values of this transaction (texts, clause trees, search rows) compressed with lz4 where the
# server has it — pglz cost the server about an eighth of its CPU per MB ingested, lz4 a fraction of that; the
# values read back the same (each says how it was compressed)
_LZ4 = ("SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
        "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")


def _supersede(session: Session, old: SourceRow, new: Any, new_docs: Sequence[Any], now: datetime) -> int:
    """Mark ``old`` and its current documents superseded by ``new``; each document points to the new
    version's document of the same 发文字号, registration code or title when there is one. Their
    search entries, citations and status events go; everything else stays. How many were kept."""
    write_pending(session)  # the rows of documents stored before in this transaction, which it may delete
    old.superseded_at, old.superseded_by = now, new.id
    docs = list(session.scalars(select(DocumentRow).where(DocumentRow.source_id == old.id,
                                                          DocumentRow.superseded_at.is_(None))))
    ids = [d.id for d in docs]
    # the documents their events name or sweep: their ends are computed again before the commit
    validity.note(session, changed=validity.affected(session.connection(), ids))
    drop_search(session, ids)
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        session.execute(delete(CitationRow).where(CitationRow.document_id.in_(chunk)))
        session.execute(delete(StatusEventRow).where(StatusEventRow.document_id.in_(chunk)))
    for d in docs:
        d.superseded_at = now
        d.superseded_by = next((n.id for field_name in ("doc_number", "reg_code", "title_key")
                                if getattr(d, field_name) for n in new_docs
                                if getattr(n, field_name) == getattr(d, field_name)), None)
    return len(docs)


def _store_rows(session: Session, source_id: int, rows: SourceRows) -> list[SimpleNamespace]:
    """A new source's documents with their tasks, the tasks' units, the rows under each document and its
    search entry: ids given here (``zhengce.db.pending.next_ids``: those the database would give), every
    row kept for the commit (one statement per table for a batch of files). The documents' columns
    with their ids, which the caller reads (numbers, title)."""
    docs = rows.documents
    given = next_ids(session, {"documents": len(docs), "tasks": sum(len(d.tasks) for d in docs)})
    ids, task_ids = given["documents"], iter(given["tasks"])
    keep_rows(session, "documents", COLUMNS["documents"],
              [document_row(i, source_id, d.values) for i, d in zip(ids, docs, strict=True)])
    # units seen in this transaction, by (jurisdiction, canonical): one lookup each per batch, not per task
    units: dict[tuple[str | None, str], int] = session.info.setdefault("zhengce.units", {})
    tasks, links = [], []
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILDREN}
    pg = session.get_bind().dialect.name == "postgresql"
    search = []
    _look_up_units(session, units, {(u[0], u[1]): None for d in docs for named in d.units for u in named})
    for doc_id, d in zip(ids, docs, strict=True):
        for task, named in zip(d.tasks, d.units, strict=True):
            task_id = next(task_ids)
            tasks.append((task_id, doc_id, *task))
            for jurisdiction, canonical, kind, level, name, role in named:
                if (jurisdiction, canonical) not in units:  # a new unit: added where first named
                    units[jurisdiction, canonical] = insert_id(session, "units", dict(
                        jurisdiction=jurisdiction, canonical=canonical, kind=kind, level=level))
                links.append((task_id, units[jurisdiction, canonical], name, role))
        for name in CHILDREN:
            children[name] += [(doc_id, *r) for r in d.children[name]]
        if pg:
            pg_segment(session, doc_id)
        search += [(doc_id, *r) for r in d.search]
    keep_rows(session, "tasks", COLUMNS["tasks"], tasks)
    for name in CHILDREN:
        keep_rows(session, name, COLUMNS[name], children[name])
    keep_rows(session, "task_units", COLUMNS["task_units"], links)
    table = "search_docs" if pg else "search_fts"
    keep_rows(session, table, COLUMNS[table], search)
    validity.note(session, added=ids)  # their ends, and those of the documents their events name, at commit
    if not pg and ids:
        tantivy_index.note(session, added=ids)  # the tantivy index, if built, follows at commit
    return [SimpleNamespace(id=i, **d.values) for i, d in zip(ids, docs, strict=True)]


def _look_up_units(session: Session, units: dict[tuple[str | None, str], int],
                   wanted: dict[tuple[str | None, str], None]) -> None:
    """Add to ``units`` (by jurisdiction and canonical name) the ids of the stored units among ``wanted`` it lacks:
    one query for a file's units, not one per unit (the first stored of a name, when there are several)."""
    names = sorted({key[1] for key in wanted if key not in units})
    for k in range(0, len(names), 500):
        chunk = names[k : k + 500]
        marks = ", ".join("?" * len(chunk))
        for unit_id, jurisdiction, canonical in driver_rows(
                session, f"SELECT id, jurisdiction, canonical FROM units WHERE canonical IN ({marks}) ORDER BY id",
                tuple(chunk)):
            if (jurisdiction, canonical) in wanted:
                units.setdefault((jurisdiction, canonical), unit_id)
