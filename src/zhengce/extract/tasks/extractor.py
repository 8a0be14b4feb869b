"""Tasks: the extractor — the tasks of a document's clause tree: a clause closed by its tag, unit lines after it,
paragraphs and bullets each with their own tag, groups headed ``X牵头的工作``, task tables, and the tasks a
``以下不再列出`` tag carries on to.
"""

from __future__ import annotations

import re

from zhengce.extract.tasks.clauses import runs_off, task_at, task_at_node
from zhengce.extract.tasks.groups import group_task
from zhengce.extract.tasks.lines import drop_repeated_tags, line_tasks
from zhengce.extract.tasks.model import (
    Assignment,
    Task,
    container_of,
    family_of,
    headless_plan,
    parents_of,
    part_of,
    placed,
)
from zhengce.extract.tasks.tables import table_tasks
from zhengce.extract.tasks.tags import FIRST_LEADS, NOT_LISTED_AGAIN, ROLE_WORDS, parse_tag, tag_group, trailing_group
from zhengce.extract.tasks.unitnames import UNIT_END, as_printed
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, folded_text, strip_wrap_spaces

# the kinds of node a task can be (each reader below answers None for any other, and for a table)
TASK_KINDS = frozenset({"item", "article", "paragraph"})
_NOTE = re.compile(r"(?:^|\n)\s*(?:注|备注|说明)\s*[:：]|[(（]\s*(?:注|备注|说明)\s*[:：]")


def extract_tasks(doc: Document, text: str) -> list[Task]:
    """Tasks of one document, in reading order.

    A tag that says ``以下不再列出`` (or names units in a ``以下各项均由…负责`` clause) applies to the
    following tasks of the same part: untagged clauses numbered like the tagged one become tasks with
    those units, and tagged ones gain the territorial executors that the tag no longer repeats.
    """
    if doc.tree is None:
        return []
    tasks: list[Task] = []
    paths: dict[str, list[Node]] = {}
    folded = folded_text(text)
    first_leads = _first_leads(doc, folded)
    nodes: list[Node] = []

    def visit(node: Node, path: list[Node], in_group: bool = False) -> None:
        paths[node.id] = path
        nodes.append(node)
        other = node.kind not in TASK_KINDS or node.table is not None  # a part, signature, table: no task itself
        group = None if in_group or other else group_task(doc, text, folded, node, path)
        if group is not None or in_group or other:
            tasks.extend(group or [])  # "(一)X牵头的工作": the group or each of its items is a task
            for child in node.children:
                visit(child, [*path, node], in_group or group is not None)
            return
        paragraphs = (_paragraph_tasks(doc, text, node, path, first_leads)
                      or line_tasks(doc, text, node, path, first_leads))
        if paragraphs:
            tasks.extend(paragraphs)  # "一、扩大内需\n甲段。(A牵头)\n乙段。(B牵头)": a task a paragraph (or a line)
            for t in paragraphs:
                paths.setdefault(t.node_id, [*path, node])
            for child in node.children:
                visit(child, [*path, node])
            return
        task = task_at_node(doc, text, node, path, first_leads)
        bullets = _bullet_tasks(doc, text, node, path, first_leads) if task is None or "\n" in task.text else []
        if bullets and (task is None or len(bullets) > 1):
            tasks.extend(bullets)  # "——X。(A负责)\n——Y。(B负责)": one task a bullet
        elif task is not None:
            tasks.append(task)
        for child in node.children:
            visit(child, [*path, node])

    visit(doc.tree, [])
    tasks.extend(table_tasks(doc, text, folded, nodes, paths, tasks, first_leads))
    by_node = {t.node_id: t for t in tasks}
    inherited: list[Task] = []
    for task in list(tasks):
        explicit = [a for a in task.assignments if a.carried]
        if not (explicit or task.applies_to_following):
            continue
        carry_all = explicit or [Assignment(a.unit, a.role) for a in task.assignments]
        carry = explicit or [a for a in carry_all if a.role == "territorial"]
        path = paths[task.node_id]
        part = part_of(path)
        node = next(c for c in (path[-1].children if path else []) if c.id == task.node_id)
        family = family_of(node.label)
        after = False
        for other in part.walk():
            if other.id == task.node_id:
                after = True
                continue
            if not after or family_of(other.label) != family or not other.label:
                continue
            found = by_node.get(other.id)
            if found is not None:
                if any(a.carried for a in found.assignments) or found.applies_to_following:
                    break  # a new "以下不再列出" takes over
                known = {a.unit for a in found.assignments}
                found.assignments.extend(Assignment(a.unit, a.role) for a in carry if a.unit not in known)
            elif other.kind in {"item", "article"} and other.table is None and not runs_off(text, other.end):
                new = _inherited_task(doc, text, other, paths[other.id], carry_all, task.node_id)
                inherited.append(new)
                by_node[other.id] = new
    if inherited:
        tasks = sorted([*tasks, *inherited], key=lambda t: t.start)
    return _headless_plan(doc, text, drop_repeated_tags(tasks))


