"""Layout: characters placed on pages → text in reading order.

Shared by every reader of a fixed-layout file (PDF, OFD, OCR). Each page's characters are grouped into lines
and the lines into regions: the whole width of the page, or the left and right columns of a band of
two-column text (a gutter that several lines leave empty in the middle of the page). Regions are read top
to bottom, a band's left column before its right one. Lines become paragraphs by the rules of the
official-document layout (GB/T 9704): a paragraph starts indented, and a line that stops short of the right
margin ends one; a paragraph runs on across columns and pages when the last line is full and the next one
is not indented. Running headers and footers (short lines in the header or footer band that recur at the same
place, :mod:`zhengce.text.running`) and page numbers (``— 3 —``, ``第3页``) stay in the text as lines of their
own, with edits that drop them — the normaliser applies them as it does its own repairs, so the display text
is clean and the original complete.

The text: paragraphs separated by a blank line, a table as tab-separated rows. Every character keeps its
page and box (:class:`~zhengce.text.raw.Box`); separators have none.
"""

from __future__ import annotations

import itertools
from statistics import median

from zhengce.text.glyphs import CJK, Glyph, LaidOut, Page, PlacedLine, Table, em
from zhengce.text.normalise import DATE_LINE, DOCNO_LINE, TITLE_END
from zhengce.text.raw import Box
from zhengce.text.running import mark_artefacts
from zhengce.text.textmap import Edit

PARAGRAPH = "\n\n"
GAP = 1.2  # a gap wider than this many characters cuts a line (between columns, cells, a key and its value)



def lay_out(pages: list[Page]) -> LaidOut:
    """The text of ``pages`` in reading order, with its artefacts as edits and every character's box."""
    per_page = [_page_lines(page) for page in pages]
    warnings = mark_artefacts(per_page, pages)
    ordered: list[list[PlacedLine]] = []
    for page, lines in zip(pages, per_page, strict=True):
        body = [line for line in lines if not line.artefact]
        heads = [line for line in lines if line.artefact and line.y0 < page.height / 2]
        feet = [line for line in lines if line.artefact and line.y0 >= page.height / 2]
        ordered.append([*heads, *_reading_order(body, page), *feet])
    _set_margins(ordered)
    laid = _assemble(ordered)
    laid.warnings.extend(warnings)
    return laid


# --- lines ---------------------------------------------------------------------------------------


def _inside(g: Glyph, t: Table) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
    return t.x0 - 1 <= cx <= t.x1 + 1 and t.y0 - 1 <= cy <= t.y1 + 1


def text_in(glyphs: list[Glyph], box: tuple[float, float, float, float]) -> str:
    """The text of the characters inside ``box`` (x0, top, x1, bottom), such as a table's cell: its lines
    joined, with a space only between Latin words."""
    x0, top, x1, bottom = box
    inside = [g for g in glyphs if x0 <= (g.x0 + g.x1) / 2 <= x1 and top <= (g.y0 + g.y1) / 2 <= bottom]
    out = ""
    for row in _rows(inside):
        text = _text_of(row).replace("\t", " ")
        out += (" " if _needs_space(out, text) else "") + text
    return out


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Characters grouped into lines by their vertical centre, each line from left to right."""
    glyphs = sorted((g for g in glyphs if g.ch.strip()), key=lambda g: ((g.y0 + g.y1) / 2, g.x0))
    rows: list[list[Glyph]] = []
    ref_cy = ref_h = 0.0
    for g in glyphs:
        cy, h = (g.y0 + g.y1) / 2, max(g.y1 - g.y0, 1.0)
        if rows and abs(cy - ref_cy) <= 0.45 * max(h, ref_h):
            rows[-1].append(g)
        else:
            rows.append([g])
            ref_cy, ref_h = cy, h
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def _page_lines(page: Page) -> list[PlacedLine]:
    """The page's lines, tables as lines of their own."""
    glyphs = [g for g in page.glyphs if not any(_inside(g, t) for t in page.tables)]
    lines = [PlacedLine(row, page.number, _text_of(row)) for row in _rows(glyphs)]
    lines.extend(PlacedLine([], page.number, table=t) for t in page.tables)
    lines.sort(key=lambda line: line.y0)
    return lines


