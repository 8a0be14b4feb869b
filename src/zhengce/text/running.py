"""Running headers, running footers and page numbers of laid-out pages (GB/T 9704 print).

A running header is a short line in the header band — above the body's top margin, set apart from the body
by more than the body's own line gap (often with a rule under it) — that recurs on several pages at the same
place; a running footer the same in the footer band; a page number (``— 3 —``, ``第3页``) a line of its own
in either band. Repetition alone is not enough: a short notice whose clauses repeat their wording puts the
same body line at the top of several pages, and dropping it would lose the sentence (and the amount) it
carries. So a line that fills the body's width, or that the next line continues at the body's pitch (a
sentence running on), is body wherever it sits. A dropped line that holds figures other than a date, an
issue or a page number gets a warning, so that no amount goes silently.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from statistics import median

from zhengce.text.glyphs import Page, PlacedLine

PAGE_NUMBER = re.compile(
    r"^[-—–－·•一\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–－·•一\s]*$"
)
BAND = 0.12  # the header and footer bands: this share of the page's height at its top and at its bottom
SHORT = 0.8  # a running header or footer covers less than this share of the body's width with ink
_MASK = re.compile(r"\d+|[〇零一二三四五六七八九十]+")
_NOT_FIGURES = re.compile(r"第?\s*\d+\s*[年月日期号页卷]|\d{1,4}\s*/\s*\d{1,4}")  # dates, issues, pages


def mark_artefacts(per_page: list[list[PlacedLine]], pages: list[Page]) -> list[str]:
    """Mark the page numbers and running headers and footers among each page's lines (sorted from the top);
    the warnings about dropped lines that hold figures."""
    candidates: list[tuple[PlacedLine, str]] = []  # (line, zone)
    wide = _wide_gap(per_page)
    everything = [line for lines in per_page for line in lines if line.table or line.glyphs]
    width = max(line.x1 for line in everything) - min(line.x0 for line in everything) if everything else 0.0
    for page, lines in zip(pages, per_page, strict=True):
        candidates.extend(_edge_lines([line for line in lines if not line.table], page, wide))
    places: dict[tuple[str, str], list[float]] = defaultdict(list)
    for line, zone in candidates:
        if not PAGE_NUMBER.match(line.text):
            places[(zone, _key(line))].append(line.y0)
    dropped: dict[str, list[int]] = {}
    for line, zone in candidates:
        if PAGE_NUMBER.match(line.text):
            line.artefact = "page-number"
            continue
        same_place = sum(1 for y in places[(zone, _key(line))] if abs(y - line.y0) <= 0.5 * line.size)
        if same_place >= 2 and _short(line, width):
            line.artefact = "running-header" if zone == "head" else "running-footer"
            dropped.setdefault(line.text, []).append(line.page)
    _misread_page_numbers(candidates)
    return [_warning(text, numbers) for text, numbers in dropped.items()
            if re.search(r"\d", _NOT_FIGURES.sub("", text))]


def _key(line: PlacedLine) -> str:
    """The text without its numbers, spaces and punctuation (which OCR adds or drops): a header that counts
    the issue or the page is the same header."""
    return _MASK.sub("#", re.sub(r"[\W_]", "", line.text))


def _misread_page_numbers(candidates: list[tuple[PlacedLine, str]]) -> None:
    """Where at least two pages of a document print their number in a margin, the outermost short line of another
    page's same margin, at the same height, is its number misread by OCR (— 35 — read as ``-SS5一``)."""
    numbered: dict[str, list[PlacedLine]] = {}
    for line, zone in candidates:
        if line.artefact == "page-number":
            numbered.setdefault(zone, []).append(line)
    for zone, found in numbered.items():
        if len(found) < 2:
            continue
        heights = sorted(line.y0 for line in found)
        usual, size = heights[len(heights) // 2], median(line.size for line in found)
        marked = {line.page for line in found}
        outermost: dict[int, PlacedLine] = {}
        for line, where in candidates:
            if where == zone and line.page not in marked and not line.artefact:
                kept = outermost.get(line.page)
                if kept is None or (line.y0 > kept.y0 if zone == "foot" else line.y0 < kept.y0):
                    outermost[line.page] = line
        for line in outermost.values():
            if len(line.text.replace(" ", "")) <= 6 and abs(line.y0 - usual) < size:
                line.artefact = "page-number"


def _edge_lines(body: list[PlacedLine], page: Page, wide: float) -> list[tuple[PlacedLine, str]]:
    """Up to two lines at the top and at the bottom of the page that sit in its band and stand apart from
    the body: a wider gap than the body's line gap lies between them and the body's first (last) line. A
    page number needs only the band."""
    out: list[tuple[PlacedLine, str]] = []
    for zone, edge in (("head", body[:3]), ("foot", body[-3:][::-1])):
        in_band = []
        for line in edge[:2]:
            if line.y1 < BAND * page.height if zone == "head" else line.y0 > (1 - BAND) * page.height:
                in_band.append(line)
            else:
                break
        # gaps between consecutive lines from the edge inwards (the last one to the body's first line)
        gaps = [_gap(a, b) for a, b in itertools.pairwise(edge)][: len(in_band)]
        for k, line in enumerate(in_band):
            apart = k >= len(gaps) or any(gap > wide for gap in gaps[k:])
            if apart or PAGE_NUMBER.match(line.text):
                out.append((line, zone))
    return out


def _gap(a: PlacedLine, b: PlacedLine) -> float:
    """The blank between two lines, whichever is above."""
    return max(a.y0, b.y0) - min(a.y1, b.y1)


def _wide_gap(per_page: list[list[PlacedLine]]) -> float:
    """A gap wider than the body's: the document's usual gap between lines plus a third of a line (measured
    over the whole document: the last page may hold only a signature between its header and its number)."""
    gaps: list[float] = []
    sizes: list[float] = []
    for lines in per_page:
        body = [line for line in lines if not line.table]
        gaps.extend(b.y0 - a.y1 for a, b in itertools.pairwise(body))
        sizes.extend(line.size for line in body)
    if not gaps:
        return 0.0
    return median(gaps) + median(sizes) / 3


def _short(line: PlacedLine, width: float) -> bool:
    """Whether the line's ink covers less than :data:`SHORT` of the ``width`` of the document's text: a line
    that fills the body's width is body (a sentence running on from or into the next page)."""
    ink = sum(g.x1 - g.x0 for g in line.glyphs) + line.size * line.text.count(" ")
    return ink < SHORT * width


def _warning(text: str, numbers: list[int]) -> str:
    pages = "、".join(str(n) for n in numbers[:10]) + ("…" if len(numbers) > 10 else "")
    return (f"第{pages}页顶部或底部重复出现的「{text}」被当作页眉页脚删去，其中有数字，请核对原文 / "
            f"the line repeated at the top or bottom of page(s) {', '.join(map(str, numbers[:10]))} was dropped "
            f"as a running header or footer but holds figures: check the original")
