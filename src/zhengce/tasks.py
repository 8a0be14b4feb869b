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

OPEN = "(（〔"
CLOSE = ")）〕"
UNIT_END = re.compile(
    r"(?:政府|委员会|管委会|管委|委|办|局|厅|部|院|中心|公司|集团|银行|分行|支行|联|会|队|站|所|署|社|处|室|园|区|镇|乡|街道|"
    r"办事处|单位|部门|机构|企业|学校|大学|职院|高校|监管分局|分局|海关|示范区|专班|小组|组)$"
)
TERRITORIAL = re.compile(
    r"(?:人民政府|街道办事处|办事处|管委会|管理委员会|乡镇|各镇|各乡|各街道|各县市区?|开发区|经开区|高新区|园区|管理区)$|^各"
)
LEAD_WORD = re.compile(r"牵头|主办|牵总")
ROLE_WORDS = re.compile(r"牵头|负责|配合|责任单位|协办|主办|参与|按职责|按职能|协同|落实")
# labels of the parts of a tag or of the lines after a task: units, and people or dates that are not units
UNIT_LABEL = (r"牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|协同单位|协助单位|责任部门|牵头部门|配合部门|"
              r"协办部门|参与部门|主责单位|实施单位|落实单位|数据提供单位|责任主体|部门分工|单位分工|责任分工")
