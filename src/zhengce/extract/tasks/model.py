"""Tasks: the task record, its units by role, and where it stands in its plan (plan, parent sections, part,
numbering family).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, strip_wrap_spaces


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
        # (of the first line only: no character folds to or across a line break, so it is the same line)
        body = unicodedata.normalize("NFKC", self.text.split("\n", 1)[0])
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


def placed(doc: Document, container: Node | None, node: Node) -> dict[str, Any]:
    """What every task takes from where it stands: its file, the document's 文号, its plan (the plan or attachment
    ``container`` it stands in, else the document's title), its clause's id and heading."""
    return {"source": doc.source, "doc_number": doc.doc_number.text if doc.doc_number else None,
            "plan": (container.heading if container else doc.title) or "", "node_id": node.id,
            "heading": node.heading}


def container_of(path: list[Node]) -> Node | None:
    for node in reversed(path):
        if node.kind in {"plan", "attachment"}:
            return node
    return None


_PLAN_WORD = re.compile(r"方案|计划|分解|分工|清单|要点|任务|安排|措施|责任|台账|规划|纲要|意见|办法|目标")
_NOT_A_TITLE = re.compile(r"[，,。；;:：!！?？|\t]|^[【\[(（〔].*[】\])）〕]$")  # a sentence, or a label: 【推进措施】


def headless_plan(doc: Document, text: str) -> str:
    """The plan of a document printed without a header (a news page that carries a task breakdown): the
    title line just above its first numbered heading, when it names a plan (…目标任务分解, …实施方案);
    else the document's title."""
    root = doc.tree
    if doc.title or root is None or not root.children or not root.children[0].label:
        return doc.title or ""
    own = text[root.start : root.children[0].start].rstrip().rsplit("\n", 1)[-1].strip().strip("《》〈〉")
    if 6 <= len(own) <= 80 and not _NOT_A_TITLE.search(own) and _PLAN_WORD.search(own):
        return strip_wrap_spaces(own)
    return ""


def parents_of(path: list[Node]) -> list[tuple[str, str]]:
    """(label, heading) of the sections between the plan (or attachment) and the task."""
    out: list[tuple[str, str]] = []
    for node in reversed(path):
        if node.kind in {"plan", "attachment", "document"}:
            break
        out.append((fold(node.label).replace(" ", ""), node.heading))
    return out[::-1]


def part_of(path: list[Node]) -> Node:
    """The part a task belongs to: the top-level section of its plan, or the plan itself."""
    for k in range(len(path) - 1, -1, -1):
        if path[k].kind in {"plan", "attachment", "document"}:
            return path[k + 1] if k + 1 < len(path) else path[k]
    return path[0]


def family_of(label: str) -> str:
    """The numbering style of a label: 一、 (一) 1. (1) ① … with the number itself blanked."""
    return re.sub(r"[0-9]+|[一二三四五六七八九十百零〇]+|[①-⑳]", "N", fold(label).replace(" ", ""))
