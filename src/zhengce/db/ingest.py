"""Ingest: one parsed source and its documents' facts stored in one transaction, so that nothing
half-written is ever visible. The facts come from the caller (``zhengce.extract.facts.extract_source``;
``zhengce.library.ingest`` composes parse → extract → store): this module runs no extractor.

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
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db.calendars import propose
from zhengce.db.pages import store_layout
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
from zhengce.db.search import drop_search, index_document
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
                path: str | None = None, replace: str | int | None = None) -> IngestResult:
    """Store one parsed source with the facts of its documents (in order; see :func:`_store_source`);
    a State Council holiday notice among its documents is also kept as a working-day calendar
    awaiting the office's confirmation.

    ``facts`` may be None when the caller expects these bytes to be stored already (nothing to
    extract): :class:`FactsNeeded` is raised, nothing written, when they are not.
    """
    result = _store_source(engine, parsed, facts, size, path=path, replace=replace)
    if result.status in {"added", "replaced"}:
        assert facts is not None  # _store_source needs them for both
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
    return result


def _store_source(engine: Engine, parsed: ParsedSource, facts: Sequence[DocumentFacts] | None, size: int, *,
                  path: str | None = None, replace: str | int | None = None) -> IngestResult:
    """Store one parsed source — documents, their facts and search entries — in one transaction.

    ``path`` identifies the file with its content (default: its name). The same bytes as a current
    source change nothing (``unchanged`` at its path, ``duplicate`` at another); other bytes under
    the path of a current source, or ``replace`` (a source's id, path or name), make a new version
    that supersedes the old one (``replaced``); anything else is ``added``.
    """
    key = source_path(path or parsed.name)
    with Session(engine) as session, session.begin():
        named = find_source(session, replace) if replace is not None else None
        existing = session.scalar(select(SourceRow).where(SourceRow.sha256 == parsed.sha256,
                                                          SourceRow.superseded_at.is_(None)))
        previous = list(session.scalars(select(SourceRow).where(SourceRow.path == key,
                                                                SourceRow.superseded_at.is_(None))))
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
        session.flush()
        source = SourceRow(
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
        session.add(source)
        session.flush()
        if parsed.layout is not None:  # a laid-out file: its pages, the boxes of its text, the file
            store_layout(session, source.id, parsed.format, parsed.layout, parsed.sha256)
        rows = [_store_document(session, source, f, parsed.text) for f in facts]
        kept = sum(_supersede(session, row, source, rows, now) for row in previous)
        same_name = [(r.id, r.path) for r in session.scalars(
            select(SourceRow).where(SourceRow.name == parsed.name, SourceRow.superseded_at.is_(None),
                                    SourceRow.id != source.id).order_by(SourceRow.id))]
        return IngestResult(parsed.name, "replaced" if previous else "added", len(rows), key, source.id,
                            replaced=[(r.id, r.path) for r in previous], kept=kept, same_name=same_name)


def _supersede(session: Session, old: SourceRow, new: SourceRow, new_docs: list[DocumentRow],
               now: datetime) -> int:
    """Mark ``old`` and its current documents superseded by ``new``; each document points to the new
    version's document of the same 发文字号, registration code or title when there is one. Their
    search entries, citations and status events go; everything else stays. How many were kept."""
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


def _store_document(session: Session, source: SourceRow, facts: DocumentFacts, text: str) -> DocumentRow:
    doc = facts.document
    row = DocumentRow(
        source_id=source.id,
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
    session.add(row)
    session.flush()
    session.add_all(ClauseRow(document_id=row.id, ordinal=k, node_id=n.id, kind=n.kind, label=n.label,
                              heading=n.heading, text=n.text, start=n.start, end=n.end)
                    for k, n in enumerate(sorted(doc.tree.walk(), key=lambda n: n.start) if doc.tree else []))
    _store_tasks(session, row, facts)
    session.add_all(TargetRow(document_id=row.id, ordinal=k, node_id=t.node_id, plan=t.plan, origin=t.origin,
                              indicator=t.indicator, value=t.value, unit=t.unit, bound=t.bound, change=t.change,
                              target_year=t.target_year, text=t.text, start=t.start, end=t.end)
                    for k, t in enumerate(facts.targets))
    session.add_all(CitationRow(document_id=row.id, kind=ref.kind, title=ref.title, title_key=title_key(ref.title),
                                doc_number=ref.doc_number, text=ref.text, start=ref.start, end=ref.end)
                    for ref in facts.references)
    session.add_all(StatusEventRow(document_id=row.id, kind=ev.kind, effective=ev.effective, doc_number=ev.doc_number,
                                   reg_code=ev.reg_code, title=ev.title, title_key=title_key(ev.title), text=ev.text,
                                   node_id=ev.node_id, start=ev.start, end=ev.end, cutoff=ev.cutoff, scope=ev.scope)
                    for ev in facts.events)
    index_document(session, row, doc, text)
    return row


def _store_tasks(session: Session, row: DocumentRow, facts: DocumentFacts) -> None:
    """The document's tasks, each with its units (one row per unit and jurisdiction) and the dates
    its text sets (what a campaign's tasks are due by)."""
    units: dict[tuple[str | None, str], UnitRow] = {}
    for k, (task, resolved, deadlines) in enumerate(zip(facts.tasks, facts.units, facts.task_deadlines,
                                                        strict=True)):
        record = task.record()
        task_row = TaskRow(document_id=row.id, ordinal=k, node_id=task.node_id, plan=task.plan, number=record["number"],
                           heading=task.heading, text=task.text, tag=task.tag, start=task.start, end=task.end,
                           data={"parents": record["parents"], "inherited_from": task.inherited_from,
                                 "tag_span": record["tag_span"],
                                 "deadlines": sorted({d.date.isoformat() for d in deadlines if d.date})})
        session.add(task_row)
        session.flush()
        for a, res in zip(task.assignments, resolved, strict=True):
            key = (res.jurisdiction, res.canonical)
            unit = units.get(key) or _unit(session, res.jurisdiction, res.canonical, res.kind, res.level)
            units[key] = unit
            session.add(TaskUnitRow(task_id=task_row.id, unit_id=unit.id, name=a.unit, role=a.role))


def _unit(session: Session, jurisdiction: str | None, canonical: str, kind: str, level: str | None) -> UnitRow:
    found = session.scalar(select(UnitRow).where(
        UnitRow.canonical == canonical,
        UnitRow.jurisdiction.is_(None) if jurisdiction is None else UnitRow.jurisdiction == jurisdiction))
    if found is None:
        found = UnitRow(jurisdiction=jurisdiction, canonical=canonical, kind=kind, level=level)
        session.add(found)
        session.flush()
    return found
