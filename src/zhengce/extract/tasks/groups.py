"""Tasks: groups headed by the unit that leads them — ``(一)X牵头的工作`` with ``协同单位：`` lines after its
items (the group is one task).
"""

from __future__ import annotations

import re

from zhengce.extract.tasks.clauses import runs_off, task_at_node
from zhengce.extract.tasks.model import Assignment, Task, container_of, parents_of, placed
from zhengce.extract.tasks.tags import parse_tag
from zhengce.extract.tasks.unitnames import LEADER_ROLE, as_printed, dedupe_units, looks_like_units, units_in
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold

# a group heading that names its lead: "(一)市财政局牵头的工作", "2.区文旅委负责的事项", "二、由县财政局牵头的任务"; the
# group's items follow and "协同单位：…" lines name the units that support it
_GROUP_HEAD = re.compile(
    r"[ \t\u3000]*由?([^\s。，,；;:：()（）]{2,40}?)(?:牵头|负责|主办|主责)的(?:工作|任务|事项)(?=[\s(（]|$)")
# a heading line of its own that names the lead of the items under it: "一、县发改局牵头工作(2项)",
# "(二)县财政局牵头任务清单", "(三)牵头单位：县住建局（共3项）"
_COUNT = r"[ \t\u3000]*(?:[(（]共?[0-9一二三四五六七八九十]+[项条个][)）])?[ \t\u3000]*(?=\n|$)"
_LIST_HEAD = re.compile(
    r"[ \t\u3000]*由?([^\s。，,；;:：()（）]{2,40}?)(?:牵头|负责|主办|主责)的?(?:工作|任务|事项)(?:清单)?" + _COUNT)
_LABEL_HEAD = re.compile(
    r"[ \t\u3000]*(?:牵头单位|牵头部门|责任单位|牵头责任单位)\s*[:：]\s*([^\n。；;:：]{2,60}?)" + _COUNT)
_GROUP_WORDS = re.compile(r"(?:牵头|负责|主办|主责)的?(?:工作|任务|事项)|(?:牵头|责任)(?:责任)?(?:单位|部门)\s*[:：]")
_GROUP_SUPPORT = re.compile(r"(?:协同|配合|协办|协助)(?:单位|部门)\s*[:：][^\n。]*")
# a heading that names a unit as the object of its work is no lead: "配合县发改局牵头的工作", "支持市财政局牵头工作"
_NOT_A_LEAD = re.compile(
    r"^(?:积极|全力|主动|认真)?(?:配合|支持|协助|协同|参与|服务|围绕|做好|加强|推进|落实|完成|抓好|关于)")


def group_task(doc: Document, text: str, folded: str, node: Node, path: list[Node]) -> list[Task] | None:
    """The tasks of a group whose heading names its lead, or None when ``node`` heads no such group.

    ``(一)X牵头的工作`` with ``协同单位：`` lines after its items is one task: X leads, the lines support. A
    heading of its own (``一、X牵头工作(2项)``, ``牵头单位：X``) over numbered items that carry no tag of
    their own makes each item a task led by X, the heading its tag. Items cut off at the end of an excerpt
    are no tasks (nor is a group whose 协同 lines may have been cut away)."""
    if node.kind != "item" or not node.label or node.table is not None \
            or not _GROUP_WORDS.search(folded, node.start, min(node.end, node.start + 70)):
        return None
    at = folded.find(fold(node.label), node.start, node.end)
    body = at + len(node.label) if at >= 0 else node.start
    m = _GROUP_HEAD.match(folded, body, node.end) or _LIST_HEAD.match(folded, body, node.end)
    labelled = m is None
    if labelled:
        m = _LABEL_HEAD.match(folded, body, node.end)
    if m is None or LEADER_ROLE.search(m.group(1)) or _NOT_A_LEAD.match(m.group(1)):
        return None
    leads = units_in(m.group(1))
    if not looks_like_units(leads):
        return None
    assignments = [Assignment(u, "lead") for u in leads]
    lines = [(m.start(1), m.end())]
    end = node.end
    last = node
    while last.children:  # the group's items are its children: the group ends with its last descendant
        last = last.children[-1]
        end = max(end, last.end)
    for line in _GROUP_SUPPORT.finditer(folded, m.end(), end):
        found = parse_tag(line.group(0).rstrip(" \t\u3000"))
        if found:
            assignments.extend(Assignment(a.unit, "support") for a in found if a.unit not in leads)
            lines.append((line.start(), line.start() + len(line.group(0).rstrip(" \t\u3000"))))
    items = [c for c in node.children if c.kind == "item" and c.table is None]
    if len(lines) == 1 and any(task_at_node(doc, text, d, [*path, node]) is not None for d in node.walk()
                               if d is not node):
        return None  # no 协同 line and the items carry their own tags: the items are the tasks
    if len(lines) == 1 and items:
        whole = _LIST_HEAD.match(folded, body, node.end) or m  # the heading line with its count: "(共2项)"
        heading = (body + len(folded[body : whole.end()]) - len(folded[body : whole.end()].lstrip()), whole.end())
        return [t for t in (_item_task(doc, text, folded, c, [*path, node], leads, heading) for c in items) if t]
    if labelled:
        return None  # "(一)牵头单位：X" over no items: the clause's own unit line
    if runs_off(text, end):
        return []  # its 协同 lines may be cut away: neither the group nor its items are tasks
    assignments = dedupe_units(assignments)
    as_printed(assignments, folded[lines[0][0] : lines[-1][1]], text[lines[0][0] : lines[-1][1]])
    container = container_of([*path, node])
    return [Task(
        **placed(doc, container, node),
        number=text[at : at + len(node.label)].strip() if at >= 0 else node.label,
        text=text[m.start(1) : end].rstrip(),
        tag="\n".join(text[a:b] for a, b in lines),
        start=m.start(1),
        end=end,
        tag_start=lines[0][0],
        tag_end=lines[-1][1],
        assignments=assignments,
        parents=parents_of([*path, node]),
    )]


def _item_task(doc: Document, text: str, folded: str, item: Node, path: list[Node], leads: list[str],
               heading: tuple[int, int]) -> Task | None:
    """An item of a group whose heading names its lead: the item is the task, the heading line its tag."""
    end = item.end
    last = item
    while last.children:
        last = last.children[-1]
        end = max(end, last.end)
    end = item.start + len(text[item.start : end].rstrip())
    if runs_off(text, end):
        return None  # cut off mid-sentence at the end of an excerpt
    start = item.start + len(text[item.start : end]) - len(text[item.start : end].lstrip()) + len(item.label)
    while start < end and text[start] in " \t\u3000\u00a0":
        start += 1
    a, b = heading
    assignments = as_printed([Assignment(u, "lead") for u in leads], folded[a:b], text[a:b])
    container = container_of(path)
    return Task(
        **placed(doc, container, item),
        number=fold(item.label).replace(" ", ""),
        text=text[start:end],
        tag=text[a:b],
        start=start,
        end=end,
        tag_start=a,
        tag_end=b,
        assignments=assignments,
        parents=parents_of(path),
    )
