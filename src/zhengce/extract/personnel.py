"""Extract: personnel events (任, 免, 挂职) from appointment notices as structured records.

The grammar of a decision clause (``；`` or a line ends it)::

    NAMES同志任POST[（试用期一年）][，免去其POST职务]
    NAMES同志挂职任POST[，挂职时间两年]
    [任命]NAMES同志为POST
    免去NAMES同志[的]POST职务

NAMES is one name or several joined by ``、``; each gets its own record. A post is split into the
organisation and the title, the last job word with its annotations: ``市公安局治安管理支队`` +
``支队长（副处级）``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zhengce.parse.model import Document
from zhengce.text.normalise import fold, folded_text

NAME = r"[\u4e00-\u9fff·]{2,4}"
NAMES = rf"{NAME}(?:[、,]{NAME})*"
ANNOT = r"(?:[(（][^()（）]{1,20}[)）])"
TITLES = (
    "局长|主任|处长|科长|督查专员|专员|总经济师|总工程师|总会计师|总规划师|总畜牧师|总农艺师|秘书长|支队长|大队长|中队长|"
    "所长|院长|馆长|站长|校长|园长|队长|台长|总编辑|场长|书记|主席|部长|委员|调研员|理事长|董事长|总经理|经理|"
    "县长|市长|州长|区长|镇长|乡长|主任科员|干事|团长|社长|行长|检察长|庭长|审判员"
)
_TITLE = rf"(?:常务|专职|兼职|第一)?副?(?:{TITLES}){ANNOT}*"
TITLE_AT_END = re.compile(rf"(?P<title>{_TITLE}(?:兼(?:{TITLES}|.{{1,12}}?(?:{TITLES})){ANNOT}*)*)$")
APPOINT = re.compile(
    rf"^(?:任命)?(?P<names>{NAMES})同志(?P<second>挂职)?(?:任|为|担任)(?P<post>[^,;。；，]+?)"
    rf"(?:[,，]\s*免去其(?P<old>[^,;。；，]+?)职务)?(?:[,，]\s*挂职时间(?P<term>[^,;。；，]+))?[;；。]?$"
)
REMOVE = re.compile(rf"^免去(?P<names>{NAMES})同志的?(?P<post>[^;。；]+?)职务[;；。]?$")
PROBATION = re.compile(r"[(（](?P<p>试用期[^()（）]*)[)）]")
PERSONNEL_TITLE = re.compile(r"任免|任职|免职|挂职|聘任|职务|人事")


@dataclass(slots=True)
class PersonnelEvent:
    person: str
    event: str  # appoint | remove | second (挂职)
    post: str
    org: str
    title: str
    probation: str | None
    term: str | None
    text: str
    start: int
    end: int
    source: str = ""
    doc_number: str | None = None
    issuer: str | None = None
    signed: str | None = None

    def record(self) -> dict[str, Any]:
        return {"source": self.source, "doc_number": self.doc_number, "issuer": self.issuer, "signed": self.signed,
                "person": self.person, "event": self.event, "post": self.post, "org": self.org, "title": self.title,
                "probation": self.probation, "term": self.term, "text": self.text,
                "span": {"start": self.start, "end": self.end}}


@lru_cache(maxsize=4096)
def split_post(post: str) -> tuple[str, str, str | None]:
    """(organisation, title, probation) of a post such as ``市公安局副局长（试用期一年）``: read once per process
    (a pure function; the same posts come back in notice after notice, and TITLE_AT_END tries every position)."""
    probation = PROBATION.search(post)
    bare = PROBATION.sub("", post).strip() if probation else post.strip()
    m = TITLE_AT_END.search(bare)
    if m is None or m.start() == 0:
        return "", bare, probation.group("p") if probation else None
    return bare[: m.start()], m.group("title"), probation.group("p") if probation else None


_CLAUSE = re.compile(r"[^;；。\n]+[;；。]?")  # a decision clause: up to ；, 。 or a line's end
_NAME_GAP = re.compile(r"[、,]")


def find_personnel(text: str, folded: str | None = None) -> list[PersonnelEvent]:
    """Personnel events in ``text`` (offsets relative to it); ``folded`` is ``fold(text)`` when the caller has it."""
    out: list[PersonnelEvent] = []
    if folded is None:
        folded = fold(text)
    if "同志" not in folded:
        return out  # no clause can be a decision
    for m in _CLAUSE.finditer(folded):
        if "同志" not in m.group(0):  # what APPOINT and REMOVE both hold: a clause without it is no decision
            continue
        clause = m.group(0).strip()
        lead = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        span_text = text[lead : lead + len(clause)]
        a = APPOINT.match(clause)
        r = REMOVE.match(clause) if a is None else None
        if a:
            org, title, probation = split_post(a.group("post"))
            for person in _NAME_GAP.split(a.group("names")):
                out.append(PersonnelEvent(person, "second" if a.group("second") else "appoint",
                                          PROBATION.sub("", a.group("post")), org, title, probation, a.group("term"),
                                          span_text, lead, lead + len(clause)))
                if a.group("old"):
                    old_org, old_title, _ = split_post(a.group("old"))
                    out.append(PersonnelEvent(person, "remove", a.group("old"), old_org, old_title, None, None,
                                              span_text, lead, lead + len(clause)))
        elif r:
            org, title, _ = split_post(r.group("post"))
            for person in _NAME_GAP.split(r.group("names")):
                out.append(PersonnelEvent(person, "remove", r.group("post"), org, title, None, None, span_text, lead,
                                          lead + len(clause)))
    return out


def extract_personnel(doc: Document, text: str) -> list[PersonnelEvent]:
    """Personnel events of an appointment notice (任免, 挂职 …); nothing for other documents."""
    if not doc.title or not PERSONNEL_TITLE.search(doc.title):
        return []
    body_start = doc.body_start or doc.start
    events = find_personnel(text[body_start : doc.end], folded_text(text)[body_start : doc.end])
    for e in events:
        e.start += body_start
        e.end += body_start
        e.source = doc.source
        e.doc_number = doc.doc_number.text if doc.doc_number else None
        e.issuer = doc.issuer
        e.signed = doc.signed.isoformat() if doc.signed else None
    return events
