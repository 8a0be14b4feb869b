"""Store: the only stage that holds state. SQLite by default, PostgreSQL (or any SQLAlchemy URL) otherwise.

The schema is created and upgraded by Alembic migrations (``zhengce/migrations``) when a store is
opened. Each file is stored in one transaction, so that nothing half-written is ever visible.

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

import os
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy import text as text_sql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.pool import NullPool

from zhengce.db.search import number_tokens, squeeze, tokens, trigram_tokens
from zhengce.extract.references import ISSUING, extract_references
from zhengce.extract.targets import extract_targets
from zhengce.extract.tasks import extract_tasks
from zhengce.extract.units import jurisdiction_of, resolve
from zhengce.extract.validity import extract_events
from zhengce.parse.model import Document, ParsedSource
from zhengce.text.normalise import squash

DEFAULT_DB = "zhengce.db"
PG_PART_TOKENS = 15000  # PostgreSQL: a long document's tokens in rows of this many (a tsvector holds 1 MB at most)
# PostgreSQL: a search row's head and plain text stay in the row, uncompressed, up to this size
# (the body vector goes out to TOAST storage): the phrase check and ranking read them for every
# candidate, and decompressing them cost more than the check itself
PG_TUPLE_TARGET = 8160
SEGMENT = 16384  # PostgreSQL: document ids per partition of search_docs (searches read the newest first)


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(512), index=True)  # the file's base name, shown
    path: Mapped[str] = mapped_column(String(1024), server_default="")  # what identifies it, with its content
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32), nullable=True)
    size: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    original: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    gazette: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    superseded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the source of the next version
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="DocumentRow.ordinal", passive_deletes=True
    )
    # one current source per path and per content (migration 0008); superseded versions are many
    __table_args__ = (
        Index("ux_sources_current_path", "path", unique=True, sqlite_where=text_sql("superseded_at IS NULL"),
              postgresql_where=text_sql("superseded_at IS NULL")),
        Index("ux_sources_current_sha256", "sha256", unique=True, sqlite_where=text_sql("superseded_at IS NULL"),
              postgresql_where=text_sql("superseded_at IS NULL")),
    )


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    issuer: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reg_code: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    signed: Mapped[date | None] = mapped_column(Date, nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    jurisdiction: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    task_count: Mapped[int] = mapped_column(Integer, default=0)
    target_count: Mapped[int] = mapped_column(Integer, default=0)
    title_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    plan_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    # a document of a superseded source: when, and (when the new version has it) by which document
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    superseded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[SourceRow] = relationship(back_populates="documents")


class ClauseRow(Base):
    __tablename__ = "clauses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction: Mapped[str | None] = mapped_column(String(100), nullable=True)
    canonical: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)


class TaskRow(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(120))
    plan: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    tag: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class TaskUnitRow(Base):
    __tablename__ = "task_units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))


class TargetRow(Base):
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(String(120))
    plan: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(20))
    bound: Mapped[str] = mapped_column(String(10))
    change: Mapped[str] = mapped_column(String(20))
    target_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class CitationRow(Base):
    __tablename__ = "citations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    title_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class StatusEventRow(Base):
    __tablename__ = "status_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # repeal | expire | continue
    effective: Mapped[date | None] = mapped_column(Date, nullable=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reg_code: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    title_key: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    node_id: Mapped[str] = mapped_column(String(120))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    cutoff: Mapped[date | None] = mapped_column(Date, nullable=True)  # a sweep: documents made before this day
    scope: Mapped[str | None] = mapped_column(String(200), nullable=True)  # … by this issuer and its office


def database_url(db: str | None = None) -> str:
    """``--db`` (a path or a URL), else ``ZHENGCE_DATABASE_URL``, else ./zhengce.db."""
    value = db or os.environ.get("ZHENGCE_DATABASE_URL") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_store(db: str | None = None) -> Engine:
    """An engine on the database, its schema migrated to the newest revision."""
    url = database_url(db)
    engine = create_engine(url, future=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # type: ignore[no-untyped-def]
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
        # SQLite changes a table's constraints by rebuilding it, and dropping the old table with
        # foreign keys on would delete the rows of every table that refers to it: migrations run
        # on a connection of their own, foreign keys off
        plain = create_engine(url, future=True, poolclass=NullPool)

        @event.listens_for(plain, "connect")
        def _keys_off(conn, _record):  # type: ignore[no-untyped-def]
            conn.execute("PRAGMA foreign_keys=OFF")  # SQLite's default, unless built otherwise

        try:
            with plain.begin() as conn:
                migrate(conn)
        finally:
            plain.dispose()
    else:
        with engine.begin() as conn:
            migrate(conn)
    from zhengce.db.calendars import activate  # the official working-day calendars of this store

    activate(engine)
    return engine


def alembic_config(conn: Connection) -> Any:
    """The Alembic configuration of zhengce's migrations, run over ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("zhengce").joinpath("db", "migrations")))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(conn: Connection) -> None:
    """Run the Alembic migrations up to head (a database made before migrations is adopted first)."""
    from alembic import command

    cfg = alembic_config(conn)
    tables = set(inspect(conn).get_table_names())
    if "sources" in tables and "alembic_version" not in tables:
        command.stamp(cfg, "0001")  # made by an earlier zhengce with create_all: the first revision's schema
    command.upgrade(cfg, "head")


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


