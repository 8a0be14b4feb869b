"""Extract: deadlines (时限) and reporting cadences (调度频次) stated in a document.

Three forms:

* a date: ``到2025年底`` → 2025-12-31, ``2024年6月底前`` → 2024-06-30, ``9月15日前`` and ``年底前`` in
  the document's year (the next year when that date lies before the signing date), ``上半年``,
  ``三季度末``;
* a time limit: ``5个工作日内``, ``30日内``, ``3个月内`` — resolved into a date only once the event it
  counts from is known (:func:`zhengce.workdays.add_working_days` counts 工作日 on the Chinese
  holiday calendar, 调休 included);
* a cadence: ``一月一调度一通报``, ``一季一小结``, ``双周调度``, ``周调度、旬通报``, ``每月5日前报送``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhengce.parse.model import Document, NodeLocator
from zhengce.text.anchored import Anchored
from zhengce.text.lexicon import CN_NUM, cn_int
from zhengce.text.normalise import fold, folded_text

NUM = rf"(?:\d{{1,4}}|[{CN_NUM}两]{{1,4}})"
PERIODS = {
    "日": "day", "天": "day", "周": "week", "双周": "fortnight", "旬": "ten_days", "月": "month",
    "季": "quarter", "季度": "quarter", "半年": "half_year", "年": "year",
}
ACTIONS = (
    "调度|通报|小结|总结|报送|报告|督查|督导|考核|评估|会商|研判|点评|排名|调研|推进会|例会|检查|暗访|通报排名|"
    "晾晒|讲评|分析|汇报|更新|公示|公布"
)
PERIOD = r"(?:双周|季度|半年|日|天|周|旬|月|季|年)"

YEAR_END = re.compile(r"(?:(?:到|至|于|在|力争|确保|截至)\s*)?(?P<y>\d{4})\s*年\s*(?P<w>底|末|年底|年末|内|前|以前)")
YEAR_MONTH = re.compile(
    rf"(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>{NUM})\s*月\s*(?:(?P<d>{NUM})\s*日|(?P<e>底|末|中旬|上旬|下旬))\s*"
    rf"(?P<w>前|以前|之前|内|止)"
)
HALF = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<h>上半年|下半年|一季度|二季度|三季度|四季度|第[一二三四]季度)"
    r"(?:(?P<w>末|底|前|内)|(?=完成|建成|实现|开工|启动|投用|投产|到位))"
)
BARE_YEAR_END = re.compile(r"(?<![\d年])(?:年底|年末)(?:前|以前)")
LIMIT = re.compile(
    rf"(?:(?P<n>{NUM})\s*(?P<u>个工作日|工作日|个自然日|自然日|日|天|个月|周|年)|(?<![上下])(?P<half>半年|半个月))"
    r"\s*(?P<w>内|以内|之内)"
)
# a date each year: 每年9月底前, 每年3月15日前 — a yearly cadence, not one date in the document's year
YEARLY = re.compile(
    rf"每年\s*(?P<m>{NUM})\s*月\s*(?:(?P<d>{NUM})\s*日|(?P<e>底|末|中旬|上旬|下旬))?\s*(?:前|以前|之前)?"
)
# closing dates: 申报截止时间为2026年12月31日, 截止日期：2025年6月30日, 受理截至2025年3月31日
CLOSING = re.compile(
    r"(?:(?:申报|报名|申请|受理|报送|提交|征集|投稿|评审)\s*(?:截止|截至)|截止)\s*(?:时间|日期)?\s*(?:为|是|到|至|[:：])?\s*"
    rf"(?P<y>\d{{4}})\s*年\s*(?P<m>{NUM})\s*月\s*(?P<d>{NUM})\s*日"
)
REPEAT = re.compile(
    rf"(?:[一每](?P<p>{PERIOD})|(?P<p2>半年|双周))一(?P<a>{ACTIONS})(?:一(?P<more>(?:{ACTIONS})(?:一(?:{ACTIONS}))*))?"
)
_DAYSPEC = rf"(?:周?[一二三四五六日天](?![度季])|{NUM}\s*(?:日|号)|底|末|初)"
_HEAD = rf"每{PERIOD}(?:\s*{_DAYSPEC})?\s*(?:前|以前)?"
# the action may come after what it is done to: 每月对本单位主办的有效规范性文件进行评估
EVERY = re.compile(rf"(?P<heads>{_HEAD}(?:[、和及]{_HEAD})*)[^,;。，；、\n]{{0,24}}?(?P<a>{ACTIONS})")
HEAD = re.compile(rf"每(?P<p>{PERIOD})(?:\s*(?P<d>{_DAYSPEC}))?")
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
PLAIN = re.compile(
    rf"(?<![\d{CN_NUM}年每一])(?P<p>双周|季度|半年|周|旬|月|季)(?P<a>调度|通报|小结|总结|报送|督查|考核|会商|点评|排名)"
)


# The forms above tried only near their rare core (zhengce.text.anchored): a long text is not tried at each
# character. ``back`` bounds what a form prints before its core (lead-in, year, number), white space aside.
_SCANS = {
    YEAR_END: Anchored(YEAR_END, r"年\s*(?:底|末|年底|年末|内|前|以前)", back=6),  # 力争 2025
    YEAR_MONTH: Anchored(YEAR_MONTH, rf"月\s*(?:{NUM}\s*日|底|末|中旬|上旬|下旬)\s*(?:前|以前|之前|内|止)", back=9),
    HALF: Anchored(HALF, r"半年|季度", back=7),  # 2025 年 第一
    BARE_YEAR_END: Anchored(BARE_YEAR_END, r"年[底末]", back=0),
    LIMIT: Anchored(LIMIT, r"[日天月周年]\s*(?:内|以内|之内)", back=7),  # 1234 个工作 (日内)
    CLOSING: Anchored(CLOSING, r"截[止至]", back=2),  # 申报
    REPEAT: Anchored(REPEAT, rf"一(?:{ACTIONS})", back=3),  # 每季度
    PLAIN: Anchored(PLAIN, r"调度|通报|小结|总结|报送|督查|考核|会商|点评|排名", back=2),  # 季度
}

# No prefilter of all the forms' anchors before them: re has no multi-pattern scan, so one search of their
# alternation cost 10 ms on 677,000 characters of generated documents where the forms themselves took 17 ms (each
# scans from its anchor in C, most are skipped by a word they need: 每年, 截, 月, 内, 季度) — measured, left out.


@dataclass(slots=True)
class Deadline:
    kind: str  # date | limit | cadence
    text: str
    start: int  # offsets in the display text
    end: int
    date: date | None = None
    amount: int | None = None  # a time limit: 5 (个工作日)
    unit: str | None = None  # working_day | day | month | week | year
    period: str | None = None  # a cadence: month, quarter, …
    day: int | None = None  # 每月5日前: 5
    month: int | None = None  # a yearly cadence: 每年9月底前 → 9 (day: None for the month's end)
    actions: list[str] = field(default_factory=list)
    node_id: str = ""
    source: str = ""
    doc_number: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "source": self.source, "doc_number": self.doc_number, "kind": self.kind, "text": self.text,
            "date": self.date.isoformat() if self.date else None, "amount": self.amount, "unit": self.unit,
            "period": self.period, "day": self.day, "month": self.month, "actions": self.actions,
            "node_id": self.node_id,
            "span": {"start": self.start, "end": self.end},
        }


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _in_doc_year(d: date, signed: date | None) -> date:
    """A date without a year is in the document's year; if that is already past at signing, the next."""
    if signed is not None and d < signed:
        try:
            return d.replace(year=d.year + 1)
        except ValueError:
            return d.replace(year=d.year + 1, day=28)
    return d


