"""Page images before OCR: the skew taken out, and ruled tables found from their lines.

A scanned page is turned upright first: the angle (within ±:data:`MAX_SKEW` degrees) at which the rows of a
reduced, black-and-white copy of the page are most unequal — lines of text and the white between them
sharp — is its skew (the projection-profile method). On the upright page, a ruling line is a run of dark
pixels much longer than any stroke of a character: horizontal ones are found in the page reduced eightfold
across, vertical ones in the page reduced eightfold down. Where they cross, the cells follow as in a PDF's
drawing: pdfplumber's own steps (intersections → cells → tables) turn the lines into tables, so a scanned
table has the rows, columns and merged cells that the text layer of the same page would give.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

MAX_SKEW = 3.0  # degrees either way searched for the page's skew
DARK = 170  # grey level (0 black – 255 white) under which a pixel counts as ink
STEP = 8  # pixels averaged along a line's direction when looking for ruling lines
MIN_LINE = 0.35  # inches: a run of ink at least this long is a ruling line (a character's stroke is shorter)


@dataclass(frozen=True, slots=True)
class Line:
    """A ruling line in pixels: horizontal (``y0 == y1``) or vertical (``x0 == x1``)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class Grid:
    """A ruled table found on a page image: its box and rows of cells (x0, top, x1, bottom) in pixels, None
    where a merged cell covers the position (as pdfplumber gives them)."""

    box: tuple[float, float, float, float]
    rows: list[list[tuple[float, float, float, float] | None]]


def skew(image) -> float:  # type: ignore[no-untyped-def]
    """The page's skew in degrees (counter-clockwise turn that makes it upright)."""
    from PIL import Image

    small = image.reduce(4) if min(image.size) >= 800 else image
    ink = small.point(lambda p: 255 if p < DARK else 0)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)
        profile = turned.resize((1, turned.height), Image.BOX).tobytes()
        return sum((a - b) ** 2 for a, b in itertools.pairwise(profile))

    best = max((k / 5 for k in range(int(-MAX_SKEW * 5), int(MAX_SKEW * 5) + 1)), key=sharpness)
    fine = max((best + k / 50 for k in range(-10, 11)), key=sharpness)
    return fine if abs(fine) >= 0.05 else 0.0


def upright(image):  # type: ignore[no-untyped-def]
    """The page turned upright (same size, white where the turn uncovers the edge) and the angle taken out."""
    from PIL import Image

    angle = skew(image)
    if not angle:
        return image, 0.0
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=255), angle