def _segments(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """A line cut where its characters leave a gap wider than two of them."""
    if not glyphs:
        return []
    size = em(glyphs)
    out = [[glyphs[0]]]
    for prev, g in itertools.pairwise(glyphs):
        if g.x0 - prev.x1 > GAP * size:
            out.append([g])
        else:
            out[-1].append(g)
    return out


def _text_of(glyphs: list[Glyph]) -> str:
    """Characters of a line; a space where Latin words or numbers stand apart, or between segments."""
    if not glyphs:
        return ""
    size = em(glyphs)
    out = [glyphs[0].ch]
    for prev, g in itertools.pairwise(glyphs):
        gap = g.x0 - prev.x1
        latin = not CJK.match(prev.ch) and not CJK.match(g.ch)
        if g.space_before or gap > GAP * size or (latin and gap > 0.2 * size):
            out.append(" ")
        out.append(g.ch)
    return "".join(out)


# --- reading order -------------------------------------------------------------------------------


def _gutter(lines: list[PlacedLine], width: float) -> float | None:
    """The x of a gutter between two columns: a gap in the middle of the page that several lines share."""
    centres: list[tuple[float, float, float]] = []
    for line in lines:
        segs = _segments(line.glyphs)
        for a, b in itertools.pairwise(segs):
            gx0, gx1 = a[-1].x1, b[0].x0
            if 0.3 * width < (gx0 + gx1) / 2 < 0.7 * width:
                centres.append(((gx0 + gx1) / 2, gx0, gx1))
    if len(centres) < 3:
        return None
    # the x that most gaps share: sweep over their ends, keep the middle of the best stretch
    events = sorted([(gx0, 1) for _, gx0, _ in centres] + [(gx1, -1) for _, _, gx1 in centres],
                    key=lambda e: (e[0], -e[1]))
    best = depth = 0
    best_x = 0.0
    for k, (x, step) in enumerate(events):
        depth += step
        if step > 0 and depth > best:
            best, best_x = depth, (x + events[k + 1][0]) / 2
    return best_x if best >= 3 else None


def _reading_order(lines: list[PlacedLine], page: Page) -> list[PlacedLine]:
    """Full-width lines in order; a band of two-column lines as its left column, then its right one."""
    gutter = _gutter([line for line in lines if not line.table], page.width)
    if gutter is None:
        return lines
    out: list[PlacedLine] = []
    band: list[PlacedLine] = []
    band_no = 0

    def flush() -> None:
        nonlocal band_no
        if not band:
            return
        band_no += 1
        for side in (1, 2):
            for line in band:
                part = [g for g in line.glyphs if ((g.x0 + g.x1) / 2 < gutter) == (side == 1)]
                if part:
                    out.append(PlacedLine(part, line.page, _text_of(part), region=(band_no, side)))
        band.clear()

    for line in lines:
        crosses = line.table is not None or any(s[0].x0 < gutter < s[-1].x1 for s in _segments(line.glyphs))
        if crosses:
            flush()
            out.append(line)
        else:
            band.append(line)
    flush()
    return out


def _set_margins(ordered: list[list[PlacedLine]]) -> None:
    """Each line's region margins: a column's from its page, the full width's from the whole document
    (the last page of a document may hold only a signature and a date, which set no margin)."""
    full = [line for lines in ordered for line in lines if line.region[1] == 0 and not line.table and not line.artefact]
    doc_left = _percentile([line.x0 for line in full], 0.1) if full else 0.0
    doc_right = _percentile([line.x1 for line in full], 0.9) if full else 0.0
    for lines in ordered:
        by_region: dict[tuple[int, int], list[PlacedLine]] = {}
        for line in lines:
            if line.region[1]:
                by_region.setdefault((0, line.region[1]), []).append(line)
        for line in lines:
            if line.region[1]:
                same = by_region[(0, line.region[1])]
                line.left, line.right = min(x.x0 for x in same), max(x.x1 for x in same)
            else:
                line.left, line.right = doc_left, doc_right


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


# --- paragraphs ----------------------------------------------------------------------------------


def _full(line: PlacedLine) -> bool:
    return line.x1 >= line.right - 1.0 * line.size


def _indented(line: PlacedLine) -> bool:
    return line.x0 > line.left + 0.6 * line.size


def _centred(line: PlacedLine) -> bool:
    """Set in the middle of its region (a full line is too)."""
    return abs((line.x0 + line.x1) - (line.left + line.right)) < 2 * line.size


def _joins(a: PlacedLine, b: PlacedLine, body: float) -> bool:
    """Whether line ``b`` goes on with the paragraph of line ``a`` (the line read before it); ``body`` is
    the size of the body text (a title is set larger)."""
    if a.table or b.table or abs(a.size - b.size) > 0.25 * max(a.size, b.size):
        return False
    same_region = a.page == b.page and a.region == b.region
    if same_region and b.y0 - a.y1 > 1.2 * a.size:
        return False
    if same_region and a.size > 1.1 * body and _centred(a) and _centred(b) and _indented(b) and not _full(b):
        # a title set on centred lines; the 文号 or date centred under it (a size smaller) is not the title's
        return a.text[-1:] not in "。：:；;" and not DOCNO_LINE.match(b.text) and not DATE_LINE.match(b.text)
    if TITLE_END.search(a.text.rstrip()) and _addressees(b.text):
        return False  # 关于印发…的通知 / 各乡镇人民政府，县直各单位： — a title set on the 主送 line's line grid
    return _full(a) and not _indented(b)


def _addressees(text: str) -> bool:
    """The 主送 line: the bodies a document is sent to, ended by a colon, no sentence inside it."""
    s = text.strip()
    return 2 < len(s) <= 80 and s[-1] in "：:" and not any(c in s for c in "。；;！？")


def _assemble(ordered: list[list[PlacedLine]]) -> LaidOut:
    sizes = [line.size for lines in ordered for line in lines if line.glyphs and not line.artefact]
    body = median(sizes) if sizes else 12.0
    pieces: list[str] = []
    boxes: list[Box | None] = []
    edits: list[Edit] = []
    page_starts: list[int] = []
    length = 0
    prev_body: PlacedLine | None = None
    prev_end = 0  # end offset of the text of prev_body
    artefacts: list[tuple[int, int, str]] = []  # since prev_body: (start, end, reason)

    def write(text: str, box: list[Box | None]) -> None:
        nonlocal length
        if page_starts[-1] < 0 and any(b is not None for b in box):
            page_starts[-1] = length
        pieces.append(text)
        boxes.extend(box)
        length += len(text)

    for lines in ordered:
        page_starts.append(-1)  # set where the page's first character is written
        for line in lines:
            if line.table:
                text = "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in line.table.rows)
                box: list[Box | None] = [Box(line.page, line.x0, line.y0, line.x1, line.y1)] * len(text)
            else:
                text = line.text
                box = _boxes(line)
            if not text:
                continue
            joined = prev_body is not None and not line.artefact and _joins(prev_body, line, body)
            if joined and not artefacts and prev_body is not None and prev_body.page == line.page:
                if _space_across(prev_body.text, text):
                    write(" ", [None])
                write(text, box)
            else:
                if length:
                    write(PARAGRAPH, [None] * len(PARAGRAPH))
                start = length
                write(text, box)
                if line.artefact:
                    artefacts.append((start, length, line.artefact))
                    continue
                for a_start, a_end, reason in artefacts:
                    edits.append(Edit(a_start, a_end + len(PARAGRAPH), "", reason))
                if joined:
                    edits.append(Edit(prev_end, prev_end + len(PARAGRAPH),
                                      " " if prev_body and _space_across(prev_body.text, text) else "", "page-break"))
                artefacts = []
            prev_body, prev_end = line, length
    for a_start, a_end, reason in artefacts:  # artefacts after the last paragraph: drop with the gap before
        edits.append(Edit(max(0, a_start - len(PARAGRAPH)), a_end, "", reason))
    for k in range(len(page_starts) - 1, -1, -1):  # a page without text begins where the next one does
        if page_starts[k] < 0:
            page_starts[k] = page_starts[k + 1] if k + 1 < len(page_starts) else length
    return LaidOut("".join(pieces), edits, page_starts, boxes)


def _boxes(line: PlacedLine) -> list[Box | None]:
    """One box per character of the line's text (glyphs are never blank: a blank is a space put between)."""
    out: list[Box | None] = []
    pos = 0
    for g in line.glyphs:
        while line.text[pos : pos + 1] == " ":
            out.append(None)
            pos += 1
        out.extend([Box(line.page, g.x0, g.y0, g.x1, g.y1)] * len(g.ch))
        pos += len(g.ch)
    return out


def _needs_space(before: str, after: str) -> bool:
    return bool(before and after and not CJK.match(before[-1]) and not CJK.match(after[0])
                and before[-1].isalnum() and after[0].isalnum())


def _space_across(before: str, after: str) -> bool:
    """A blank where a paragraph's lines are joined: between Latin words, not inside a number that the line
    break cut (``青川县20`` / ``25年``: Chinese typesetting breaks a line anywhere)."""
    return _needs_space(before, after) and not (before[-1].isdigit() and after[0].isdigit())
