"""Batches: many parsed sources stored in one transaction, as a parallel ingest hands them over.

A transaction per file costs a commit (a disk sync) and the lookups every file repeats; a batch of
files in one transaction stores them as ``zhengce.db.ingest.store_source`` stores each — in the order
given, so that the rows are those of a serial ingest — and commits once. A file that cannot be stored
does not take the others with it: the batch is rolled back and its files stored one by one, each in a
transaction of its own, the failing one reported. Nothing is visible before its batch commits, so an
interrupted ingest leaves whole files only, and running it again skips them (:func:`unchanged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db.ingest import IngestResult, note_holidays, store_facts, store_source
from zhengce.db.rows import SourceRows
from zhengce.db.schema import DocumentRow, SourceRow
from zhengce.db.sources import source_path


@dataclass(slots=True)
class Prepared:
    """A file parsed and extracted, ready to store: its documents' rows (``zhengce.db.rows.source_rows``)."""

    rows: SourceRows
    size: int
    path: str
    replace: str | int | None = None  # the source it is the new version of (``zhengce ingest --replace``)


def store_batch(engine: Engine, items: Sequence[Prepared]) -> list[IngestResult | Exception]:
    """Store ``items`` in one transaction, in order; each gets its result, or the error that kept
    it out (then the others are stored file by file)."""
    if not items:
        return []
    try:
        with Session(engine) as session, session.begin():
            results: list[IngestResult | Exception] = [
                store_source(session, it.rows.parsed, None, it.size, path=it.path, replace=it.replace, rows=it.rows)
                for it in items]
    except Exception:  # one file's error: the others are stored without it
        return [_alone(engine, it) for it in items]
    for result, it in zip(results, items, strict=True):
        assert isinstance(result, IngestResult)
        note_holidays(engine, result, it.rows.documents)
    return results


def _alone(engine: Engine, item: Prepared) -> IngestResult | Exception:
    try:
        return store_facts(engine, item.rows.parsed, None, item.size, path=item.path, replace=item.replace,
                           rows=item.rows)
    except Exception as exc:  # reported for this file; the ingest goes on
        return exc


def unchanged(engine: Engine, files: Sequence[tuple[str, str, str]]) -> dict[str, IngestResult]:
    """Of ``files`` (name, path, sha256 of its bytes), those whose bytes a current source holds already, by path,
    with the result storing them would give: ``unchanged`` when that source is at the file's path, ``duplicate``
    when it is at another and no current source is at the file's path (then nothing would be stored either;
    with one there, the file would replace it, and that is left to the store). They need no parsing: a scan is
    not OCR'd, a .doc not converted, only for the store to find its bytes held."""
    by_sha: dict[str, list[tuple[str, str]]] = {}
    for name, path, sha in files:
        by_sha.setdefault(sha, []).append((name, source_path(path)))
    found: dict[str, IngestResult] = {}
    shas = list(by_sha)
    with Session(engine) as session:
        for k in range(0, len(shas), 500):
            held: dict[str, list[tuple[int, str, int]]] = {}
            rows = session.execute(
                select(SourceRow.id, SourceRow.path, SourceRow.sha256, func.count(DocumentRow.id))
                .outerjoin(DocumentRow, DocumentRow.source_id == SourceRow.id)
                .where(SourceRow.sha256.in_(shas[k : k + 500]), SourceRow.superseded_at.is_(None))
                .group_by(SourceRow.id, SourceRow.path, SourceRow.sha256))
            for source_id, path, sha, documents in rows:
                held.setdefault(sha, []).append((source_id, path, documents))
            elsewhere = [key for sha, sources in held.items() for _, key in by_sha[sha]
                         if all(path != key for _, path, _ in sources)]
            occupied = set(session.scalars(select(SourceRow.path).where(
                SourceRow.path.in_(elsewhere), SourceRow.superseded_at.is_(None)))) if elsewhere else set()
            for sha, sources in held.items():
                for name, key in by_sha[sha]:
                    at_key = [s for s in sources if s[1] == key]
                    if at_key:
                        found[key] = IngestResult(name, "unchanged", at_key[0][2], key, at_key[0][0])
                    elif key not in occupied:  # as the store would say it: the first source of these bytes
                        source_id, path, documents = min(sources)
                        found[key] = IngestResult(name, "duplicate", documents, path, source_id,
                                                  same_content=(source_id, path))
    return found
