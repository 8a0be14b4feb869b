"""Store: the only stage that holds state. SQLite by default, any SQLAlchemy URL otherwise.

A source file is stored once per content hash: ingesting the same bytes again changes nothing,
and a new version of a file with the same name replaces the old one's documents in one
transaction, so that nothing half-written is ever visible.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from .model import ParsedSource

DEFAULT_DB = "zhengce.db"


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(512), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32), nullable=True)
    size: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    original: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    gazette: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="DocumentRow.ordinal"
    )


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    issuer: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reg_code: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    signed: Mapped[date | None] = mapped_column(Date, nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[SourceRow] = relationship(back_populates="documents")


def database_url(db: str | None = None) -> str:
    """``--db`` (a path or a URL), else ``ZHENGCE_DATABASE_URL``, else ./zhengce.db."""
    value = db or os.environ.get("ZHENGCE_DATABASE_URL") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_store(db: str | None = None) -> Engine:
    url = database_url(db)
    engine = create_engine(url, future=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # type: ignore[no-untyped-def]
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    Base.metadata.create_all(engine)
    return engine


@dataclass(slots=True)
class IngestResult:
    name: str
    status: str  # added | unchanged | replaced
    documents: int


def store_parsed(engine: Engine, parsed: ParsedSource, size: int) -> IngestResult:
    """Store one parsed source in one transaction."""
    with Session(engine) as session, session.begin():
        existing = session.scalar(select(SourceRow).where(SourceRow.sha256 == parsed.sha256))
        if existing is not None:
            return IngestResult(parsed.name, "unchanged", len(existing.documents))
        previous = session.scalars(select(SourceRow).where(SourceRow.name == parsed.name)).all()
        status = "replaced" if previous else "added"
        for row in previous:
            session.delete(row)
        session.flush()
        source = SourceRow(
            name=parsed.name,
            sha256=parsed.sha256,
            format=parsed.format,
            encoding=parsed.encoding,
            size=size,
            ingested_at=datetime.now(UTC),
            original=parsed.original,
            text=parsed.text,
            gazette=None if parsed.gazette is None else {
                "name": parsed.gazette.name, "year": parsed.gazette.year, "issue": parsed.gazette.issue},
        )
        for doc in parsed.documents:
            source.documents.append(DocumentRow(
                ordinal=doc.ordinal,
                issuer=doc.issuer,
                title=doc.title,
                kind=doc.kind,
                doc_number=doc.doc_number.text if doc.doc_number else None,
                reg_code=doc.reg_code.text if doc.reg_code else None,
                signed=doc.signed,
                published=doc.published,
                effective_from=doc.validity.effective_from if doc.validity else None,
                expires_on=doc.validity.expires_on if doc.validity else None,
                start=doc.start,
                end=doc.end,
                data=doc.to_dict(),
            ))
        session.add(source)
    return IngestResult(parsed.name, status, len(parsed.documents))


def list_documents(engine: Engine) -> list[DocumentRow]:
    with Session(engine) as session:
        rows = session.scalars(
            select(DocumentRow).join(SourceRow).order_by(SourceRow.name, DocumentRow.ordinal)
        ).all()
        for row in rows:
            _ = row.source.name  # load while the session is open
        session.expunge_all()
        return list(rows)


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            "sources": len(session.scalars(select(SourceRow.id)).all()),
            "documents": len(session.scalars(select(DocumentRow.id)).all()),
        }


def document_keys(engine: Engine) -> list[dict[str, Any]]:
    """Source, ordinal, 发文字号 and title of every stored document: what references resolve to."""
    with Session(engine) as session:
        rows = session.execute(
            select(SourceRow.name, DocumentRow.ordinal, DocumentRow.doc_number, DocumentRow.title)
            .join(SourceRow).order_by(SourceRow.name, DocumentRow.ordinal)
        ).all()
    return [{"source": r[0], "ordinal": r[1], "doc_number": r[2], "title": r[3]} for r in rows]
