"""The pages of laid-out sources (PDF, OFD, scans): each page's size and the boxes of its runs of text, and
the file itself, so that a clause can be shown on the page it was printed on (migration 0013).

One row per page, not per character: a page holds its span of the display text (``start``–``end``) and its
runs as a JSON list of ``[start, end, x0, y0, x1, y1]`` (offsets of the source's display text, points from
the page's top left). The file's bytes are kept once per source in ``source_files`` — for a Word file, the PDF
LibreOffice printed of it, whose pages were aligned to its text. Plain text and HTML sources store nothing here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengce.db.schema import Base
from zhengce.parse.pagemap import SourceLayout, page_range


class SourcePageRow(Base):
    __tablename__ = "source_pages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1-based
    width: Mapped[float] = mapped_column(Float)  # points
    height: Mapped[float] = mapped_column(Float)
    skew: Mapped[float] = mapped_column(Float, default=0.0)  # degrees taken out of the boxes of an OCR'd page
    start: Mapped[int] = mapped_column(Integer)  # the page's span of the display text (start = end: none)
    end: Mapped[int] = mapped_column(Integer)
    runs: Mapped[list[list[float]]] = mapped_column(JSON)


class SourceFileRow(Base):
    __tablename__ = "source_files"
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    format: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)


def store_layout(session: Session, source_id: int, file_format: str, layout: SourceLayout, sha256: str) -> None:
    """The pages and runs of a laid-out source and, when its bytes are at hand and still the ones parsed
    (same SHA-256), the file."""
    spans = layout.spans()
    by_page: dict[int, list[list[float]]] = {}
    for run in layout.runs:
        by_page.setdefault(run.page, []).append([run.start, run.end, run.x0, run.y0, run.x1, run.y1])
    previous_end = 0
    for page in layout.pages:
        start, end = spans.get(page.number, (previous_end, previous_end))
        previous_end = end
        session.add(SourcePageRow(source_id=source_id, number=page.number, width=round(page.width, 2),
                                  height=round(page.height, 2), skew=round(page.skew, 3), start=start, end=end,
                                  runs=by_page.get(page.number, [])))
    if layout.drawn is not None and layout.data is not None:  # a Word file's pages: the PDF made of it
        session.add(SourceFileRow(source_id=source_id, format=layout.drawn, data=layout.data))
        return
    data = layout.data
    if data is None and layout.file:
        try:
            data = Path(layout.file).read_bytes()
        except OSError:
            data = None
    if data is not None and (not sha256 or hashlib.sha256(data).hexdigest() == sha256):
        session.add(SourceFileRow(source_id=source_id, format=file_format, data=data))


def page_spans(session: Session, source_id: int) -> list[tuple[int, int, int]]:
    """The pages of a source that show text: (first offset, end offset, number) in text order; empty for a
    source without pages."""
    rows = session.execute(select(SourcePageRow.start, SourcePageRow.end, SourcePageRow.number)
                           .where(SourcePageRow.source_id == source_id, SourcePageRow.end > SourcePageRow.start)
                           .order_by(SourcePageRow.start)).all()
    return [(s, e, n) for s, e, n in rows]


def pages_of(session: Session, source_id: int, spans: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """For each (start, end) of the source's display text, the first and last page it was printed on."""
    pages = page_spans(session, source_id)
    return [page_range(pages, s, e) if pages else None for s, e in spans]


def page_count(session: Session, source_id: int) -> int:
    return len(session.scalars(select(SourcePageRow.id).where(SourcePageRow.source_id == source_id)).all())


def page_row(session: Session, source_id: int, number: int) -> SourcePageRow | None:
    return session.scalar(select(SourcePageRow).where(SourcePageRow.source_id == source_id,
                                                      SourcePageRow.number == number))


def page_numbers(session: Session, source_id: int) -> list[int]:
    return list(session.scalars(select(SourcePageRow.number).where(SourcePageRow.source_id == source_id)
                                .order_by(SourcePageRow.number)))


def boxes_on(row: SourcePageRow, start: int, end: int) -> list[dict[str, Any]]:
    """The boxes of display text ``start:end`` on the page ``row``: each run it covers; a run of one line
    that it covers in part is cut in proportion to the characters covered (a table's box is not cut)."""
    out = []
    for r_start, r_end, x0, y0, x1, y1 in row.runs:
        s, e = max(start, int(r_start)), min(end, int(r_end))
        if e <= s:
            continue
        chars = int(r_end) - int(r_start)
        one_line = (y1 - y0) < 2.5 * (x1 - x0) / max(chars, 1) or chars == 1
        if one_line and (s, e) != (r_start, r_end):
            step = (x1 - x0) / chars
            x0, x1 = x0 + step * (s - int(r_start)), x0 + step * (e - int(r_start))
        out.append({"x0": round(x0, 2), "y0": round(y0, 2), "x1": round(x1, 2), "y1": round(y1, 2)})
    return out


def source_file(session: Session, source_id: int) -> tuple[str, bytes] | None:
    row = session.get(SourceFileRow, source_id)
    return None if row is None else (row.format, row.data)


def has_file(session: Session, source_id: int) -> bool:
    return session.scalar(select(SourceFileRow.source_id).where(SourceFileRow.source_id == source_id)) is not None


def file_format(session: Session, source_id: int) -> str | None:
    """The format of the file a source's pages are drawn from (``pdf`` for a Word file LibreOffice printed);
    None when no file is kept."""
    return session.scalar(select(SourceFileRow.format).where(SourceFileRow.source_id == source_id))
