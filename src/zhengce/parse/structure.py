"""Structure: a document's clause tree and its tables.

Numbering conventions of Chinese official documents, from the outside in: attachments (附件N) and
the issued plan, 第X章, 第X节, 第X条 with its 款, then the enumerations ``一、``, ``（一）``, ``1.``,
``（1）``, ``①`` and decimal numbering ``2.1.1``, and inline items ``一是…二是…``. The nesting of the
enumerations is not fixed — a plan may start at ``（一）`` or skip a level — so the parser learns
it from the order in which label kinds appear, like a reader does.

Every character of the body belongs to exactly one node: a node's own span runs from its label to
the start of its first child or of the next node.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from zhengce.parse.labels import INLINE_ITEM, heading_after, label_of, split_inline_labels
from zhengce.parse.lines import Line, nonblank_after
from zhengce.parse.model import Node, Table
from zhengce.parse.tabrows import is_table_line, table_from
from zhengce.text.lexicon import cn_int
from zhengce.text.normalise import DATE_LINE, TERMINAL, fold, strip_wrap_spaces

_P_LIST_PUNCT = re.compile(r"[，,、]")
_P_FOUR_HAN = re.compile(r"[\u4e00-\u9fff]{4}")
_FIXED_RANK = {"attachment": 0, "plan": 0, "chapter": 1, "section": 2, "article": 3}
ATTACHMENT_LINE = re.compile(r"^附\s*件\s*(\d{1,2})?\s*[:：]?\s*$")
ATTACHMENT_WITH_TITLE = re.compile(r"^附\s*件\s*(\d{1,2})\s+(\S.{1,80})$")


_ID_PREFIX = {"attachment": "att", "plan": "plan", "chapter": "ch", "section": "sec", "article": "art",
              "paragraph": "p", "decimal": "d", "l1": "a", "l2": "b", "l3": "c", "l4": "e", "l5": "f",
              "item": "i", "table": "t", "text": "x", "signature": "sig"}
_KIND_NAME = {"l1": "item", "l2": "item", "l3": "item", "l4": "item", "l5": "item", "decimal": "item"}


@dataclass(slots=True)
class _Seg:
    start: int
    kind: str
    label: str = ""
    number: int | None = None
    heading: str = ""
    level: tuple[str, int] = ("", 0)
    table: Table | None = None
    end: int = 0


_ATTACHMENT_LIST = re.compile(r"(?:^|\n)[ \t\u3000]*附\s*件\s*[:：]")


def _listed_attachment(text: str, doc_lines: list[Line], i: int, lists: list[int]) -> bool:
    """An ``附件N`` line on its own whose next line is a title named in the notice's ``附件：`` list.

    It opens the attachment even where no signature was recognised (a damaged date): the list and
    the title printed again under ``附件N`` are the attachment's own marks."""
    nxt = next((ln for ln in doc_lines[i + 1 : i + 4] if not ln.blank), None)
    if nxt is None or is_table_line(nxt):
        return False
    title = re.sub(r"\s+", "", nxt.key)
    if not 4 <= len(title) <= 80 or title[-1] in TERMINAL:
        return False
    k = bisect.bisect_left(lists, doc_lines[i].start) - 1  # the last 附件： list before the line
    if k < 0:
        return False
    listed = fold(text[lists[k] : min(lists[k] + 2000, doc_lines[i].start)])
    return title in re.sub(r"\s+", "", listed)


def build_tree(text: str, lines: list[Line], start: int, end: int, body_start: int,
               signature_end: int | None, signature_start: int | None = None) -> Node:
    """The clause tree of ``text[start:end]``; ``body_start`` is where the header ends.

    The signature block (issuer and date, from ``signature_start``) is a node of its own, so that
    it never runs on from the last clause of the body.
    """
    doc_lines = _document_lines(lines, start, end, body_start)
    reader = _SegmentReader(text, doc_lines, start, end, signature_end)
    segs = reader.segs
    signature_open = signature_start is not None
    i = 0
    n = len(doc_lines)
    while i < n:
        ln = doc_lines[i]
        if not ln.key:  # a blank line (Line.blank, without the property's call)
            i += 1
            continue
        if signature_open and signature_start is not None and ln.start >= signature_start:
            signature_open = False
            segs.append(_Seg(ln.start, "signature"))
            if signature_end is not None and ln.end < signature_end:
                i += 1
                continue
        if "\t" in ln.text:  # is_table_line, tested in line: most lines are none of the three below
            i = reader.table(i)
            continue
        if ln.key[:1] == "附" and reader.attachment(i):  # both attachment patterns open with 附
            i += 1
            continue
        if not reader.plan_seen and signature_end is not None and ln.start >= signature_end:
            after_plan = reader.plan(i)  # a plan's title stands after the signature, once
            if after_plan is not None:
                i = after_plan
                continue
        reader.clause(ln)
        i += 1
    return _nest(text, segs, start, end)


