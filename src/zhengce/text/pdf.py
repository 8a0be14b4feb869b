"""PDF with a text layer, laid out: pypdfium2 for the characters and their boxes, pdfplumber for ruled tables.

Why two libraries: PDFium (Chrome's PDF engine, behind pypdfium2) hands every character with its box in C,
about ten times faster than a pure-Python parser, and copes with the damaged files real sites serve;
pdfplumber rebuilds tables from their ruling lines, which PDFium does not do — it is asked only about pages
that hold enough drawn lines to be a table. pypdf, the reader of the plain text layer, first screens the
file (a password, a stream that inflates past its limit): whatever it refuses is refused with its message,
and a file PDFium cannot open is read by it as before.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from zhengce.text import ocr
from zhengce.text.layout import Glyph, Page, Table, lay_out, text_in
from zhengce.text.raw import PageSize, RawText, ReadError

NO_PAGES = "PDF 没有页面 / the PDF has no pages"
MIN_TABLE_PATHS = 4  # drawn lines on a page before pdfplumber is asked for its tables


def read_pdf(data: bytes, text_layer: Callable[[bytes], RawText], check_size: Callable[[int], None]) -> RawText:
    """The text of a PDF in reading order, artefacts as edits, each character with its page and box.

    ``text_layer`` reads the plain text layer (pypdf): it gives the errors of a locked or damaged file and
    the text of a file PDFium cannot open. ``check_size`` refuses too much text."""
    pages_seen = _screened(data)
    if pages_seen is None:
        return text_layer(data)
    if pages_seen == 0:
        raise ReadError(NO_PAGES)
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return text_layer(data)
    scanned: list[ocr.OcrPage] = []
    try:
        if len(doc) == 0:
            raise ReadError(NO_PAGES)
        pages, empty = _pages(doc, data, check_size)
        if empty and ocr.available():  # pages without a text layer: OCR (a page with one never is)
            scanned = _ocr(doc, empty[: ocr.MAX_OCR_PAGES])
            for done in scanned:
                pages[done.page.number - 1] = done.page
            empty = empty[ocr.MAX_OCR_PAGES :]
    finally:
        doc.close()
    if not any(page.glyphs for page in pages):
        if scanned:
            raise ReadError("扫描件中没有识别出文字 / no text was recognised on the scanned pages")
        return text_layer(data)  # no text layer: its message says so (a scan waits for OCR)
    laid = lay_out(pages)
    labels, said = ocr.misread_labels(laid.text) if scanned else ([], [])
    warnings = [*laid.warnings, *ocr.notes(scanned), *said]
    if empty and len(empty) < len(pages):
        listed = "、".join(str(n) for n in empty[:20]) + ("…" if len(empty) > 20 else "")
        warnings.append(f"第{listed}页没有文字层（可能是扫描页），未读出文字 / "
                        f"page(s) {', '.join(map(str, empty[:20]))} have no text layer (scanned?)")
    skews = {done.page.number: done.skew for done in scanned}
    return RawText(laid.text, "pdf", None, warnings, [*laid.edits, *labels], laid.page_starts, laid.boxes,
                   pages=[PageSize(p.number, p.width, p.height, skews.get(p.number, 0.0)) for p in pages])


def glyph_pages(data: bytes) -> list[Page]:
    """Every page of a PDF with its characters and their boxes, as PDFium gives them (no tables, no OCR, no
    layout): what a Word file's pages are aligned to when LibreOffice has printed it as PDF."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF 文件损坏或被截断 / the PDF is damaged or truncated: {exc}") from exc
    pages = []
    try:
        for k in range(len(doc)):
            page = doc[k]
            width, height = page.get_size()
            pages.append(Page(k + 1, width, height, _glyphs(page, height)))
            page.close()
    finally:
        doc.close()
    return pages


def _screened(data: bytes) -> int | None:
    """The number of pages, if pypdf opens the file without a password and every page's content inflates
    within its limits; else None."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        return len(reader.pages)
    except Exception:  # whatever it is, the text-layer reader names it
        return None


def _pages(doc, data: bytes, check_size: Callable[[int], None]) -> tuple[list[Page], list[int]]:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as pdfium_c

    pages: list[Page] = []
    empty: list[int] = []
    chars = 0
    plumber = None
    try:
        for k in range(len(doc)):
            page = doc[k]
            width, height = page.get_size()
            glyphs = _glyphs(page, height)
            chars += len(glyphs)
            check_size(chars)
            tables: list[Table] = []
            if glyphs and sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])) >= MIN_TABLE_PATHS:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                tables = _tables(plumber.pages[k], glyphs)
            if not glyphs:
                empty.append(k + 1)
            pages.append(Page(k + 1, width, height, glyphs, tables))
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    return pages, empty


def _ocr(doc, numbers: list[int]) -> list[ocr.OcrPage]:  # type: ignore[no-untyped-def]
    """The pages ``numbers`` (1-based) rendered at ocr.DPI in grey, each as the OCR pool takes it, and read."""

    def rendered():  # type: ignore[no-untyped-def]
        for number in numbers:
            page = doc[number - 1]
            image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")
            page.close()
            yield number, image, ocr.DPI

    return ocr.ocr_images(rendered(), len(numbers))


def _glyphs(page, height: float) -> list[Glyph]:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    out: list[Glyph] = []
    space = False
    try:
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if not code or code in (0xFFFE, 0xFFFF):
                continue
            ch = chr(code)
            if not ch.strip():
                space = bool(out) and ch in " \u3000\u00a0"
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            out.append(Glyph(ch, left, height - top, right, height - bottom, space))
            space = False
    finally:
        textpage.close()
    return out


def _tables(page, glyphs: list[Glyph]) -> list[Table]:  # type: ignore[no-untyped-def]
    """Ruled tables of a page: pdfplumber finds the grid from the drawn lines, the cells' text is PDFium's
    characters inside each cell (pdfminer, under pdfplumber, misses the characters of some embedded CJK fonts)."""
    out: list[Table] = []
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing: the page is read as text
        return out
    for table in found:
        rows = [[text_in(glyphs, cell) if cell else "" for cell in row.cells] for row in table.rows]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            x0, top, x1, bottom = table.bbox
            out.append(Table(x0, top, x1, bottom, rows))
    return out
