"""Spreadsheets: the one way every .xlsx download and export is written.

Bold headers, wrapped cells, a frozen header row, and cells that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) written as text.
"""

from __future__ import annotations

import io
from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """A value as text when a spreadsheet would otherwise run it as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def workbook(sheets: list[tuple[str, list[str], list[list[Any]]]], widths: list[int] | None = None) -> bytes:
    """An .xlsx with one sheet per (title, headers, rows); ``widths`` sets the first columns' widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    for k, (title, headers, rows) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for n, width in enumerate(widths or [], 1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
