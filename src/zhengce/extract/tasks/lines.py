"""Tasks: a numbered clause whose every line ends with a tag of its own — the item's first line is its task, each
following line a task without a number (``(一)甲。(A牵头)\\n乙。(B牵头)\\n丙。(C牵头)``: three tasks, not one with
the last tag). Pages whose item labels were lost (mojibake, ``?。ǘ┩…``) print such runs of tagged lines under
the last label read.
"""

from __future__ import annotations

from dataclasses import replace

from zhengce.extract.tasks.clauses import task_at, task_at_node
from zhengce.extract.tasks.model import Task
from zhengce.extract.tasks.tags import OPEN, trailing_group
from zhengce.parse.model import Document, Node


def tagged_line_tasks(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None
                      ) -> list[Task]:
    """The tasks of ``node``'s lines when there are two or more and each ends with its own tag, else []."""
    if node.kind not in {"item", "article"} or node.table is not None or not node.label:
        return []
    own = text[node.start : node.end]
    if own.count("\n") == 0 or not own.strip():
        return []
    spans: list[tuple[int, int]] = []
    pos = node.start
    for line in own.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    if len(spans) < 2:
        return []
    out: list[Task] = []
    for k, (a, b) in enumerate(spans):
        pseudo = replace(node, end=b, children=[]) if k == 0 else \
            Node(id=f"{node.id}/l{k + 1}", kind="paragraph", start=a, end=b)
        task = task_at(doc, text, pseudo, b, [*path, node] if k else path, first_leads)
        if task is None or task.tag_end != b or task.tag_start <= a:
            return []  # a line without a tag of its own: the clause is one text (its tag closes it)
        out.append(task)
    return out


def closing_tag_task(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None
                     ) -> Task | None:
    """The task of a numbered clause whose tag stands on a line of its own after its sub-items, none of which
    carries a tag (``1.完善应急预案体系\\n(1)…。\\n(2)…。\\n(责任单位:A、B)``): the tag closes the clause, not its
    last sub-item. None when the clause is not printed so."""
    if node.kind not in {"item", "article"} or node.table is not None or not node.label or not node.children:
        return None
    below = [n for n in node.walk() if n is not node]
    if any(n.table is not None for n in below):
        return None
    end = max(n.end for n in below)
    last = text[node.start : end].rstrip()
    nl = last.rfind("\n")
    if nl < 0:
        return None
    line = last[nl + 1 :].strip()
    if not line or line[0] not in OPEN or trailing_group(line) != (0, len(line)):
        return None  # the last line is not a bracketed tag alone
    tag_at = node.start + nl + 1 + (len(last[nl + 1 :]) - len(last[nl + 1 :].lstrip()))
    holder = next((n for n in below if n.start <= tag_at < n.end), None)
    if holder is None or holder is node:
        return None
    for n in below:
        found = task_at_node(doc, text, n, [*path, node], first_leads)
        if found is not None and found.tag_start != tag_at:
            return None  # a sub-item tagged on its own: the tags are the sub-items'
    pseudo = replace(node, end=node.start + len(last), children=[])
    task = task_at(doc, text, pseudo, node.start + len(last), path, first_leads)
    return task if task is not None and task.tag_start == tag_at else None


def line_tasks(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None) -> list[Task]:
    """The tasks of ``node`` read from its lines (a closing tag, or a tag a line), or []."""
    closing = closing_tag_task(doc, text, node, path, first_leads)
    return [closing] if closing is not None else tagged_line_tasks(doc, text, node, path, first_leads)


def drop_repeated_tags(tasks: list[Task]) -> list[Task]:
    """Without the task of a sub-item whose tag its clause took (``closing_tag_task``). Tasks of sibling items
    that share their group's tag all stay, and so do inline ``一是…三是…`` items, whose clause's task ends
    with the last one's tag by design (``task_at_node``)."""
    owners: dict[int, list[str]] = {}
    for t in tasks:
        if t.tag:
            owners.setdefault(t.tag_start, []).append(t.node_id)
    return [t for t in tasks if t.number.endswith("是")
            or not any(t.node_id.startswith(f"{n}/") for n in owners.get(t.tag_start, ()))]
