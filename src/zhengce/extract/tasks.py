"""Extract: tasks that carry a responsibility tag, with their units by role.

A task is a clause that carries a responsibility tag, in one of the forms plans are printed in:

* a tag that ends the clause (or its first paragraph): the last balanced group in ``()``, ``（）``,
  ``〔〕`` or ``【】`` (a date group after it, ``(2025年底前)``, is skipped);
* unit lines after the task: ``牵头单位：X`` / ``责任单位：Y`` / ``配合单位：`` / ``数据提供单位：`` /
  ``部门分工：X牵头，Y配合`` (``【牵头单位】X`` too); ``牵头领导``, ``责任领导`` name people and are skipped;
* bullet lines (``——``, ``●``) that each end with their own tag;
* task tables: a header row names the unit columns (牵头单位, 配合单位, 责任单位 …) and the rows are read
  from the cells in order — tab rows, one cell per line with or without ``|`` lines, columns parted by
  spaces, HTML cells — so merged cells do not shift the columns; ``★`` marks the lead.

The tag grammar:

* ``X牵头,Y、Z等相关单位,A、B负责`` — X leads, Y and Z support, A and B execute locally;
* ``X主办,Y协办``, ``X负责,Y配合``, ``X为牵头单位`` — the same roles in other words;
* ``X、Y分别牵头,…``, ``X、Y分别负责`` and ``X、Y牵头负责`` — every named unit leads;
* ``X牵头,Y配合`` and unseparated ``X牵头各有关职能部门配合``;
* ``X等按职责分工负责`` or a bare ``(X、Y)`` — without 牵头, every named unit leads, unless the document
  stated once that the first unit leads (``排在首位的为牵头单位，下同``);
* ``责任单位：X、Y`` and ``牵头单位：X；配合单位：Y`` — labelled lists.

Placeholders that only close a list (``等``, ``等相关单位``, ``等省有关部门``) are dropped; generic units
such as ``其他相关单位`` or ``各县市人民政府`` are kept. Brackets inside a name (``各县(市、区)人民政府``)
never split it; ``及``/``和`` split only between two bodies. Tags are read in the folded text (traditional
characters too) and exported as printed.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, folded_text, strip_wrap_spaces

OPEN = "(（〔["
CLOSE = ")）〕]"
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
              r"协办部门|协同部门|协助部门|参与部门|主责单位|实施单位|落实单位|数据提供单位|责任主体|部门分工|单位分工|责任分工|"
              r"牵头|主办|配合|协办|参与|协同")
OTHER_LABEL = (r"牵头领导|责任领导|分管领导|联系领导|牵头市领导|牵头区领导|牵头县领导|责任人|"
               r"完成时限|完成时间|时间节点|时限要求|时限")
UNIT_KEYS = frozenset(UNIT_LABEL.split("|"))
# "牵头单位：", or in square brackets "【牵头单位】" (folded to [牵头单位])
ANY_LABEL = re.compile(rf"[\[【]?({UNIT_LABEL}|{OTHER_LABEL})(?:\s*[:：]|[\]】])")
TAIL_WORDS = re.compile(
    r"(?:等(?:[省市县区州旗]直?|[省市县区]级)?(?:其他|其它)?(?:有关|相关)?(?:职能)?(?:部门|单位)|等)?\s*"
    r"(?:分别牵头负责|分别牵头|牵头负责|牵头抓总|牵总|牵头|"
    r"按照?职责分工负责|按照?职能分工负责|按照?职责分工|按照?职能分工|按照?职责负责|按职能职责负责|按照?职责|"
    r"分工负责|共同负责|分别负责|具体负责|负责|主办|协办|配合|参与|协助|协同|落实)?$"
)
NOT_LISTED_AGAIN = re.compile(r"[,，;；。]?\s*(?:以下(?:均)?)?不再(?:一一|逐一|重复|单独)?(?:列出|列明|标注|注明)")
FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")
# a document that says once that the first unit named leads: "排在首位的为牵头单位，下同", "第一责任单位为牵头单位"
FIRST_LEADS = re.compile(r"(?:第一位|首位|第一个?|最前面?|首个)的?(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主责)")
_NOTE = re.compile(r"(?:^|\n)\s*(?:注|备注|说明)\s*[:：]|[(（]\s*(?:注|备注|说明)\s*[:：]")
# a bare jurisdiction level that a comma list cut off a government's name: "各区、县(市)政府", "各县、市、区人民政府"
_BARE_LEVEL = re.compile(r"^(?:各|相关|有关)?[省市州县区旗镇乡](?:[(（][^()（）]{1,6}[)）])?$")
# a place named without its body before others sharing it: 哈尔滨、黑河、绥芬河市政府 (with its level,
# 银川市、石嘴山市、吴忠市人民政府, each stands alone)
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?<![省市州县区旗盟镇乡縣區])$")


_P_LEADING_JOIN = re.compile(r"^(?:由|请|和|及|以及)")
_P_ANNOT = re.compile(r"\s*[<〈][^<>〈〉]{1,12}[>〉]$")
_P_DUTY_TAIL = re.compile(r"负责[^,，;；、]{2,}$")
_P_FOLLOWING = re.compile(r"^以下(?:各项)?(?:工作)?(?:任务)?(?:均)?(?:需|由)?")
_P_JOINERS = re.compile(r"以及|及|和|与")
_P_TRAILING_BRACKET = re.compile(r"[(（][^()（）]*[)）]$")
_P_STARRED = re.compile(r"[★☆]\s*([^、,，;；★☆]+)")
_P_LEAD_THEN = re.compile(r"^(.+?(?:分别)?(?:牵头|主办)(?:负责)?)(.+)$")
_P_NOT_HEADER = re.compile(r"[\d。，,；;:：]")
_P_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_P_LABEL = re.compile(r"^(?:\d{1,3}[.、﹒](?!\d)|[(（]\d{1,3}[)）]|[(（][一二三四五六七八九十]{1,3}[)）])")
_P_BY_DUTY = re.compile(r"按职[责能]")
_P_SPACE = re.compile(r"\s+")


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
        # a unit the tag names and its "以下…均需X落实" note names again is listed once
        named = {a.unit for a in self.assignments if not a.carried}
        shown = [a for a in self.assignments if not (a.carried and a.unit in named)]
        lead = [a.unit for a in shown if a.role == "lead"]
        support = [a.unit for a in shown if a.role != "lead"]
        # as printed (traditional stays traditional), full-width punctuation and letters made ASCII
        body = unicodedata.normalize("NFKC", self.text).split("\n", 1)[0]
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
                "support": [a.unit for a in shown if a.role == "support"],
                "territorial": [a.unit for a in shown if a.role == "territorial"],
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
    name = _P_LEADING_JOIN.sub("", name)
    name = _P_ANNOT.sub("", name)  # an annotation such as <链办>
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


_PLACEHOLDER = r"等(?:[省市县区州旗]直?|[省市县区]级)?(?:其他|其它)?(?:有关|相关)?(?:职能)?(?:部门|单位)"
_PLACEHOLDER_JOIN = re.compile(rf"(?:{_PLACEHOLDER}|等)(?:和|及|以及|与)")  # "X等和各市人民政府" too


def _strip_role(part: str) -> str:
    return TAIL_WORDS.sub("", _P_DUTY_TAIL.sub("负责", part.strip())).strip()


def _units(clause: str) -> list[str]:
    clause = _P_FOLLOWING.sub("", clause.strip())
    clause = _strip_role(clause)
    clause = _PLACEHOLDER_JOIN.sub("、", clause)  # "X等省有关部门和各市人民政府": the placeholder closes X's list
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
    # bare place names share the government that ends the run: one unit, as 各区、县(市)政府 is
    merged: list[str] = []
    run: list[str] = []
    for piece in pieces:
        if _BARE_PLACE.match(piece) and not UNIT_END.search(piece):
            run.append(piece)
            continue
        if run and re.search(r"政府$", piece):
            piece = "、".join([*run, piece])
        else:
            merged.extend(run)
        run = []
        merged.append(piece)
    pieces = merged + run
    out = []
    for piece in pieces:
        # "各区政府及开发区管委会": 及 joins two bodies
        joined = [_clean_unit(_strip_role(x)) for x in _P_JOINERS.split(piece)]
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
    return bool(units) and all(UNIT_END.search(_P_TRAILING_BRACKET.sub("", u)) for u in units)


def _first_leads(out: list[Assignment]) -> list[Assignment]:
    """The document's convention: the unit named first leads, the others support."""
    return [Assignment(a.unit, "lead" if k == 0 else ("territorial" if _territorial(a.unit) else "support"),
                       a.carried) for k, a in enumerate(out)]