class SourceError(ValueError):
    """A source named by the user (``--replace``) that is not there or not one."""


def source_path(path: str) -> str:
    """The path that identifies a source: separators as ``/``, ``.`` and ``..`` resolved as written."""
    return posixpath.normpath(path.replace("\\", "/")) if path else path


def find_source(session: Session, key: str | int) -> SourceRow:
    """The current source named by its id, its path, the end of its path or its base name."""
    text = str(key).strip()
    current = select(SourceRow).where(SourceRow.superseded_at.is_(None))
    if text.isdigit():
        row = session.get(SourceRow, int(text))
        if row is None:
            raise SourceError(f"没有编号为 {text} 的来源 / no source with id {text}")
        if row.superseded_at is not None:
            raise SourceError(f"来源 {text}（{row.path}）已被新版本（来源 {row.superseded_by}）取代 / "
                              f"source {text} is superseded by source {row.superseded_by}")
        return row
    key_path = source_path(text)
    found = list(session.scalars(current.where(SourceRow.path == key_path)))
    if not found:  # its base name, or its path named from another folder (one path ends with the other)
        base = posixpath.basename(key_path)
        same_name = session.scalars(current.where(or_(SourceRow.path == base, SourceRow.path.endswith("/" + base))))
        found = [r for r in same_name if r.path.endswith("/" + key_path) or key_path.endswith("/" + r.path)]
    if not found:
        raise SourceError(f"库中没有来源 {text} / no stored source {text}")
    if len(found) > 1:
        listed = "、".join(f"{r.path}（编号 {r.id}）" for r in found)
        raise SourceError(f"{text} 可指多个来源：{listed}，请用编号 / {text} names several sources; use the id")
    return found[0]


def store_parsed(engine: Engine, parsed: ParsedSource, size: int, *, path: str | None = None,
                 replace: str | int | None = None) -> IngestResult:
    """Store one parsed source (see :func:`_store_source`); a State Council holiday notice among its
    documents is also kept as a working-day calendar awaiting the office's confirmation."""
    result = _store_source(engine, parsed, size, path=path, replace=replace)
    if result.status in {"added", "replaced"}:
        from zhengce.calendar.holidays import NoticeError, looks_like_notice, read_notice
        from zhengce.db.calendars import propose

        for doc in parsed.documents:
            if not looks_like_notice(doc.title):
                continue
            try:
                notice = read_notice(parsed.text[doc.start : doc.end])
            except NoticeError as exc:
                result.notes.append(f"节假日安排通知未通过核对，未作为工作日历：{exc}")
                continue
            with Session(engine) as session:
                doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.source_id == result.source_id,
                                                                     DocumentRow.ordinal == doc.ordinal))
            cid = propose(engine, notice, source_name=result.path, document_id=doc_id)
            result.notes.append(f"识别到 {notice.year} 年节假日安排通知，已作为待确认的工作日历（编号 {cid}）："
                                f"在 /calendar 确认，或运行 zhengce calendar confirm {cid}")
    return result


