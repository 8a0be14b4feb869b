"""Pages of Word files (DOCX, .doc, .wps, RTF): LibreOffice prints the file as PDF, PDFium reads that PDF's
characters and boxes, and the characters are aligned to the text read from the DOCX, so that each character
of that text gets the page and box it was printed at. The text itself is not touched: a document parses the
same with pages as without.

The alignment compares the matching view (:func:`zhengce.text.folding.fold`, compatibility forms unified) of
both, blanks left out, by a longest common subsequence (rapidfuzz's Indel opcodes, window by window so that
the cost stays linear); the PDF's characters are taken in reading order (:func:`zhengce.text.layout.lay_out`),
not in the order its content stream draws them. Characters that agree take the PDF's box; what the PDF adds
(running headers and footers, page numbers, list numbers that Word draws) is skipped; what it lacks, or prints
otherwise, keeps no box and takes its page from the characters before it — pairing characters that differ
would give a character the box of a running header next to it. Without LibreOffice, or when it fails, there
are no pages and a note says why; ``ZHENGCE_WORD_PAGES=0`` switches the printing off.
"""

from __future__ import annotations

import os
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import replace

from zhengce.text import office
from zhengce.text.folding import fold
from zhengce.text.glyphs import Page
from zhengce.text.layout import lay_out
from zhengce.text.pdf import glyph_pages
from zhengce.text.raw import Box, PageSize, RawText, ReadError

WORD = ("docx", "doc", "wps", "rtf")
NO_PAGES = "未分页 / no pages"
# seconds for printing the PDF: with a .doc's conversion to DOCX (office.TIMEOUT, 180 s) it stays within ingest's
# 300 s a file, so that a slow print costs the pages, never the file (61 pages took 33 s on the loaded machine)
PRINT_TIMEOUT = 90
WINDOW = 4000  # characters of the text aligned at a time
SLACK = 500  # characters the PDF may add beyond half a window (headers, footers, list numbers)
MIN_MATCHED = 0.5  # share of the text's characters found in the PDF, below which the pages are not trusted


def with_pages(raw: RawText, data: bytes) -> RawText:
    """``raw`` (a Word file read from ``data``) with its pages and boxes, and the PDF LibreOffice made of it to
    draw them; without LibreOffice, or when the conversion fails, ``raw`` with a note saying why."""
    if raw.format not in WORD or raw.boxes is not None:
        return raw
    if os.environ.get("ZHENGCE_WORD_PAGES") == "0":  # a bulk ingest that cannot spend a LibreOffice start a file
        return _noted(raw, "ZHENGCE_WORD_PAGES=0，未为 Word 文件分页 / Word pages are switched off")
    if office.soffice() is None:
        return _noted(raw, "本机未安装 LibreOffice（scripts/libreoffice.sh 可安装），Word 文件无法分页 / LibreOffice "
                           "is not installed, so the pages of a Word file are not known")
    try:
        pdf = office.convert(data, raw.format, "pdf", PRINT_TIMEOUT)
        pages = glyph_pages(pdf)
    except office.TimedOut:
        return _noted(raw, f"LibreOffice 排版超时（{PRINT_TIMEOUT:g} 秒）/ LibreOffice took over {PRINT_TIMEOUT:g} s "
                           "to print the file as PDF")
    except ReadError:
        return _noted(raw, "LibreOffice 未能将此文件排版为 PDF / LibreOffice could not print the file as PDF")
    boxes = align(raw.text, pages)
    known = sum(1 for ch, box in zip(raw.text, boxes, strict=True) if box is not None or ch.isspace())
    if not pages or known < MIN_MATCHED * len(raw.text):
        return _noted(raw, "LibreOffice 排出的页面与文字对不上 / the pages LibreOffice printed do not match the text")
    return replace(raw, boxes=boxes, page_starts=page_starts(boxes, len(pages)),
                   pages=[PageSize(p.number, p.width, p.height) for p in pages], drawn=("pdf", pdf))


def _noted(raw: RawText, why: str) -> RawText:
    return replace(raw, warnings=[*raw.warnings, f"{NO_PAGES}：{why}"])


def align(text: str, pages: list[Page]) -> list[Box | None]:
    """For each character of ``text``, the box of the PDF character it was printed as; None for blanks and for
    characters the PDF does not show."""
    folded = _matching(text)
    at = [k for k, ch in enumerate(folded) if not ch.isspace()]
    ours = "".join(folded[k] for k in at)
    # the PDF's characters in reading order: its content stream need not be (LibreOffice draws a line's
    # quotation marks, set in another font, after the line's Chinese characters)
    laid = lay_out(pages)
    printed = [(ch, box) for ch, box in zip(laid.text, laid.boxes, strict=True) if box is not None and not ch.isspace()]
    theirs = _matching("".join(ch for ch, _ in printed))
    boxes: list[Box | None] = [None] * len(text)
    for i, j in matches(ours, theirs):
        boxes[at[i]] = printed[j][1]
    return boxes


def _matching(text: str) -> str:
    """The matching view, with compatibility forms (a PDF's Kangxi radicals ⽇ for 日, ligatures) unified
    where they stay one character."""
    out = []
    for ch in text:
        plain = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        out.append(plain if len(plain) == 1 else ch)
    return fold("".join(out))


def matches(ours: str, theirs: str) -> Iterator[tuple[int, int]]:
    """Pairs (i, j) of equal characters of the two strings, in order, as many as a longest common subsequence
    finds: computed window by window (:data:`WINDOW` characters of ``ours`` against half as many again of
    ``theirs``, three quarters of each window kept), so that the cost grows linearly with the text — one
    alignment of a whole long text is quadratic (9 s for 100,000 characters)."""
    from rapidfuzz.distance import Indel

    i = j = 0
    while i < len(ours) and j < len(theirs):
        last = i + WINDOW >= len(ours)
        keep = i + (len(ours) - i if last else WINDOW * 3 // 4)
        kept = [(i + a, j + b) for tag, a0, a1, b0, _ in Indel.opcodes(ours[i : i + WINDOW],
                                                                      theirs[j : j + WINDOW * 3 // 2 + SLACK])
                if tag == "equal" for a, b in zip(range(a0, a1), range(b0, b0 + a1 - a0), strict=True)
                if i + a < keep]
        if not kept:  # nothing of this stretch was printed near here
            i = keep
            continue
        yield from kept
        i, j = kept[-1][0] + 1, kept[-1][1] + 1


def page_starts(boxes: list[Box | None], count: int) -> list[int]:
    """The offset where each page begins (the first: 0): the first character placed on it or a later page
    (characters without a box belong to the page of the last one placed before them)."""
    placed = [(k, box.page) for k, box in enumerate(boxes) if box is not None]
    numbers = [page for _, page in placed]
    out = [0]
    for page in range(2, count + 1):
        k = bisect_right(numbers, page - 1)
        out.append(placed[k][0] if k < len(placed) else len(boxes))
    return out