OTHER_LABEL = r"牵头领导|责任领导|分管领导|联系领导|牵头市领导|牵头区领导|牵头县领导|责任人|完成时限|完成时间|时间节点|时限要求|时限"
LABELLED = re.compile(rf"({UNIT_LABEL})\s*[:：]")
ANY_LABEL = re.compile(rf"({UNIT_LABEL}|{OTHER_LABEL})\s*[:：]")
TAIL_WORDS = re.compile(
    r"(?:等相关单位|等有关单位|等相关部门|等有关部门|等单位|等部门|等)?\s*(?:分别牵头负责|分别牵头|牵头负责|牵头抓总|牵总|牵头|"
    r"按照?职责分工负责|按照?职能分工负责|按照?职责分工|按照?职能分工|按照?职责负责|按职能职责负责|按照?职责|"
    r"分工负责|共同负责|分别负责|具体负责|负责|主办|协办|配合|参与|协助|协同|落实)?$"
)
NOT_LISTED_AGAIN = re.compile(r"[,，;；。]?\s*(?:以下(?:均)?)?不再(?:一一)?列出")
FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")
# a document that says once that the first unit named leads: "排在首位的为牵头单位，下同", "第一责任单位为牵头单位"
FIRST_LEADS = re.compile(
    r"(?:排|列)(?:在|于)?(?:第一位|首位|第一)的?(?:单位)?(?:为|是)牵头(?:单位|部门)"
    r"|第一(?:责任)?(?:单位|部门)(?:为|是)牵头(?:单位|部门)|首位(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
# a bare jurisdiction level that a comma list cut off a government's name: "各区、县(市)政府", "各县、市、区人民政府"
_BARE_LEVEL = re.compile(r"^各?[省市州县区旗镇乡](?:[(（][^()（）]{1,6}[)）])?$")


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
        body = fold(self.text).split("\n", 1)[0]
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
    name = name.strip(" \t\n\u3000,，、;；:：。★☆")
    name = re.sub(r"^(?:由|请|和|及|以及)", "", name)
    name = re.sub(r"\s*[<〈][^<>〈〉]{1,12}[>〉]$", "", name)  # an annotation such as <链办>
    return name.strip(" \t\n\u3000★☆")


_OPENERS = "(（〔[【<〈《"
_CLOSERS = ")）〕]】>〉》"


def _split_top(text: str, seps: str) -> list[tuple[str, str]]:
    """(part, separator before it) of ``text`` cut at ``seps`` outside brackets: ``各县(市、区)人民政府`` is one."""
    parts: list[tuple[str, str]] = []
    depth, cur, sep = 0, [], ""
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append(("".join(cur), sep))
            cur, sep = [], ch
        else:
            cur.append(ch)
    parts.append(("".join(cur), sep))
    return parts


def _strip_role(part: str) -> str:
    return TAIL_WORDS.sub("", re.sub(r"负责[^,，;；、]{2,}$", "负责", part.strip())).strip()


def _units(clause: str) -> list[str]:
    clause = re.sub(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?", "", clause.strip())
    clause = _strip_role(clause)
    pieces: list[str] = []
    pending = ""
    for part, sep in _split_top(clause, "、,，；;/"):
        part = part.strip()
        if pending:
            part = pending + sep + part
            pending = ""
        if _BARE_LEVEL.match(part):  # "各区、县(市)政府": the levels belong to the government that follows
            pending = part
            continue
        pieces.append(part)
    if pending:
        pieces.append(pending)
    out = []
    for piece in pieces:
        # "各区政府及开发区管委会": 及 joins two bodies
        joined = [_clean_unit(_strip_role(x)) for x in re.split(r"以及|及", piece)]
        if len(joined) > 1 and all(x and UNIT_END.search(x) for x in joined):
            candidates = joined
        else:
            candidates = [_clean_unit(_strip_role(piece))]
        for unit in candidates:
            if unit and unit not in {"等", "相关单位", "有关单位", "相关部门", "有关部门"} and len(unit) <= 40:
                out.append(unit)
    return out


def _territorial(unit: str) -> bool:
    return bool(TERRITORIAL.search(unit)) and not unit.startswith(("各成员", "各有关", "各相关", "各负有"))


def _looks_like_units(units: list[str]) -> bool:
    return bool(units) and all(UNIT_END.search(re.sub(r"[(（][^()（）]*[)）]$", "", u)) for u in units)


def _first_leads(out: list[Assignment]) -> list[Assignment]:
    """The document's convention: the unit named first leads, the others support."""
    return [Assignment(a.unit, "lead" if k == 0 else ("territorial" if _territorial(a.unit) else "support"),
                       a.carried) for k, a in enumerate(out)]


def parse_tag(inner: str, first_leads: bool = False) -> list[Assignment] | None:
    """Assignments of a tag's inside text, or None when it is not a responsibility tag.

    ``first_leads``: the document stated that the unit named first leads (``排在首位的为牵头单位``),
    so a tag that names no lead itself has its first unit lead.
    """
    s = NOT_LISTED_AGAIN.sub("", inner).strip()
    if not s or len(s) > 400:
        return None
    labelled = list(ANY_LABEL.finditer(s))
    if labelled and any(m.group(1) in UNIT_LABEL.split("|") for m in labelled):
        return _parse_labelled(s, labelled, first_leads)
    if "。" in s:
        return None
    if not ROLE_WORDS.search(s):
        units = _units(s)
        if _looks_like_units(units):
            out = [Assignment(u, "lead") for u in units]  # a bare (X、Y)
            return _first_leads(out) if first_leads else out
        return None
    clauses = [c for c, _ in _split_top(s, ",，;；") if c.strip()]
    # unseparated "X牵头各有关职能部门配合"
    expanded: list[str] = []
    for clause in clauses:
        m = re.match(r"^(.+?(?:分别)?(?:牵头|主办)(?:负责)?)(.+)$", clause)
        if m and not m.group(2).startswith("负责"):
            expanded.extend([m.group(1), m.group(2)])
        else:
            expanded.append(clause)
    has_lead = any(LEAD_WORD.search(c) for c in expanded)
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
        if LEAD_WORD.search(c) or not has_lead:
            out.extend(Assignment(u, "lead") for u in units)
            continue
        # "…各县市人民政府负责" names local executors; "…按职责分工负责" names supporting departments
        executes = bool(re.search(r"负责$", c)) and not re.search(r"按职[责能]", c)
        out.extend(Assignment(u, "territorial" if executes and _territorial(u) else "support") for u in units)
    if not out or not any(UNIT_END.search(a.unit) for a in out):
        return None
    if first_leads and not has_lead and "分别" not in s and len({a.role for a in out}) == 1:
        return _first_leads(out)
    return out


def _parse_labelled(s: str, labelled: list[re.Match[str]], first_leads: bool) -> list[Assignment] | None:
    """``牵头单位：X；配合单位：Y``, ``责任单位：X``, ``部门分工：X牵头，Y配合``; leaders and dates are skipped."""
    out: list[Assignment] = []
    keys = [m.group(1) for m in labelled]
    has_lead_label = any(k.startswith(("牵头", "主办", "主责")) for k in keys)
    for k, m in enumerate(labelled):
        key = m.group(1)
        if key not in UNIT_LABEL.split("|"):
            continue  # a leader (a person) or a date
        part = s[m.end() : labelled[k + 1].start() if k + 1 < len(labelled) else len(s)]
        part = part.replace("。", "；")
        if key.endswith("分工"):
            found = parse_tag(part.strip(" ;；,，"), first_leads)
            out.extend(found or [])
            continue
        role = "lead" if key.startswith(("牵头", "主办", "主责")) or (key.startswith("责任") and not has_lead_label) \
            else "support"
        before = len(out)
        for clause, _ in _split_top(part, ",，;；"):
            if not clause.strip():
                continue
            if FOLLOWING.match(clause.strip()):  # "以下各项均需各县市区人民政府负责"
                out.extend(Assignment(u, "territorial" if _territorial(u) else role, carried=True)
                           for u in _units(clause))
            else:
                out.extend(Assignment(u, role) for u in _units(clause))
        if first_leads and role == "lead" and not has_lead_label and len(out) - before > 1:
            out[before:] = _first_leads(out[before:])
    return out or None


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
    folded = folded_text(text)
    convention = FIRST_LEADS.search(folded, doc.start, doc.end)
    first_leads = convention.start() if convention else None

    def visit(node: Node, path: list[Node]) -> None:
        paths[node.id] = path
        task = _task_at_node(doc, text, node, path, first_leads)
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


def _task_at_node(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None = None
                  ) -> Task | None:
    if node.kind not in {"item", "article", "paragraph"} or node.table is not None:
        return None
    items = [c for c in node.children if c.kind == "item" and c.label.endswith("是")]
    end = items[-1].end if items else node.end
    return _task_at(doc, text, node, end, path, first_leads)


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


# a label that opens a line of units (or of a leader, a date) after a task: at a line start or after a sentence
_BLOCK_LABEL = re.compile(rf"(?:(?<=\n)|(?<=^)|(?<=。))[ \t\u3000]*(?:{UNIT_LABEL}|{OTHER_LABEL})\s*[:：]")


def labelled_block(folded: str) -> tuple[int, int, int, str] | None:
    """(end of the task text, start and end of the printed tag, tag text to parse) of the lines of units
    after a task (``牵头领导：…`` / ``牵头单位：X`` / ``责任单位：Y``), or None.

    The block starts at the first such label after the task's own text and runs over the following lines
    that are labelled too (blank lines allowed); a leader's or a date's part is not part of the tag."""
    for m in _BLOCK_LABEL.finditer(folded):
        head = folded[: m.start()]
        if not head.strip() or _depth(head) > 0:
            continue
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000"))
        pos = start
        block_end = start
        while pos < len(folded):
            nl = folded.find("\n", pos)
            line_end = len(folded) if nl < 0 else nl
            line = folded[pos:line_end]
            if line.strip():
                if pos != start and not ANY_LABEL.match(line.strip()):
                    break
                block_end = pos + len(line.rstrip())
            pos = line_end + 1
        parts = list(ANY_LABEL.finditer(folded, start, block_end))
        units = [p for p in parts if p.group(1) in UNIT_LABEL.split("|")]
        if not units:
            return None
        pieces = []
        tag_end = units[0].start()
        for k, p in enumerate(parts):
            if p.group(1) not in UNIT_LABEL.split("|"):
                continue
            nxt = parts[k + 1].start() if k + 1 < len(parts) else block_end
            nl = folded.find("\n", p.end(), nxt)
            value_end = nxt if nl < 0 else nl
            value = folded[p.end() : value_end]
            pieces.append(f"{p.group(1)}:{value.strip(' 　;；,，')}")
            tag_end = p.end() + len(value.rstrip(" \t\u3000;；,，"))
        return start, units[0].start(), tag_end, "；".join(pieces)
    return None


def _depth(text: str) -> int:
    return sum(1 for ch in text if ch in OPEN) - sum(1 for ch in text if ch in CLOSE)


def _task_at(doc: Document, text: str, node: Node, end: int, path: list[Node], first_leads: int | None = None
             ) -> Task | None:
    paragraph = text[node.start : end]
    folded = folded_text(text)[node.start : end]
    leads_first = first_leads is not None and node.start > first_leads
    block = labelled_block(folded)
    if block is not None:
        text_end, g0, g1, inner = block
        assignments = parse_tag(inner, leads_first)
    else:
        group = trailing_group(folded)
        if group is None:
            return None
        g0, g1 = group
        text_end = g0
        inner = folded[g0 + 1 : g1 - 1]
        assignments = parse_tag(inner, leads_first)
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
        text=text[body_start : node.start + text_end].strip(),
        heading=node.heading,
        tag=tag_printed,
        start=body_start,
        end=node.start + text_end,
        tag_start=node.start + g0,
        tag_end=node.start + g1,
        assignments=assignments,
        applies_to_following=bool(NOT_LISTED_AGAIN.search(inner)),
        parents=_parents(path),
    )
