"""Tasks: groups headed by the unit that leads them — ``(一)X牵头的工作`` with ``协同单位：`` lines after its
items (the group is one task).
"""

from __future__ import annotations

import re

from zhengce.extract.tasks.clauses import runs_off, task_at_node
from zhengce.extract.tasks.model import Assignment, Task, container_of, parents_of
from zhengce.extract.tasks.tags import parse_tag
from zhengce.extract.tasks.unitnames import as_printed, dedupe_units, looks_like_units, units_in
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold

# a group heading that names its lead: "(一)市财政局牵头的工作", "2.区文旅委负责的事项"; the group's items follow and
# "协同单位：…" lines name the units that support it
_GROUP_HEAD = re.compile(
    r"[ \t\u3000]*([^\s。，,；;:：()（）]{2,40}?)(?:牵头|负责|主办|主责)的(?:工作|任务|事项)(?=[\s(（]|$)")
_GROUP_WORDS = re.compile(r"(?:牵头|负责|主办|主责)的(?:工作|任务|事项)")
_GROUP_SUPPORT = re.compile(r"(?:协同|配合|协办|协助)(?:单位|部门)\s*[:：][^\n。]*")
_PERSON_TITLE = re.compile(r"(?:省长|市长|县长|区长|州长|旗长|书记|秘书长|主任|助理|同志|领导)$")


CUT_GROUP = Task(source="", doc_number=None, plan="", number="", node_id="", text="", heading="", tag="", start=0,
                  end=0, tag_start=0, tag_end=0)


def group_task(doc: Document, text: str, folded: str, node: Node, path: list[Node]) -> Task | None:
    """The task of a group headed ``(一)X牵头的工作``: X leads, the group's ``协同单位：`` lines support."""
    if node.kind != "item" or not node.label or node.table is not None \
            or not _GROUP_WORDS.search(folded, node.start, min(node.end, node.start + 60)):
        return None
    at = folded.find(fold(node.label), node.start, node.end)
    body = at + len(node.label) if at >= 0 else node.start
    m = _GROUP_HEAD.match(folded, body, node.end)
    if m is None or _PERSON_TITLE.search(m.group(1)):
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
    if runs_off(text, end):
        return CUT_GROUP  # its 协同 lines may be cut away: neither the group nor its items are tasks
    for line in _GROUP_SUPPORT.finditer(folded, m.end(), end):
        found = parse_tag(line.group(0).rstrip(" \t\u3000"))
        if found:
            assignments.extend(Assignment(a.unit, "support") for a in found if a.unit not in leads)
            lines.append((line.start(), line.start() + len(line.group(0).rstrip(" \t\u3000"))))
    if len(lines) == 1 and any(task_at_node(doc, text, d, [*path, node]) is not None for d in node.walk()
                               if d is not node):
        return None  # no 协同 line and the items carry their own tags: the items are the tasks
    assignments = dedupe_units(assignments)
    as_printed(assignments, folded[lines[0][0] : lines[-1][1]], text[lines[0][0] : lines[-1][1]])
    container = container_of([*path, node])
    return Task(
        source=doc.source,
        doc_number=doc.doc_number.text if doc.doc_number else None,
        plan=(container.heading if container else doc.title) or "",
        number=text[at : at + len(node.label)].strip() if at >= 0 else node.label,
        node_id=node.id,
        text=text[m.start(1) : end].rstrip(),
        heading=node.heading,
        tag="\n".join(text[a:b] for a, b in lines),
        start=m.start(1),
        end=end,
        tag_start=lines[0][0],
        tag_end=lines[-1][1],
        assignments=assignments,
        parents=parents_of([*path, node]),
    )