def _document_lines(lines: list[Line], start: int, end: int, body_start: int) -> list[Line]:
    """The body lines of one document, run-together items cut apart (lines are in order: a gazette of many
    documents stays linear)."""
    first = _first_line(lines, start)
    last = bisect.bisect_left(lines, end, lo=first, key=_line_start)  # the first line that starts at ``end``
    return [ln for ln in split_inline_labels(lines[first:last], start, end)
            if ln.start >= body_start and ln.end <= end and ln.start < end]


class _SegmentReader:
    """The segments of a document body, line by line: tables, attachments, the issued plan, labelled clauses
    and the 款 of articles."""

    def __init__(self, text: str, doc_lines: list[Line], start: int, end: int, signature_end: int | None) -> None:
        self.text = text
        self.doc_lines = doc_lines
        self.start = start
        self.end = end
        self.signature_end = signature_end
        self.segs: list[_Seg] = [_Seg(start, "document")]
        self.plan_seen = False
        self._attachment_lists: list[int] | None = None

    def past_signature(self, ln: Line) -> bool:
        return self.signature_end is not None and ln.start >= self.signature_end

    def attachment_lists(self) -> list[int]:
        """Where the notice's ``附件：`` lists end: found once per document, so that the check stays linear."""
        if self._attachment_lists is None:
            self._attachment_lists = [m.end() for m in _ATTACHMENT_LIST.finditer(self.text, self.start, self.end)]
        return self._attachment_lists

    def table(self, i: int) -> int:
        """A block of tab lines from line ``i`` (blank lines allowed between rows): a table, then text.
        Returns the index of the line after it."""
        doc_lines, n = self.doc_lines, len(self.doc_lines)
        j = i
        block: list[Line] = []
        while j < n and (doc_lines[j].blank or is_table_line(doc_lines[j])):
            block.append(doc_lines[j])
            j += 1
        while block and block[-1].blank:
            block.pop()
        self.segs.append(_Seg(doc_lines[i].start, "table", table=table_from(block)))
        i += len(block)
        self.segs.append(_Seg(doc_lines[i].start if i < n else self.end, "text"))
        return i

    def attachment(self, i: int) -> bool:
        """An ``附件N`` line after the signature (or named in the notice's ``附件：`` list) opens an attachment."""
        ln = self.doc_lines[i]
        if ln.key[:1] != "附":  # both patterns open with 附: most lines are answered without them
            return False
        m_att = ATTACHMENT_LINE.match(ln.key)
        m_att2 = ATTACHMENT_WITH_TITLE.match(ln.key) if not m_att else None
        past_signature = self.past_signature(ln)
        if m_att and m_att.group(1) and not past_signature:
            past_signature = _listed_attachment(self.text, self.doc_lines, i, self.attachment_lists())
        found = m_att or m_att2
        if found is None or not past_signature:
            return False
        num = int(found.group(1) or 1)
        heading = m_att2.group(2) if m_att2 else ""
        if not heading:
            for nxt in self.doc_lines[i + 1 : i + 4]:
                if not nxt.blank:
                    if not is_table_line(nxt) and len(nxt.key) <= 80 and nxt.key[-1] not in TERMINAL:
                        heading = strip_wrap_spaces(nxt.text)
                    break
        label = f"附件{num}" if found.group(1) else "附件"
        self.segs.append(_Seg(ln.start, "attachment", label, num, heading))
        return True

    def plan(self, i: int) -> int | None:
        """The issued plan: the first title-like line after the signature (over two lines when wrapped).
        Returns the index of the line after its title, or None."""
        ln = self.doc_lines[i]
        if self.plan_seen or not self.past_signature(ln):  # the cheap tests first: most lines stop here
            return None
        last = self.segs[-1]
        attachment_heading = last.kind == "attachment" and last.heading == strip_wrap_spaces(ln.text)
        if attachment_heading or not _title_like(ln.key):
            return None
        wrapped = _wrapped_title(self.doc_lines, i)
        if wrapped is None and not _next_is_body(self.doc_lines, i):
            return None
        self.plan_seen = True
        heading = strip_wrap_spaces(ln.text)
        if wrapped is not None:  # a title printed over two lines
            heading = strip_wrap_spaces(ln.text + self.doc_lines[wrapped].text).replace(" ", "")
        self.segs.append(_Seg(ln.start, "plan", "", None, heading))
        return (wrapped if wrapped is not None else i) + 1

    def clause(self, ln: Line) -> None:
        """A labelled clause (its label and heading as printed), or a 款 of the article above."""
        segs = self.segs
        lab = label_of(ln.key)
        if lab is not None:
            kind, label, number = lab
            # the label's display text as printed
            offset = len(ln.text) - len(ln.text.lstrip())
            printed = ln.text[offset : offset + len(label)].strip()
            shown = ln.text.strip()
            heading = strip_wrap_spaces(heading_after(shown[len(label) :], kind))
            segs.append(_Seg(ln.start, kind, printed or label, number, heading))
        elif segs[-1].kind == "article" or (segs[-1].kind == "paragraph" and segs[-1].level[0] == "article"):
            # 款: the article's first paragraph is its own text, the next ones are 款 2, 3, …
            number = 2 if segs[-1].kind == "article" else (segs[-1].number or 1) + 1
            segs.append(_Seg(ln.start, "paragraph", "", number, level=("article", 0)))


