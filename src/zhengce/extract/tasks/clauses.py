"""Tasks: the task of one clause — the tag that ends it (or its first paragraph) or the unit lines after it,
and whether the clause or its tag was cut off at the end of an excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhengce.extract.tasks.model import Assignment, Task, container_of, parents_of, placed
from zhengce.extract.tasks.tags import NOT_LISTED_AGAIN, ROLE_WORDS, labelled_block, parse_tag, tag_group
from zhengce.extract.tasks.unitnames import BARE_LEVEL, UNIT_END, as_printed
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, folded_text


def task_at_node(doc: Document, text: str, node: Node, path: list[Node], first_leads: int | None = None
                  ) -> Task | None:
    if node.kind not in {"item", "article", "paragraph"} or node.table is not None:
        return None
    items = [c for c in node.children if c.kind == "item" and c.label.endswith("是")]
    end = items[-1].end if items else node.end
    return task_at(doc, text, node, end, path, first_leads)



def runs_off(text: str, end: int) -> bool:
    """A clause that runs to the very end of an excerpt and stops mid-sentence: its responsibility was cut away."""
    if len(text) - end > 200 or text[end:].strip():
        return False  # (bounded slices: called for many clauses, it must stay linear)
    k = end - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k] not in "。；;!！?？)）〕]】”\""


_NON_SPACE = re.compile(r"\S")


def _cut_off(text: str, tag_end: int, assignments: list[Assignment]) -> bool:
    """A tag that runs to the very end of an excerpt and ends in a bare place (``…，各区``) was cut off there."""
    # (anything but white space after the tag: looked for from the tag on, not by copying the rest of the source)
    if _NON_SPACE.search(text, tag_end) or text.endswith(("\n", "。", ")", "）")) or not assignments:
        return False
    last = assignments[-1].unit
    return bool(BARE_LEVEL.match(last)) or not UNIT_END.search(last)


_LINE_END_AFTER_TAG = re.compile(r"(?<=[)）〕\]。；;])[ \t\u3000]*\n")
_TIME_GROUP = re.compile(
    r"(?:完成时限|时限|时间)?[:：]?[^()（）]{0,14}(?:年|月|日|底|前|季度|持续|长期|常态)[^()（）]{0,6}")


def may_hold_tag(folded: str) -> bool:
    """Whether a clause can end in a tag at all: every tag ``tag_group`` finds opens with a bracket (a balanced
    group, or a round bracket left open) — most clauses print none and are answered by four scans in C."""
    return "(" in folded or "（" in folded or "〔" in folded or "[" in folded


def _tag_at_a_line_end(folded: str, leads_first: bool) -> tuple[int, int, list[Assignment]] | None:
    """The tag that ends the clause, or else the first paragraph of it (a note or a closing paragraph may follow)."""
    if not may_hold_tag(folded):
        return None

    def ends() -> Iterator[int]:
        yield len(folded)
        if "\n" in folded.rstrip():
            yield from (m.start() for m in _LINE_END_AFTER_TAG.finditer(folded))

    for k, end in enumerate(ends()):
        group = tag_group(folded[:end])
        if group is not None and _TIME_GROUP.fullmatch(folded[group[0] + 1 : group[1]].strip()):
            group = tag_group(folded[: group[0]])  # "(X牵头)(2025年底前)": the tag before the date
        if group is None:
            continue
        if k > 0 and folded[: group[0]].rstrip()[-1:] not in "。；;!！?？":
            continue  # inside a clause only a tag after a sentence counts, not a name's bracket (街道办事处)
        inner = folded[group[0] + 1 : group[1]]
        if not ROLE_WORDS.search(inner) and UNIT_END.search(folded[: group[0]].rstrip()[-12:]):
            continue  # "各镇政府(街道办事处)": a bare bracket after a body's name is its other name, not a tag
        found = parse_tag(inner, leads_first)
        if found is not None:
            return group[0], group[2], found
    return None


def task_at(doc: Document, text: str, node: Node, end: int, path: list[Node], first_leads: int | None = None
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
    container = container_of(path)
    tag_printed = paragraph[g0:g1]
    return Task(
        **placed(doc, container, node),
        number=fold(node.label).replace(" ", ""),
        text=text[body_start : node.start + text_end].strip(),
        tag=tag_printed,
        start=body_start,
        end=node.start + text_end,
        tag_start=node.start + g0,
        tag_end=node.start + g1,
        assignments=assignments,
        applies_to_following=bool(NOT_LISTED_AGAIN.search(inner)),
        parents=parents_of(path),
    )
