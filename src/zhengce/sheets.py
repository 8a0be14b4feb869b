"""Spreadsheets: the one way every .xlsx download and export is written.

Bold headers, wrapped cells, a frozen header row, and cells that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) written as text. Characters that XML
cannot hold (C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE and
U+FFFF) are dropped from every cell: :func:`xml_text` is also what the .docx writer and the
supervision inputs use, so that no stored text can make an export fail.
"""

from __future__ import annotations

import io
import re
from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# what XML 1.0 cannot hold at all; U+000B (vertical tab) and U+000C (form feed) become a space
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " "})


def xml_text(value: str) -> str:
    """``value`` with every character XML cannot hold removed (vertical tab and form feed as spaces)."""
    return _NOT_XML.sub("", value.translate(_BREAKS))


def xml_safe(value: Any) -> Any:
    """A cell or field value that XML can hold: strings cleaned by :func:`xml_text`, others unchanged."""
    return xml_text(value) if isinstance(value, str) else value


def safe_cell(value: Any) -> Any:
    """A value as text when a spreadsheet would otherwise run it as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    return safe_cell(xml_safe(value))


def display_width(value: Any) -> int:
    """How many narrow characters a value takes on screen: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(value if value is not None else ""))


def workbook(sheets: list[tuple[str, list[str], list[list[Any]]]], widths: list[int] | None = None,
             auto_widths: bool = False) -> bytes:
    """An .xlsx with one sheet per (title, headers, rows); ``widths`` sets the first columns' widths,
    ``auto_widths`` sizes every column to its longest value (at most 60 characters, wrapping beyond)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    for k, (title, headers, rows) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = xml_text(title)[:31] or f"Sheet{k + 1}"
        ws.append([_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for n, width in enumerate(widths or [], 1):
            ws.column_dimensions[get_column_letter(n)].width = width
        if auto_widths:
            for n, header in enumerate(headers, 1):
                longest = max([display_width(header)] + [display_width(r[n - 1]) for r in rows if len(r) >= n])
                ws.column_dimensions[get_column_letter(n)].width = min(60, max(6, longest + 2))
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