_HALVES = {"上半年": 6, "下半年": 12, "一季度": 3, "二季度": 6, "三季度": 9, "四季度": 12,
           "第一季度": 3, "第二季度": 6, "第三季度": 9, "第四季度": 12}
_LIMIT_UNITS = {"个工作日": "working_day", "工作日": "working_day", "个自然日": "day", "自然日": "day", "日": "day",
                "天": "day", "个月": "month", "周": "week", "年": "year"}


def find_deadlines(text: str, year: int | None = None, signed: date | None = None,
                   folded: str | None = None) -> list[Deadline]:
    """Deadlines and cadences in ``text`` (offsets relative to it), in order.

    ``year`` is the document's year, used for dates printed without one; ``signed`` moves such a
    date to the next year when it would lie before the document was signed.
    """
    t = folded if folded is not None else fold(text)
    found = _Found()
    # the forms in order of precedence: a span taken by one is not read again by the next
    for form in (_yearly(t, text), _closing(t, text), _month_dates(t, text, year, signed),
                 _halves(t, text, year, signed), _year_ends(t, text), _bare_year_ends(t, text, year, signed),
                 _limits(t, text), _repeats(t, text)):
        for item in form:
            found.add(item)
    _every(t, text, found)
    for item in _plain(t, text):
        found.add(item)
    return sorted(found.out, key=lambda d: d.start)


