"""Extract: tasks that carry a responsibility tag, with their units by role.

A task is a clause whose paragraph ends with a responsibility tag: the last balanced parenthesised
group at the end of the paragraph, in ASCII or full-width brackets. The tag grammar:

* ``X牵头,Y、Z等相关单位,A、B负责`` — X leads, Y and Z support, A and B execute locally;
* ``X、Y分别牵头,…`` and ``X、Y牵头负责`` — every named unit leads;
* ``X牵头,Y配合`` and unseparated ``X牵头各有关职能部门配合``;
* ``X等按职责分工负责`` or a bare ``(X、Y)`` — without 牵头, every named unit leads;
* ``责任单位：X、Y`` and ``牵头单位：X；配合单位：Y`` — labelled lists.

Placeholders that only close a list (``等``, ``等相关单位``) are dropped; generic units such as
``其他相关单位`` or ``各县市人民政府`` are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .model import Document, Node
from .normalise import fold, folded_text

OPEN = "(（"
CLOSE = ")）"
UNIT_END = re.compile(
    r"(?:政府|委员会|管委会|委|办|局|厅|部|院|中心|公司|集团|银行|分行|支行|联|会|队|站|所|署|社|处|室|园|区|镇|乡|街道|"
    r"办事处|单位|部门|机构|企业|学校|大学|职院|高校|监管分局|分局)$"
)
TERRITORIAL = re.compile(
    r"(?:人民政府|街道办事处|办事处|管委会|管理委员会|乡镇|各镇|各乡|各街道|各县市区?|开发区|经开区|高新区|园区|管理区)$|^各"
)
ROLE_WORDS = re.compile(r"牵头|负责|配合|责任单位|协办|主办|参与|按职责|按职能")
LABELLED = re.compile(r"(牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|责任部门|牵头部门|配合部门)\s*[:：]")
TAIL_WORDS = re.compile(
    r"(?:等相关单位|等有关单位|等相关部门|等有关部门|等单位|等部门|等)?\s*(?:分别牵头负责|分别牵头|牵头负责|牵头|"
    r"按照?职责分工负责|按照?职能分工负责|按照?职责分工|按照?职能分工|按照?职责负责|按职能职责负责|按照?职责|"
    r"分工负责|共同负责|负责|配合|参与|协助|落实)?$"
)
NOT_LISTED_AGAIN = re.compile(r"[,，;；]?\s*(?:以下(?:均)?)?不再(?:一一)?列出")
FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")


@dataclass(slots=True)
class Assignment:
    unit: str
    role: str  # lead | support | territorial
    carried: bool = False  # named in a "以下各项均由…负责" clause: applies to the following tasks too


@dataclass(slots=True)
class Task:
    source: str
    doc_number: str | None
    plan: str
    number: str
    node_id: str
    text: str
    heading: str
    tag: str
    start: int  # offsets of the task text in the display text
    end: int
    tag_start: int
    tag_end: int
    assignments: list[Assignment] = field(default_factory=list)
    applies_to_following: bool = False
    inherited_from: str | None = None  # node id of the task whose "以下不再列出" tag assigned these units
    parents: list[tuple[str, str]] = field(default_factory=list)  # (label, heading) from the plan down

    def record(self) -> dict[str, Any]:
        lead = [a.unit for a in self.assignments if a.role == "lead"]
        support = [a.unit for a in self.assignments if a.role != "lead"]
        body = fold(self.text)
        return {
            "source": self.source,
            "doc_number": self.doc_number,
            "plan": self.plan,
            "number": self.number,
            "text_start": body[:15],
            "lead": lead,
            "support": support,
            "tag": self.tag,
            "role": {
                "lead": lead,
                "support": [a.unit for a in self.assignments if a.role == "support"],
                "territorial": [a.unit for a in self.assignments if a.role == "territorial"],
            },
            "heading": self.heading,
            "parents": [{"label": label, "heading": heading} for label, heading in self.parents],
            "inherited_from": self.inherited_from,
            "node_id": self.node_id,
            "span": {"start": self.start, "end": self.end},
            "tag_span": {"start": self.tag_start, "end": self.tag_end},
        }


def trailing_group(text: str) -> tuple[int, int] | None:
    """(start, end) of the balanced bracket group that ends ``text`` (trailing punctuation allowed)."""
    end = len(text.rstrip(" \t\n\u3000。；;"))
    if end == 0 or text[end - 1] not in CLOSE:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = text[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            depth -= 1
            if depth == 0:
                return i, end
    return None


def _clean_unit(name: str) -> str:
    name = name.strip(" \t\n\u3000,，、;；:：。")
    name = re.sub(r"^(?:由|请|和|及|以及)", "", name)
    name = re.sub(r"\s*[<〈][^<>〈〉]{1,12}[>〉]$", "", name)  # an annotation such as <链办>
    return name.strip()


def _units(clause: str) -> list[str]:
    clause = re.sub(r"^以下(?:各项)?(?:工作)?(?:均)?(?:需|由)?", "", clause.strip())
    clause = re.sub(r"负责[^,，;；、]{2,}$", "负责", clause)  # "…负责辖区内各项工作任务"
    clause = TAIL_WORDS.sub("", clause).strip()
    out = []
    for part in re.split(r"[、,，；;/]", clause):
        unit = _clean_unit(TAIL_WORDS.sub("", re.sub(r"负责[^,，;；、]{2,}$", "负责", part.strip())))
        if unit and unit not in {"等", "相关单位", "有关单位"} and len(unit) <= 40:
            out.append(unit)
    return out


def _territorial(unit: str) -> bool:
    return bool(TERRITORIAL.search(unit)) and not unit.startswith(("各成员", "各有关", "各相关", "各负有"))


def parse_tag(inner: str) -> list[Assignment] | None:
    """Assignments of a tag's inside text, or None when it is not a responsibility tag."""
    s = NOT_LISTED_AGAIN.sub("", inner).strip()
    if not s or len(s) > 400 or "。" in s:
        return None
    labelled = list(LABELLED.finditer(s))
    if labelled:
        out: list[Assignment] = []
        has_lead_label = any(m.group(1).startswith(("牵头", "主办")) for m in labelled)
        for k, m in enumerate(labelled):
            part = s[m.end() : labelled[k + 1].start() if k + 1 < len(labelled) else len(s)]
            key = m.group(1)
            role = "lead" if key.startswith(("牵头", "主办")) or (key.startswith("责任") and not has_lead_label) \
                else "support"
            for clause in re.split(r"[,，;；]", part):
                if FOLLOWING.match(clause.strip()):  # "以下各项均需各县市区人民政府负责"
                    out.extend(Assignment(u, "territorial" if _territorial(u) else role, carried=True)
                               for u in _units(clause))
                else:
                    out.extend(Assignment(u, role) for u in _units(clause))
        return out or None
    if not ROLE_WORDS.search(s):
        units = _units(s)
        if units and all(UNIT_END.search(u) for u in units):
            return [Assignment(u, "lead") for u in units]  # a bare (X、Y)
        return None
    clauses = [c for c in re.split(r"[,，;；]", s) if c.strip()]
    # unseparated "X牵头各有关职能部门配合"
    expanded: list[str] = []
    for clause in clauses:
        m = re.match(r"^(.+?(?:分别)?牵头(?:负责)?)(.+)$", clause)
        if m and not m.group(2).startswith("负责"):
            expanded.extend([m.group(1), m.group(2)])
        else:
            expanded.append(clause)
    has_lead = any("牵头" in c for c in expanded)
    out = []
    for k, clause in enumerate(expanded):
        c = clause.strip()
        units = _units(c)
        if not units:
            continue
        carried = bool(FOLLOWING.match(c))
        if carried:
            out.extend(Assignment(u, "territorial" if _territorial(u) else "support", carried=True) for u in units)
            continue
        if not has_lead and k > 0 and re.search(r"负责", c) and not re.search(r"按职[责能]", c) \
                and all(_territorial(u) for u in units):
            # "X等按职责分工负责，各县市区人民政府负责辖区内…": local executors after the departments
            out.extend(Assignment(u, "territorial") for u in units)
            continue
        if "牵头" in c or not has_lead:
            out.extend(Assignment(u, "lead") for u in units)
            continue
        # "…各县市人民政府负责" names local executors; "…按职责分工负责" names supporting departments
        executes = bool(re.search(r"负责$", c)) and not re.search(r"按职[责能]", c)
        out.extend(Assignment(u, "territorial" if executes and _territorial(u) else "support") for u in units)
    if not out or not any(UNIT_END.search(a.unit) for a in out):
        return None
    return out


