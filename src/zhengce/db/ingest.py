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
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from zhengce.db.calendars import propose
from zhengce.db.pages import store_layout
from zhengce.db.pending import keep, write_pending
from zhengce.db.schema import (
    CitationRow,
    ClauseRow,
    DocumentRow,
    SourceRow,
    StatusEventRow,
    TargetRow,
    TaskRow,
    TaskUnitRow,
    UnitRow,
)
from zhengce.db.search import IndexFields, drop_search, index_document
from zhengce.db.sources import find_source, source_path
from zhengce.parse.model import ParsedSource
from zhengce.text.lexicon import title_key
from zhengce.text.normalise import squash

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
                values: Sequence[dict[str, Any]] | None = None) -> IngestResult:
    """Store one parsed source with the facts of its documents (in order; see :func:`store_source`)
    in one transaction, then :func:`note_holidays`.

    ``facts`` may be None when the caller expects these bytes to be stored already (nothing to
    extract): :class:`FactsNeeded` is raised, nothing written, when they are not. ``index``: the
    documents' search fields when the caller computed them (``zhengce.db.search.index_fields``);
    ``values``: their rows' columns (:func:`document_values`), likewise.
    """
    with Session(engine) as session, session.begin():
        result = store_source(session, parsed, facts, size, path=path, replace=replace, index=index, values=values)
    note_holidays(engine, result, facts)
    return result


def note_holidays(engine: Engine, result: IngestResult, facts: Sequence[DocumentFacts] | None) -> None:
    """A State Council holiday notice among a stored source's documents is also kept as a working-day
    calendar awaiting the office's confirmation; the result's notes say so (or why it was not)."""
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
                                                                 DocumentRow.ordinal == f.document.ordinal))
        cid = propose(engine, f.holiday, source_name=result.path, document_id=doc_id)
        result.notes.append(f"识别到 {f.holiday.year} 年节假日安排通知，已作为待确认的工作日历（编号 {cid}）："
                            f"在 /calendar 确认，或运行 zhengce calendar confirm {cid}")


def store_source(session: Session, parsed: ParsedSource, facts: Sequence[DocumentFacts] | None, size: int, *,
                 path: str | None = None, replace: str | int | None = None,
                 index: Sequence[IndexFields] | None = None,
                 values: Sequence[dict[str, Any]] | None = None) -> IngestResult:
    """Store one parsed source — documents, their facts and search entries — in the caller's transaction
    (one per source, or one per batch of sources: ``zhengce.db.batch``).

    ``path`` identifies the file with its content (default: its name). The same bytes as a current
    source change nothing (``unchanged`` at its path, ``duplicate`` at another); other bytes under
    the path of a current source, or ``replace`` (a source's id, path or name), make a new version
    that supersedes the old one (``replaced``); anything else is ``added``. ``values``: the documents'
    :func:`document_values` when the caller computed them (a parallel ingest's workers do).
    """
    key = source_path(path or parsed.name)
    named = find_source(session, replace) if replace is not None else None
    # the current sources of these bytes, of this path and of this name, in one query (without their texts);
    # a plain query first: most files of a bulk ingest have none, and it cannot miss one (changes not yet
    # flushed only supersede sources); the rows as objects only when there are some
    probe = {"sha": parsed.sha256, "path": key, "name": parsed.name}
    near = [] if session.execute(_NEAR_PROBE, probe).first() is None else list(session.scalars(
        select(SourceRow).options(defer(SourceRow.original), defer(SourceRow.text))
        .where(SourceRow.id.in_(_near_ids(SourceRow, parsed.sha256, key, parsed.name))).order_by(SourceRow.id)))
    existing = next((r for r in near if r.sha256 == parsed.sha256), None)
    previous = [r for r in near if r.path == key]
    if named is not None and named.id not in {r.id for r in previous}:
        previous.append(named)
    now = datetime.now(UTC)
    if existing is not None:  # these bytes are stored: never twice
        previous = [r for r in previous if r.id != existing.id]
        same = (existing.id, existing.path) if existing.path != key else None
        if not previous:
            return IngestResult(parsed.name, "duplicate" if same and named is None else "unchanged",
                                len(existing.documents), existing.path, existing.id, same_content=same)
        if facts is None:
            raise FactsNeeded(parsed.name)
        # the file at this path (or the one named) now holds what another stored source holds:
        # that source is its current version
        kept = sum(_supersede(session, row, existing, list(existing.documents), now) for row in previous)
        return IngestResult(parsed.name, "replaced", len(existing.documents), existing.path, existing.id,
                            replaced=[(r.id, r.path) for r in previous], kept=kept, same_content=same)
    if facts is None:
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
    source = SourceRow(id=session.scalars(_returning(SourceRow), [columns]).one(), **columns)
    if parsed.layout is not None:  # a laid-out file: its pages, the boxes of its text, the file
        store_layout(session, source.id, parsed.format, parsed.layout, parsed.sha256)
    fields = index if index is not None else [None] * len(facts)
    rows = _document_rows(session, source, facts, values)
    _store_tasks(session, list(zip(rows, facts, strict=True)))
    for row, f, i in zip(rows, facts, fields, strict=True):
        _store_document(session, row, f, parsed.text, i)
    kept = sum(_supersede(session, row, source, rows, now) for row in previous)
    same_name = [(r.id, r.path) for r in near if r.name == parsed.name and r.superseded_at is None]
    return IngestResult(parsed.name, "replaced" if previous else "added", len(rows), key, source.id,
                        replaced=[(r.id, r.path) for r in previous], kept=kept, same_name=same_name)


