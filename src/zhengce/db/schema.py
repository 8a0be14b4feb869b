"""Schema: the tables of the library — sources (the files ingested, every version), their documents,
clauses, tasks and the units they name, targets, citations and status events.

``Base`` is the declarative base of every table: the supervision and account tables
(``zhengce.db.tracking``), the data-resource tables (``zhengce.db.datatables``) and the working-day
calendars (``zhengce.db.calendars``) declare theirs on it. The schema itself is made and upgraded by
the Alembic migrations (``zhengce/db/migrations``), never by ``create_all``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as text_sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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
    # the days its status turns by what other documents (or its page) say of it (migration 0020, kept by
    # ``zhengce.db.validity``): the earliest repeal and lapse in force, the earliest dated 继续有效; 0001-01-01
    # for an undated one (from the beginning)
    repealed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    lapsed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    confirmed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[SourceRow] = relationship(back_populates="documents")
    # current documents by signing date (migration 0018): the home page's most recently signed
    # and the documents a rare status needs (migration 0020): the 效力 filter's conditions find them by these
    __table_args__ = (Index("ix_documents_current_signed", "signed", "id",
                            sqlite_where=text_sql("superseded_at IS NULL"),
                            postgresql_where=text_sql("superseded_at IS NULL")),
                      *(Index(f"ix_documents_{name}", name, sqlite_where=text_sql(f"{name} IS NOT NULL"),
                              postgresql_where=text_sql(f"{name} IS NOT NULL"))
                        for name in ("repealed_on", "lapsed_on", "effective_from", "expires_on")))


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
    # the sweeps by scope (migration 0016): pages look up those that may cover their documents
    __table_args__ = (Index("ix_status_events_sweep_scope", "scope", sqlite_where=text_sql("kind = 'sweep'"),
                            postgresql_where=text_sql("kind = 'sweep'")),)