def _container(path: list[Node]) -> Node | None:
    for node in reversed(path):
        if node.kind in {"plan", "attachment"}:
            return node
    return None


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

    def visit(node: Node, path: list[Node]) -> None:
        paths[node.id] = path
        task = _task_at_node(doc, text, node, path)
        if task is not None:
            tasks.append(task)
        for child in node.children:
            visit(child, [*path, node])

    visit(doc.tree, [])
    by_node = {t.node_id: t for t in tasks}
    inherited: list[Task] = []
    for task in list(tasks):
        explicit = [a for a in task.assignments if a.carried]
        if not (explicit or task.applies_to_following):
            continue
        carry_all = explicit or [Assignment(a.unit, a.role) for a in task.assignments]
        carry = explicit or [a for a in carry_all if a.role == "territorial"]
        path = paths[task.node_id]
        part = _part(path)
        node = next(c for c in (path[-1].children if path else []) if c.id == task.node_id)
        family = _family(node.label)
        after = False
        for other in part.walk():
            if other.id == task.node_id:
                after = True
                continue
            if not after or _family(other.label) != family or not other.label:
                continue
            found = by_node.get(other.id)
            if found is not None:
                if any(a.carried for a in found.assignments) or found.applies_to_following:
                    break  # a new "以下不再列出" takes over
                known = {a.unit for a in found.assignments}
                found.assignments.extend(Assignment(a.unit, a.role) for a in carry if a.unit not in known)
            elif other.kind in {"item", "article"} and other.table is None:
                new = _inherited_task(doc, text, other, paths[other.id], carry_all, task.node_id)
                inherited.append(new)
                by_node[other.id] = new
    if inherited:
        tasks = sorted([*tasks, *inherited], key=lambda t: t.start)
    return tasks


