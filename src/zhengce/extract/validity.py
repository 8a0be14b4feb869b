"""Extract: the events that change a document's legal status, and its status on any date.

Events come from later documents:

* a sentence that repeals or replaces earlier documents — ``永政发〔2021〕9号文件同时废止``,
  ``《…预案》（江政办发〔2021〕3号）同时废止``, ``…不再执行`` — takes effect when the repealing document does
  (its ``自…起施行`` date, else its signing date);
* a cleanup announcement (规范性文件清理结果): each row of its 继续有效 / 失效 / 废止 tables, with the title,
  文号 and 统一登记号 of the row, takes effect on the announcement's date (a document whose own
  period ended earlier lapsed then, as such announcements say).

A cleanup announcement may also say that the normative documents its issuer (and the issuer's
office) made before a cut-off date and that are on none of its lists no longer apply: a ``sweep``
event with that cut-off and issuer, applied to each such document when its status is asked for.

A target is named by 文号, registration code or title; it is matched to stored documents when the
status is asked for, so that the order of ingestion does not matter and documents known only by
reference are kept.

Status on a date: 已废止 (repealed) or 已失效 (expired) by an event in force on that date, 尚未生效
before the effective date, 已失效 after the expiry date, 现行有效 when a date is known and none of
these applies, 未标注 otherwise — always with the clause or event it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zhengce.extract.references import find_references, titles_of
from zhengce.parse.model import Document, NodeLocator
from zhengce.text.lexicon import DATE_ANY, parse_date, parse_doc_number, parse_reg_code
from zhengce.text.normalise import fold, folded_text, squash

STATUS_NAMES = {"pending": "尚未生效", "valid": "现行有效", "expired": "已失效", "repealed": "已废止",
                "unknown": "未标注"}
EVENT_NAMES = {"repeal": "废止", "expire": "宣布失效", "continue": "继续有效", "amend": "修改",
               "sweep": "未列入清理目录，不再执行",
               # a status the page states about the document itself (有效性: 失效, 此件已于…宣布废止)
               "stated_repeal": "页面载明已废止", "stated_expire": "页面载明已失效", "stated_valid": "页面载明现行有效"}
STATED_KINDS = {"repealed": "stated_repeal", "expired": "stated_expire", "valid": "stated_valid"}
# how status_on reads an event: a stated status as the event of the same effect
_EFFECT = {"stated_repeal": "repeal", "stated_expire": "expire", "stated_valid": "continue"}
# the kinds status_on reads: those that end a document (the earliest in force decides) and those that confirm it
# (the latest dated one decides); a list's statuses read only these (``zhengce.library.records``)
ENDING_KINDS = tuple(k for k in EVENT_NAMES if _EFFECT.get(k, k) in {"repeal", "expire", "sweep"})
CONFIRMING_KINDS = tuple(k for k in EVENT_NAMES if _EFFECT.get(k, k) == "continue")
REPEAL = re.compile(r"(?:同时|予以|一并|宣布)?(?:废止|作废|停止执行|不再执行)")
AMEND = re.compile(r"作(?:如下|以下)?(?:修改|修订)|(?:修改|修订)(?:如下|为)|关于修改")
SWEEP = re.compile(rf"(?P<cut>{DATE_ANY})\s*(?:前|以前)\s*(?:制定|印发|发布|出台)的(?:行政)?规范性文件[^。]*?"
                   r"(?:未列入|没有列入|未纳入)[^。]*?(?:不再执行|停止执行|失效|废止)")
# a word that every match of REPEAL and of AMEND contains: a cheap first look at a sentence
EVENT_WORDS = re.compile(r"废止|作废|停止执行|不再执行|修改|修订")
TABLE_KINDS = (("继续有效", "continue"), ("宣布失效", "expire"), ("失效", "expire"), ("废止", "repeal"))


@dataclass(slots=True)
class StatusEvent:
    kind: str  # repeal | expire | continue
    effective: date | None
    doc_number: str | None  # of the target, normalised
    reg_code: str | None
    title: str | None
    text: str
    start: int
    end: int
    node_id: str = ""
    cutoff: date | None = None  # a sweep: documents made before this day…
    scope: str | None = None  # …by this issuer (and its office) and on none of the lists

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "kind_name": EVENT_NAMES[self.kind],
                "effective": self.effective.isoformat() if self.effective else None,
                "doc_number": self.doc_number, "reg_code": self.reg_code, "title": self.title, "text": self.text,
                "node_id": self.node_id, "start": self.start, "end": self.end,
                "cutoff": self.cutoff.isoformat() if self.cutoff else None, "scope": self.scope}


STATED_REPEAL = re.compile(
    r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起[^。；]{0,20}?(?:废止|停止执行|不再执行)")


def _when(doc: Document) -> date | None:
    """When what a document decides takes effect: its stated effective date, else its signing date."""
    if doc.validity and doc.validity.effective_from:
        return doc.validity.effective_from
    return doc.signed or doc.published


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, a = [], start
    for m in re.finditer(r"[。；;\n]", text[start:end]):
        b = start + m.end()
        out.append((a, b))
        a = b
    if a < end:
        out.append((a, end))
    return out


def extract_events(doc: Document, text: str, locator: NodeLocator | None = None) -> list[StatusEvent]:
    """The status events a document states about other documents (``locator``: the document's, when the caller
    has built it)."""
    folded = folded_text(text)
    locator = locator or (NodeLocator(doc.tree) if doc.tree else None)
    body_start = doc.body_start or doc.start
    own = doc.doc_number.text if doc.doc_number else None
    when = _when(doc)
    cleanup = _cleanup_tables(doc)
    events = _table_events(doc, cleanup)
    covered = {(node.start, node.end) for node, _ in cleanup}
    if doc.title and AMEND.search(fold(doc.title)):
        # 关于修改《…》的决定: the documents its title names are amended when it takes effect
        for ref in find_references(doc.title, (), own):
            if ref.kind != "standard" and (ref.doc_number or ref.title):
                events.append(StatusEvent("amend", when, ref.doc_number, None, None if ref.doc_number else ref.title,
                                          doc.title, doc.start, doc.start, ""))
    spans = _sentences(text, body_start, doc.end) if EVENT_WORDS.search(folded, body_start, doc.end) else []
    for a, b in spans:
        sentence = folded[a:b]
        if not EVENT_WORDS.search(sentence):
            continue  # neither AMEND nor REPEAL can match
        if AMEND.search(sentence) and not REPEAL.search(sentence):
            refs = [r for r in find_references(text[a:b], titles_of(doc), own) if r.kind != "standard"]
            _add_amendments(events, refs, when, text[a:b].strip(), a, b, _node_id(locator, a, b))
            continue
        if not REPEAL.search(sentence) or any(s <= a < e for s, e in covered):
            continue
        if _GENERAL_CONFLICT.search(sentence):
            continue  # a general conflict clause names no document
        sweep = SWEEP.search(sentence) if cleanup else None
        if sweep:
            event = _sweep_event(doc, sweep, text[a:b].strip(), a, b, _node_id(locator, a, b))
            if event is not None:
                events.append(event)
            continue
        if cleanup and re.search(r"等\s*\d+\s*件", sentence):
            continue  # the summary of a cleanup table ("《…》等5件规范性文件废止"): the table rows are the events
        events.extend(_repeal_events(doc, text, sentence, a, b, own, when, locator))
    stated = stated_event(doc)
    if stated is not None:
        events.append(stated)
    return events


_GENERAL_CONFLICT = re.compile(r"(?:原|前|此前|以前)?(?:规定|政策)?与本(?:办法|规定|通知|意见|措施|方案)不一致的")


def _node_id(locator: NodeLocator | None, a: int, b: int) -> str:
    node = locator.locate(a, b) if locator else None
    return node.id if node else ""


def _table_events(doc: Document, cleanup: list[tuple[Any, str]]) -> list[StatusEvent]:
    """An event for each row of a cleanup announcement's tables that names a 文号 or a 登记号."""
    events: list[StatusEvent] = []
    for node, kind in cleanup:
        table = node.table
        assert table is not None
        header = [squash(c) for c in table.rows[0]] if table.rows else []
        col = {name: next((k for k, h in enumerate(header) if name in h), None) for name in ("标题", "文号", "登记号")}
        for row in table.rows[table.header_rows:]:
            def cell(name: str, row: list[str] = row, col: dict[str, int | None] = col) -> str | None:
                k = col[name]
                return row[k].strip() if k is not None and k < len(row) and row[k].strip() else None

            number, code, title = cell("文号"), cell("登记号"), cell("标题")
            parsed_number = parse_doc_number(number) if number else None
            parsed_code = parse_reg_code(code) if code else None
            if not (parsed_number or parsed_code):
                continue
            events.append(StatusEvent(kind, doc.signed or doc.published,
                                      parsed_number.text if parsed_number else None,
                                      parsed_code.text if parsed_code else None,
                                      title.strip("《》") if title else None, "\t".join(row), node.start, node.end,
                                      node.id))
    return events


