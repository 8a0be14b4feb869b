"""Targets: target tables (indicator × year columns, ``≥79.2``, ``较2022年下降3.1%``, ``持续改善``) and the goal rows of
other tables.
"""

from __future__ import annotations

import re
from typing import Any

from zhengce.extract.targets.headings import SECTION_LABEL, is_goal_heading
from zhengce.extract.targets.quantities import quantities
from zhengce.extract.targets.vocabulary import BOUND_WORD, NUMBER, UNIT_ALT
from zhengce.parse.model import Node
from zhengce.text.normalise import fold

CELL = re.compile(
    rf"^(?P<cmp>≥|≤|>=|<=|>|<|不低于|不少于|不高于|不超过|低于|高于)?\s*"
    rf"(?:(?:较|比)\s*(?P<base>\d{{4}})\s*年\s*(?P<dir>下降|降低|减少|增长|提高|上升)\s*)?"
    rf"(?P<num>{NUMBER})\s*(?P<unit>{UNIT_ALT})?\s*(?P<after>以上|以下|以内|左右)?$"
)
CMP_BOUND = {"≥": "min", ">=": "min", ">": "min", "不低于": "min", "不少于": "min", "高于": "min",
             "≤": "max", "<=": "max", "<": "max", "不高于": "max", "不超过": "max", "低于": "max"}
EMPTY_CELL = re.compile(r"^[-—/\s]*$")


_INDICATOR_COLUMN = re.compile(r"指标|名称|项目|内容")
_UNIT_COLUMN = re.compile(r"^单位|计量单位")


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    for i, cell in enumerate(header):
        if pattern.search(cell):
            return i
    return None


def table_targets(rows: list[list[str]], header_rows: int, doc_year: int | None) -> list[dict[str, Any]]:
    """Targets of an indicator × year table: one per indicator and target column."""
    if len(rows) <= header_rows or header_rows < 1:
        return []
    header = [re.sub(r"\s+", "", fold(" ".join(col))) for col in zip(*rows[:header_rows], strict=False)]
    ind_col = _column(header, _INDICATOR_COLUMN)
    if ind_col is None:
        return []
    unit_col = _column(header, _UNIT_COLUMN)
    columns = []
    named = []  # columns whose header says they are the targets (2030年目标, 预期值)
    for i, cell in enumerate(header):
        y = re.search(r"(\d{4})年?", cell)
        if i in (ind_col, unit_col) or not (y or re.search(r"目标|预期", cell)) or re.search(r"属性|性质", cell):
            continue
        year = int(y.group(1)) if y else None
        baseline = bool(re.search(r"基[期准数]|现状|基础值|完成|实际", cell)) or (
            year is not None and doc_year is not None and year < doc_year)
        if not baseline:
            columns.append((i, year))
            if re.search(r"目标|预期|规划|力争", cell):
                named.append((i, year))
    if named:
        columns = named  # the other year columns are the base (2025年 | 2030年目标)
    elif doc_year is None and len(columns) >= 2 and all(y is not None for _, y in columns):
        first = min(y for _, y in columns)
        columns = [(i, y) for i, y in columns if y != first]  # without a date, the earliest year is the base
    out = []
    for r, row in enumerate(rows[header_rows:], start=header_rows):
        if ind_col >= len(row) or not row[ind_col].strip():
            continue
        indicator = re.sub(r"\s+", "", row[ind_col])
        unit = re.sub(r"\s+", "", row[unit_col]) if unit_col is not None and unit_col < len(row) else ""
        m_unit = re.search(r"[(（]([^()（）]{1,8})[)）]$", indicator)
        if not unit and m_unit:
            unit = m_unit.group(1)
        for col, year in columns:
            if col >= len(row):
                continue
            printed = row[col].strip()
            cell = re.sub(r"\s+", "", fold(printed))
            if EMPTY_CELL.match(cell):
                continue
            m = CELL.match(cell)
            if m:
                bound = CMP_BOUND.get(m.group("cmp") or "") or BOUND_WORD.get(m.group("after") or "", "exact")
                direction = m.group("dir")
                out.append({
                    "row": r, "col": col, "indicator": indicator, "value": m.group("num"),
                    "unit": m.group("unit") or unit, "bound": bound, "comparator": m.group("cmp") or "",
                    "change": ("decline" if direction in ("下降", "降低", "减少") else "growth") if direction
                    else "level",
                    "target_year": year, "base_year": int(m.group("base")) if m.group("base") else None,
                    "text": printed,
                })
            elif spoken := quantities("指标" + cell, is_folded=True):  # 增长6%左右, 达到85%以上
                for q in spoken:
                    out.append({
                        "row": r, "col": col, "indicator": indicator, "value": q.value, "unit": q.unit or unit,
                        "bound": q.bound, "comparator": q.comparator, "change": q.change, "target_year": year,
                        "base_year": q.base_year, "text": printed,
                    })
            elif re.search(r"[\u4e00-\u9fff]", cell):
                out.append({
                    "row": r, "col": col, "indicator": indicator, "value": printed, "unit": "", "bound": "exact",
                    "comparator": "", "change": "qualitative", "target_year": year, "base_year": None,
                    "text": printed,
                })
    return out


