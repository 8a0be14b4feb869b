"""Tasks read from the lines of a numbered clause: each line closed by a tag of its own is a task (the item's first
line with its number, each following line without: ``(一)甲。(A牵头)\n乙。(B牵头)``, two tasks, not one with the
last tag — pages whose item labels were lost to mojibake, ``?。ǘ┩…``, print such runs under the last label read);
a tag on a line of its own under untagged sub-items closes the clause (``1.X\n(1)…\n(2)…\n(责任单位:A)``).
"""

from __future__ import annotations

from dataclasses import replace

from zhengce.extract.tasks.clauses import task_at, task_at_node
from zhengce.extract.tasks.model import Task
from zhengce.extract.tasks.tags import CLOSE, OPEN, trailing_group
from zhengce.parse.model import Document, Node


def _closed(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` ends with a closing bracket, or a stop after one (looked at from its end, without copying)."""
    k = b - 1
    while k >= a and text[k] in _STOPS:
        k -= 1
    return k >= a and text[k] in CLOSE


_STOPS = frozenset(" \t\u3000\r。；;")


def tagged_line_tasks(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None
                      ) -> list[Task]:
    """The tasks of ``node``'s lines when there are two or more and each ends with its own tag, else []."""
    if node.kind not in {"item", "article"} or node.table is not None or not node.label:
        return []
    nl = text.find("\n", node.start, node.end)
    if nl < 0 or not _closed(text, node.start, nl) or not text[nl : node.end].strip():
        return []  # (a cheap look first: the first line must end with a tag, and another line follow)
    spans: list[tuple[int, int]] = []
    pos = node.start
    for line in text[node.start : node.end].split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    if len(spans) < 2 or not all(_closed(text, a, b) for a, b in spans):
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
    deepest = node.children[-1]
    while deepest.children:
        deepest = deepest.children[-1]
    end = deepest.end  # the subtree's last node ends it (found from its end, the subtree's text not copied)
    while end > node.start and text[end - 1].isspace():
        end -= 1
    if end <= node.start or text[end - 1] not in CLOSE:
        return None
    nl = text.rfind("\n", node.start, end)
    if nl < 0:
        return None
    tag_at = nl + 1
    while tag_at < end and text[tag_at].isspace():
        tag_at += 1
    line = text[tag_at:end]
    if not line or line[0] not in OPEN or trailing_group(line) != (0, len(line)):
        return None  # the last line is not a bracketed tag alone
    below = [n for n in node.walk() if n is not node]
    if any(n.table is not None for n in below):
        return None
    holder = next((n for n in below if n.start <= tag_at < n.end), None)
    if holder is None or holder is node:
        return None
    for n in below:
        found = task_at_node(doc, text, n, [*path, node], first_leads)
        if found is not None and found.tag_start != tag_at:
            return None  # a sub-item tagged on its own: the tags are the sub-items'
    pseudo = replace(node, end=end, children=[])
    task = task_at(doc, text, pseudo, end, path, first_leads)
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
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    if not shared:
        return tasks
    return [t for t in tasks if t.tag_start not in shared or t.number.endswith("是")
            or not any(t.node_id.startswith(f"{n}/") for n in shared[t.tag_start])]
