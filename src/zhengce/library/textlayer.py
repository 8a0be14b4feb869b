"""The invisible text layer of a searchable PDF (:mod:`zhengce.library.searchpdf`), written over a scan's
pages: each run's characters — the display text, so that a PDF viewer's search and copy give zhengce's text —
are written with fpdf2 in text render mode 3 (invisible) at the run's box: the font size is the height of a
line of the box, the characters are stretched to its width, and the boxes, from which OCR took the page's
skew, are turned back by it so that the text lies on the ink of the scan as it is. A ruled table is one run:
its rows are spread over the table's box (its cells, when found again on the image).

The font is glyph-less, as Tesseract's and OCRmyPDF's text layers are: a TrueType font made for the PDF with
one glyph without area per character it holds (1 em wide for CJK, half for the rest) and a ToUnicode map.
Invisible text needs no outlines, the font is a few kilobytes and no CJK font need be installed; Noto CJK,
embedded by fpdf2 as a CFF font with an encoding CMap, came back from pypdf as ``\x00住\x00房`` (PDFium read it).
"""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zhengce.library.searchcells import Box, page_image, table_cells

NOT_OCR = ("此来源文件不是经 OCR 识别的扫描件，没有可检索PDF（文字层已在原文件中，或没有分页）/ "
           "this source was not read by OCR: it has no searchable PDF")
BAD_FILE = "原文件无法打开，无法生成可检索PDF / the stored file cannot be opened"
ASCENT = 0.88  # of the em above the baseline, as in Noto CJK (the rest, 0.12, below it)


class SearchablePdfError(LookupError):
    """No searchable PDF for this source; the message says why, in Chinese and English."""


@dataclass(slots=True)
class PageText:
    """A page to give a text layer: its number (1-based), size in points, the skew OCR took out of its boxes
    and its lines — (text, x0, y0, x1, y1) in points from the top left, the box as stored."""

    number: int
    width: float
    height: float
    skew: float = 0.0
    lines: list[tuple[str, float, float, float, float]] = field(default_factory=list)


def glyphless_font(text: str) -> bytes:
    """A TrueType font with a glyph for each character of ``text`` that has no area (nothing to paint): what an
    invisible text layer needs — each character its own glyph, so that the PDF's ToUnicode map gives it back,
    and its em box, so that a viewer selects it — without any outline. Wide characters (CJK, full-width marks)
    are 1 em wide, the others half."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted({ch for ch in text if ch.isprintable() or ch == " "})
    names = [".notdef", *(f"u{ord(ch):04X}" for ch in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(ch): name for ch, name in zip(chars, names[1:], strict=True)})
    widths = [1000, *(1000 if unicodedata.east_asian_width(ch) in "WF" else 500 for ch in chars)]
    ascent = round(ASCENT * 1000)
    strokes = {}
    for width in set(widths):  # a diagonal of the em box and back: no area, so nothing to paint even when
        pen = TTGlyphPen(None)  # drawn, but the glyph has the box (PDFium drops characters without one on a
        pen.moveTo((0, ascent - 1000))  # page turned by 90°)
        pen.lineTo((width, ascent))
        pen.closePath()
        strokes[width] = pen.glyph()
    builder.setupGlyf({name: strokes[w] for name, w in zip(names, widths, strict=True)})
    builder.setupHorizontalMetrics({name: (w, 0) for name, w in zip(names, widths, strict=True)})
    builder.setupHorizontalHeader(ascent=ascent, descent=ascent - 1000)
    builder.setupNameTable({"familyName": "ZhengceGlyphless", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ascent, sTypoDescender=ascent - 1000, usWinAscent=ascent,
                     usWinDescent=1000 - ascent)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def build(file_format: str, data: bytes, pages: Sequence[PageText]) -> bytes:
    """The searchable PDF of a stored file: an image's frames as pages, or the PDF itself, each page of
    ``pages`` with its invisible text layer. Raises :class:`SearchablePdfError` when the file cannot be
    opened."""
    if file_format not in ("image", "pdf"):
        raise SearchablePdfError(NOT_OCR)
    # fpdf2 reads a font from a file, lazily: the file stays until the PDF is written
    with tempfile.TemporaryDirectory(prefix="zhengce-font-") as folder:
        font = os.path.join(folder, "glyphless.ttf")
        with open(font, "wb") as f:
            f.write(glyphless_font("".join(line[0] for page in pages for line in page.lines)))
        return _from_image(data, pages, font) if file_format == "image" else _over_pdf(data, pages, font)


def _writer(font: str) -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("glyphless", fname=font)
    pdf.set_font("glyphless", size=12)
    pdf.set_creator("zhengce")
    return pdf


def _from_image(data: bytes, pages: Sequence[PageText], font: str) -> bytes:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise SearchablePdfError(BAD_FILE) from exc
    pdf = _writer(font)
    for page in pages:
        if not 1 <= page.number <= frames:
            continue
        pdf.add_page(format=(page.width, page.height))
        if frames == 1 and image.format in ("JPEG", "PNG"):
            picture: Any = io.BytesIO(data)  # fpdf2 keeps a JPEG's bytes as they are
        else:
            image.seek(page.number - 1)
            picture = image.convert("L" if image.mode in ("1", "L", "I;16") else "RGB")
        pdf.image(picture, x=0, y=0, w=page.width, h=page.height)
        _text_layer(pdf, page, _cells("image", data, page))
    return bytes(pdf.output())


def _over_pdf(data: bytes, pages: Sequence[PageText], font: str) -> bytes:
    from pypdf import PdfReader, PdfWriter, Transformation

    pdf = _writer(font)
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        _text_layer(pdf, page, _cells("pdf", data, page))
    overlay = PdfReader(io.BytesIO(bytes(pdf.output())))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
        for layer, page in zip(overlay.pages, pages, strict=True):
            if not 1 <= page.number <= len(writer.pages):
                continue
            target = writer.pages[page.number - 1]
            target.merge_transformed_page(layer, _placed(target, Transformation()))
        out = io.BytesIO()
        writer.write(out)
    except Exception as exc:  # pypdf's errors are many; any of them means the file cannot be rewritten
        raise SearchablePdfError(BAD_FILE) from exc
    return out.getvalue()


def _placed(target: Any, move: Any) -> Any:
    """``move`` followed by what takes the overlay, drawn upright as the page is shown (PDFium gave the page's
    size and OCR read it so), to the page's own space: turned back by its ``/Rotate`` (the page is shown turned
    clockwise), its origin moved to the corner of its crop box."""
    box = target.cropbox
    width, height = float(box.width), float(box.height)  # as stored in the file, before /Rotate
    turn = (target.rotation or 0) % 360
    if turn == 90:
        move = move.rotate(90).translate(width, 0)
    elif turn == 180:
        move = move.rotate(180).translate(width, height)
    elif turn == 270:
        move = move.rotate(270).translate(0, height)
    return move.translate(float(box.left), float(box.bottom))


def _cells(file_format: str, data: bytes, page: PageText) -> dict[int, list[list[Box | None]]]:
    """The cells of the page's table runs, found again on its image (none for a page without a table)."""
    if not any("\t" in text for text, *_ in page.lines):
        return {}
    return table_cells(page_image(file_format, data, page.number), page.width, page.skew, page.lines)