def _add_amendments(events: list[StatusEvent], refs: list[Any], when: date | None, sentence: str, a: int, b: int,
                    node_id: str) -> None:
    """An amend event for each document a sentence amends; a number replaces the event its title made."""
    for r in refs:
        if r.doc_number and r.title:  # the number names what the title already did
            events[:] = [e for e in events if not (e.kind == "amend" and not e.doc_number
                                                   and squash(e.title or "") == squash(r.title))]
        if not any(e.kind == "amend" and (e.doc_number, e.title) == (r.doc_number, r.title) for e in events):
            events.append(StatusEvent("amend", when, r.doc_number, None, None if r.doc_number else r.title,
                                      sentence, a, b, node_id))


def _sweep_event(doc: Document, sweep: re.Match[str], sentence: str, a: int, b: int, node_id: str
                 ) -> StatusEvent | None:
    """The documents the issuer made before a cut-off and left off every list no longer apply."""
    cutoff = parse_date(sweep.group("cut"))
    scope = re.sub(r"(?:办公室|办公厅)$", "", doc.issuer or "") or None
    if not (cutoff and scope):
        return None
    return StatusEvent("sweep", doc.signed or doc.published, None, None, None, sentence, a, b, node_id, cutoff, scope)


def _repeal_events(doc: Document, text: str, sentence: str, a: int, b: int, own: str | None, when: date | None,
                   locator: NodeLocator | None) -> list[StatusEvent]:
    """The documents a sentence repeals, by number (or by title when it cites none by number)."""
    refs = [r for r in find_references(text[a:b], titles_of(doc), own) if r.kind != "standard"]
    numbers = [r.doc_number for r in refs if r.doc_number]
    titles = [r.title for r in refs if r.title and not r.doc_number]
    if not numbers and not titles:
        return []
    node_id = _node_id(locator, a, b)
    stated = STATED_REPEAL.search(sentence)  # 自2025年1月1日起废止: the sentence's own date comes first
    when_here = (parse_date(stated.group(1)) if stated else None) or when
    events = [StatusEvent("repeal", when_here, number, None, None, text[a:b].strip(), a, b, node_id)
              for number in numbers]
    if not numbers:  # a title cited with its number is already that number's event
        events.extend(StatusEvent("repeal", when_here, None, None, title, text[a:b].strip(), a, b, node_id)
                      for title in titles)
    return events


