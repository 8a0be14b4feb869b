"""OCR of scanned pages and images: Tesseract with Debian's simplified-Chinese model, offline.

Why Tesseract first: on two pages of the sample gazette rendered at 200 dpi with a 1° skew, Tesseract 5.3 with
``chi_sim`` misread 3.6 and 4.1 % of the characters (raw output) in 11–14 s a page, RapidOCR 1.4.4 (PP-OCRv4
detection and recognition, onnxruntime) 1.7 and 6.9 % in about 57 s a page on the same shared machine.
Tesseract finds the lines; PP-OCRv6's recognition model (in the ``rapidocr`` wheel) then reads each of them
again, which brought the characters misread on the text pages of the fourth sample from 1.42 % to 0.31 %
(README, Real files).

Pages are read in a pool of threads, as many as there are cores, each running its page's ``tesseract``
processes; the start and each page read are reported to :data:`PROGRESS` (``zhengce ingest`` shows "OCR 第3/12页",
and "OCR 识别中" while the first page, or the only one of a photographed page, is read). A page is
first turned upright on a copy (:mod:`zhengce.text.grid` measures its skew) and its ruled tables are found
there from their lines; their cells are read one by one. The page itself is read as scanned (turning the image
once more blurs it: more characters misread) with the tables blanked out: its words come with boxes, their
line and a confidence; the boxes are turned upright by the slope of the lines read (which agrees with the
grid's angle within about 0.1°), each word's characters share its box evenly, and characters and tables go to
:mod:`zhengce.text.layout` like a PDF's, so reading order, tables, headers and page numbers are handled alike.
Each line Tesseract found (on the page and in a table's cells) is read again by a second reader, PP-OCR's
recognition model (:mod:`zhengce.text.ppocr`, when the ``rapidocr`` wheel is installed), and the two readings
are put together character by character (:mod:`zhengce.text.vote`): it knows characters that ``chi_sim`` lacks
(place names such as 渌口区) and reads small print scaled up. Marks the model cannot output are put back by the
notation of official documents
(:func:`zhengce.text.tesseract.corrected`). Words read with a confidence under :data:`LOW_CONFIDENCE` are
listed in a warning for review.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextvars import ContextVar
from dataclasses import dataclass, field
from statistics import median

from zhengce.text import grid, vote
from zhengce.text.layout import Page, lay_out
from zhengce.text.raw import PageSize, RawText, ReadError
from zhengce.text.tesseract import LOW_CONFIDENCE, NO_OCR, Word, available, glyphs, words
from zhengce.text.tesseract import binary as tesseract
from zhengce.text.textmap import Edit

DPI = 200  # pages of a PDF are rendered at this resolution for OCR
MAX_OCR_PAGES = 300  # pages of one file OCR'd; the rest are left out with a warning
# told (pages read so far, pages to read) when OCR begins (0 read) and as each page is read: ``zhengce ingest``
# shows it ("OCR 识别中，共1页", "OCR 第3/12页")
PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("zhengce_ocr_progress", default=None)
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
__all__ = ["DPI", "LOW_CONFIDENCE", "MAX_OCR_PAGES", "NO_OCR", "PROGRESS", "OcrPage", "available", "is_image",
           "misread_labels", "notes", "ocr_images", "read_image", "tesseract"]


@dataclass(slots=True)
class OcrPage:
    page: Page
    low: list[tuple[str, float]] = field(default_factory=list)  # words under LOW_CONFIDENCE, with it
    skew: float = 0.0  # degrees measured and taken out


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC)


def read_image(data: bytes, check_size) -> RawText:  # type: ignore[no-untyped-def]
    """The text of a PNG, JPEG or TIFF (every frame a page) by OCR."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for k in range(getattr(image, "n_frames", 1)):
            image.seek(k)
            frames.append(image.convert("L"))
    except (UnidentifiedImageError, OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ReadError("图像文件损坏或被截断（无法解码的二进制内容），未导入 / the image is damaged or truncated "
                        "(binary content that cannot be decoded); not stored") from exc
    if not available():
        raise ReadError(NO_OCR)
    dpi = _dpi(image)
    kept = frames[:MAX_OCR_PAGES]
    pages = ocr_images(((k + 1, frame, dpi) for k, frame in enumerate(kept)), len(kept))
    check_size(sum(len(p.page.glyphs) for p in pages))
    if not any(p.page.glyphs for p in pages):
        raise ReadError("图像中没有识别出文字 / no text was recognised in the image")
    laid = lay_out([p.page for p in pages])
    labels, said = misread_labels(laid.text)
    warnings = [*laid.warnings, *notes(pages), *said]
    if len(frames) > MAX_OCR_PAGES:
        warnings.append(f"只识别了前 {MAX_OCR_PAGES} 页 / only the first {MAX_OCR_PAGES} pages were recognised")
    return RawText(laid.text, "image", None, warnings, [*laid.edits, *labels], laid.page_starts, laid.boxes,
                   pages=[PageSize(p.page.number, p.page.width, p.page.height, p.skew) for p in pages])


def _dpi(image) -> float:  # type: ignore[no-untyped-def]
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else DPI


def notes(pages: list[OcrPage]) -> list[str]:
    """One warning for the pages read by OCR, one per page with words of low confidence: how many, and the
    :data:`SHOWN_LOW` least sure of them in reading order, quoted, each with its confidence (0–100)."""
    out = [f"第{'、'.join(str(p.page.number) for p in pages)}页由 OCR 识别，请核对 / "
           f"{len(pages)} page(s) read by OCR"] if pages else []
    for p in pages:
        low = [(k, w.strip(), c) for k, (w, c) in enumerate(p.low) if w.strip()]
        if not low:
            continue
        shown = sorted(sorted(low, key=lambda item: item[2])[:SHOWN_LOW])
        words = "、".join(f"“{_clipped(w)}”（置信度{c:.0f}）" for _, w, c in shown)
        more = f"等（另有{len(low) - len(shown)}处）" if len(low) > len(shown) else ""
        out.append(f"第{p.page.number}页有{len(low)}处识别把握不大，请对照原件核对：{words}{more} / page "
                   f"{p.page.number}: {len(low)} words read with low confidence, check them against the page")
    return out


SHOWN_LOW = 8  # words of low confidence quoted for a page (the least sure); the note counts them all


def _clipped(word: str, most: int = 12) -> str:
    return word if len(word) <= most else word[:most] + "…"


_NUMERALS = "一二三四五六七八九"


def _numeral(n: int) -> str:
    """1–99 in Chinese numerals, as item labels write them (十一, 二十, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else _NUMERALS[tens - 1]) + ("十" if tens else "")) + (_NUMERALS[ones - 1] if ones else "")


_NUMBERS = {_numeral(n): n for n in range(1, 100)}
# a bracketed item label at the start of a paragraph: （五）, or what OCR made of one ((AS), （l))
_LABEL = re.compile(r"(?:^|(?<=\n))[ \t\u3000]*"
                    r"(?P<label>[(（](?P<inner>[一二三四五六七八九十]{1,3}|[A-Za-z]{1,3})[)）])")


def misread_labels(text: str) -> tuple[list[Edit], list[str]]:
    """Item labels of the second level that OCR read as Latin letters (（六） as ``(AS)``): a bracketed token of
    one to three Latin letters that starts a paragraph between （五） and （七） — the labels before and after it,
    passing over labels of other forms such as （1） — is （六）. An edit for each, and a warning naming it."""
    found = [(m.start("label"), m.end("label"), m.group("inner")) for m in _LABEL.finditer(text)]
    edits, said = [], []
    for k, (start, end, inner) in enumerate(found):
        if inner in _NUMBERS or k == 0 or k + 1 == len(found):
            continue
        before, after = _NUMBERS.get(found[k - 1][2]), _NUMBERS.get(found[k + 1][2])
        if before is None or after != before + 2:
            continue
        label = f"（{_numeral(before + 1)}）"
        edits.append(Edit(start, end, label, "ocr-label"))
        said.append(f"标号“{text[start:end]}”位于（{_numeral(before)}）与（{_numeral(after)}）之间，按“{label}”理解 / "
                    f"item label {text[start:end]!r} read as {label}")
    return edits, said


def ocr_images(images: Iterable[tuple[int, object, float]], total: int) -> list[OcrPage]:
    """OCR of (page number, grayscale PIL image, dpi) of ``total`` pages, one page at a time in each of as many
    threads as there are cores, each running its Tesseract processes. ``images`` is drawn in this thread
    (a PDF renders its pages as they are needed: a few are held at a time) and each page read is reported
    to :data:`PROGRESS` from it."""
    program = tesseract()
    if program is None:
        raise ReadError(NO_OCR)
    report = PROGRESS.get()
    if report is not None:
        report(0, total)  # OCR begins: a one-page scan takes seconds, and says so before its page is read
    workers = max(1, os.cpu_count() or 1)
    read: list[OcrPage] = []

    def collect(futures: set[Future[OcrPage]]) -> set[Future[OcrPage]]:
        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        for future in done:
            read.append(future.result())
            if report is not None:
                report(len(read), total)
        return pending

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[OcrPage]] = set()
        for number, image, dpi in images:
            pending.add(pool.submit(_ocr_page, program, number, image, dpi))
            while len(pending) >= 2 * workers:
                pending = collect(pending)
        while pending:
            pending = collect(pending)
    return sorted(read, key=lambda p: p.page.number)


def _ocr_page(program: str, number: int, image, dpi: float) -> OcrPage:  # type: ignore[no-untyped-def]
    """One page: turned upright, its ruled tables found and read cell by cell, the rest read as a page."""
    from PIL import ImageDraw

    upright, turned = grid.upright(image)
    found = grid.grids(grid.lines(upright, dpi))
    tables, low = grid.read_cells(program, upright, found, dpi, number) if found else ([], [])
    rest = image  # Tesseract reads a page as scanned better than the same turned once more
    if found:  # the tables are read: the page is read without them
        rest = image.copy()
        draw = ImageDraw.Draw(rest)
        for g in found:
            draw.polygon(_turned_back(g.box, turned, image.size), fill=255)
    buf = io.BytesIO()
    rest.save(buf, format="PNG")
    read = words(program, buf.getvalue(), 3, dpi, number)
    angle = _skew(read)
    cx, cy = image.width / 2, image.height / 2
    cos, sin = math.cos(angle), math.sin(angle)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in read:
        x, y = (w.x0 + w.x1) / 2 - cx, (w.y0 + w.y1) / 2 - cy
        rx, ry = x * cos + y * sin + cx, -x * sin + y * cos + cy  # the word's centre, skew taken out
        half_w, half_h = (w.x1 - w.x0) / 2, (w.y1 - w.y0) / 2
        lines.setdefault(w.line, []).append(w._replace(x0=rx - half_w, y0=ry - half_h, x1=rx + half_w, y1=ry + half_h))
    scale = 72 / dpi
    chars, low_page = glyphs(vote.reread(upright, list(lines.values())), scale)
    page = Page(number, image.width * scale, image.height * scale, chars, tables)
    return OcrPage(page, [*low_page, *low], math.degrees(angle))


def _turned_back(box: tuple[float, float, float, float], degrees: float,
                 size: tuple[int, int]) -> list[tuple[float, float]]:
    """The corners of ``box`` on the upright page where they stand on the page as scanned, a little wider."""
    x0, y0, x1, y1 = box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [((x - cx) * cos - (y - cy) * sin + cx, (x - cx) * sin + (y - cy) * cos + cy)
            for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]


def _skew(read: list[Word]) -> float:
    """The page's skew (radians): the median slope of its lines, from their words' centres."""
    lines: dict[tuple[int, int, int], list[tuple[float, float]]] = {}
    for w in read:
        lines.setdefault(w.line, []).append(((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2))
    slopes = []
    for points in lines.values():
        if len(points) < 4:
            continue
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        sxx = sum((x - mx) ** 2 for x, _ in points)
        if sxx > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in points) / sxx)
    if not slopes:
        return 0.0
    slope = median(slopes)
    return math.atan(slope) if abs(slope) < 0.1 else 0.0