_PLAN_WORD = re.compile(r"方案|计划|分解|分工|清单|要点|任务|安排|措施|责任|台账")


def _title_like(key: str) -> bool:
    return label_of(key) is None and not DATE_LINE.match(key) and len(key) <= 80 and key[-1] not in TERMINAL \
        and "\t" not in key and "|" not in key and not _P_LIST_PUNCT.search(key) \
        and _P_FOUR_HAN.search(key) is not None and not re.fullmatch(r"[(（].*[)）]", key)


def _line_start(ln: Line) -> int:
    return ln.start


def _first_line(lines: list[Line], start: int) -> int:
    """Index of the first line that ends after ``start`` (binary search over lines in order)."""
    lo, hi = 0, len(lines)
    while lo < hi:
        mid = (lo + hi) // 2
        if lines[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _next_is_body(doc_lines: list[Line], i: int) -> bool:
    """The line after a plan title: a paragraph, a numbered clause, or a table's header (序号) — the next line
    printed, however many blank lines (a Word file's empty paragraphs) stand between."""
    for nxt in nonblank_after(doc_lines, i, 2):
        if re.fullmatch(r"[(（]共?\d+[项条个][)）]", nxt.key.replace(" ", "")):
            continue  # "(共118项)" under a task table's title
        if len(nxt.key) > 30 or label_of(nxt.key) is not None:
            return True
        # a task table under its title, printed one cell per line (序号 / 主要任务 / 责任单位 …) or as rows
        first_cell = nxt.key.split("\t", 1)[0].replace(" ", "")
        return first_cell in {"序号", "编号"} and _PLAN_WORD.search(doc_lines[i].key) is not None
    return False


def _wrapped_title(doc_lines: list[Line], i: int) -> int | None:
    """The index of the line that continues a title wrapped after line ``i`` (the next line printed, however
    many blank lines stand between), when the body follows it."""
    j = next((j for j in range(i + 1, len(doc_lines)) if not doc_lines[j].blank), None)
    if j is None:
        return None
    nxt = doc_lines[j]
    subtitle = re.fullmatch(r"[(（][^()（）]{1,20}[)）]", nxt.key) is not None  # (修订版), (2024—2026年)
    if len(nxt.key) <= 30 and (subtitle or _title_like(nxt.key)) and len(doc_lines[i].key) + len(nxt.key) <= 80 \
            and _next_is_body(doc_lines, j):
        return j
    return None


def _nest(text: str, segs: list[_Seg], start: int, end: int) -> Node:
    # spans: each segment runs to the next one
    segs = [s for k, s in enumerate(segs) if k == 0 or s.start > segs[0].start or s.kind != "text"]
    for k, seg in enumerate(segs):
        seg.end = segs[k + 1].start if k + 1 < len(segs) else end
    merged: list[_Seg] = []
    for seg in segs:
        if merged and (seg.end <= seg.start or (seg.kind == "text" and not text[seg.start : seg.end].strip())):
            merged[-1].end = seg.end  # nothing of its own: the blank run stays with what precedes it
            continue
        merged.append(seg)
    segs = merged
    root = Node("doc", "document", start=start, end=segs[0].end if segs else end)
    root.text = text[root.start : root.end]
    stack: list[tuple[str, Node]] = [("document", root)]
    dynamic_order: list[str] = []
    used_ids: set[str] = {"doc"}
    for seg in segs[1:]:
        kind = seg.kind
        if kind in ("attachment", "plan", "signature"):
            del stack[1:]
        elif kind in ("chapter", "section", "article"):
            rank = _FIXED_RANK[kind]
            while len(stack) > 1 and _FIXED_RANK.get(stack[-1][0], 99) >= rank:
                stack.pop()
        elif kind == "paragraph":
            while len(stack) > 1 and stack[-1][0] != "article":
                stack.pop()
        elif kind in ("table", "text"):
            pass  # belongs to whatever is open
        else:
            if kind not in dynamic_order:
                dynamic_order.append(kind)
            kinds_on_stack = [k for k, _ in stack]
            if kind in kinds_on_stack:
                while stack[-1][0] != kind:
                    stack.pop()
                stack.pop()
            else:
                # a kind seen before at a higher level than what is open closes the deeper levels
                rank = dynamic_order.index(kind)
                while len(stack) > 1 and stack[-1][0] in dynamic_order and dynamic_order.index(stack[-1][0]) > rank:
                    stack.pop()
        parent = stack[-1][1]
        node = _make_node(text, seg, parent, used_ids)
        parent.children.append(node)
        if kind not in ("table", "text"):
            stack.append((kind, node))
    _split_inline_items(text, root, used_ids)
    return root


_SIBLING_IDS: dict[str, Callable[[str], re.Match[str] | None]] = {}


def _sibling_id(prefix: str) -> Callable[[str], re.Match[str] | None]:
    """The test of an id's last part for a node of ``prefix``'s kind (``p3``, ``p3-2``), compiled once."""
    test = _SIBLING_IDS.get(prefix)
    if test is None:
        test = _SIBLING_IDS[prefix] = re.compile(rf"{prefix}\d+(?:-\d+)?").fullmatch
    return test


def _make_node(text: str, seg: _Seg, parent: Node, used: set[str]) -> Node:
    prefix = _ID_PREFIX.get(seg.kind, "d" if seg.kind.startswith("decimal") else "n")
    if seg.number is not None:
        suffix = str(seg.number)
    else:  # counted among the siblings of its own kind, so that a signature does not renumber the plan
        own_kind = _sibling_id(prefix)
        same = sum(1 for c in parent.children if own_kind(c.id.rsplit("/", 1)[-1]))
        suffix = str(same + 1)
    base = f"{parent.id}/{prefix}{suffix}" if parent.id != "doc" else f"{prefix}{suffix}"
    node_id = base
    k = 2
    while node_id in used:
        node_id = f"{base}-{k}"
        k += 1
    used.add(node_id)
    kind = "item" if seg.kind.startswith("decimal") else _KIND_NAME.get(seg.kind, seg.kind)
    if seg.kind == "text":
        kind = "paragraph"
    node = Node(node_id, kind, seg.label, seg.number, seg.heading, text[seg.start : seg.end], seg.start, seg.end,
                table=seg.table)
    if seg.table is not None:
        seg.table.start, seg.table.end = seg.start, seg.end
    return node


def _split_inline_items(text: str, root: Node, used: set[str]) -> None:
    """``一是…二是…三是…`` inside a paragraph become item children (when at least two in order)."""
    for node in list(root.walk()):
        if node.kind == "table" or "是" not in node.text:
            continue
        own = fold(node.text)
        hits = []
        expected = 1
        for m in INLINE_ITEM.finditer(own):
            value = cn_int(m.group(1))
            if value == expected and (m.start() == 0 or own[m.start() - 1] in "。；;，,:：\n ）)"):
                hits.append((m.start(), m.group(0), value))
                expected += 1
        if len(hits) < 2:
            continue
        items = []
        for k, (pos, label, value) in enumerate(hits):
            a = node.start + pos
            b = node.start + hits[k + 1][0] if k + 1 < len(hits) else node.end
            item_id = f"{node.id}/i{value}"
            used.add(item_id)
            items.append(Node(item_id, "item", label, value, "", text[a:b], a, b))
        node.end = node.start + hits[0][0]
        node.text = text[node.start : node.end]
        node.children = items + node.children