def stated_event(doc: Document) -> StatusEvent | None:
    """The status the page states about the document itself (``有效性：失效``, ``此件已于2021年3月1日宣布废止``, a
    ``（失效）`` label after the title), as an event about the document: effective on the date it states, else
    known from the day the page was published (or the document signed)."""
    kind = STATED_KINDS.get(doc.stated_status or "")
    if kind is None:
        return None
    stated_on = parse_date(doc.stated_status_text or "")
    return StatusEvent(kind, stated_on or doc.published or doc.signed or doc.page_signed,
                       doc.doc_number.text if doc.doc_number else None, doc.reg_code.text if doc.reg_code else None,
                       doc.title, doc.stated_status_text or "", doc.start, doc.start, "")


def _cleanup_tables(doc: Document) -> list[tuple[Any, str]]:
    """(table node, event kind) for the tables of a cleanup announcement's attachments."""
    if not doc.tree or not re.search(r"清理|继续有效|废止|失效", doc.title or ""):
        return []
    out = []
    for node in doc.tree.walk():
        if node.kind != "attachment":
            continue
        heading = fold(node.heading or "")
        kind = next((k for word, k in TABLE_KINDS if word in heading), None)
        if kind is None:
            continue
        out.extend((t, kind) for t in node.walk() if t.kind == "table" and t.table and t.table.rows)
    return out