def _first_leads(doc: Document, folded: str) -> int | None:
    """Where the convention "the first unit leads" (排在首位的为牵头单位) starts to apply: at its tag, or the
    whole list when a note (注：…) states it, wherever it stands; None without one."""
    convention = FIRST_LEADS.search(folded, doc.start, doc.end)
    if convention is None:
        return None
    if _NOTE.search(folded, max(doc.start, convention.start() - 30), convention.start()):
        return doc.start - 1
    return convention.start()


def _headless_plan(doc: Document, text: str, tasks: list[Task]) -> list[Task]:
    """Tasks of a page without a header take the plan title above its first heading as their plan."""
    plan = headless_plan(doc, text) if not doc.title and tasks else ""
    for t in tasks:
        t.plan = t.plan or plan
    return tasks


_SENTENCE_END = re.compile(r"[。；;!！?？]")
_SENTENCE_OR_LEAD = re.compile(r"[。；;!！?？:：]")


def _paragraph_tasks(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None) -> list[Task]:
    """Unnumbered paragraphs under a heading line, each closed by its own tag (the 意见 on the division of a
    government work report): each tagged paragraph is a task without a number, and the heading is not one.

    Only where the heading stands on a line of its own (no sentence) and two or more paragraphs follow it;
    a heading with one paragraph is one task under the heading's number."""
    if node.kind not in {"item", "article"} or node.table is not None or not node.label:
        return []
    nl = text.find("\n", node.start, min(node.end, node.start + 49))
    if nl < 0 or text.find("\n", nl + 1, node.end) < 0:
        return []  # no heading line, or one paragraph at most under it
    head = text[node.start : nl].rstrip()
    if _SENTENCE_OR_LEAD.search(head) or trailing_group(head):
        return []  # the first line is a sentence, a lead-in (具体包括：) or a task of its own
    own = text[node.start : node.end]
    first_nl = nl - node.start
    lines: list[tuple[int, int]] = []
    pos = node.start + first_nl + 1
    for line in text[pos : node.end].split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    if len(lines) < 2 or any(_BULLET_CHAR.match(text[a : a + 1]) for a, _ in lines):
        return []  # bullet lists (——X。(A负责)) are read as bullets
    out: list[Task] = []
    for k, (a, b) in enumerate(lines):
        if not _SENTENCE_END.search(text[a:b]):
            continue  # a sub-heading, not a paragraph
        pseudo = Node(id=f"{node.id}/p{k + 1}", kind="paragraph", start=a, end=b)
        task = task_at(doc, text, pseudo, b, [*path, node], first_leads)
        if task is not None and task.tag_end == b:
            task.heading = node.heading or strip_wrap_spaces(own[len(node.label) : first_nl].strip())
            out.append(task)
    if out and out[0].tag_end == lines[-1][1]:
        return []  # only the last paragraph is tagged: the tag closes the whole clause
    return out


_BULLET_CHAR = re.compile(r"[—●•■◆▲▪◇○]")
_BULLET = re.compile(r"^[ \t\u3000]*(——|—|●|•|■|◆|▲|▪|◇|○)[ \t\u3000]*", re.M)


def _bullet_tasks(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None) -> list[Task]:
    """Tasks of the bullet lines of a clause (``——``, ``●``) that end with their own tag."""
    if node.kind not in {"item", "article", "paragraph"} or node.table is not None:
        return []
    folded = folded_text(text)
    if not _BULLET_CHAR.search(folded, node.start, node.end) or not _BULLET.search(folded, node.start, node.end):
        return []
    leads_first = first_leads is not None and node.start > first_leads
    container = container_of(path)
    out: list[Task] = []
    for line in re.finditer(r"[^\n]+", folded[node.start : node.end]):
        a, b = node.start + line.start(), node.start + line.end()
        bullet = _BULLET.match(folded, a, b)
        if bullet is None:
            continue
        group = tag_group(folded[a:b])
        if group is None:
            continue
        g0, g1 = a + group[0], a + group[2]
        inner = folded[g0 + 1 : a + group[1]]
        if not ROLE_WORDS.search(inner) and UNIT_END.search(folded[a:g0].rstrip()[-12:]):
            continue
        assignments = parse_tag(inner, leads_first)
        if assignments is None:
            continue
        as_printed(assignments, folded[g0:g1], text[g0:g1])
        body = bullet.end()
        out.append(Task(
            **placed(doc, container, node),
            number=text[a : body].strip(),
            text=text[body:g0].strip(),
            tag=text[g0:g1],
            start=body,
            end=g0,
            tag_start=g0,
            tag_end=g1,
            assignments=assignments,
            applies_to_following=bool(NOT_LISTED_AGAIN.search(inner)),
            parents=parents_of([*path, node]),
        ))
    return out


def _inherited_task(doc: Document, text: str, node: Node, path: list[Node], units: list[Assignment],
                    source: str | None) -> Task:
    start = node.start + len(text[node.start : node.end]) - len(text[node.start : node.end].lstrip())
    start += len(node.label) if node.label else 0
    end = node.start + len(text[node.start : node.end].rstrip())
    container = container_of(path)
    return Task(
        **placed(doc, container, node),
        number=fold(node.label).replace(" ", ""),
        text=text[start:end].strip(),
        tag="",
        start=start,
        end=end,
        tag_start=end,
        tag_end=end,
        assignments=[Assignment(a.unit, a.role) for a in units],
        inherited_from=source,
        parents=parents_of(path),
    )
