"""Plain data classes that flow between the pipeline's stages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from zhengce.parse.pagemap import SourceLayout
from zhengce.text.lexicon import DocNumber, RegCode


@dataclass(slots=True)
class Attachment:
    label: str  # 附件1
    title: str
    node_id: str | None = None


@dataclass(slots=True)
class Validity:
    effective_from: date | None = None
    expires_on: date | None = None
    text: str = ""
    start: int = 0  # offsets of the sentence that states it, in the display text
    end: int = 0
    reading: str | None = None  # when the dates are read from something else than a stated term, which reading


@dataclass(slots=True)
class Gazette:
    name: str | None = None
    year: int | None = None
    issue: str | None = None  # "3", "7-8"


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    header_rows: int = 1
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Node:
    """One node of a document's clause tree. ``start``/``end`` is the node's *own* span."""

    id: str
    kind: str  # document, part, chapter, section, article, paragraph, item, attachment, table
    label: str = ""
    number: int | None = None
    heading: str = ""
    text: str = ""
    start: int = 0
    end: int = 0
    children: list[Node] = field(default_factory=list)
    table: Table | None = None

    def walk(self):  # type: ignore[no-untyped-def]
        """This node and every node under it, in document order (depth first, parents before children): a
        stack, not a generator per node (a tree of 100 nodes was 100 nested generators, each level of
        nesting passing every node on)."""
        stack = [self]
        pop, push = stack.pop, stack.extend
        while stack:
            node = pop()
            yield node
            if node.children:
                push(reversed(node.children))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.table is not None:
            out["table"] = {"rows": self.table.rows, "header_rows": self.table.header_rows}
        out["children"] = [c.to_dict() for c in self.children]
        return out


class NodeLocator:
    """Finds the node whose own span holds a stretch of text: for extractors that scan a whole document."""

    _last: tuple[Node, list[Node], list[int]] | None = None  # the last tree's nodes: extractors ask in turn

    def __init__(self, tree: Node) -> None:
        last = NodeLocator._last
        if last is not None and last[0] is tree:  # a tree is not changed once built (kept alive by the reference)
            self.nodes, self.starts = last[1], last[2]
            return
        self.nodes = sorted((n for n in tree.walk() if n.end > n.start), key=lambda n: n.start)
        self.starts = [n.start for n in self.nodes]
        NodeLocator._last = (tree, self.nodes, self.starts)

    def locate(self, start: int, end: int) -> Node | None:
        """The node whose own span contains [start, end), or None when it crosses a boundary."""
        from bisect import bisect_right

        k = bisect_right(self.starts, start) - 1
        if k < 0:
            return None
        node = self.nodes[k]
        return node if end <= node.end else None


@dataclass(slots=True)
class Interpretation:
    """A policy interpretation (解读) printed after the document it explains."""

    author: str
    title: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Document:
    source: str
    ordinal: int
    start: int
    end: int
    issuer: str | None = None
    title: str | None = None
    kind: str | None = None
    doc_number: DocNumber | None = None
    reg_code: RegCode | None = None
    signed: date | None = None  # the signing date the document prints (signature or date line)
    published: date | None = None
    page_signed: date | None = None  # the 成文日期 only the page's metadata states (the document prints none)
    recipients: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    validity: Validity | None = None
    gazette: Gazette | None = None
    line_start: int = 0
    line_end: int = 0
    body_start: int = 0  # where the header ends
    tree: Node | None = None
    interpretations: list[Interpretation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    stated_status: str | None = None  # valid | expired | repealed, as the page states it (有效性, 失效 label)
    stated_status_text: str | None = None  # the statement as printed
    own_title: bool = True  # False: a notice printed without a title, named after the plan it issues

    @property
    def year(self) -> int | None:
        """The document's year, the one every stage uses: of its signing date (printed, else the page's),
        else of its publication date, else of its 发文字号."""
        dated = self.signed or self.page_signed or self.published
        return dated.year if dated else self.doc_number.year if self.doc_number else None

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        out = {
            "source": self.source,
            "ordinal": self.ordinal,
            "issuer": self.issuer,
            "title": self.title,
            "kind": self.kind,
            "doc_number": (self.doc_number.printed or self.doc_number.text) if self.doc_number else None,
            "doc_number_parts": _flat(self.doc_number) if self.doc_number else None,
            "reg_code": (self.reg_code.printed or self.reg_code.text) if self.reg_code else None,
            "reg_code_parts": _flat(self.reg_code) if self.reg_code else None,
            "signed": self.signed.isoformat() if self.signed else None,
            "published": self.published.isoformat() if self.published else None,
            "page_signed": self.page_signed.isoformat() if self.page_signed else None,
            "recipients": self.recipients,
            "attachments": [_flat(a) for a in self.attachments],
            "validity": _validity_dict(self.validity),
            "gazette": _flat(self.gazette) if self.gazette else None,
            "span": {"start": self.start, "end": self.end},
            "lines": {"start": self.line_start, "end": self.line_end},
            "interpretations": [
                {"author": i.author, "title": i.title, "start": i.start, "end": i.end}
                | ({"text": i.text} if with_text else {})
                for i in self.interpretations
            ],
            "warnings": self.warnings,
        }
        if self.stated_status_text:
            out["stated_status"] = {"status": self.stated_status, "text": self.stated_status_text}
        if with_text:
            out["tree"] = self.tree.to_dict() if self.tree else None
        return out


def _flat(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` of a dataclass whose fields hold strings, numbers or None (a 文号, an attachment):
    the same dict without asdict's recursion and deep copies, which cost a tenth of a document's JSON."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _validity_dict(v: Validity | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "effective_from": v.effective_from.isoformat() if v.effective_from else None,
        "expires_on": v.expires_on.isoformat() if v.expires_on else None,
        "text": v.text,
        "reading": v.reading,
    }


@dataclass(slots=True)
class TocEntry:
    """One entry of a gazette's table of contents (目录)."""

    title: str
    doc_number: str | None
    reg_code: str | None
    page: int | None


@dataclass(slots=True)
class ParsedSource:
    """One input file: its texts and the documents found in it."""

    name: str
    format: str
    encoding: str | None
    original: str
    text: str  # display text; all offsets of documents and nodes refer to it
    documents: list[Document]
    gazette: Gazette | None = None
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""
    toc: list[TocEntry] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offsets of text where page k + 1 begins (laid-out files)
    layout: SourceLayout | None = None  # pages and the boxes of runs of text (laid-out files), stored by ingest

    def page_of(self, offset: int) -> int | None:
        """The page (1-based) that the character at ``offset`` of the display text was printed on, for a file
        with pages (PDF, OFD); None for one without."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))