_FOLLOWING_NOTE = re.compile(r"[(（](以下[^()（）]{2,60})[)）]")
_LEAD_MARK = re.compile(r"[(（](?:牵头|主办)(?:单位|部门)?[)）]")
_MARKED = re.compile(r"([^、,，;；()（）:：]+?)\s*[(（](?:牵头|主办)(?:单位|部门)?[)）]")


def parse_tag(inner: str, first_leads: bool = False) -> list[Assignment] | None:
    """Assignments of a tag's inside text, or None when it is not a responsibility tag.

    ``first_leads``: the document stated that the unit named first leads (``排在首位的为牵头单位``),
    so a tag that names no lead itself has its first unit lead. A unit marked ``★`` or followed by
    ``(牵头)`` leads and the others of its list support.
    """
    found = _parse_tag_cached(inner, first_leads)
    return None if found is None else [Assignment(*a) for a in found]


@lru_cache(maxsize=8192)
def _parse_tag_cached(inner: str, first_leads: bool) -> tuple[tuple[str, str, bool], ...] | None:
    """parse_tag, once per distinct tag: plans repeat the same tags many times."""
    marked = {_clean_unit(m.group(1)) for m in _MARKED.finditer(inner)}
    marked |= {_clean_unit(u) for u in _P_STARRED.findall(inner)}
    inner = _FOLLOWING_NOTE.sub(r"，\1", inner)  # "X(以下均需X负责，不再重复列出)" is a clause of its own
    out = _parse_tag(_LEAD_MARK.sub("", inner).replace("★", "").replace("☆", ""), first_leads)
    if out is None:
        return None
    names = {a.unit for a in out}
    if marked and names & marked and not names <= marked:
        out = [Assignment(a.unit, "lead" if a.unit in marked else "territorial" if _territorial(a.unit) else "support",
                          a.carried) for a in out]
    return tuple((a.unit, a.role, a.carried) for a in out)