def _near_ids(t: Any, sha: Any, path: Any, name: Any) -> Any:
    """The ids of the current sources of these bytes, of this path and of this name: a union, each part on
    its index (SQLite reads the whole table for the same three tests joined by OR)."""
    return union_all(*(select(t.id).where(t.superseded_at.is_(None), test)
                       for test in (t.sha256 == sha, t.path == path, t.name == name)))


_NEAR_PROBE = _near_ids(SourceRow.__table__.c, bindparam("sha"), bindparam("path"), bindparam("name")).limit(1)


def _supersede(session: Session, old: SourceRow, new: SourceRow, new_docs: list[DocumentRow],
               now: datetime) -> int:
    """Mark ``old`` and its current documents superseded by ``new``; each document points to the new
    version's document of the same 发文字号, registration code or title when there is one. Their
    search entries, citations and status events go; everything else stays. How many were kept."""
    write_pending(session)  # the rows of documents stored before in this transaction, which it may delete
    old.superseded_at, old.superseded_by = now, new.id
    docs = list(session.scalars(select(DocumentRow).where(DocumentRow.source_id == old.id,
                                                          DocumentRow.superseded_at.is_(None))))
    ids = [d.id for d in docs]
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


def document_values(facts: DocumentFacts) -> dict[str, Any]:
    """The columns of a document's row (all but its source) from its facts."""
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
        data=doc.to_dict(),
        jurisdiction=facts.jurisdiction.name,
        year=facts.year,
        task_count=len(facts.tasks),
        target_count=len(facts.plan_targets),
        title_key=squash(doc.title) if doc.title else None,
        plan_key=squash(facts.plan_title) if facts.plan_title else None,
    )


_INSERTS: dict[type, Any] = {}  # one insert statement per table: the key its kept rows are gathered under


def _insert(session: Session, table: type, rows: list[dict[str, Any]]) -> None:
    """Rows of a table nothing in the transaction reads back (clauses, targets, citations, status events,
    task units), written before the commit in one executemany per table for a whole batch of files
    (``zhengce.db.pending``), on the table itself (the ORM's unit of work costs more than the database
    for rows nobody reads back)."""
    if table not in _INSERTS:
        _INSERTS[table] = insert(table.__table__)  # type: ignore[attr-defined]
    keep(session, _INSERTS[table], rows)


def _document_rows(session: Session, source: SourceRow, facts: Sequence[DocumentFacts],
                   given: Sequence[dict[str, Any]] | None = None) -> list[DocumentRow]:
    """The rows of a source's documents, in one statement that returns their ids in order: row objects
    outside the session, which the caller and the index read (id, numbers, title). ``given``: their
    :func:`document_values`, computed by the caller."""
    if not facts:
        return []
    values = [{"source_id": source.id, **v} for v in (given if given is not None else map(document_values, facts))]
    ids = session.scalars(_returning(DocumentRow), values).all()
    return [DocumentRow(id=i, **v) for i, v in zip(ids, values, strict=True)]


_RETURNING: dict[type, Any] = {}  # one statement per table, built once: SQLAlchemy's cache key is not free


