"""Tables printed as tab-separated rows (or one cell per line between blank lines), rebuilt into a Table with its
header rows.
"""

from __future__ import annotations

import re

from zhengce.parse.lines import Line
from zhengce.parse.model import Table


def is_table_line(line: Line) -> bool:
    return "\t" in line.text


def table_from(lines: list[Line]) -> Table:
    """Rebuild a table from tab-separated rows or from one-cell-per-line blocks."""
    rows_lines = [ln for ln in lines if not ln.blank]
    cell_only = all(ln.text.count("\t") == 1 and ln.text.startswith("\t") for ln in rows_lines)
    rows: list[list[str]] = []
    if cell_only and any(ln.blank for ln in lines):
        group: list[str] = []
        for ln in lines:
            if ln.blank:
                if group:
                    rows.append(group)
                group = []
            else:
                group.append(_cell(ln.text[1:]))
        if group:
            rows.append(group)
    else:
        rows = [[_cell(c) for c in ln.text.split("\t")] for ln in rows_lines]
    # trailing empty cells produced by trailing tabs are merged cells only when others have them too
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # header rows repeated after page breaks
    if rows:
        head = rows[0]
        rows = [head] + [r for r in rows[1:] if r != head]
    header_rows = 1
    for r in rows[1:3]:
        if any(c == "" for c in rows[0]) and not any(re.search(r"\d", c) for c in r if c):
            header_rows += 1
        else:
            break
    return Table(rows=rows, header_rows=min(header_rows, len(rows)))


_INLINE_TAG = re.compile(r"</?\s*(?:p|span|br|div|strong|b|font)\b[^>]*>", re.I)


def _cell(text: str) -> str:
    if "<" in text:  # every inline tag opens with it: most cells hold none
        text = _INLINE_TAG.sub("", text)
    return text.replace("\xa0", " ").strip()