def _store_source(engine: Engine, parsed: ParsedSource, size: int, *, path: str | None = None,
                  replace: str | int | None = None) -> IngestResult:
    """Store one parsed source — documents, elements and search entries — in one transaction.

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
            # the file at this path (or the one named) now holds what another stored source holds:
            # that source is its current version
            kept = sum(_supersede(session, row, existing, list(existing.documents), now) for row in previous)
            return IngestResult(parsed.name, "replaced", len(existing.documents), existing.path, existing.id,
                                replaced=[(r.id, r.path) for r in previous], kept=kept, same_content=same)
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
        rows = [_store_document(session, source, doc, parsed.text) for doc in parsed.documents]
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
    _drop_search(session, ids)
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


def _plan_title(doc: Document) -> str | None:
    m = ISSUING.search(doc.title or "")
    return m.group(1) if m else None


def _store_document(session: Session, source: SourceRow, doc: Document, text: str) -> DocumentRow:
    where = jurisdiction_of(doc.issuer)
    tasks = extract_tasks(doc, text)
    targets = extract_targets(doc, text, include_tasks=True, tasks=tasks)
    plan = _plan_title(doc)
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
        jurisdiction=where.name,
        year=dated.year if (dated := doc.signed or doc.page_signed or doc.published) else (
            doc.doc_number.year if doc.doc_number else None),
        task_count=len(tasks),
        target_count=sum(1 for t in targets if t.origin != "task"),
        title_key=squash(doc.title) if doc.title else None,
        plan_key=squash(plan) if plan else None,
    )
    session.add(row)
    session.flush()
    clauses = [ClauseRow(document_id=row.id, ordinal=k, node_id=n.id, kind=n.kind, label=n.label, heading=n.heading,
                         text=n.text, start=n.start, end=n.end)
               for k, n in enumerate(sorted(doc.tree.walk(), key=lambda n: n.start) if doc.tree else [])]
    session.add_all(clauses)
    units: dict[tuple[str | None, str], UnitRow] = {}
    for k, task in enumerate(tasks):
        record = task.record()
        task_row = TaskRow(document_id=row.id, ordinal=k, node_id=task.node_id, plan=task.plan, number=record["number"],
                           heading=task.heading, text=task.text, tag=task.tag, start=task.start, end=task.end,
                           data={"parents": record["parents"], "inherited_from": task.inherited_from,
                                 "tag_span": record["tag_span"]})
        session.add(task_row)
        session.flush()
        for a in task.assignments:
            res = resolve(a.unit, where)
            unit = units.get((res.jurisdiction, res.canonical)) or _unit(session, res.jurisdiction, res.canonical,
                                                                            res.kind, res.level)
            units[(res.jurisdiction, res.canonical)] = unit
            session.add(TaskUnitRow(task_id=task_row.id, unit_id=unit.id, name=a.unit, role=a.role))
    session.add_all(TargetRow(document_id=row.id, ordinal=k, node_id=t.node_id, plan=t.plan, origin=t.origin,
                              indicator=t.indicator, value=t.value, unit=t.unit, bound=t.bound, change=t.change,
                              target_year=t.target_year, text=t.text, start=t.start, end=t.end)
                    for k, t in enumerate(targets))
    for ref in extract_references(doc, text):
        inner = ISSUING.search(ref.title or "")
        key = squash(inner.group(1) if inner else ref.title) if ref.title else None
        session.add(CitationRow(document_id=row.id, kind=ref.kind, title=ref.title, title_key=key,
                                doc_number=ref.doc_number, text=ref.text, start=ref.start, end=ref.end))
    for ev in extract_events(doc, text):
        inner = ISSUING.search(ev.title or "")
        key = squash(inner.group(1) if inner else ev.title) if ev.title else None
        session.add(StatusEventRow(document_id=row.id, kind=ev.kind, effective=ev.effective, doc_number=ev.doc_number,
                                   reg_code=ev.reg_code, title=ev.title, title_key=key, text=ev.text,
                                   node_id=ev.node_id, start=ev.start, end=ev.end, cutoff=ev.cutoff,
                                   scope=ev.scope))
    _index(session, row, doc, text)
    return row


def _unit(session: Session, jurisdiction: str | None, canonical: str, kind: str, level: str | None) -> UnitRow:
    found = session.scalar(select(UnitRow).where(
        UnitRow.canonical == canonical,
        UnitRow.jurisdiction.is_(None) if jurisdiction is None else UnitRow.jurisdiction == jurisdiction))
    if found is None:
        found = UnitRow(jurisdiction=jurisdiction, canonical=canonical, kind=kind, level=level)
        session.add(found)
        session.flush()
    return found


def _index_fields(row: DocumentRow, doc: Document, text: str) -> tuple[str, str, str, str]:
    body = text[doc.body_start or doc.start : doc.end]
    headings = " ".join(n.heading for n in doc.tree.walk() if n.heading) if doc.tree else ""
    title = tokens(doc.title or "")
    number = " ".join(number_tokens(row.doc_number or "")) + " " + tokens(row.reg_code or "")
    meta = tokens(" ".join(x for x in (doc.issuer, doc.kind, row.jurisdiction, str(row.year or ""), headings) if x))
    return title, number, meta, tokens(body) + " " + " ".join(number_tokens(body))


def _index(session: Session, row: DocumentRow, doc: Document, text: str) -> None:
    # the plain text serves PostgreSQL's phrase check only; folding a whole document is not free
    pg = session.get_bind().dialect.name == "postgresql"
    plain = plain_text(row.title, row.doc_number, row.reg_code, row.issuer, row.kind, row.jurisdiction,
                       row.year, text[row.start : row.end]) if pg else ""
    write_index(session, row.id, *_index_fields(row, doc, text), plain=plain)


def plain_text(*fields: Any) -> str:
    """A document's words run together (``zhengce.search.squeeze``) for the phrase check on
    PostgreSQL: its title, number, registration code, issuer, genre, jurisdiction, year and text."""
    return squeeze("\n".join(str(f) for f in fields if f))


def write_index(session: Session, doc_id: int, title: str, number: str, meta: str, body: str, *,
                plain: str) -> None:
    """Add one document's tokens (from ``zhengce.search.tokens``) to the full-text index, and on
    PostgreSQL its :func:`plain_text`, where quoted phrases are checked (SQLite ignores ``plain``)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text_sql("INSERT INTO search_fts(rowid, title, number, meta, body) "
                                 "VALUES (:id, :title, :number, :meta, :body)"),
                        {"id": doc_id, "title": title, "number": number, "meta": meta, "body": body})
        return
    words = body.split()
    parts = [" ".join(words[k : k + PG_PART_TOKENS]) for k in range(0, len(words), PG_PART_TOKENS)] or [""]
    _pg_segment(session, doc_id)
    # the head (title, number, metadata) is ranked, so weighted; the body is only matched, so without
    # positions (phrases are checked on the plain text), beside its trigrams (zhengce.search.trigram_tokens)
    head_tri = {"title3": trigram_tokens(title), "meta3": trigram_tokens(meta)}
    for k, part in enumerate(parts):
        head = ({"title": title, "number": number, "meta": meta, "plain": plain} | head_tri if k == 0 else
                {"title": "", "number": "", "meta": "", "title3": "", "meta3": "", "plain": ""})
        session.execute(text_sql(
            "INSERT INTO search_docs(document_id, part, parts, tsv, head, plain) SELECT :id, :part, :parts, "
            "h || strip(to_tsvector('simple', :body) || to_tsvector('simple', :body3)), h, :plain FROM (SELECT "
            "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :number), 'A') || "
            "setweight(to_tsvector('simple', :meta), 'B') || setweight(strip(to_tsvector('simple', :title3)), 'A') || "
            "setweight(strip(to_tsvector('simple', :meta3)), 'B') AS h) AS x"),
            {"id": doc_id, "part": k, "parts": len(parts), "body": part, "body3": trigram_tokens(part)} | head)