@dataclass(slots=True)
class Status:
    status: str
    since: date | None
    reason: str
    event: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "status_name": STATUS_NAMES[self.status],
                "since": self.since.isoformat() if self.since else None, "reason": self.reason, "event": self.event}


def status_on(effective_from: date | None, expires_on: date | None, events: list[dict[str, Any]],
              as_of: date) -> Status:
    """A document's status on ``as_of`` from its own dates and the events that concern it.

    ``events`` are records with ``kind``, ``effective`` (ISO date or None) and whatever names their
    source; an event without a date counts from the beginning.

    ``since`` is always the first day of the status returned: the day a repeal takes effect, the day
    after the last day of a document's own period (有效期至 2025-07-21: still 现行有效 on 2025-07-21,
    已失效 since 2025-07-22), the effective date of a document in force.
    """
    ending = []
    for e in events:
        if e["kind"] not in ENDING_KINDS:
            continue
        when = date.fromisoformat(e["effective"]) if e.get("effective") else None
        if when is None or when <= as_of:
            ending.append((when or date.min, e))
    if ending:
        # the earliest; on one day a repeal before a lapse (the stored ends, zhengce.db.validity, read it so)
        when, event = min(ending, key=lambda x: (x[0], _EFFECT.get(x[1]["kind"], x[1]["kind"]) != "repeal"))
        kind = "repealed" if _EFFECT.get(event["kind"], event["kind"]) == "repeal" else "expired"
        if kind == "expired" and expires_on and expires_on < when:
            when = expires_on + timedelta(days=1)  # its own period ended first: it lapsed then
        return Status(kind, when if when != date.min else None,
                      f"{EVENT_NAMES[event['kind']]}（{event.get('source') or '后续文件'}）", event)
    if effective_from and as_of < effective_from:
        return Status("pending", None, f"自 {effective_from.isoformat()} 起施行")
    if expires_on and as_of > expires_on:
        return Status("expired", expires_on + timedelta(days=1), f"有效期至 {expires_on.isoformat()}")
    if effective_from or expires_on:
        return Status("valid", effective_from, "施行日期与有效期" if expires_on else "施行日期")
    confirmed = [e for e in events if e["kind"] in CONFIRMING_KINDS and e.get("effective")
                 and date.fromisoformat(e["effective"]) <= as_of]
    if confirmed:
        e = confirmed[-1]
        return Status("valid", None, f"{EVENT_NAMES[e['kind']]}（{e.get('source') or '清理结果'}）", e)
    return Status("unknown", None, "文件未载明施行日期或有效期")


__all__ = ["CONFIRMING_KINDS", "ENDING_KINDS", "STATUS_NAMES", "Status", "StatusEvent", "extract_events",
           "stated_event", "status_on"]
