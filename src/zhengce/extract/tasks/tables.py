"""Tasks: task tables (序号 | 任务 | 牵头单位 | 配合单位 | 责任领导 | 完成时限), printed as tab rows, one cell per
line (with or without ``|`` lines between the cells), columns parted by spaces or HTML cells.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from zhengce.extract.tasks.model import Assignment, Task, container_of, parents_of, placed
from zhengce.extract.tasks.tags import ROLE_WORDS, parse_tag
from zhengce.extract.tasks.unitnames import (
    as_printed,
    dedupe_units,
    is_territorial,
    looks_like_units,
    split_glued,
    units_in,
)
from zhengce.parse.model import Document, Node

_P_NOT_HEADER = re.compile(r"[\d。，,；;:：]")
_P_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_P_LABEL = re.compile(r"^(?:\d{1,3}[.、﹒](?!\d)|[(（]\d{1,3}[)）]|[(（][一二三四五六七八九十]{1,3}[)）])")


_P_SPACE = re.compile(r"\s+")


_BARE_NUMBER = re.compile(r"[ \u3000]*(\d{1,3})[ \u3000]+(?=[^\d\s])")


def table_tasks(doc: Document, text: str, folded: str, nodes: list[Node], paths: dict[str, list[Node]],
                 found: list[Task], first_leads: int | None) -> list[Task]:
    """Tasks of the task tables of a document, each linked to the clause its task cell lies in."""
    rows = table_rows(text, folded, max(doc.body_start, doc.start), doc.end, first_leads)
    if not rows:
        return []
    ordered = sorted(nodes, key=lambda n: n.start)
    starts = [n.start for n in ordered]
    taken = [(t.start, t.tag_end) for t in found]
    out: list[Task] = []
    for number, cell, units, assignments in rows:
        if any(a <= cell.start < b for a, b in taken):
            continue
        k = bisect.bisect_right(starts, cell.start) - 1
        node = ordered[max(k, 0)]
        path = paths.get(node.id, [])
        container = container_of([*path, node])
        label = _label(folded[cell.start : cell.end].replace(" ", "")) if cell.key else None
        body_start = cell.start
        if label:
            m = re.match(r"\s*" + r"\s*".join(map(re.escape, label)) + r"\s*", folded[cell.start : cell.end])
            body_start += m.end() if m else 0
        else:
            bare = _BARE_NUMBER.match(folded, cell.start, cell.end)  # "1 加快…": the 序号 printed in the task cell
            if bare:
                label, body_start = bare.group(1), bare.end()
        printed_label = text[cell.start : body_start].strip() if label else ""
        out.append(Task(
            **placed(doc, container, node),
            number=printed_label or (text[number.start : number.end].strip() if number else ""),
            text=text[body_start : cell.end],
            tag=text[units[0].start : units[-1].end],
            start=body_start,
            end=cell.end,
            tag_start=units[0].start,
            tag_end=units[-1].end,
            assignments=assignments,
            parents=parents_of([*path, node]),
        ))
    return out


# a unit column's heading: 牵头单位, 责任部门, 配合单位, 牵头(责任)单位, 责任单位(部门), 责任主体
# (a bureau's own table names its sections: 责任股室, 责任科室, 责任处室)
_UNIT_COLUMN = re.compile(r"^[^\d]{0,3}?(牵头|主办|主责|责任|配合|协办|参与|协同|协助|数据提供)[^\d]{0,6}?"
                          r"(?:单位|部门|主体|[股科处]室)(?:[(（][^\d)）]{0,6}[)）])?$")
_TASK_HEADING = re.compile(r"任务|工作|举措|措施|内容|事项|目标|指标")
# a unit column's heading as a cell of its own (not a "责任单位：" label of a tag)
_HEADER_HINT = re.compile(
    r"(?:牵头|主办|主责|责任|配合|协办|参与|协同|协助|数据提供)[^\n\t|。，,:：]{0,6}?(?:单位|部门|主体|[股科处]室)"
    r"[^\n\t|。，,:：]{0,6}?[ \u3000]*(?:$|[\n\t|<]|[ \u3000]{2})", re.M)
_CELL_START = re.compile(r"(?:^|[\n\t|>]|[ \u3000]{2})[ \u3000]*[^\d\n\t|。，,:：]{0,3}$")


def _header_hint(folded: str, start: int, end: int) -> int | None:
    """Where the first unit column heading of ``folded[start:end]`` stands, or None."""
    for m in _HEADER_HINT.finditer(folded, start, end):
        if _CELL_START.search(folded, max(start, m.start() - 8), m.start()):
            return m.start()
    return None


_TASK_COLUMN = re.compile(r"序号|编号|任务|工作|举措|措施|内容|事项|目标|指标|项目")
_NUMBER_CELL = re.compile(r"^[(（]?\d{1,3}[)）.、]?$")
_DEADLINE_CELL = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}月)?(?:底|末|中旬|上旬|下旬|\d{1,2}日)?(?:前|以前|之前|内|完成)?$|长期|持续|全年|年内|年底|"
    r"季度|月底|上半年|下半年|前完成|常态")
_PERSON_CELL = re.compile(r"^[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}$")


@dataclass(slots=True)
class Cell:
    start: int
    end: int
    key: str  # folded, without white space; in a unit cell, a space between two names is a 、


_P_SENTENCE = re.compile(r"[。，,；;:：!！?？]")
_NAME_GAP = re.compile(r"(?<=[局委办厅部院会室队站所心司行])[ \u3000]+(?=[\u4e00-\u9fff])")
_CELL_SEP = re.compile(r"[\n\t|]|[ \u3000]{2,}|</?[a-zA-Z][^<>\n]{0,80}>")  # two spaces part columns of a PDF


def _cells(text: str, folded: str, start: int, end: int) -> list[Cell]:
    """The non-empty cells of ``text[start:end]``: lines cut at tabs, ``|`` and HTML tags (``<p>``)."""
    out: list[Cell] = []
    pos = start
    for sep in [*_CELL_SEP.finditer(folded, start, end), None]:
        a, b = pos, (sep.start() if sep else end)
        pos = sep.end() if sep else end
        raw = folded[a:b]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        if trail <= lead:
            continue
        out.append(Cell(a + lead, a + trail, _P_SPACE.sub("", _NAME_GAP.sub("、", raw.strip()))))
    return out


# in a unit column, a county bureau's sections (农业股, 规划科) and venues (文化馆, 图书馆) are units too
_SECTION_END = re.compile(r"(?<![控参入持配])股$|(?<![学专本内外])科$|馆$")


def _unit_cell(key: str) -> bool:
    if not key or len(key) > 160 or "。" in key:
        return False
    bare = key.replace("★", "").replace("☆", "")
    if ROLE_WORDS.search(bare):
        return parse_tag(bare) is not None
    names = units_in(bare)
    return looks_like_units(names) or (
        bool(names) and all(len(u) >= 3 and (looks_like_units([u]) or _SECTION_END.search(u)) for u in names))


_YEAR_HEAD = re.compile(r"^\d{4}年度?(?=[^\d]{2,10}$)")


def _header_at(cells: list[Cell], i: int) -> tuple[int, int] | None:
    """(first, last+1) of the header row around the unit column heading ``cells[i]``."""
    def short(c: Cell) -> bool:
        key = _YEAR_HEAD.sub("", c.key)  # "2025年预期目标", "2024年度目标任务": a column headed by its year
        return len(key) <= 10 and not _P_NOT_HEADER.search(key)

    a = i
    while a > 0 and i - a < 6 and short(cells[a - 1]):
        a -= 1
    b = i + 1
    while b < len(cells) and b - i < 6 and short(cells[b]) \
            and (_UNIT_COLUMN.match(cells[b].key) or not _unit_cell(cells[b].key)):
        b += 1
    numbered = [k for k in range(a, i) if cells[k].key in {"序号", "编号", "序"}]
    if numbered:
        a = numbered[-1]  # a header row starts at its 序号
    if not any(_TASK_COLUMN.search(c.key) for c in cells[a:b]):
        return None
    return a, b


def table_rows(text: str, folded: str, start: int, end: int, first_leads: int | None = None
               ) -> list[tuple[Cell | None, Cell, list[Cell], list[Assignment]]]:
    """Rows of the task tables in ``text[start:end]``: (number cell, task cell, unit cells, assignments).

    The header names the unit columns; their order gives the roles (牵头 → lead, 配合/协办 → support,
    a lone 责任单位 → lead, or, when a ``★`` marks one of its units, ★ leads and the others support).
    Rows are read from the cells in order, so merged cells (a 序号 or 牵头领导 spanning rows) and missing
    empty cells do not shift the columns: a task cell opens a row, the unit cells that follow close it."""
    first = _header_hint(folded, start, end)
    if first is None:
        return []
    start = max(start, folded.rfind("\n", start, max(start, first - 600)) + 1)
    cells = _cells(text, folded, start, end)
    alone: set[str] = set()  # unit names printed alone in a cell, to cut two names glued in another cell
    rows: list[tuple[Cell | None, Cell, list[Cell], list[Assignment]]] = []
    columns: list[str] | None = None
    units_first = False  # 序号 | 责任单位 | 工作任务: a row's units come before its task
    number: Cell | None = None
    texts: list[Cell] = []
    units: list[Cell] = []
    trailing = after = 0  # text columns after the unit columns; how many of them this row has shown

    def flush() -> None:
        nonlocal texts, units, after
        after = 0
        if columns is not None and texts and units:
            # the task cell: the first substantial one (a category cell such as 项目 may come before it)
            task = next((c for c in texts if _label(c.key) or len(c.key) > 15 or _P_SENTENCE.search(c.key)),
                        texts[-1])
            assignments = _row_assignments(units, columns, first_leads is not None and task.start > first_leads)
            if assignments:
                rows.append((number, task, list(units), assignments))
        texts, units = [], []

    i = 0
    while i < len(cells):
        cell = cells[i]
        if _UNIT_COLUMN.match(cell.key):
            header = _header_at(cells, i)
            if header is not None:
                flush()
                columns, units_first, trailing = _header_columns(cells[header[0] : header[1]])
                number = None
                i = header[1]
                continue
        if columns is None:
            i += 1
            continue
        key = cell.key
        if _NUMBER_CELL.match(key):
            flush()
            number = cell
        elif _P_SECTION.match(key) and len(key) <= 60:
            flush()  # a section row
            number = None
        elif _unit_cell(key):
            if units_first and texts:
                flush()
            units.append(cell)
            if len(key) <= 20 and not ROLE_WORDS.search(key) and units_in(key) == [key]:
                alone.add(key)
        elif (len(key) <= 16 and _DEADLINE_CELL.search(key) and not _P_SENTENCE.search(key)) \
                or _PERSON_CELL.match(key) or len(key) <= 6:
            pass  # a leader, a date, a category
        elif units and not units_first and after < trailing and not _opens_row(key, texts):
            after += 1  # a column after the units (贯彻落实措施): the same row's, not the next task
        else:
            if units and not units_first:
                flush()
            texts.append(cell)
        i += 1
    flush()
    for _, _, cells_, assignments in rows:  # the names are known once the whole table is read
        assignments[:] = dedupe_units([Assignment(part, a.role, a.carried) for a in assignments
                                       for part in _split_alone(a.unit, alone)])
        as_printed(assignments, folded[cells_[0].start : cells_[-1].end], text[cells_[0].start : cells_[-1].end])
    return [row for row in rows if row[3]]


def _header_columns(heads: list[Cell]) -> tuple[list[str], bool, int]:
    """From a header row: the unit columns' roles, whether the units come before the task, and how many
    text columns (措施, 内容) follow the last unit column."""
    columns = [m.group(1) for c in heads if (m := _UNIT_COLUMN.match(c.key))]
    first_unit = next(k for k, c in enumerate(heads) if _UNIT_COLUMN.match(c.key))
    last_unit = max(k for k, c in enumerate(heads) if _UNIT_COLUMN.match(c.key))
    first_task = next((k for k, c in enumerate(heads) if _TASK_HEADING.search(c.key)
                       and not _UNIT_COLUMN.match(c.key)), len(heads))
    trailing = sum(1 for c in heads[last_unit + 1 :] if _TASK_HEADING.search(c.key))
    return columns, first_unit < first_task, trailing


_LABEL_FORM = re.compile(r"\d+|[一二三四五六七八九十]+")


def _opens_row(key: str, texts: list[Cell]) -> bool:
    """A cell numbered like the row's task ((二) after (一)) is the next task, even where it stands
    after the units of a row whose trailing column is empty."""
    own, task = _label(key), next((label for c in texts if (label := _label(c.key))), None)
    return own is not None and task is not None and _LABEL_FORM.sub("N", own) == _LABEL_FORM.sub("N", task)


def _label(key: str) -> str | None:
    m = _P_LABEL.match(key)
    return m.group(0) if m else None


def _split_alone(name: str, alone: set[str]) -> list[str]:
    """A cell's two names glued by a joined line (``文化宣传股文化馆``): cut where both halves are names that
    other cells of the table print alone."""
    for k in range(3, len(name) - 2):  # each half three characters or more: 市委 + 宣传部 stays one
        # (an 办公室 is always some body's: 县政府办公室 stays one where 县政府 and a section 办公室 stand alone too)
        if name[:k] in alone and name[k:] in alone and not name[k:].startswith("办公室"):
            return [name[:k], name[k:]]
    return [name]


def _row_assignments(units: list[Cell], columns: list[str], leads_first: bool) -> list[Assignment]:
    has_lead_column = any(c.startswith(("牵头", "主办", "主责")) for c in columns)
    if has_lead_column and len(columns) > 2:  # 责任单位 over two sub-columns 牵头单位 | 配合单位
        columns = [c for c in columns if not c.startswith("责任")] or columns
    out: list[Assignment] = []
    for j, cell in enumerate(units):
        column = columns[min(j, len(columns) - 1)]
        bare = cell.key.replace("★", "").replace("☆", "")
        if ROLE_WORDS.search(bare):
            out.extend(parse_tag(bare, leads_first) or [])
            continue
        names = [part for name in units_in(bare) for part in split_glued(name)]
        starred = {u for u in names if f"★{u}" in cell.key or f"☆{u}" in cell.key}
        if column.startswith(("牵头", "主办", "主责")):
            roles = ["lead"] * len(names)
        elif column.startswith("责任") and not has_lead_column:
            if starred:
                roles = ["lead" if u in starred else "support" for u in names]
            elif leads_first:
                roles = ["lead" if k == 0 else "support" for k in range(len(names))]
            else:
                roles = ["lead"] * len(names)
        else:
            roles = ["lead" if u in starred else "support" for u in names]
        out.extend(Assignment(u, "territorial" if r == "support" and is_territorial(u) else r)
                   for u, r in zip(names, roles, strict=True))
    return out