def as_printed(assignments: list[Assignment], folded: str, printed: str) -> list[Assignment]:
    """The units in the characters of the page: ``folded`` and ``printed`` are one text, folded and as printed."""
    cursor = 0
    for a in assignments:
        k = folded.find(a.unit, cursor)
        if k < 0:
            k = folded.find(a.unit)
        if k >= 0:
            a.unit = printed[k : k + len(a.unit)]
            cursor = k + len(a.unit)
    return assignments


_ROLE_IS_LEAD = re.compile(r"(?:为|是|作为)(牵头|主办)(?:单位|部门)")
_ROLE_IS_SUPPORT = re.compile(r"(?:为|是|作为)(?:配合|协办|参与|协助|协同)(?:单位|部门)")
_ROLE_IS_DUTY = re.compile(r"(?:为|是|作为)责任(?:单位|部门)")


# an editorial remark that follows the units inside a tag, as a sentence of its own: "…。具体任务均涉及各县人民政府，
# 不再做分工，下同" — a note about the list, not units (a "以下…均需X落实" clause names units and is kept)
_EDITORIAL = re.compile(r"不再|下同|同上|均涉及|均由各|不另|不单独")


def _drop_notes(inner: str) -> str:
    if "。" not in inner:
        return inner
    sentences = inner.split("。")
    kept = [sentences[0]] + [x for x in sentences[1:] if not ((_EDITORIAL.search(x) and not FOLLOWING.match(x.strip()))
                                                              or not x.strip())]
    return "。".join(kept)