def _parents(path: list[Node]) -> list[tuple[str, str]]:
    """(label, heading) of the sections between the plan (or attachment) and the task."""
    out: list[tuple[str, str]] = []
    for node in reversed(path):
        if node.kind in {"plan", "attachment", "document"}:
            break
        out.append((fold(node.label).replace(" ", ""), node.heading))
    return out[::-1]


def _part(path: list[Node]) -> Node:
    """The part a task belongs to: the top-level section of its plan, or the plan itself."""
    for k in range(len(path) - 1, -1, -1):
        if path[k].kind in {"plan", "attachment", "document"}:
            return path[k + 1] if k + 1 < len(path) else path[k]
    return path[0]


def _family(label: str) -> str:
    """The numbering style of a label: 一、 (一) 1. (1) ① … with the number itself blanked."""
    return re.sub(r"[0-9]+|[一二三四五六七八九十百零〇]+|[①-⑳]", "N", fold(label).replace(" ", ""))


def _task_at_node(doc: Document, text: str, node: Node, path: list[Node]) -> Task | None:
    if node.kind not in {"item", "article", "paragraph"} or node.table is not None:
        return None
    items = [c for c in node.children if c.kind == "item" and c.label.endswith("是")]
    end = items[-1].end if items else node.end
    return _task_at(doc, text, node, end, path)


def _inherited_task(doc: Document, text: str, node: Node, path: list[Node], units: list[Assignment],
                    source: str | None) -> Task:
    start = node.start + len(text[node.start : node.end]) - len(text[node.start : node.end].lstrip())
    start += len(node.label) if node.label else 0
    end = node.start + len(text[node.start : node.end].rstrip())
    container = _container(path)
    return Task(
        source=doc.source,
        doc_number=doc.doc_number.text if doc.doc_number else None,
        plan=(container.heading if container else doc.title) or "",
        number=fold(node.label).replace(" ", ""),
        node_id=node.id,
        text=text[start:end].strip(),
        heading=node.heading,
        tag="",
        start=start,
        end=end,
        tag_start=end,
        tag_end=end,
        assignments=[Assignment(a.unit, a.role) for a in units],
        inherited_from=source,
        parents=_parents(path),
    )


def _task_at(doc: Document, text: str, node: Node, end: int, path: list[Node]) -> Task | None:
    paragraph = text[node.start : end]
    folded = folded_text(text)[node.start : end]
    group = trailing_group(folded)
    if group is None:
        return None
    g0, g1 = group
    assignments = parse_tag(folded[g0 + 1 : g1 - 1])
    if assignments is None:
        return None
    label_len = len(node.label) if node.label and not node.label.endswith("是") else 0
    lead_ws = len(paragraph) - len(paragraph.lstrip())
    body_start = node.start + lead_ws + label_len
    while body_start < end and text[body_start] in " \t\u3000\u00a0":
        body_start += 1
    container = _container(path)
    tag_printed = paragraph[g0:g1]
    return Task(
        source=doc.source,
        doc_number=doc.doc_number.text if doc.doc_number else None,
        plan=(container.heading if container else doc.title) or "",
        number=fold(node.label).replace(" ", ""),
        node_id=node.id,
        text=text[body_start : node.start + g0].strip(),
        heading=node.heading,
        tag=tag_printed,
        start=body_start,
        end=node.start + g0,
        tag_start=node.start + g0,
        tag_end=node.start + g1,
        assignments=assignments,
        applies_to_following=bool(NOT_LISTED_AGAIN.search(folded[g0:g1])),
        parents=_parents(path),
    )