def is_target_table(node: Node) -> bool:
    if node.table is None or not node.table.rows:
        return False
    head = " ".join(" ".join(r) for r in node.table.rows[: node.table.header_rows])
    return "指标" in head and bool(_TARGET_HEAD.search(head))


_TARGET_HEAD = re.compile(r"\d{4}\s*年|目标|预期")


def _is_group_label(cell: str) -> bool:
    """A table cell that names a group of rows (扩大有效投资), not a unit, a leader (张三), a number or a task."""
    return (4 <= len(cell) <= 20 and not re.search(r"[\d★☆、,，;；:：。]|\s", cell)
            and not re.search(r"(?:局|委|办|厅|政府|中心|公司|管委会|街道|镇|乡|部|院|会|行|处|所|队|站)$", cell))


_HEADING_CELL = re.compile(r"^[一二三四五六七八九十]+、")  # a row of a section heading (一、…), asked of every cell
_FIGURE = re.compile(r"\d|[十百千万亿]")


def goal_rows(rows: list[list[str]], header_rows: int, in_goal: bool) -> list[tuple[int, int, str]]:
    """(row, column, cell) of the cells that state goals in a table that is not an indicator × year table.

    A goal list printed as a table marks its rows by a group cell (``主要预期目标`` in a 项目/类别 column, or a
    row that is a section heading ``一、…主要预期目标``); the rows stay goals until that column names another
    group. Inside a goal section every row is a goal row. Cells without a number are not read.
    """
    out = []
    goal_col: int | None = None
    first = 1 if len(rows) > 1 else 0  # a group row mistaken for a second header row still opens the goals
    for r, row in enumerate(rows[first:], start=first):
        cells = [c.strip() for c in row]
        # (is_goal_heading needs 标, which a section label never holds: most cells are not looked at further)
        marker = next((i for i, c in enumerate(cells) if ("标" in c or "標" in c)
                       and is_goal_heading(SECTION_LABEL.sub("", c))), None)
        if marker is not None and r < header_rows and sum(1 for c in cells if c) > 1:
            marker = None  # a column title of a second header row (2026年目标), not a group
        if marker is not None:
            goal_col = marker
        elif goal_col is not None:
            label = cells[goal_col] if goal_col < len(cells) else ""
            heading_row = any(_HEADING_CELL.match(c) for c in cells if c)
            if _is_group_label(label) or heading_row:
                goal_col = None
        if (goal_col is None and not in_goal) or r < header_rows:
            continue
        for c, cell in enumerate(cells):
            if c != goal_col and _FIGURE.search(cell):
                out.append((r, c, cell))
    return out
