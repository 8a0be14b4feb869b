"""The cells of a scan's ruled tables, for the searchable PDF's text layer (:mod:`zhengce.library.searchpdf`).

OCR stores a ruled table as one run — its rows of tab-separated cells with the table's box — since it read the
table cell by cell from a grid it found on the page (:mod:`zhengce.text.grid`). To put each cell's text on the
cell rather than spread over the row, the grid is found again on the stored page image, the same way, and a
table run takes the cells of the grid that covers its box when they agree row by row (as many rows, as many
cells in each, merged cells included). A table whose grid is not found again keeps its rows spread over its box.

The page image comes from the stored file without PDFium (which must not run on two threads at once): an
image's frame, or the largest image a PDF page draws (a scan's page is one image).
"""

from __future__ import annotations

import io
import math
from typing import Any

Box = tuple[float, float, float, float]
MIN_OVERLAP = 0.7  # of the union of a run's box and a grid's box, for the grid to be the run's table


def page_image(file_format: str, data: bytes, number: int) -> Any | None:
    """Page ``number`` (1-based) of a stored scan as a grey PIL image: the image's frame, or the largest image a
    PDF page draws; None when there is none or it cannot be decoded."""
    from PIL import Image

    try:
        if file_format == "image":
            image = Image.open(io.BytesIO(data))
            image.seek(number - 1)
            return image.convert("L")
        if file_format == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                reader.decrypt("")
            pictures = [p.image for p in reader.pages[number - 1].images if p.image is not None]
            return max(pictures, key=lambda p: p.width * p.height).convert("L") if pictures else None
    except Exception:  # a page whose image cannot be had keeps its tables spread over their boxes
        return None
    return None


def table_cells(image: Any, width: float, skew: float, lines: list[tuple[str, float, float, float, float]]
                ) -> dict[int, list[list[Box | None]]]:
    """For each table run of ``lines`` (text with tabs and several rows, its box in points), by its index: the
    box in points of each of its cells, row by row (None where a merged cell covers the position), from the
    grid found on ``image`` (the page, ``width`` points wide, as scanned) — for the tables whose grid agrees.

    The grid is found on the page turned upright by the angle the grid reader measures; the runs' boxes had the
    page's ``skew`` (degrees, from the slope of the lines read) taken out. Each cell is moved by the difference,
    turned about the page's centre, to stand in the runs' frame."""
    from zhengce.text import grid

    wanted = {k: [row.split("\t") for row in text.split("\n") if row.strip()] for k, (text, *_) in enumerate(lines)
              if "\t" in text}
    if not wanted or image is None or image.width <= 0:
        return {}
    upright, angle = grid.upright(image)
    scale = width / image.width
    found = grid.grids(grid.lines(upright, 72 / scale))
    turn = math.radians(skew - angle)  # upright by the grid's angle → upright by the page's skew (anticlockwise)
    cx, cy = image.width / 2, image.height / 2

    def placed(cell: tuple[float, float, float, float]) -> Box:
        dx, dy = (cell[0] + cell[2]) / 2 - cx, (cell[1] + cell[3]) / 2 - cy
        x = cx + dx * math.cos(turn) + dy * math.sin(turn) - (cell[0] + cell[2]) / 2
        y = cy - dx * math.sin(turn) + dy * math.cos(turn) - (cell[1] + cell[3]) / 2
        return (cell[0] + x) * scale, (cell[1] + y) * scale, (cell[2] + x) * scale, (cell[3] + y) * scale

    out: dict[int, list[list[Box | None]]] = {}
    for k, rows in wanted.items():
        box = lines[k][1:]
        for g in found:
            g_box = tuple(v * scale for v in g.box)
            if _overlap(box, g_box) < MIN_OVERLAP:  # type: ignore[arg-type]
                continue
            cells = [row for row in g.rows if any(row)]
            if len(cells) == len(rows) and all(len(c) == len(r) for c, r in zip(cells, rows, strict=True)):
                out[k] = [[placed(c) if c else None for c in row] for row in cells]
                break
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The area two boxes share over the area they cover together."""
    inner = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inner
    return inner / union if union > 0 else 0.0
