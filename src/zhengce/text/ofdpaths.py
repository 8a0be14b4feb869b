"""The ruling lines an OFD page draws (``PathObject``), for finding its tables as a PDF's are found.

An OFD (GB/T 33190) draws a table's rules as path objects: a ``Boundary`` (x y width height, in millimetres
from the page's top left), an optional ``CTM`` (a b c d e f) from the path's own space into the boundary, and
``AbbreviatedData`` — ``M x y`` moves, ``L x y`` draws a line, ``C`` closes the figure; ``B``, ``Q`` and ``A``
(curves and arcs) are stepped over. Office suites draw a rule either as a stroked segment or as a thin filled
rectangle; both become a :class:`zhengce.text.grid.Line` in points (horizontal or vertical only), and
:func:`zhengce.text.grid.grids` turns the lines into cells as for a PDF. The two readers of OFD's XML that this
and :mod:`zhengce.text.ofd` share are here too: an attribute's numbers and an element's name without namespace.
"""

from __future__ import annotations

from zhengce.text.grid import Line

__all__ = ["local_name", "numbers", "ruling_lines"]

MM = 72 / 25.4  # points a millimetre
THIN = 1.0  # mm: a filled rectangle thinner than this is a rule
STRAIGHT = 0.2  # mm: a segment whose ends differ by less than this across is horizontal (vertical)
SHORTEST = 2.0  # mm: shorter segments are strokes of a drawing, not rules
_ARGS = {"M": 2, "L": 2, "B": 6, "Q": 4, "A": 7, "C": 0, "S": 2}


def ruling_lines(root, page_box: tuple[float, float, float, float]) -> list[Line]:  # type: ignore[no-untyped-def]
    """Every horizontal or vertical rule drawn by a ``PathObject`` under ``root``, in points on the page."""
    out: list[Line] = []
    px, py = page_box[0], page_box[1]
    for obj in root.iter():
        if local_name(obj.tag) != "PathObject":
            continue
        box = numbers(obj.get("Boundary"))
        if len(box) != 4:
            continue
        bx, by, bw, bh = box[0] - px, box[1] - py, box[2], box[3]
        if (bw < THIN) != (bh < THIN) and max(bw, bh) >= SHORTEST:  # a thin rectangle: its middle line
            if bw < THIN:
                out.append(Line((bx + bw / 2) * MM, by * MM, (bx + bw / 2) * MM, (by + bh) * MM))
            else:
                out.append(Line(bx * MM, (by + bh / 2) * MM, (bx + bw) * MM, (by + bh / 2) * MM))
            continue
        data = next((c.text for c in obj if local_name(c.tag) == "AbbreviatedData"), None)
        ctm = numbers(obj.get("CTM"))
        matrix = ctm if len(ctm) == 6 else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        for (x0, y0), (x1, y1) in _segments(data or ""):
            a = (matrix[0] * x0 + matrix[2] * y0 + matrix[4] + bx, matrix[1] * x0 + matrix[3] * y0 + matrix[5] + by)
            b = (matrix[0] * x1 + matrix[2] * y1 + matrix[4] + bx, matrix[1] * x1 + matrix[3] * y1 + matrix[5] + by)
            line = _straight(a, b)
            if line is not None:
                out.append(line)
    return out


def _straight(a: tuple[float, float], b: tuple[float, float]) -> Line | None:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) < STRAIGHT and abs(x1 - x0) >= SHORTEST:
        y = (y0 + y1) / 2 * MM
        return Line(min(x0, x1) * MM, y, max(x0, x1) * MM, y)
    if abs(x1 - x0) < STRAIGHT and abs(y1 - y0) >= SHORTEST:
        x = (x0 + x1) / 2 * MM
        return Line(x, min(y0, y1) * MM, x, max(y0, y1) * MM)
    return None


def _segments(data: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments (``L``, and ``C`` back to the figure's start) of an ``AbbreviatedData`` path."""
    tokens = data.split()
    out: list[tuple[tuple[float, float], tuple[float, float]]] = []
    here = start = (0.0, 0.0)
    k = 0
    while k < len(tokens):
        op = tokens[k]
        count = _ARGS.get(op)
        if count is None:  # a stray number or an unknown operator: skip it
            k += 1
            continue
        values = numbers(" ".join(tokens[k + 1 : k + 1 + count]))
        k += 1 + count
        if len(values) != count:
            break
        if op in ("M", "S"):
            here = start = (values[0], values[1])
        elif op == "L":
            out.append((here, (values[0], values[1])))
            here = (values[0], values[1])
        elif op == "C":
            if here != start:
                out.append((here, start))
            here = start
        else:  # curves end at their last point
            here = (values[-2], values[-1])
    return out


def numbers(text: str | None) -> list[float]:
    """The numbers of an attribute or element of OFD's XML (``Boundary``, ``CTM``, a path), or none if one
    is not a number."""
    try:
        return [float(x) for x in (text or "").split()]
    except ValueError:
        return []


def local_name(tag: object) -> str:
    """An XML element's name without its namespace (``PathObject`` of ``{http://www.ofdspec.org/2016}PathObject``);
    comments and processing instructions have none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
