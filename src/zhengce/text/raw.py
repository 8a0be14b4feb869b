"""What every reader hands on: the text of a file (:class:`RawText`), or one clear error (:class:`ReadError`).

A reader of a laid-out file (PDF, OFD, a scan) also says where each character stood — its page and, where
known, its box on the page — and which spans of its text are publication artefacts (running headers, page
numbers) or page-break gaps: these are :class:`~zhengce.text.textmap.Edit` s that the normaliser applies, so
the display text drops them while the original keeps them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from zhengce.text.textmap import Edit


class ReadError(Exception):
    """A file that cannot be read; the message says why, in Chinese and English."""


@dataclass(frozen=True, slots=True)
class Box:
    """Where a character stands: its page (1-based) and its box in points, origin at the page's top left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class PageSize:
    """A page of a laid-out file: its number (1-based), its size in points and, for a page read by OCR, the
    skew in degrees that was taken out of its boxes (to draw them on the page as scanned, turn them back)."""

    number: int
    width: float
    height: float
    skew: float = 0.0


@dataclass(slots=True)
class RawText:
    text: str
    format: str  # text | html | pdf | docx | ofd | doc | wps | rtf | image
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)  # artefacts and page-break gaps found by the reader
    page_starts: list[int] = field(default_factory=list)  # offset of text where page k + 1 begins
    boxes: list[Box | None] | None = None  # one per character of text, where the file says
    meta: dict[str, str] = field(default_factory=dict)  # what the file says of itself (OFD DocInfo: title, author…)
    pages: list[PageSize] = field(default_factory=list)  # the pages of a laid-out file (PDF, OFD, scans), in order
    # the file its pages are drawn from when that is not the file read: (format, bytes) — a Word file's PDF
    drawn: tuple[str, bytes] | None = field(default=None, repr=False)

    def page_of(self, offset: int) -> int | None:
        """The page (1-based) of the character at ``offset`` of :attr:`text`; None for a file without pages."""
        if self.boxes is not None and 0 <= offset < len(self.boxes):
            box = self.boxes[offset]
            if box is not None:
                return box.page
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))