def _parse_tag(inner: str, first_leads: bool = False) -> list[Assignment] | None:
    # "X为牵头单位，Y为配合单位": the same grammar as "X牵头，Y配合"
    inner = _ROLE_IS_DUTY.sub("负责", _ROLE_IS_SUPPORT.sub("配合", _ROLE_IS_LEAD.sub(r"\1", inner)))
    s = NOT_LISTED_AGAIN.sub("", _drop_notes(inner)).strip()
    if not s or len(s) > 400:
        return None
    labelled = list(ANY_LABEL.finditer(s))
    if labelled and any(m.group(1) in UNIT_KEYS for m in labelled):
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
        m = _P_LEAD_THEN.match(clause)
        if m and not m.group(2).startswith("负责"):
            expanded.extend([m.group(1), m.group(2)])
        else:
            expanded.append(clause)
    has_lead = any(LEAD_WORD.search(c) for c in expanded)
    supporting = [bool(_SUPPORT_END.search(c.strip())) for c in expanded]
    # "X负责，Y配合": the clause that is not the supporting one leads
    implicit_lead = not has_lead and any(supporting) and not all(supporting)
    out = []
    for k, clause in enumerate(expanded):
        c = clause.strip()
        units = _units(c)
        if not units:
            continue
        if implicit_lead:
            role = "support" if supporting[k] else "lead"
            out.extend(Assignment(u, "territorial" if role == "support" and _territorial(u) else role) for u in units)
            continue
        carried = bool(FOLLOWING.match(c))
        if carried:
            out.extend(Assignment(u, "territorial" if _territorial(u) else "support", carried=True) for u in units)
            continue
        if not has_lead and k > 0 and "负责" in c and not _P_BY_DUTY.search(c) \
                and all(_territorial(u) for u in units):
            # "X等按职责分工负责，各县市区人民政府负责辖区内…": local executors after the departments
            out.extend(Assignment(u, "territorial") for u in units)
            continue
        if LEAD_WORD.search(c) or not has_lead:
            out.extend(Assignment(u, "lead") for u in units)
            continue
        # "…各县市人民政府负责" names local executors; "…按职责分工负责" names supporting departments
        executes = c.endswith("负责") and not _P_BY_DUTY.search(c)
        out.extend(Assignment(u, "territorial" if executes and _territorial(u) else "support") for u in units)
    if not out or not any(UNIT_END.search(a.unit) for a in out):
        return None
    if first_leads and not has_lead and "分别" not in s and len({a.role for a in out}) == 1:
        return _first_leads(out)
    return out


_SUPPORT_END = re.compile(r"(?:配合|协办|协助|参与|协同)$")


