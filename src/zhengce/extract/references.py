"""Extract: references to other documents, by 发文字号 and by 《title》, resolved to known documents.

Forms: ``《湖南省…的通知》（湘政发〔2024〕6号）`` (title and number), a bare ``湘政办函〔2023〕12号``,
a bare ``《湖南省科学技术进步条例》`` (a law or document by title), and standards such as
``（GB/T 29490-2013）``. The document's own number and the title of the plan it issues are not
references. Resolution compares numbers exactly and titles after folding, also against the plan
title inside ``关于印发《…》的通知``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zhengce.parse.model import Document
from zhengce.text.anchored import Anchored
from zhengce.text.lexicon import DOC_NUMBER, DOC_NUMBER_SCAN, issued_title
from zhengce.text.normalise import fold, folded_text, squash

TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
STANDARD = re.compile(r"\b(?:GB|GB/T|GB/Z|DB\d{2}(?:/T)?|HJ|JGJ|CJJ|[A-Z]{2}/T)\s*\d+(?:\.\d+)?(?:[-—]\d{4})?")
STANDARD_SCAN = Anchored(STANDARD, r"[A-Z]", back=0)  # every standard's code opens with a capital
# a number or a standard in brackets right after a 《title》
NUMBER_AFTER = re.compile(rf"\s*[(（]\s*({DOC_NUMBER.pattern})\s*(?:文件?\s*)?[)）]")
# … or opening a bracket that goes on (《…》（湘政发〔2023〕4号，以下简称《办法》）, （…4号、湘政办发…）): the title's
# number when nothing stands before it in the bracket
NUMBER_OPENING = re.compile(rf"\s*[(（]\s*({DOC_NUMBER.pattern})(?=\s*[，,、；;])")
# the short name a text gives what it cites, in the bracket after it: （以下简称《条例》）; a later 《条例》 is
# that document
SHORT_NAME = re.compile(r"\s*[(（，,；;]\s*以下(?:简称|称)\s*[:：]?\s*《([^《》]+)》")
# or beside it in the next cell of a table row (《…的通告》<tab>冷政函〔2017〕46号): only spaces between, and a code
# with no words before it (a 《title》 then "和湘政发〔…〕" names two documents)
NUMBER_BESIDE = re.compile(rf"[ \t\u3000]+({DOC_NUMBER.pattern})")
STANDARD_AFTER = re.compile(rf"\s*[(（]\s*({STANDARD.pattern})\s*[)）]")
# A 文号 in running text: the grammar's agency part takes every character before the bracket (up to 12), so
# "各单位按南政办发〔2024〕12号" reads 各单位按南政办发. GB/T 9704's 发文机关代字 is the agency's short code — a
# place initial, an organ's abbreviation, often a kind last (南政办发, 湘政发, 国办发, 财农, 州发改, 湘发改环资) —
# made of abbreviation characters, never of the words of a sentence. The code therefore starts after the last
# word of running text: a verb that introduces a basis or a handling (执行, 落实, 转发, 印发 …; 根据 / 依照 / 按照
# / 参照 / 详见 end in a one-character word) or a function word (的, 及, 与, 按, 见, 各, 为 …) — none of them
# ever part of a code.
PROSE_BEFORE_CODE = re.compile(
    r"^.*(?:执行|落实|贯彻|遵守|遵循|转发|印发|下发|制发|结合|废止|撤销|修订|同意|批准|文件|要求|规定|精神|通知|单位|"
    r"部门|关于|[按据照见的及与或并等之以对为是把被在向了其该此各请要须均已予给就所而且也还则由])"
)
# Characters that are words of a sentence (和, 经, 依, 将, 即 …) and also a place's initial (和平区 和政发, 依兰县
# 依政办发, 将乐县 将政): such a character opening the run is the code's place initial when the organ follows it
# (政/府/办/委 …), else a word before a code (和湘政发 → 湘政发, 经国办发 → 国办发). Inside a run it is part of the
# code (农经发, 湘经信发).
WORD_OR_PLACE = "和将于从本经依即"
ORGAN_AFTER_PLACE = "政府办委发函字规"
# A code is short: a run still longer than CODE_LONGEST after the cut holds words no list foresees (法制机构鲁政发,
# 各单位南政办发); its code is the tail that opens with a place initial and the government or an office after it.
CODE_LONGEST = 6
PLACE_AND_ORGAN = re.compile(r"[^政府办委市省县区][政府办委][\u4e00-\u9fff]{0,4}$")
# what a 《》 also names that is not a document: contracts, forms, certificates, letters to one person
NOT_A_DOCUMENT = re.compile(r"(?:合同|协议|协议书|确认书|承诺书|告知书|申请书|申请表|登记表|审批表|明细表|一览表|"
                            r"证书|许可证|营业执照|回执|报名表|调查表|委托书)$")


@dataclass(slots=True)
class Reference:
    kind: str  # document | law | standard
    text: str
    start: int
    end: int
    title: str | None = None
    doc_number: str | None = None
    source: str = ""
    from_doc_number: str | None = None
    resolved: dict[str, Any] | None = None

    def record(self) -> dict[str, Any]:
        return {"source": self.source, "from_doc_number": self.from_doc_number, "kind": self.kind,
                "title": self.title, "doc_number": self.doc_number, "text": self.text,
                "resolved": self.resolved, "span": {"start": self.start, "end": self.end}}


@lru_cache(maxsize=4096)
def agency_code(run: str) -> str:
    """The 发文机关代字 in ``run``, the Chinese characters before a 文号's bracketed year (see PROSE_BEFORE_CODE);
    read once per process (a pure function, asked twice per 文号, and the same runs come back: 湘政发, 国办发)."""
    code = PROSE_BEFORE_CODE.sub("", run)
    if len(code) > 2 and code[0] in WORD_OR_PLACE and code[1] not in ORGAN_AFTER_PLACE:
        code = code[1:]
    tail = PLACE_AND_ORGAN.search(code) if len(code) > CODE_LONGEST else None
    return tail.group(0) if tail else code


def _number(match: re.Match[str]) -> str:
    return f"{agency_code(match.group('agency'))}〔{match.group('year')}〕{int(match.group('serial'))}号"


def _number_after(after: str) -> re.Match[str] | None:
    """The 文号 printed right after a 《title》 (``after``: the text that follows it), in brackets or beside it."""
    closed = NUMBER_AFTER.match(after)
    if closed:
        return closed
    m = NUMBER_OPENING.match(after) or NUMBER_BESIDE.match(after)
    return m if m and agency_code(m.group("agency")) == m.group("agency") else None


def _titled(text: str, start: int, end: int, title: str, num: re.Match[str] | None,
            std: re.Match[str] | None) -> Reference | None:
    """The reference a 《title》 makes, with the number or standard printed after it; None for what a 《》 also
    names that is not a document (NOT_A_DOCUMENT)."""
    if num:
        inner = DOC_NUMBER.search(num.group(1))
        return Reference("document", text[start:end], start, end, title=title,
                         doc_number=_number(inner) if inner else None)
    if std:
        return Reference("standard", text[start:end], start, end, title=title,
                         doc_number=re.sub(r"\s+", "", std.group(1)))
    if NOT_A_DOCUMENT.search(fold(title)):
        return None
    return Reference("law" if re.search(r"(?<!办)法$|条例$", title) else "document", text[start:end], start, end,
                     title=title)


# a title squashed once per process: a document's own titles are asked for each of its extractors, and the same
# laws and plans are cited in document after document
_title_key = lru_cache(maxsize=4096)(squash)


def find_references(text: str, own_titles: Iterable[str] = (), own_number: str | None = None,
                    folded: str | None = None) -> list[Reference]:
    """References in ``text`` (offsets relative to it), in order; ``folded`` is ``fold(text)`` when the caller
    has it (a slice of ``folded_text``)."""
    t = folded if folded is not None else fold(text)
    own = {_title_key(x) for x in own_titles if x}
    out: list[Reference] = []
    used = bytearray(len(t))  # 1 where a 《title》 and the number or standard after it stand
    short: dict[str, Reference | None] = {}  # a short name given in the text → what it stands for (None: itself)
    for m in TITLE.finditer(t):
        if used[m.start()]:
            continue  # the short name being given: （以下简称《条例》）
        title = re.sub(r"\s+", "", text[m.start() + 1 : m.end() - 1])
        after = t[m.end() : m.end() + 40]
        num = _number_after(after)
        std = STANDARD_AFTER.match(after)
        end = m.end() + (num.end() if num else std.end() if std else 0)
        used[m.start() : end] = b"\x01" * (end - m.start())
        key = _title_key(title)
        if key in short:
            named = short[key]
            if named is not None:
                out.append(Reference(named.kind, text[m.start() : end], m.start(), end, title=named.title,
                                     doc_number=named.doc_number))
            continue
        ref = _titled(text, m.start(), end, title, num, std)
        if ref is None or (ref.doc_number or "") == own_number or (not num and not std and key in own):
            ref = None  # a contract or a form, or the document itself
        else:
            out.append(ref)
        given = SHORT_NAME.match(t, end)
        if given:
            short[squash(text[given.start(1) : given.end(1)])] = ref
            used[given.start(1) - 1 : given.end(1) + 1] = b"\x01" * (given.end(1) - given.start(1) + 2)
    for m in DOC_NUMBER_SCAN.finditer(t):
        if used[m.start()]:
            continue
        code = agency_code(m.group("agency"))
        number = _number(m)
        if number == own_number or not code:
            continue
        start = m.end("agency") - len(code)
        out.append(Reference("document", text[start : m.end()], start, m.end(), doc_number=number))
    for m in STANDARD_SCAN.finditer(t):
        if used[m.start()]:
            continue
        out.append(Reference("standard", text[m.start() : m.end()], m.start(), m.end(),
                             doc_number=re.sub(r"\s+", "", m.group(0))))
    return sorted(out, key=lambda r: r.start)


class DocumentIndex:
    """Known documents, looked up by 发文字号 and by folded title (also the plan a notice issues)."""

    def __init__(self, docs: Iterable[tuple[str, Document]] = ()) -> None:
        self.by_number: dict[str, dict[str, Any]] = {}
        self.by_title: dict[str, dict[str, Any]] = {}
        for source, doc in docs:
            self.add(source, doc)

    def add(self, source: str, doc: Document) -> None:
        entry = {"source": source, "ordinal": doc.ordinal, "doc_number": doc.doc_number.text if doc.doc_number
                 else None, "title": doc.title}
        self.add_entry(entry, titles_of(doc))

    def add_entry(self, entry: dict[str, Any], titles: Iterable[str] | None = None) -> None:
        """Index one document by its number and titles (a stored document: its title and the plan it issues)."""
        if entry.get("doc_number"):
            self.by_number.setdefault(squash(entry["doc_number"]), entry)
        if titles is None:
            titles = [t for t in (entry.get("title"), issued_title(entry.get("title"))) if t]
        for title in titles:
            self.by_title.setdefault(squash(title), entry)

    def resolve(self, ref: Reference) -> dict[str, Any] | None:
        if ref.doc_number and squash(ref.doc_number) in self.by_number:
            return self.by_number[squash(ref.doc_number)]
        if ref.title:
            key = squash(ref.title)
            if key in self.by_title:
                return self.by_title[key]
            inner = issued_title(ref.title)
            if inner and squash(inner) in self.by_title:
                return self.by_title[squash(inner)]
        return None


def titles_of(doc: Document) -> list[str]:
    """The titles a document goes by: its own, the plan its 关于印发《…》的通知 issues, its plans' and
    attachments' headings — what its references to itself are, and what other documents cite it by."""
    titles = [t for t in (doc.title, issued_title(doc.title)) if t]
    if doc.tree is not None:
        titles.extend(n.heading for n in doc.tree.children if n.kind in {"plan", "attachment"} and n.heading)
    return titles


def extract_references(doc: Document, text: str, index: DocumentIndex | None = None) -> list[Reference]:
    """References made in the body of one document, resolved against ``index`` when given."""
    body_start = doc.body_start or doc.start
    own_number = doc.doc_number.text if doc.doc_number else None
    refs = find_references(text[body_start : doc.end], titles_of(doc), own_number,
                           folded_text(text)[body_start : doc.end])
    for ref in refs:
        ref.start += body_start
        ref.end += body_start
        ref.source = doc.source
        ref.from_doc_number = own_number
        if index is not None:
            ref.resolved = index.resolve(ref)
    return refs
