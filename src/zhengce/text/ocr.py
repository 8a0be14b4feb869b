"""OCR of scanned pages and images: Tesseract with Debian's simplified-Chinese model, offline.

Why Tesseract: on two pages of the sample gazette rendered at 200 dpi with a 1° skew, Tesseract 5.3 with
``chi_sim`` misread 3.6 and 4.1 % of the characters (raw output) in 11–14 s a page, RapidOCR 1.4.4
(PP-OCRv4 models in its wheel, onnxruntime) 1.7 and 6.9 % in about 57 s a page on the same shared machine;
Tesseract is a Debian package (scripts/tesseract.sh), with no model to fetch and no 100 MB of wheels. Through
this module's layout, pages of running text come back with 1.6–2 % wrong (README, Real files).

Each page is one ``tesseract`` process (a pool runs as many as there are cores). Its words come with boxes,
their line and a confidence: the page's skew is measured from the slope of its lines and taken out of the
boxes, each word's characters share its box evenly, and the characters go to :mod:`zhengce.text.layout`
like a PDF's, so reading order, headers and page numbers are handled alike. Words read with a confidence
under :data:`LOW_CONFIDENCE` are listed in a warning for review.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from statistics import median

from zhengce.text.layout import Glyph, Page, lay_out
from zhengce.text.raw import PageSize, RawText, ReadError

DPI = 200  # pages of a PDF are rendered at this resolution for OCR
LANGS = "chi_sim"
LOW_CONFIDENCE = 60.0  # Tesseract's word confidence (0–100) under which a word is listed for review
MAX_OCR_PAGES = 300  # pages of one file OCR'd; the rest are left out with a warning
TIMEOUT = 300  # seconds for one page
NO_OCR = ("识别扫描件需要 Tesseract OCR 及中文模型，本机未安装：请运行 scripts/tesseract.sh 或 apt-get install "
          "tesseract-ocr tesseract-ocr-chi-sim / OCR of scans needs Tesseract with its Chinese model: run "
          "scripts/tesseract.sh")
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(slots=True)
class OcrPage:
    page: Page
    low: list[tuple[str, float]] = field(default_factory=list)  # words under LOW_CONFIDENCE, with it
    skew: float = 0.0  # degrees measured and taken out


def tesseract() -> str | None:
    named = os.environ.get("ZHENGCE_TESSERACT")
    if named:
        return named if os.path.isfile(named) else None
    return shutil.which("tesseract")


def available() -> bool:
    binary = tesseract()
    if binary is None:
        return False
    try:
        langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return all(lang in langs.split() for lang in LANGS.split("+"))


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
    pages = ocr_images([(k + 1, frame, dpi) for k, frame in enumerate(frames[:MAX_OCR_PAGES])])
    check_size(sum(len(p.page.glyphs) for p in pages))
    if not any(p.page.glyphs for p in pages):
        raise ReadError("图像中没有识别出文字 / no text was recognised in the image")
    laid = lay_out([p.page for p in pages])
    warnings = [*laid.warnings, *notes(pages)]
    if len(frames) > MAX_OCR_PAGES:
        warnings.append(f"只识别了前 {MAX_OCR_PAGES} 页 / only the first {MAX_OCR_PAGES} pages were recognised")
    return RawText(laid.text, "image", None, warnings, laid.edits, laid.page_starts, laid.boxes,
                   pages=[PageSize(p.page.number, p.page.width, p.page.height, p.skew) for p in pages])


def _dpi(image) -> float:  # type: ignore[no-untyped-def]
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else DPI


def notes(pages: list[OcrPage]) -> list[str]:
    """One warning for the pages read by OCR, one per page with words of low confidence."""
    out = [f"第{'、'.join(str(p.page.number) for p in pages)}页由 OCR 识别，请核对 / "
           f"{len(pages)} page(s) read by OCR"] if pages else []
    for p in pages:
        if p.low:
            words = "、".join(f"{w}({c:.0f})" for w, c in p.low[:30]) + ("…" if len(p.low) > 30 else "")
            out.append(f"第{p.page.number}页识别置信度低的文字 / low-confidence OCR on page {p.page.number}: {words}")
    return out


def ocr_images(images: list[tuple[int, object, float]]) -> list[OcrPage]:
    """OCR of (page number, grayscale PIL image, dpi), one tesseract process per page, as many at once as
    there are cores."""
    binary = tesseract()
    if binary is None:
        raise ReadError(NO_OCR)
    jobs = []
    for number, image, dpi in images:
        buf = io.BytesIO()
        image.save(buf, format="PNG")  # type: ignore[attr-defined]
        size = image.size  # type: ignore[attr-defined]
        jobs.append((binary, number, buf.getvalue(), size, dpi))
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda job: _ocr_page(*job), jobs))


def _ocr_page(binary: str, number: int, png: bytes, size: tuple[int, int], dpi: float) -> OcrPage:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", LANGS, "--psm", "3", "--dpi", str(int(dpi)), "tsv"],
                              input=png, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"第{number}页 OCR 超时（{TIMEOUT} 秒）/ OCR of page {number} took over {TIMEOUT} s") from exc
    words = _words(done.stdout.decode("utf-8", errors="replace"))
    scale = 72 / dpi
    angle = _skew(words)
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(angle), math.sin(angle)
    lines: dict[tuple[int, int, int], list[tuple[float, float, float, float, str, float]]] = {}
    for key, left, top, width, height, text, conf in words:
        x, y = left + width / 2 - cx, top + height / 2 - cy
        rx, ry = x * cos + y * sin + cx, -x * sin + y * cos + cy  # the word's centre, skew taken out
        lines.setdefault(key, []).append((rx - width / 2, ry - height / 2, rx + width / 2, ry + height / 2, text, conf))
    glyphs: list[Glyph] = []
    low: list[tuple[str, float]] = []
    for line in lines.values():
        top, bottom = median(w[1] for w in line), median(w[3] for w in line)
        row: list[Glyph] = []
        words = sorted(line)
        for k, (x0, _y0, x1, _y1, text, conf) in enumerate(words):
            # a word's box may reach over the words after it: it ends where the next one starts
            end = min(x1, words[k + 1][0]) if k + 1 < len(words) else x1
            step = max(end - x0, 1.0) / len(text)
            for j, ch in enumerate(text):
                row.append(Glyph(ch, (x0 + j * step) * scale, top * scale, (x0 + (j + 1) * step) * scale,
                                 bottom * scale))
            if conf < LOW_CONFIDENCE:
                low.append((text, conf))
        glyphs.extend(_full_width(row))
    page = Page(number, size[0] * scale, size[1] * scale, glyphs)
    return OcrPage(page, low, math.degrees(angle))


_FULL_WIDTH = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}


def _full_width(row: list[Glyph]) -> list[Glyph]:
    """Punctuation that the model reads as ASCII is printed full-width in Chinese text: next to a Chinese
    character, ``(`` ``:`` ``,`` become ``（`` ``：`` ``，`` (a number's ``.`` and ``%`` stay)."""
    out = list(row)
    for k, g in enumerate(row):
        wide = _FULL_WIDTH.get(g.ch)
        if wide is None:
            continue
        neighbours = [row[j].ch for j in (k - 1, k + 1) if 0 <= j < len(row)]
        if any("\u4e00" <= ch <= "\u9fff" or ch in "）（“”《》" for ch in neighbours):
            out[k] = Glyph(wide, g.x0, g.y0, g.x1, g.y1, g.space_before)
    return out


def _words(tsv: str) -> list[tuple[tuple[int, int, int], int, int, int, int, str, float]]:
    out = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
            left, top, width, height = (int(c) for c in cells[6:10])
            conf = float(cells[10])
        except ValueError:
            continue
        out.append((key, left, top, width, height, "".join(text.split()), conf))
    return out


def _skew(words: list) -> float:  # type: ignore[type-arg]
    """The page's skew (radians): the median slope of its lines, from their words' centres."""
    lines: dict[tuple[int, int, int], list[tuple[float, float]]] = {}
    for key, left, top, width, height, _text, _conf in words:
        lines.setdefault(key, []).append((left + width / 2, top + height / 2))
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