def _parse_labelled(s: str, labelled: list[re.Match[str]], first_leads: bool) -> list[Assignment] | None:
    """``牵头单位：X；配合单位：Y``, ``责任单位：X``, ``部门分工：X牵头，Y配合``; leaders and dates are skipped."""
    out: list[Assignment] = []
    keys = [m.group(1) for m in labelled]
    has_lead_label = any(k.startswith(("牵头", "主办", "主责")) for k in keys)
    for k, m in enumerate(labelled):
        key = m.group(1)
        if key not in UNIT_KEYS:
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
    if convention and _NOTE.search(folded, max(doc.start, convention.start() - 30), convention.start()):
        first_leads = doc.start - 1  # a note (注：…) states the convention for the whole list, wherever it stands

    nodes: list[Node] = []

    def visit(node: Node, path: list[Node], in_group: bool = False) -> None:
        paths[node.id] = path
        nodes.append(node)
        group = None if in_group else _group_task(doc, text, folded, node, path)
        if group is not None or in_group:
            if group is not None and group is not _CUT_GROUP:
                tasks.append(group)  # "(一)X牵头的工作": the group is the task, its 协同 lines name the support
            for child in node.children:
                visit(child, [*path, node], True)
            return
        paragraphs = _paragraph_tasks(doc, text, node, path, first_leads)
        if paragraphs:
            tasks.extend(paragraphs)  # "一、扩大内需\n甲段。(A牵头)\n乙段。(B牵头)": a task a paragraph
            for t in paragraphs:
                paths[t.node_id] = [*path, node]
            for child in node.children:
                visit(child, [*path, node])
            return
        task = _task_at_node(doc, text, node, path, first_leads)
        bullets = _bullet_tasks(doc, text, node, path, first_leads) if task is None or "\n" in task.text else []
        if bullets and (task is None or len(bullets) > 1):
            tasks.extend(bullets)  # "——X。(A负责)\n——Y。(B负责)": one task a bullet
        elif task is not None:
            tasks.append(task)
        for child in node.children:
            visit(child, [*path, node])

    visit(doc.tree, [])
    tasks.extend(_table_tasks(doc, text, folded, nodes, paths, tasks, first_leads))
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
            elif other.kind in {"item", "article"} and other.table is None and not _runs_off(text, other.end):
                new = _inherited_task(doc, text, other, paths[other.id], carry_all, task.node_id)
                inherited.append(new)
                by_node[other.id] = new
    if inherited:
        tasks = sorted([*tasks, *inherited], key=lambda t: t.start)
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
        task = _task_at(doc, text, pseudo, b, [*path, node], first_leads)
        if task is not None and task.tag_end == b:
            task.heading = node.heading or strip_wrap_spaces(own[len(node.label) : first_nl].strip())
            out.append(task)
    if out and out[0].tag_end == lines[-1][1]:
        return []  # only the last paragraph is tagged: the tag closes the whole clause
    return out


# a group heading that names its lead: "(一)市财政局牵头的工作", "2.区文旅委负责的事项"; the group's items follow and
# "协同单位：…" lines name the units that support it
_GROUP_HEAD = re.compile(
    r"[ \t\u3000]*([^\s。，,；;:：()（）]{2,40}?)(?:牵头|负责|主办|主责)的(?:工作|任务|事项)(?=[\s(（]|$)")
_GROUP_WORDS = re.compile(r"(?:牵头|负责|主办|主责)的(?:工作|任务|事项)")
_GROUP_SUPPORT = re.compile(r"(?:协同|配合|协办|协助)(?:单位|部门)\s*[:：][^\n。]*")
_PERSON_TITLE = re.compile(r"(?:省长|市长|县长|区长|州长|旗长|书记|秘书长|主任|助理|同志|领导)$")


_CUT_GROUP = Task(source="", doc_number=None, plan="", number="", node_id="", text="", heading="", tag="", start=0,
                  end=0, tag_start=0, tag_end=0)


def _group_task(doc: Document, text: str, folded: str, node: Node, path: list[Node]) -> Task | None:
    """The task of a group headed ``(一)X牵头的工作``: X leads, the group's ``协同单位：`` lines support."""
    if node.kind != "item" or not node.label or node.table is not None \
            or not _GROUP_WORDS.search(folded, node.start, min(node.end, node.start + 60)):
        return None
    at = folded.find(fold(node.label), node.start, node.end)
    body = at + len(node.label) if at >= 0 else node.start
    m = _GROUP_HEAD.match(folded, body, node.end)
    if m is None or _PERSON_TITLE.search(m.group(1)):
        return None
    leads = _units(m.group(1))
    if not _looks_like_units(leads):
        return None
    assignments = [Assignment(u, "lead") for u in leads]
    lines = [(m.start(1), m.end())]
    end = node.end
    last = node
    while last.children:  # the group's items are its children: the group ends with its last descendant
        last = last.children[-1]
        end = max(end, last.end)
    if _runs_off(text, end):
        return _CUT_GROUP  # its 协同 lines may be cut away: neither the group nor its items are tasks
    for line in _GROUP_SUPPORT.finditer(folded, m.end(), end):
        found = parse_tag(line.group(0).rstrip(" \t\u3000"))
        if found:
            assignments.extend(Assignment(a.unit, "support") for a in found if a.unit not in leads)
            lines.append((line.start(), line.start() + len(line.group(0).rstrip(" \t\u3000"))))
    if len(lines) == 1 and any(_task_at_node(doc, text, d, [*path, node]) is not None for d in node.walk()
                               if d is not node):
        return None  # no 协同 line and the items carry their own tags: the items are the tasks
    assignments = _dedupe(assignments)
    as_printed(assignments, folded[lines[0][0] : lines[-1][1]], text[lines[0][0] : lines[-1][1]])
    container = _container([*path, node])
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
        parents=_parents([*path, node]),
    )


