"""Targets: the extractor — the targets of a document, read from its clause tree: goal sections, target tables,
and the text of its tasks when asked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from zhengce.extract.targets.headings import (
    COMBINED_HEADING,
    GOAL_COLUMN,
    GOAL_LEAD,
    GROUP_ROW,
    HEADER_CELLS,
    NOT_GOAL_HEADING,
    OTHER_SECTION,
    OVERALL_HEADING,
    SECTION_LABEL,
    SECTION_ROW,
    TABLE_END,
    TASK_COLUMN,
    YEAR_LEAD,
    is_goal_heading,
    is_group_cell,
    opens_goal_group,
    plain_heading,
)
from zhengce.extract.targets.quantities import quantities, text_targets
from zhengce.extract.targets.tables import goal_rows, is_target_table, table_targets
from zhengce.extract.tasks import Task, extract_tasks, headless_plan
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, folded_text


@dataclass(slots=True)
class Target:
    source: str
    doc_number: str | None
    plan: str
    node_id: str
    origin: str  # goal | table | task
    indicator: str
    value: str  # as printed, without unit; the text itself for a qualitative target (持续改善)
    unit: str
    bound: str  # min | max | approx | exact
    comparator: str  # the printed word(s) that state it: 增长…以上, ≥, 提升至
    change: str  # growth | decline | level | added | cumulative | qualitative
    text: str
    start: int  # offsets of ``text`` in the display text
    end: int
    target_year: int | None = None
    base_year: int | None = None
    base_value: str | None = None
    scope: str | None = None

    @property
    def number(self) -> Decimal | None:
        try:
            return Decimal(self.value.replace(",", ""))
        except InvalidOperation:
            return None

    def record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "doc_number": self.doc_number,
            "plan": self.plan,
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "bound": self.bound,
            "text": self.text,
            "origin": self.origin,
            "comparator": self.comparator,
            "change": self.change,
            "target_year": self.target_year,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "scope": self.scope,
            "node_id": self.node_id,
            "span": {"start": self.start, "end": self.end},
        }


def _is_target_heading(heading: str) -> bool:
    """A heading that is itself a target (``(一)地区生产总值增长7%以上``): its children are measures."""
    return bool(heading) and bool(quantities(heading))


def extract_targets(doc: Document, text: str, include_tasks: bool = False,
                    tasks: list[Task] | None = None) -> list[Target]:
    """Targets of one document in reading order: goal sections and target tables, and task text if asked.

    Goal sections are the sections under a goal heading (``is_goal_heading``) and the rest of a paragraph
    after ``主要目标是:``; their items count even when they carry a responsibility tag (a goal list broken
    down to units), the tag itself is never read. Plan and attachment titles (…目标任务分解方案) do not make
    a goal section. A heading that is itself a target is one, but its children are measures.
    """
    if doc.tree is None:
        return []
    task_nodes = ({t.node_id: t for t in (tasks if tasks is not None else extract_tasks(doc, text))}
                  if include_tasks else {})  # goal items are read whether or not they carry a tag
    reader = _TargetReader(doc, text, task_nodes)
    reader.visit(doc.tree, headless_plan(doc, text), False)  # no header: the plan title above the first heading
    return reader.out


_NUMERALS = re.compile(r"[\d一二三四五六七八九十]+")


# the patterns of goal_spans and run_in_goal, compiled once (re's cache lookup cost a tenth of the extractor)
_PUNCTUATION = re.compile(r"[。;；,，]")
_SPACES = re.compile(r"\s+")
_DIGIT_OR_BULLET = re.compile(r"\d|^[—\-·•●■▲◆★☆]")
_RUN_IN_AFTER_HEADING = re.compile(r"\s*([^\s。.,，:：;；]{2,20})[ \t\u3000]+\S")
_RUN_IN = re.compile(r"\s*([^\s。.,，:：;；]{2,20})[\s。.:：]")


@lru_cache(maxsize=1024)
def _label_style(label: str) -> str:
    """A label's numbering style, its numerals replaced by # (（三） → （#）): the same few labels in every document."""
    return _NUMERALS.sub("#", fold(label))


def _printed_unit(unit: str, text: str, folded: str, lo: int, a: int, b: int) -> str:
    """The unit in the script the sentence prints it (萬噸 stays 萬噸, like the indicator); a unit printed in
    full-width forms (％) keeps its normal form."""
    at = folded.find(unit, a, b) if unit else -1
    if at < 0:
        return unit
    printed = text[lo + at : lo + at + len(unit)]
    return printed if unicodedata.normalize("NFKC", printed) != unit else unit