def _text_layer(pdf: Any, page: PageText, cells: dict[int, list[list[Box | None]]]) -> None:
    """The page's lines as invisible text at their boxes, turned back by the page's skew around its centre
    (a box with the skew taken out is turned by ``skew`` degrees, clockwise on the page, to sit on the scan).
    A line fills its box. A table's cells go in their boxes (``cells``, by line) — when its grid was not found,
    its rows share its height and a row's cells its width, each from the left of its share; a cell's text is
    squeezed into its box when wider."""
    from fpdf.enums import TextMode

    pdf.text_mode = TextMode.INVISIBLE
    with pdf.rotation(-page.skew, x=page.width / 2, y=page.height / 2):
        for n, (text, x0, y0, x1, y1) in enumerate(page.lines):
            rows = [row for row in text.split("\n") if row.strip()]
            if n in cells:
                _in_cells(pdf, rows, cells[n])
                continue
            if not rows or x1 <= x0 or y1 <= y0:
                continue
            pitch = (y1 - y0) / len(rows)
            size = max(1.0, min(pitch, 200.0))
            pdf.set_font_size(size)
            for k, row in enumerate(rows):
                baseline = y0 + k * pitch + (pitch - size) / 2 + ASCENT * size
                parts = [" ".join(part.split()) for part in row.split("\t")]
                share = (x1 - x0) / len(parts)
                for j, part in enumerate(parts):
                    if part:
                        _set(pdf, part, x0 + j * share, share, baseline, fill=len(parts) == 1)
    pdf.set_stretching(100)
    pdf.text_mode = TextMode.FILL


def _in_cells(pdf: Any, rows: list[str], boxes: list[list[Box | None]]) -> None:
    """Each cell's text in its box: at 0.7 of its height (a cell has room around its text), from its left."""
    for row, row_boxes in zip(rows, boxes, strict=True):
        for cell, box in zip(row.split("\t"), row_boxes, strict=True):
            cell = " ".join(cell.split())
            if not cell or box is None:
                continue
            x0, y0, x1, y1 = box
            size = max(1.0, min(0.7 * (y1 - y0), 200.0))
            pdf.set_font_size(size)
            _set(pdf, cell, x0 + 0.15 * size, max(1.0, x1 - x0 - 0.3 * size),
                 y0 + (y1 - y0 - size) / 2 + ASCENT * size, fill=False)


def _set(pdf: Any, text: str, x: float, width: float, baseline: float, fill: bool) -> None:
    """``text`` from ``x`` on ``baseline``, stretched to ``width`` (``fill``) or squeezed into it when wider."""
    pdf.set_stretching(100)  # fpdf2 measures a string at the stretching in force
    natural = pdf.get_string_width(text)
    if natural <= 0:
        return
    if fill or natural > width:
        pdf.set_stretching(max(1.0, min(1000.0, 100.0 * width / natural)))
    pdf.text(x, baseline, text)
