"""Sources: how a stored source is named (its path, id or base name) and looked up, and what the
library holds (its documents, counts and the keys references resolve to).
"""

from __future__ import annotations

import posixpath
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db.schema import DocumentRow, SourceRow


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


def is_current(engine: Engine, sha256: str) -> bool:
    """Whether a current source holds these bytes (ingesting them again would change nothing at its path)."""
    with Session(engine) as session:
        return session.scalar(select(SourceRow.id).where(SourceRow.sha256 == sha256,
                                                         SourceRow.superseded_at.is_(None))) is not None


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


class Twin(NamedTuple):
    """A document stored twice: its 文号, the path of the source of this ingest and of the other source, and
    whether that other source came in the same ingest."""

    number: str
    path: str
    other: str
    both_new: bool = False


def numbers_elsewhere(engine: Engine, source_ids: list[int], limit: int = 1000) -> list[Twin]:
    """A :class:`Twin` for each document of ``source_ids`` whose issuer and 发文字号 a document of another
    current source also has: the same notice stored twice, as a .doc and a .docx, or as a web page and its PDF
    (up to ``limit`` pairs, by 文号). Two sources both of ``source_ids`` make one pair, not one each way.

    One query, whatever the number of sources: an ingest's new sources have ids in one range, so the query
    asks that range (a bound pair of parameters, not one per source) and the sources of the range that are
    not in ``source_ids`` (stored by another ingest meanwhile) are left out as the rows come."""
    wanted = set(source_ids)
    if not wanted:
        return []
    this, other = DocumentRow.__table__.alias("this"), DocumentRow.__table__.alias("other")
    here, there = SourceRow.__table__.alias("here"), SourceRow.__table__.alias("there")
    query = (
        select(this.c.source_id, other.c.source_id, this.c.doc_number, here.c.path, there.c.path)
        .join(here, here.c.id == this.c.source_id)
        .join(other, (other.c.doc_number == this.c.doc_number) & (other.c.source_id != this.c.source_id)
              & (func.coalesce(other.c.issuer, "") == func.coalesce(this.c.issuer, "")))
        .join(there, there.c.id == other.c.source_id)
        .where(this.c.source_id.between(min(wanted), max(wanted)), this.c.doc_number.is_not(None),
               this.c.superseded_at.is_(None), other.c.superseded_at.is_(None))
        .distinct().order_by(this.c.doc_number, here.c.path, there.c.path)
    )
    found: list[Twin] = []
    with engine.connect() as conn:
        for source_id, other_id, number, mine, theirs in conn.execute(query):
            both = other_id in wanted
            if source_id in wanted and not (both and (mine, source_id) > (theirs, other_id)):
                found.append(Twin(number, mine, theirs, both))
                if len(found) == limit:
                    break
    return found