def lines(image, dpi: float) -> list[Line]:  # type: ignore[no-untyped-def]
    """The ruling lines of an upright page image."""
    from PIL import Image

    ink = image.point(lambda p: 255 if p < DARK else 0)
    cells = max(2, int(MIN_LINE * dpi / STEP))
    found: list[Line] = []
    across = ink.resize((max(1, ink.width // STEP), ink.height), Image.BOX)
    for y, x0, x1 in _runs(across, cells):
        found.append(Line(x0 * STEP, y, x1 * STEP, y))
    down = ink.transpose(Image.Transpose.TRANSPOSE)
    down = down.resize((max(1, down.width // STEP), down.height), Image.BOX)
    for x, y0, y1 in _runs(down, cells):
        found.append(Line(x, y0 * STEP, x, y1 * STEP))
    return _merge(found)


def _runs(image, cells: int) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """(row, first, end) of every run of at least ``cells`` mostly dark pixels in each row of ``image``."""
    table = bytes(1 if v >= 160 else 0 for v in range(256))
    data = image.tobytes().translate(table)
    width = image.width
    run = re.compile(rb"\x01{%d,}" % cells)
    out = []
    for y in range(image.height):
        for m in run.finditer(data, y * width, (y + 1) * width):
            out.append((y, m.start() - y * width, m.end() - y * width))
    return out


def _merge(found: list[Line]) -> list[Line]:
    """Runs of the same stroke (a line a few pixels thick, or broken by a speck) joined into one line."""
    out: list[Line] = []
    for horizontal in (True, False):
        group = sorted((ln for ln in found if (ln.y0 == ln.y1) == horizontal),
                       key=lambda ln: (ln.y0, ln.x0) if horizontal else (ln.x0, ln.y0))
        merged: list[list[float]] = []  # [pos, start, end, pos_sum, count]
        for ln in group:
            pos, start, end = (ln.y0, ln.x0, ln.x1) if horizontal else (ln.x0, ln.y0, ln.y1)
            for m in merged:
                if abs(pos - m[0]) <= 4 and start <= m[2] + 2 * STEP and end >= m[1] - 2 * STEP:
                    m[0] = pos
                    m[1], m[2] = min(m[1], start), max(m[2], end)
                    m[3] += pos
                    m[4] += 1
                    break
            else:
                merged.append([pos, start, end, pos, 1])
        for _pos, start, end, total, count in merged:
            centre = total / count
            out.append(Line(start, centre, end, centre) if horizontal else Line(centre, start, centre, end))
    return out


def grids(found: list[Line], tolerance: float = 2 * STEP) -> list[Grid]:
    """Tables of at least two rows and two columns formed by ``found`` lines (pdfplumber's cell finding)."""
    from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells

    edges = [{"x0": ln.x0, "x1": ln.x1, "top": ln.y0, "bottom": ln.y1, "width": ln.x1 - ln.x0,
              "height": ln.y1 - ln.y0, "orientation": "h" if ln.y0 == ln.y1 else "v"} for ln in found]
    intersections = edges_to_intersections(edges, tolerance, tolerance)
    out = []
    for cells in cells_to_tables(intersections_to_cells(intersections)):
        table = Table(None, cells)  # type: ignore[arg-type]
        rows = [list(row.cells) for row in table.rows]
        if len(rows) >= 2 and max(sum(1 for c in row if c) for row in rows) >= 2:
            out.append(Grid(table.bbox, rows))
    return out


def read_cells(program: str, image, found: list[Grid], dpi: float, page: int):  # type: ignore[no-untyped-def]
    """The tables of ``found`` with each cell read by Tesseract on its own (one call for all the cells of
    the page, each a frame of a TIFF), and the words of low confidence.

    A cell is cut inside its ruling lines (one with nothing but specks is empty), framed in white and read
    as a block of text (``--psm 6``; measured against ``--psm 7`` and against cells cleared of specks by a
    median filter or enlarged twice, all of which misread more, and against the whole page read with the
    ruling lines erased, which misreads twice as much); a cell with ink of which nothing was read is read
    again cleared of specks. Each line of a cell is read again by the second reader
    (:func:`zhengce.text.vote.reread`, which scales small print up to its model's height). The characters are
    put back where they stand on the page and joined as the text layer joins a cell's, so a scanned table
    comes out as the same tab-separated rows."""

    from PIL import ImageFilter

    from zhengce.text import tesseract, vote

    inset, pad, scale = max(3, round(dpi / 50)), round(dpi / 10), 72 / dpi
    crops, where = [], []
    for g in found:
        for row in g.rows:
            for cell in row:
                if cell is None or cell[2] - cell[0] <= 3 * inset or cell[3] - cell[1] <= 3 * inset:
                    continue
                box = (round(cell[0]) + inset, round(cell[1]) + inset, round(cell[2]) - inset, round(cell[3]) - inset)
                crop = image.crop(box)
                if sum(crop.filter(ImageFilter.MedianFilter(3)).histogram()[:DARK]) < 12:
                    continue  # specks only
                crops.append(crop)
                where.append((box[0] - pad, box[1] - pad))
    words = _read_frames(program, [_framed(c, pad) for c in crops], dpi, page)
    missed = sorted(set(range(1, len(crops) + 1)) - {w.frame for w in words})
    if missed:  # a cell with ink where nothing was read: again, cleared of specks
        again = _read_frames(program, [_framed(crops[k - 1].filter(ImageFilter.MedianFilter(3)), pad) for k in missed],
                             dpi, page)
        words += [w._replace(frame=missed[w.frame - 1]) for w in again]
    lines: dict[tuple[int, tuple[int, int, int]], list] = {}
    for w in words:
        dx, dy = where[w.frame - 1]
        lines.setdefault((w.frame, w.line), []).append(w._replace(x0=w.x0 + dx, x1=w.x1 + dx, y0=w.y0 + dy,
                                                                  y1=w.y1 + dy))
    glyphs, low = tesseract.glyphs(vote.reread(image, list(lines.values())), scale)
    return tables(found, glyphs, scale), low


def _read_frames(program: str, frames: list, dpi: float, page: int) -> list:  # type: ignore[type-arg]
    """The words of ``frames`` read in one call, as the frames of a TIFF."""
    import io

    from zhengce.text import tesseract

    if not frames:
        return []
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi))
    return tesseract.words(program, buf.getvalue(), 6, dpi, page)


def _framed(crop, pad: int):  # type: ignore[no-untyped-def]
    from PIL import Image

    out = Image.new("L", (crop.width + 2 * pad, crop.height + 2 * pad), 255)
    out.paste(crop, (pad, pad))
    return out


def tables(found: list[Grid], glyphs: list, scale: float) -> list:  # type: ignore[type-arg]
    """The rows of each grid of ``found`` (pixels × ``scale`` = points): the text of the characters in each
    cell, joined as the text layer joins a cell's."""
    from zhengce.text.glyphs import Table
    from zhengce.text.layout import text_in

    out = []
    for g in found:
        rows = [[text_in(glyphs, tuple(v * scale for v in cell)) if cell else "" for cell in row] for row in g.rows]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            x0, top, x1, bottom = (v * scale for v in g.box)
            out.append(Table(x0, top, x1, bottom, rows))
    return out