class _Found:
    """The deadlines found so far and the spans they take."""

    def __init__(self) -> None:
        self.out: list[Deadline] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, item: Deadline) -> None:
        if self.free(item.start, item.end):
            self.out.append(item)
            self.taken.append((item.start, item.end))


def _yearly(t: str, text: str) -> Iterator[Deadline]:
    """每年9月底前, 每年3月15日前: a yearly cadence."""
    if "每年" not in t:
        return
    for m in YEARLY.finditer(t):
        mo = cn_int(m.group("m"))
        if mo is None or not 1 <= mo <= 12:
            continue
        e = m.group("e")
        day = cn_int(m.group("d")) if m.group("d") else 10 if e == "上旬" else 20 if e == "中旬" else None
        yield Deadline("cadence", text[m.start() : m.end()], m.start(), m.end(), period="year", month=mo, day=day)


def _closing(t: str, text: str) -> Iterator[Deadline]:
    """申报截止时间为2026年12月31日: a closing date."""
    if "截" not in t:
        return
    for m in _SCANS[CLOSING].finditer(t):
        y, mo, d = int(m.group("y")), cn_int(m.group("m")), cn_int(m.group("d"))
        try:
            when = date(y, mo or 0, d or 0)
        except ValueError:
            continue
        yield Deadline("date", text[m.start() : m.end()], m.start(), m.end(), date=when)


def _month_dates(t: str, text: str, year: int | None, signed: date | None) -> Iterator[Deadline]:
    """2024年6月底前, 9月15日前 (in the document's year), 3月上旬前."""
    if "月" not in t:
        return
    for m in _SCANS[YEAR_MONTH].finditer(t):
        y = int(m.group("y")) if m.group("y") else year
        mo = cn_int(m.group("m"))
        if y is None or mo is None or not 1 <= mo <= 12:
            continue
        if m.group("d"):
            d = cn_int(m.group("d"))
            try:
                when = date(y, mo, d or 0)
            except ValueError:
                continue
        else:
            e = m.group("e")
            when = date(y, mo, 10) if e == "上旬" else date(y, mo, 20) if e == "中旬" else _month_end(y, mo)
        if not m.group("y"):
            when = _in_doc_year(when, signed)
        yield Deadline("date", text[m.start() : m.end()], m.start(), m.end(), date=when)


def _halves(t: str, text: str, year: int | None, signed: date | None) -> Iterator[Deadline]:
    """上半年, 三季度末: the end of the half-year or quarter."""
    if "季度" not in t and "半年" not in t:
        return
    for m in _SCANS[HALF].finditer(t):
        y = int(m.group("y")) if m.group("y") else year
        if y is None:
            continue
        when = _month_end(y, _HALVES[m.group("h")])
        if not m.group("y"):
            when = _in_doc_year(when, signed)
        yield Deadline("date", text[m.start() : m.end()], m.start(), m.end(), date=when)


