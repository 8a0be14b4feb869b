"""A legacy Word file (.doc) stored with its pages (issue 17): the page view of a clause is the page of the PDF
LibreOffice printed, its boxes on the characters of the clause; without LibreOffice the page view says why
there are none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.text.test_wordpages import CLAUSES, notice_doc, notice_docx, printed_on
from zhengce.db import ClauseRow, DocumentRow, open_store
from zhengce.db.pages import SourceFileRow
from zhengce.library import PageNotFound, page_image, page_view
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_bytes


def _stored(tmp_path: Path, data: bytes, name: str) -> tuple[object, int]:
    engine = open_store(str(tmp_path / "w.db"))
    store_parsed(engine, parse_bytes(data, name), len(data))
    with Session(engine) as session:
        return engine, int(session.scalar(select(DocumentRow.id)) or 0)


def test_a_doc_clause_is_shown_on_the_page_libreoffice_printed_it_on(request: pytest.FixtureRequest,
                                                                     tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    engine, doc_id = _stored(tmp_path, notice_doc(request), "notice.doc")
    with Session(engine) as session:  # type: ignore[arg-type]
        pdf = session.scalar(select(SourceFileRow.data))
        clause = next(c for c in session.scalars(select(ClauseRow).where(ClauseRow.document_id == doc_id))
                      if c.text.startswith(CLAUSES[-1][:12]))
    page = printed_on(pdf, CLAUSES[-1][:12])
    view = page_view(engine, doc_id, page, clause.node_id)  # type: ignore[arg-type]
    assert view is not None and view["source"]["format"] == "doc" and view["image"] is not None
    assert view["clause"]["pages"]["first"] == page and view["boxes"]
    # each box of the clause on this page holds the clause's characters as the PDF prints them there
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[page - 1].get_textpage()
    printed = "".join("".join(textpage.get_text_bounded(b["x0"], view["page"]["height"] - b["y1"], b["x1"],
                                                        view["page"]["height"] - b["y0"]).split())
                      for b in view["boxes"])
    textpage.close()
    doc.close()
    assert "".join(clause.text.split()).startswith(printed[:40]) and len(printed) > 40
    png = page_image(engine, doc_id, page, clause.node_id)  # type: ignore[arg-type]
    assert png is not None and Image.open(io.BytesIO(png)).size == (view["image"]["width"], view["image"]["height"])
    engine.dispose()  # type: ignore[attr-defined]


def test_without_libreoffice_the_page_view_says_why_a_word_file_has_no_pages(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_SOFFICE", "/nonexistent/soffice")
    engine, doc_id = _stored(tmp_path, notice_docx(), "notice.docx")
    with pytest.raises(PageNotFound) as info:
        page_view(engine, doc_id, 1)  # type: ignore[arg-type]
    assert "没有分页" in str(info.value) and "LibreOffice" in str(info.value)
    engine.dispose()  # type: ignore[attr-defined]