def _pg_segment(session: Session, doc_id: int) -> None:
    """Make the partition of search_docs that holds ``doc_id`` when it is not there yet.

    The table is made on its own and then attached, which locks the parent table against other
    writers only: searches go on meanwhile. An advisory lock keeps two ingests from both making it.
    """
    k = doc_id // SEGMENT
    name = f"search_docs_{k}"
    if session.scalar(text_sql("SELECT to_regclass(:name)"), {"name": name}) is not None:
        return
    session.execute(text_sql("SELECT pg_advisory_xact_lock(7368117, CAST(:k AS integer))"), {"k": k})
    if session.scalar(text_sql("SELECT to_regclass(:name)"), {"name": name}) is None:
        session.execute(text_sql(f"CREATE TABLE {name} (LIKE search_docs INCLUDING DEFAULTS INCLUDING STORAGE) "
                                 f"WITH (toast_tuple_target = {PG_TUPLE_TARGET})"))
        session.execute(text_sql(f"ALTER TABLE search_docs ATTACH PARTITION {name} "
                                 f"FOR VALUES FROM ({k * SEGMENT}) TO ({(k + 1) * SEGMENT})"))


def _drop_search(session: Session, ids: list[int]) -> None:
    """Take documents out of the search index (superseded versions; the rows of deleted documents
    would go with them on PostgreSQL, ON DELETE CASCADE, but not from SQLite's FTS5 table)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    for k in range(0, len(ids), 500):
        chunk = ",".join(map(str, ids[k : k + 500]))
        session.execute(text_sql(f"DELETE FROM search_fts WHERE rowid IN ({chunk})" if sqlite else
                                 f"DELETE FROM search_docs WHERE document_id IN ({chunk})"))


def list_documents(engine: Engine, superseded: bool = False) -> list[DocumentRow]:
    """The current documents by source path (with ``superseded``, the superseded versions too)."""
    with Session(engine) as session:
        stmt = select(DocumentRow).join(SourceRow).order_by(SourceRow.path, SourceRow.id, DocumentRow.ordinal)
        rows = session.scalars(stmt if superseded else stmt.where(DocumentRow.superseded_at.is_(None))).all()
        for row in rows:
            _ = row.source.name  # load while the session is open
        session.expunge_all()
        return list(rows)


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            "sources": session.scalar(select(func.count()).select_from(SourceRow)
                                      .where(SourceRow.superseded_at.is_(None))) or 0,
            "documents": session.scalar(select(func.count()).select_from(DocumentRow)
                                        .where(DocumentRow.superseded_at.is_(None))) or 0,
            "superseded": session.scalar(select(func.count()).select_from(DocumentRow)
                                         .where(DocumentRow.superseded_at.is_not(None))) or 0,
        }


def document_keys(engine: Engine) -> list[dict[str, Any]]:
    """Source, ordinal, 发文字号 and title of every stored document: what references resolve to."""
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRow.name, DocumentRow.ordinal, DocumentRow.doc_number, DocumentRow.title)
            .join(SourceRow).where(DocumentRow.superseded_at.is_(None)).order_by(SourceRow.path, DocumentRow.ordinal)
        ).all()
    return [{"source": r[0], "ordinal": r[1], "doc_number": r[2], "title": r[3]} for r in rows]