def _year_ends(t: str, text: str) -> Iterator[Deadline]:
    """到2025年底: the last day of that year."""
    for m in _SCANS[YEAR_END].finditer(t):
        y = int(m.group("y"))
        if not 1990 <= y <= 2100 or re.match(r"\s*\d{1,2}\s*月", t[m.end() - 1 :]):
            continue
        yield Deadline("date", text[m.start() : m.end()], m.start(), m.end(), date=date(y, 12, 31))


def _bare_year_ends(t: str, text: str, year: int | None, signed: date | None) -> Iterator[Deadline]:
    """年底前: the end of the document's year."""
    if year is None:
        return
    for m in _SCANS[BARE_YEAR_END].finditer(t):
        yield Deadline("date", text[m.start() : m.end()], m.start(), m.end(),
                       date=_in_doc_year(date(year, 12, 31), signed))


def _limits(t: str, text: str) -> Iterator[Deadline]:
    """5个工作日内, 3个月内, 半年内: a time limit."""
    if "内" not in t:
        return
    for m in _SCANS[LIMIT].finditer(t):
        if m.group("half"):  # 半年内: six months; 半个月内: fifteen days
            n, unit = (6, "month") if m.group("half") == "半年" else (15, "day")
        else:
            n, unit = cn_int(m.group("n").replace("两", "二")), _LIMIT_UNITS[m.group("u")]
        if n is None:
            continue
        yield Deadline("limit", text[m.start() : m.end()], m.start(), m.end(), amount=n, unit=unit)


def _repeats(t: str, text: str) -> Iterator[Deadline]:
    """一月一调度一通报, 双周一调度: a cadence and its actions."""
    for m in _SCANS[REPEAT].finditer(t):
        actions = [m.group("a")] + (re.findall(ACTIONS, m.group("more")) if m.group("more") else [])
        period = PERIODS[m.group("p") or m.group("p2")]
        yield Deadline("cadence", text[m.start() : m.end()], m.start(), m.end(), period=period, actions=actions)


def _every(t: str, text: str, found: _Found) -> None:
    """每月5日前报送, 每周三、每旬8日前报送: a cadence for each head that shares the action."""
    if "每" not in t:
        return
    for m in EVERY.finditer(t):
        if not found.free(m.start(), m.end()):
            continue
        for h in HEAD.finditer(m.group("heads")):
            spec = re.sub(r"\s+", "", h.group("d") or "")
            digits = re.sub(r"(?:日|号)$", "", spec)
            day = (_WEEKDAYS.get(spec[-1:]) if h.group("p") == "周" and spec else
                   cn_int(digits) if spec and spec not in {"底", "末", "初"} else None)
            found.out.append(Deadline("cadence", text[m.start() : m.end()], m.start(), m.end(),
                                      period=PERIODS[h.group("p")], day=day, actions=[m.group("a")]))
        found.taken.append((m.start(), m.end()))


def _plain(t: str, text: str) -> Iterator[Deadline]:
    """月调度, 季度通报: a cadence without 每."""
    for m in _SCANS[PLAIN].finditer(t):
        yield Deadline("cadence", text[m.start() : m.end()], m.start(), m.end(), period=PERIODS[m.group("p")],
                       actions=[m.group("a")])



def extract_deadlines(doc: Document, text: str, locator: NodeLocator | None = None) -> list[Deadline]:
    """Deadlines and cadences of one document, each linked to the clause that states it (``locator``: the
    document's, when the caller has built it)."""
    if doc.tree is None:
        return []
    locator = locator or NodeLocator(doc.tree)
    out: list[Deadline] = []
    for d in find_deadlines(text[doc.start : doc.end], doc.year, doc.signed,
                            folded_text(text)[doc.start : doc.end]):
        d.start += doc.start
        d.end += doc.start
        node = locator.locate(d.start, d.end)
        if node is None:
            continue  # a match across two clauses
        if node.table is not None and re.search(r"[\t|\n]", d.text):
            continue  # across two cells of a table; within one cell it is text like any other
        d.node_id = node.id
        d.source = doc.source
        d.doc_number = doc.doc_number.text if doc.doc_number else None
        out.append(d)
    return out