_BARE_NUMBER = re.compile(r"[ \u3000]*(\d{1,3})[ \u3000]+(?=[^\d\s])")


def _table_tasks(doc: Document, text: str, folded: str, nodes: list[Node], paths: dict[str, list[Node]],
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
        container = _container([*path, node])
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
            source=doc.source,
            doc_number=doc.doc_number.text if doc.doc_number else None,
            plan=(container.heading if container else doc.title) or "",
            number=printed_label or (text[number.start : number.end].strip() if number else ""),
            node_id=node.id,
            text=text[body_start : cell.end],
            heading=node.heading,
            tag=text[units[0].start : units[-1].end],
            start=body_start,
            end=cell.end,
            tag_start=units[0].start,
            tag_end=units[-1].end,
            assignments=assignments,
            parents=_parents([*path, node]),
        ))
    return out


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
    container = _container(path)
    out: list[Task] = []
    for line in re.finditer(r"[^\n]+", folded[node.start : node.end]):
        a, b = node.start + line.start(), node.start + line.end()
        bullet = _BULLET.match(folded, a, b)
        if bullet is None:
            continue
        group = trailing_group(folded[a:b])
        if group is None:
            continue
        g0, g1 = a + group[0], a + group[1]
        inner = folded[g0 + 1 : g1 - 1]
        if not ROLE_WORDS.search(inner) and UNIT_END.search(folded[a:g0].rstrip()[-12:]):
            continue
        assignments = parse_tag(inner, leads_first)
        if assignments is None:
            continue
        as_printed(assignments, folded[g0:g1], text[g0:g1])
        body = bullet.end()
        out.append(Task(
            source=doc.source,
            doc_number=doc.doc_number.text if doc.doc_number else None,
            plan=(container.heading if container else doc.title) or "",
            number=text[a : body].strip(),
            node_id=node.id,
            text=text[body:g0].strip(),
            heading=node.heading,
            tag=text[g0:g1],
            start=body,
            end=g0,
            tag_start=g0,
            tag_end=g1,
            assignments=assignments,
            applies_to_following=bool(NOT_LISTED_AGAIN.search(inner)),
            parents=_parents([*path, node]),
        ))
    return out


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
_BLOCK_LABEL = re.compile(
    rf"(?:(?<=\n)|(?<=^)|(?<=。))[ \t\u3000]*[\[【]?(?:{UNIT_LABEL}|{OTHER_LABEL})(?:\s*[:：]|[\]】])")


def labelled_block(folded: str) -> tuple[int, int, int, str] | None:
    """(end of the task text, start and end of the printed tag, tag text to parse) of the lines of units
    after a task (``牵头领导：…`` / ``牵头单位：X`` / ``责任单位：Y``), or None.

    The block starts at the first such label after the task's own text and runs over the following lines
    that are labelled too (blank lines allowed); a leader's or a date's part is not part of the tag."""
    if ":" not in folded and "]" not in folded and "】" not in folded and "：" not in folded:
        return None  # every label ends with a colon or a square bracket
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
        units = [p for p in parts if p.group(1) in UNIT_KEYS]
        if not units:
            continue
        pieces = []
        tag_end = units[0].start()
        for k, p in enumerate(parts):
            if p.group(1) not in UNIT_KEYS:
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


def _runs_off(text: str, end: int) -> bool:
    """A clause that runs to the very end of an excerpt and stops mid-sentence: its responsibility was cut away."""
    if len(text) - end > 200 or text[end:].strip():
        return False  # (bounded slices: called for many clauses, it must stay linear)
    k = end - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k] not in "。；;!！?？)）〕]】”\""


