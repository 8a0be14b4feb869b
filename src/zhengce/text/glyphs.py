"""The pieces a fixed-layout page is made of: characters with their boxes (:class:`Glyph`), ruled tables, pages,
the lines :mod:`zhengce.text.layout` groups them into, and the laid-out text it returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from zhengce.text.raw import Box
from zhengce.text.textmap import Edit

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")  # characters one em wide


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character and its box in points, origin at the page's top left (y grows downwards)."""

    ch: str
    x0: float
    y0: float
    x1: float
    y1: float
    space_before: bool = False  # the file puts a blank before it (names spaced out, words of a title)


@dataclass(slots=True)
class Table:
    """A ruled table found on a page: its box and its cells' text, row by row."""

    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[list[str]]


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    tables: list[Table] = field(default_factory=list)


@dataclass(slots=True)
class LaidOut:
    text: str
    edits: list[Edit]
    page_starts: list[int]
    boxes: list[Box | None]
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlacedLine:
    """A line of one region (or a table), in reading order."""

    glyphs: list[Glyph]
    page: int
    text: str = ""
    table: Table | None = None
    region: tuple[int, int] = (0, 0)  # (band, side): side 0 = full width, 1 = left column, 2 = right column
    left: float = 0.0  # the region's margins, set once the page is read
    right: float = 0.0
    artefact: str = ""  # page-number | running-header | running-footer

    @property
    def x0(self) -> float:
        return self.table.x0 if self.table else min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return self.table.x1 if self.table else max(g.x1 for g in self.glyphs)

    @property
    def y0(self) -> float:
        return self.table.y0 if self.table else min(g.y0 for g in self.glyphs)

    @property
    def y1(self) -> float:
        return self.table.y1 if self.table else max(g.y1 for g in self.glyphs)

    @property
    def size(self) -> float:
        return em(self.glyphs) if self.glyphs and not self.table else 12.0


def em(glyphs: list[Glyph]) -> float:
    """The font size of a run of characters: the width of its Chinese characters (each one em wide), else
    seven tenths of their height (a loose box is about 1.4 em tall)."""
    widths = [g.x1 - g.x0 for g in glyphs if CJK.match(g.ch)]
    if widths:
        return max(median(widths), 1.0)
    return max(0.7 * median(g.y1 - g.y0 for g in glyphs), 1.0) if glyphs else 12.0
