"""A searchable PDF of a source read by OCR: the scanned pages as they are, with an invisible text layer.

Built from what ingest stored (:mod:`zhengce.db.pages`): the file, each page's size and skew, and the runs of
the display text with their boxes; :mod:`zhengce.library.textlayer` writes the PDF.

* a scan (PNG, JPEG, TIFF — each frame a page) becomes a PDF whose pages are its images at the stored page
  size, each with its text layer;
* a PDF keeps every page as it is (pypdf); the pages without a text layer of their own — the ones OCR read —
  get the text layer laid over them (turned back with a page shown turned by ``/Rotate``, as OCR read it
  upright). A page with a text layer was never OCR'd and gets nothing.

Sources not read by OCR (text, HTML, Word, OFD, PDFs with a text layer on every page) have none. Writing one
takes a fraction of a second a page (README: Real files); it is made when first asked for and kept in a small
least-recently-used cache (sources never change under their id). pypdf and fpdf2 are pure Python: unlike
PDFium, they may run on the web app's threads at once.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db import SourceRow
from zhengce.db.pages import SourcePageRow, has_file, page_numbers, source_file
from zhengce.library.textlayer import NOT_OCR, PageText, SearchablePdfError, build, glyphless_font

NO_SOURCE = "来源文件不存在 / no such source"
NO_FILE = "原文件未保存，无法生成可检索PDF / the file itself was not stored"
CACHE_BYTES = 96 * 1024**2  # searchable PDFs kept, all together
TEXT_OPERATORS = re.compile(rb"(?<![A-Za-z])(?:Tj|TJ|')(?![A-Za-z])")


_lock = threading.Lock()
_cache: OrderedDict[tuple[str, int], tuple[str, bytes]] = OrderedDict()
_cached_bytes = 0
_scanned: dict[tuple[str, int], tuple[int, ...]] = {}  # (store, source) → its pages read by OCR


def scanned_pages(file_format: str, data: bytes) -> list[int]:
    """The pages (1-based) of a stored file that have no text layer: every frame of an image, the pages of a
    PDF whose content (and the forms it draws) shows no text. Empty for a file of another kind or one that
    cannot be opened."""
    if file_format == "image":
        from PIL import Image

        try:
            return list(range(1, getattr(Image.open(io.BytesIO(data)), "n_frames", 1) + 1))
        except (OSError, ValueError, EOFError, Image.DecompressionBombError):
            return []
    if file_format != "pdf":
        return []
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return []
        return [k + 1 for k, page in enumerate(reader.pages) if not _shows_text(page)]
    except Exception:  # a file pypdf cannot read has no searchable PDF, whatever the reason
        return []


def _shows_text(page: Any) -> bool:
    """Whether a pypdf page's content, or a form XObject it draws (to a depth of 4), shows text."""
    from pypdf.generic import IndirectObject

    def visit(content: Any, resources: Any, depth: int) -> bool:
        if content is not None and TEXT_OPERATORS.search(content.get_data()):
            return True
        if depth >= 4 or not resources or "/XObject" not in resources:
            return False
        for ref in resources["/XObject"].values():
            xobject = ref.get_object() if isinstance(ref, IndirectObject) else ref
            if xobject.get("/Subtype") == "/Form" and visit(xobject, xobject.get("/Resources"), depth + 1):
                return True
        return False

    return visit(page.get_contents(), page.get("/Resources"), 0)


def _page_texts(session: Session, source_id: int, numbers: Sequence[int]) -> list[PageText]:
    """The stored pages ``numbers`` of a source with the display text of each run."""
    text = session.scalar(select(SourceRow.text).where(SourceRow.id == source_id)) or ""
    rows = session.scalars(select(SourcePageRow).where(SourcePageRow.source_id == source_id,
                                                       SourcePageRow.number.in_(list(numbers)))
                           .order_by(SourcePageRow.number)).all()
    return [PageText(row.number, row.width, row.height, row.skew,
                     [(text[int(s):int(e)], x0, y0, x1, y1) for s, e, x0, y0, x1, y1 in row.runs])
            for row in rows]


def _ocr_pages(session: Session, key: tuple[str, int], file_format: str) -> tuple[int, ...]:
    """The pages of a stored source that OCR read (they have no text layer in the file and stored text)."""
    with _lock:
        if key in _scanned:
            return _scanned[key]
    source_id = key[1]
    with_text = set(session.scalars(select(SourcePageRow.number).where(SourcePageRow.source_id == source_id,
                                                                       SourcePageRow.end > SourcePageRow.start)))
    if file_format == "image":  # every frame of an image is read by OCR: no need to open it
        found = tuple(sorted(with_text))
    else:
        stored = source_file(session, source_id) if with_text else None
        found = tuple(n for n in scanned_pages(*stored) if n in with_text) if stored else ()
    with _lock:
        _scanned[key] = found
        if len(_scanned) > 10_000:
            _scanned.pop(next(iter(_scanned)))
    return found


def searchable_url(session: Session, source_id: int, file_format: str) -> str | None:
    """The address of a source's searchable PDF when it was read by OCR (scans and PDFs with scanned pages
    whose file is stored), else None. A PDF's pages are looked at once per source and process."""
    if file_format not in ("image", "pdf") or not has_file(session, source_id):
        return None
    key = (str(session.get_bind().engine.url), source_id)
    return f"/source/{source_id}/searchable.pdf" if _ocr_pages(session, key, file_format) else None


def searchable_pdf(engine: Engine, source_id: int) -> tuple[str, bytes]:
    """(file name, bytes) of the searchable PDF of source ``source_id``; :class:`SearchablePdfError` when it
    has none (not stored, not read by OCR, file not kept) or its file cannot be opened."""
    global _cached_bytes
    key = (str(engine.url), source_id)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with Session(engine) as session:
        found = session.execute(select(SourceRow.name, SourceRow.format).where(SourceRow.id == source_id)).first()
        if found is None:
            raise SearchablePdfError(NO_SOURCE)
        name, file_format = found
        if file_format not in ("image", "pdf"):
            raise SearchablePdfError(NOT_OCR)
        stored = source_file(session, source_id)
        if stored is None:
            raise SearchablePdfError(NO_FILE)
        numbers = _ocr_pages(session, key, file_format)
        if not numbers:
            raise SearchablePdfError(NOT_OCR)
        # an image's every stored page (a frame where nothing was read too) is a page of the PDF
        pages = _page_texts(session, source_id, page_numbers(session, source_id) if file_format == "image"
                            else numbers)
    out = (pdf_name(name), build(stored[0], stored[1], pages))
    with _lock:
        _cache[key] = out
        _cached_bytes += len(out[1])
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _, (_, dropped) = _cache.popitem(last=False)
            _cached_bytes -= len(dropped)
    return out


def pdf_name(name: str) -> str:
    """The download's name: the source's name without its extension, 可检索, .pdf."""
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{stem}（可检索）.pdf"


def clear_cache() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _scanned.clear()
        _cached_bytes = 0


__all__ = ["NOT_OCR", "NO_FILE", "NO_SOURCE", "PageText", "SearchablePdfError", "build", "clear_cache",
           "glyphless_font", "pdf_name", "scanned_pages", "searchable_pdf", "searchable_url"]