class _TargetReader:
    """The targets of one document, read from its clause tree in order."""

    def __init__(self, doc: Document, text: str, task_nodes: dict[str, Task]) -> None:
        self.doc = doc
        self.text = text
        self.task_nodes = task_nodes
        self.doc_number = doc.doc_number.text if doc.doc_number else None
        self.year = doc.year
        self.out: list[Target] = []
        self.closed: list[int] = []  # where a goal list printed as a table ended (its section heading did not)

    def emit(self, node: Node, plan: str, origin: str, lo: int, hi: int) -> None:
        """The targets stated in ``text[lo:hi]``."""
        text = self.text
        folded = folded_text(text)[lo:hi]
        for off, q in text_targets(folded):
            s, e = lo + off + q.start, lo + off + q.end
            # the indicator as printed (traditional stays traditional): read where it is in the sentence
            at = folded.find(q.indicator, off) if q.indicator else -1
            indicator = text[lo + at : lo + at + len(q.indicator)] if at >= 0 else q.indicator
            self.out.append(Target(
                source=self.doc.source, doc_number=self.doc_number, plan=plan, node_id=node.id, origin=origin,
                indicator=indicator, value=q.value, unit=_printed_unit(q.unit, text, folded, lo, off + q.start,
                                                                       off + q.end),
                bound=q.bound, comparator=q.comparator,
                change=q.change, text=text[s:e].strip(), start=s, end=e, target_year=q.target_year,
                base_year=q.base_year, base_value=q.base_value, scope=q.scope,
            ))

    def table(self, node: Node, plan: str, goal: bool) -> None:
        """An indicator × year table, or the goal rows of another table."""
        assert node.table is not None
        if is_target_table(node):
            for t in table_targets(node.table.rows, node.table.header_rows, self.year):
                self.out.append(Target(
                    source=self.doc.source, doc_number=self.doc_number, plan=plan, node_id=node.id, origin="table",
                    indicator=t["indicator"], value=t["value"], unit=t["unit"], bound=t["bound"],
                    comparator=t["comparator"], change=t["change"], text=t["text"], start=node.start,
                    end=node.end, target_year=t["target_year"] or self.year, base_year=t["base_year"],
                ))
            return
        text = self.text
        cursor = node.start
        for _, _, cell in goal_rows(node.table.rows, node.table.header_rows, goal):
            # a cell is read where it is printed; one rebuilt from several lines, line by line
            for piece in [cell] if cell in text[cursor : node.end] else [ln.strip() for ln in cell.splitlines()]:
                at = text.find(piece, cursor, node.end) if piece else -1
                if at >= 0:
                    self.emit(node, plan, "goal", at, at + len(piece))
                    cursor = at + len(piece)

    def goal_spans(self, node: Node, lo: int) -> tuple[list[tuple[int, int]], bool]:
        """Goal text inside a node's own text: after an unnumbered goal heading line (``主要目标``) up to the
        next heading-like line, or after ``主要目标是:`` / ``实现以下目标:``. Also says whether the goal part
        is still open where the own text ends (then the node's children are the goal list)."""
        text = self.text
        spans: list[tuple[int, int]] = []
        if text.find("标", lo, node.end) < 0 and text.find("標", lo, node.end) < 0:
            return spans, False  # no goal word at all: most clauses
        folded = folded_text(text)  # the goal lead read folded: a page in traditional characters, 主要預期目標是:
        start: int | None = None
        in_table = False  # the goal heading is the task column's heading of a table printed one cell per line
        in_group = False  # the goal heading is a group cell of a task table printed one cell per line
        next_column = False  # the cell after a goal column's heading is still to be seen
        previous = ""
        above: list[str] = []
        pos = lo
        for line in text[lo : node.end].split("\n"):
            line_end = pos + len(line)
            plain = line.strip().strip("|").strip()  # the | separators of a table printed one cell per line
            if plain and len(plain) <= 30 and not _PUNCTUATION.search(plain):
                key = _SPACES.sub("", plain)
                if next_column and TASK_COLUMN.match(key):  # 序号 | 指标 | 工作任务: categories of tasks
                    start, in_table = None, False
                next_column = False
                if is_goal_heading(plain):
                    if start is not None:
                        spans.append((start, pos))
                    start = line_end
                    in_table = previous in HEADER_CELLS and bool(GOAL_COLUMN.search(key))
                    next_column = in_table
                    in_group = not in_table and opens_goal_group(above)
                elif start is not None and in_group:
                    if key in HEADER_CELLS or TABLE_END.match(key) or is_group_cell(key):
                        spans.append((start, pos))  # the next group, table or section: the goal rows end
                        start, in_group = None, False
                elif start is not None and in_table:
                    if key in HEADER_CELLS or TABLE_END.match(key):
                        spans.append((start, pos))  # the next table's header, a section row, an attachment
                        start, in_table = None, False
                elif start is not None and len(plain) <= 20 and not _DIGIT_OR_BULLET.search(plain):
                    spans.append((start, pos))  # the next heading ends the goal part (a —— bullet does not)
                    start = None
            if plain:
                previous = _SPACES.sub("", plain)
                above = [*above[-7:], previous]
            if start is None:
                lead = GOAL_LEAD.search(folded, pos, line_end)
                if lead:
                    start = lead.end()
            pos = line_end + 1
        # the children are the goal list only when the goal heading or lead ends the own text: goals stated in
        # the own text already are followed by another part (主要目标 / 到2027年… / 一、加快…)
        still_open = start is not None and not text[start : node.end].strip(" \t\n|")
        if start is not None:
            spans.append((start, node.end))
        return [sp for sp in spans if text[sp[0] : sp[1]].strip()], still_open

    def year_lines(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The lines of ``text[lo:hi]`` that open with the target year (``2025年，…``): the goals of 总体要求."""
        spans = []
        pos = lo
        for line in self.text[lo:hi].split("\n"):
            if YEAR_LEAD.match(fold(line)):
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def heads_goal(self, node: Node) -> bool:
        """Whether a node's heading (or the first words run into its paragraph) names the plan's goals."""
        if node.heading and is_goal_heading(SECTION_LABEL.sub("", node.heading)):
            return True
        if self.run_in_goal(node) is not None:
            return True
        if node.heading:
            return False
        # a section row of a task table: 一、X、Y、Z等工作目标(牵头领导:…), a list of fields on its own line
        row = SECTION_ROW.match(self.text, self.own_start(node), node.end)
        return bool(row) and "、" in row.group(1) and is_goal_heading(row.group(1)[-30:]) \
            and not NOT_GOAL_HEADING.search(plain_heading(row.group(1)))

    def own_start(self, node: Node) -> int:
        """Where the node's text starts after its label (its text runs to ``node.end``: the patterns read it in
        place, a node's own text is not copied out for each question asked of its first words)."""
        at = self.text.find(node.label, node.start, node.end) if node.label else -1
        return at + len(node.label) if at >= 0 else node.start

    def run_in_goal(self, node: Node) -> int | None:
        """The end of a goal heading run into its paragraph without punctuation: (二)发展目标 到2025年…; when the
        tree read a heading over the gap (a page flattened onto one line: 一、主要目标 地区生产总值增长6%以上。),
        only a gap of spaces ends it."""
        first = (_RUN_IN_AFTER_HEADING if node.heading else _RUN_IN).match(self.text, self.own_start(node), node.end)
        return first.end(1) if first and is_goal_heading(first.group(1)) else None

    def section(self, node: Node, goal: bool) -> tuple[bool, bool]:
        """Whether the node is in a goal section (its heading opens one, another part's heading ends it), and
        whether only its own text is (主要目标和重点任务: the goals are its own text, its items are the tasks)."""
        own_only = False
        if self.closed and node.start >= self.closed[-1]:
            goal = False
        if node.kind not in {"document", "signature"}:
            if self.heads_goal(node):  # also an attachment titled 2026年主要预期目标; never …目标任务分解方案
                goal = True
                self.closed.clear()
                if COMBINED_HEADING.search(plain_heading(node.heading)):
                    own_only = True
            elif goal and node.heading and OTHER_SECTION.match(plain_heading(SECTION_LABEL.sub("", node.heading))):
                goal = False
        return goal, own_only

    def own_text(self, node: Node, plan: str, goal: bool) -> tuple[bool, bool]:
        """Read the node's own text; returns whether its children are in the goal section and whether a goal
        list opens at its end."""
        text = self.text
        at = text.find(node.label, node.start, node.end) if node.label else -1
        body = at + len(node.label) if at >= 0 else node.start
        opens = False
        if node.table is not None:
            self.table(node, plan, goal)
        elif node.kind == "signature":
            # a signature block may run on over the plan title and a table header down to a 主要预期目标 cell
            opens = self.goal_spans(node, node.start)[1]
        elif goal and node.kind not in {"document", "plan", "attachment"}:
            if node.heading and (run_in := self.run_in_goal(node)) is not None:
                body = run_in  # the goals follow the heading the tree read over the gap
            group = next((g for g in GROUP_ROW.finditer(text, body, node.end)
                          if not is_goal_heading(g.group("label"))), None)
            self.emit(node, plan, "goal", body, group.start() if group else node.end)
            if _is_target_heading(node.heading):
                goal = False
            if group:  # a task table printed one cell per line names its next group: the goal rows end here
                self.closed.append(group.start())
                goal = False
        else:
            spans, still_open = self.goal_spans(node, body)
            if not spans and node.heading and OVERALL_HEADING.match(plain_heading(node.heading)):
                spans = self.year_lines(body, node.end)
            for lo, hi in spans:
                self.emit(node, plan, "goal", lo, hi)
            goal = goal or still_open
            opens = still_open
            if not spans and node.id in self.task_nodes:
                task = self.task_nodes[node.id]
                self.emit(node, plan, "task", task.start, task.end)
        return goal, opens

    def visit(self, node: Node, plan: str, goal: bool) -> bool:
        """Read ``node`` and its children; True when a goal list opens at the end of a childless node (its items
        are then the following siblings: the tree took them for a signature's or a paragraph's neighbours)."""
        if node.kind in {"plan", "attachment"}:
            plan = node.heading or plan
        goal, own_only = self.section(node, goal)
        goal, opens = self.own_text(node, plan, goal)
        inherited = goal and not own_only
        last: dict[str, int] = {}
        for child in node.children:
            style = _label_style(child.label)
            if child.number is not None and style:
                if child.number <= last.get(style, 0):
                    inherited = False  # the numbering starts again: a part the tree did not see begins
                last[style] = child.number
            if self.visit(child, plan, inherited):
                inherited, last = True, {}
        return opens and not node.children
