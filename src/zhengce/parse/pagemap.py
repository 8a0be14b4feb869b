"""Where the display text of a laid-out file was printed: its pages and, for runs of characters, their box.

A reader of a PDF, an OFD or a scan gives each character of the *original* text its page and box
(:attr:`zhengce.text.raw.RawText.boxes`). Kept per character, that is one object per character; stored, one
row per character. :func:`layout_of` makes it compact — one :class:`Run` for each stretch of characters of
one line of one page (a ruled table is one run: its cells share the table's box) — and carries the run's
offsets from the original to the display text through the same offset map as every clause
(:class:`zhengce.text.textmap.MappedText`). Runs wholly inside a dropped artefact (running header, page
number) vanish. Plain text and HTML have no pages: no layout; nor has a Word file LibreOffice did not print.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from zhengce.text.raw import Box, PageSize, RawText
from zhengce.text.textmap import MappedText


@dataclass(frozen=True, slots=True)
class Run:
    """Characters ``start:end`` of the display text, printed on ``page`` within the box x0, y0, x1, y1
    (points, origin at the page's top left)."""

    start: int
    end: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class SourceLayout:
    """The pages of a laid-out source and its runs in the order of the display text; ``file`` (the path it
    was read from) or ``data`` (its bytes) let ingest keep the file so that its pages can be shown. A Word
    file's pages are drawn from the PDF LibreOffice made of it: ``data`` holds that and ``drawn`` its format."""

    pages: list[PageSize]
    runs: list[Run]
    file: str | None = None
    data: bytes | None = field(default=None, repr=False)
    drawn: str | None = None

    def spans(self) -> dict[int, tuple[int, int]]:
        """Each page's first and last offset (end exclusive) of the display text, for pages that show any."""
        out: dict[int, tuple[int, int]] = {}
        for run in self.runs:
            first, last = out.get(run.page, (run.start, run.end))
            out[run.page] = (min(first, run.start), max(last, run.end))
        return out


def raw_runs(boxes: list[Box | None]) -> list[tuple[int, int, Box]]:
    """Stretches of the original text on one line: (start, end, box around them). A character continues the
    run of the one before when it is on the same page, overlaps it vertically by half the smaller height and
    does not stand to its left (a new line or column starts left again). Characters without a box (blanks put
    between words, paragraph gaps) join a run only when the line goes on after them. Written as one loop
    without calls: it sees every character of a file."""
    out: list[tuple[int, int, Box]] = []
    start = end = page = 0
    last: Box | None = None
    x0 = y0 = x1 = y1 = 0.0
    for i, box in enumerate(boxes):
        if box is None:
            continue
        if box is last:  # the characters of one glyph share its box
            end = i + 1
            continue
        if last is not None and box.page == page:
            top = box.y0 if box.y0 > last.y0 else last.y0
            bottom = box.y1 if box.y1 < last.y1 else last.y1
            height = box.y1 - box.y0 if box.y1 - box.y0 < last.y1 - last.y0 else last.y1 - last.y0
            if bottom - top >= 0.5 * height and box.x0 >= last.x0 - 0.5:
                x0 = box.x0 if box.x0 < x0 else x0
                y0 = box.y0 if box.y0 < y0 else y0
                x1 = box.x1 if box.x1 > x1 else x1
                y1 = box.y1 if box.y1 > y1 else y1
                end, last = i + 1, box
                continue
        if last is not None:
            out.append((start, end, Box(page, x0, y0, x1, y1)))
        start, end, last, page = i, i + 1, box, box.page
        x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    if last is not None:
        out.append((start, end, Box(page, x0, y0, x1, y1)))
    return out


def layout_of(raw: RawText, mapped: MappedText) -> SourceLayout | None:
    """The compact page map of a laid-out file, in display offsets; None for a file without pages."""
    if not raw.pages or raw.boxes is None:
        return None
    # display offsets of original offsets, by one merge over the increasing map (to_original is monotonic)
    found = raw_runs(raw.boxes)
    wanted = sorted({k for s, e, _ in found for k in (s, e)})
    display = _display_offsets(mapped, wanted)
    runs = []
    for start, end, box in found:
        a, b = display[bisect_left(wanted, start)], display[bisect_left(wanted, end)]
        if b > a:
            runs.append(Run(a, b, box.page, round(box.x0, 2), round(box.y0, 2), round(box.x1, 2), round(box.y1, 2)))
    if raw.drawn is not None:
        return SourceLayout(list(raw.pages), runs, data=raw.drawn[1], drawn=raw.drawn[0])
    return SourceLayout(list(raw.pages), runs)


def display_offset(mapped: MappedText, original: int, lo: int = 0) -> int:
    """The first offset of the display text that maps to ``original`` or later (to_original is monotonic),
    searched from ``lo`` on (a display offset known to map before ``original``)."""
    hi = len(mapped.text)
    while lo < hi:
        mid = (lo + hi) // 2
        if mapped.to_original(mid) < original:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _display_offsets(mapped: MappedText, originals: list[int]) -> list[int]:
    """For each original offset (ascending), the first display offset that maps to it or later: each search
    starts where the one before ended."""
    out: list[int] = []
    lo = 0
    for original in originals:
        lo = display_offset(mapped, original, lo)
        out.append(lo)
    return out


def page_range(spans: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The first and last page on which display text ``start:end`` was printed; ``spans`` are the pages'
    (first offset, end offset, number) in text order. None when none of it was printed on a page."""
    if end <= start or not spans:
        return None
    firsts = [s for s, _, _ in spans]
    k = max(0, bisect_right(firsts, start) - 1)
    pages = []
    while k < len(spans) and spans[k][0] < end:
        _, e, number = spans[k]
        if e > start:
            pages.append(number)
        k += 1
    return (min(pages), max(pages)) if pages else None