def _cut_off(text: str, tag_end: int, assignments: list[Assignment]) -> bool:
    """A tag that runs to the very end of an excerpt and ends in a bare place (``…，各区``) was cut off there."""
    if text[tag_end:].strip() or text.endswith(("\n", "。", ")", "）")) or not assignments:
        return False
    last = assignments[-1].unit
    return bool(_BARE_LEVEL.match(last)) or not UNIT_END.search(last)


_LINE_END_AFTER_TAG = re.compile(r"(?<=[)）〕\]。；;])[ \t\u3000]*\n")
_TIME_GROUP = re.compile(
    r"(?:完成时限|时限|时间)?[:：]?[^()（）]{0,14}(?:年|月|日|底|前|季度|持续|长期|常态)[^()（）]{0,6}")


def _tag_at_a_line_end(folded: str, leads_first: bool) -> tuple[int, int, list[Assignment]] | None:
    """The tag that ends the clause, or else the first paragraph of it (a note or a closing paragraph may follow)."""
    def ends() -> Iterator[int]:
        yield len(folded)
        if "\n" in folded.rstrip():
            yield from (m.start() for m in _LINE_END_AFTER_TAG.finditer(folded))

    for k, end in enumerate(ends()):
        group = trailing_group(folded[:end])
        if group is not None and _TIME_GROUP.fullmatch(folded[group[0] + 1 : group[1] - 1].strip()):
            group = trailing_group(folded[: group[0]])  # "(X牵头)(2025年底前)": the tag before the date
        if group is None:
            continue
        if k > 0 and folded[: group[0]].rstrip()[-1:] not in "。；;!！?？":
            continue  # inside a clause only a tag after a sentence counts, not a name's bracket (街道办事处)
        inner = folded[group[0] + 1 : group[1] - 1]
        if not ROLE_WORDS.search(inner) and UNIT_END.search(folded[: group[0]].rstrip()[-12:]):
            continue  # "各镇政府(街道办事处)": a bare bracket after a body's name is its other name, not a tag
        found = parse_tag(inner, leads_first)
        if found is not None:
            return group[0], group[1], found
    return None


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
        found = _tag_at_a_line_end(folded, leads_first)
        if found is None:
            return None
        g0, g1, assignments = found
        text_end = g0
        inner = folded[g0 + 1 : g1 - 1]
    if assignments is None or _cut_off(text, node.start + g1, assignments):
        return None
    as_printed(assignments, folded[g0:], paragraph[g0:])
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


# ---------------------------------------------------------------------------------------------------------------
# task tables: 序号 | 任务 | 牵头单位 | 配合单位 | 责任领导 | 完成时限, printed as tab rows, one cell per line, or
# one cell per line with "|" lines between the cells

# a unit column's heading: 牵头单位, 责任部门, 配合单位, 牵头(责任)单位, 责任单位(部门), 责任主体
_UNIT_COLUMN = re.compile(r"^[^\d]{0,3}?(牵头|主办|主责|责任|配合|协办|参与|协同|协助|数据提供)[^\d]{0,6}?"
                          r"(?:单位|部门|主体)(?:[(（][^\d)）]{0,6}[)）])?$")
