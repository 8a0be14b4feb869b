"""Tasks: the task record, its units by role, and where it stands in its plan (plan, parent sections, part,
numbering family).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from zhengce.parse.model import Node
from zhengce.text.normalise import fold


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


def container_of(path: list[Node]) -> Node | None:
    for node in reversed(path):
        if node.kind in {"plan", "attachment"}:
            return node
    return None


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