def _returning(table: type) -> Any:
    """An insert into ``table`` that returns the new ids in the order of its parameter sets."""
    if table not in _RETURNING:
        t = table.__table__  # type: ignore[attr-defined]
        _RETURNING[table] = insert(t).returning(t.c.id, sort_by_parameter_order=True)
    return _RETURNING[table]


def _store_document(session: Session, row: DocumentRow, facts: DocumentFacts, text: str,
                    fields: IndexFields | None = None) -> None:
    """A stored document's clauses, tasks, targets, citations, status events and search entry."""
    doc = facts.document
    _insert(session, ClauseRow, [
        dict(document_id=row.id, ordinal=k, node_id=n.id, kind=n.kind, label=n.label, heading=n.heading,
             text=n.text, start=n.start, end=n.end)
        for k, n in enumerate(sorted(doc.tree.walk(), key=lambda n: n.start) if doc.tree else [])])
    _insert(session, TargetRow, [
        dict(document_id=row.id, ordinal=k, node_id=t.node_id, plan=t.plan, origin=t.origin, indicator=t.indicator,
             value=t.value, unit=t.unit, bound=t.bound, change=t.change, target_year=t.target_year, text=t.text,
             start=t.start, end=t.end)
        for k, t in enumerate(facts.targets)])
    _insert(session, CitationRow, [
        dict(document_id=row.id, kind=ref.kind, title=ref.title, title_key=title_key(ref.title),
             doc_number=ref.doc_number, text=ref.text, start=ref.start, end=ref.end)
        for ref in facts.references])
    _insert(session, StatusEventRow, [
        dict(document_id=row.id, kind=ev.kind, effective=ev.effective, doc_number=ev.doc_number, reg_code=ev.reg_code,
             title=ev.title, title_key=title_key(ev.title), text=ev.text, node_id=ev.node_id, start=ev.start,
             end=ev.end, cutoff=ev.cutoff, scope=ev.scope)
        for ev in facts.events])
    index_document(session, row, doc, text, fields)


def _store_tasks(session: Session, documents: list[tuple[DocumentRow, DocumentFacts]]) -> None:
    """The tasks of a source's documents, each with its units (one row per unit and jurisdiction) and the
    dates its text sets (what a campaign's tasks are due by): the tasks of all its documents in one
    statement that returns their ids in order, then their units' links (kept for the commit)."""
    tasks = []
    for row, facts in documents:
        for k, (task, deadlines) in enumerate(zip(facts.tasks, facts.task_deadlines, strict=True)):
            record = task.record()
            tasks.append(dict(document_id=row.id, ordinal=k, node_id=task.node_id, plan=task.plan,
                              number=record["number"], heading=task.heading, text=task.text, tag=task.tag,
                              start=task.start, end=task.end,
                              data={"parents": record["parents"], "inherited_from": task.inherited_from,
                                    "tag_span": record["tag_span"],
                                    "deadlines": sorted({d.date.isoformat() for d in deadlines if d.date})}))
    if not tasks:
        return
    ids = session.scalars(_returning(TaskRow), tasks).all()
    # units seen in this transaction, by (jurisdiction, canonical): one lookup each per batch, not per task
    units: dict[tuple[str | None, str], int] = session.info.setdefault("zhengce.units", {})
    links, first = [], 0
    for _row, facts in documents:
        mine, first = ids[first : first + len(facts.tasks)], first + len(facts.tasks)
        for task_id, task, resolved in zip(mine, facts.tasks, facts.units, strict=True):
            for a, res in zip(task.assignments, resolved, strict=True):
                key = (res.jurisdiction, res.canonical)
                if key not in units:
                    units[key] = _unit(session, res.jurisdiction, res.canonical, res.kind, res.level)
                links.append(dict(task_id=task_id, unit_id=units[key], name=a.unit, role=a.role))
    _insert(session, TaskUnitRow, links)


def _unit(session: Session, jurisdiction: str | None, canonical: str, kind: str, level: str | None) -> int:
    found = session.scalar(select(UnitRow.id).where(
        UnitRow.canonical == canonical,
        UnitRow.jurisdiction.is_(None) if jurisdiction is None else UnitRow.jurisdiction == jurisdiction))
    if found is None:
        row = UnitRow(jurisdiction=jurisdiction, canonical=canonical, kind=kind, level=level)
        session.add(row)
        session.flush()
        found = row.id
    return found