_TASK_HEADING = re.compile(r"任务|工作|举措|措施|内容|事项|目标|指标")
# a unit column's heading as a cell of its own (not a "责任单位：" label of a tag)
_HEADER_HINT = re.compile(
    r"(?:牵头|主办|主责|责任|配合|协办|参与|协同|协助|数据提供)[^\n\t|。，,:：]{0,6}?(?:单位|部门|主体)"
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
class _Cell:
    start: int
    end: int
    key: str  # folded, without white space; in a unit cell, a space between two names is a 、


_P_SENTENCE = re.compile(r"[。，,；;:：!！?？]")
_NAME_GAP = re.compile(r"(?<=[局委办厅部院会室队站所心司行])[ \u3000]+(?=[\u4e00-\u9fff])")
_CELL_SEP = re.compile(r"[\n\t|]|[ \u3000]{2,}|</?[a-zA-Z][^<>\n]{0,80}>")  # two spaces part columns of a PDF


def _cells(text: str, folded: str, start: int, end: int) -> list[_Cell]:
    """The non-empty cells of ``text[start:end]``: lines cut at tabs, ``|`` and HTML tags (``<p>``)."""
    out: list[_Cell] = []
    pos = start
    for sep in [*_CELL_SEP.finditer(folded, start, end), None]:
        a, b = pos, (sep.start() if sep else end)
        pos = sep.end() if sep else end
        raw = folded[a:b]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        if trail <= lead:
            continue
        out.append(_Cell(a + lead, a + trail, _P_SPACE.sub("", _NAME_GAP.sub("、", raw.strip()))))
    return out


def _unit_cell(key: str) -> bool:
    if not key or len(key) > 160 or "。" in key:
        return False
    bare = key.replace("★", "").replace("☆", "")
    if ROLE_WORDS.search(bare):
        return parse_tag(bare) is not None
    return _looks_like_units(_units(bare))


_YEAR_HEAD = re.compile(r"^\d{4}年度?(?=[^\d]{2,10}$)")


def _header_at(cells: list[_Cell], i: int) -> tuple[int, int] | None:
    """(first, last+1) of the header row around the unit column heading ``cells[i]``."""
    def short(c: _Cell) -> bool:
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
               ) -> list[tuple[_Cell | None, _Cell, list[_Cell], list[Assignment]]]:
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
    rows: list[tuple[_Cell | None, _Cell, list[_Cell], list[Assignment]]] = []
    columns: list[str] | None = None
    units_first = False  # 序号 | 责任单位 | 工作任务: a row's units come before its task
    number: _Cell | None = None
    texts: list[_Cell] = []
    units: list[_Cell] = []

    def flush() -> None:
        nonlocal texts, units
        if columns is not None and texts and units:
            # the task cell: the first substantial one (a category cell such as 项目 may come before it)
            task = next((c for c in texts if _label(c.key) or len(c.key) > 15 or _P_SENTENCE.search(c.key)),
                        texts[-1])
            assignments = _dedupe(
                _row_assignments(units, columns, first_leads is not None and task.start > first_leads))
            as_printed(assignments, folded[units[0].start : units[-1].end], text[units[0].start : units[-1].end])
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
                heads = cells[header[0] : header[1]]
                columns = [m.group(1) for c in heads if (m := _UNIT_COLUMN.match(c.key))]
                first_unit = next(k for k, c in enumerate(heads) if _UNIT_COLUMN.match(c.key))
                first_task = next((k for k, c in enumerate(heads) if _TASK_HEADING.search(c.key)
                                   and not _UNIT_COLUMN.match(c.key)), len(heads))
                units_first = first_unit < first_task
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
        elif (len(key) <= 16 and _DEADLINE_CELL.search(key) and not _P_SENTENCE.search(key)) \
                or _PERSON_CELL.match(key) or len(key) <= 6:
            pass  # a leader, a date, a category
        else:
            if units and not units_first:
                flush()
            texts.append(cell)
        i += 1
    flush()
    return rows


def _dedupe(assignments: list[Assignment]) -> list[Assignment]:
    """One assignment per unit: a unit named twice in a row keeps its first role, a lead role wins."""
    seen: dict[str, Assignment] = {}
    for a in assignments:
        if a.unit not in seen:
            seen[a.unit] = a
        elif a.role == "lead":
            seen[a.unit].role = "lead"
    return list(seen.values())


def _label(key: str) -> str | None:
    m = _P_LABEL.match(key)
    return m.group(0) if m else None


def _row_assignments(units: list[_Cell], columns: list[str], leads_first: bool) -> list[Assignment]:
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
        names = _units(bare)
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
        out.extend(Assignment(u, "territorial" if r == "support" and _territorial(u) else r)
                   for u, r in zip(names, roles, strict=True))
    return out
