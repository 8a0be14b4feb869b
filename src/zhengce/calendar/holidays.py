"""Read the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notice is printed every autumn in one fixed form, an item per holiday::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    五、端午节：6月10日放假，与周末连休。
    三、清明节：4月5日放假，4月7日（星期一）补休。

:func:`read_notice` gives the year, each holiday's days off and make-up working days (调休上班), and
checks them: a weekday printed in brackets must be the date's weekday, the days off must add up to
``共N天`` (or ``放假N天``), days off and make-up days must not overlap, and a make-up day must fall on
a weekend. A notice that fails a check raises :class:`NoticeError` naming the line that failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from zhengce.text.lexicon import cn_int
from zhengce.text.normalise import fold

TITLE = re.compile(r"关于\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?:元旦、春节[^\n]{0,40}?|部分)?节假日\s*(?:放假)?安排的通知")
YEAR_IN_BODY = re.compile(r"现将\s*(?P<y>(?:19|20)\d{2})\s*年\s*元旦")
ITEM = re.compile(
    r"^\s*(?P<label>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<name>[^:：\n]{1,24}?)\s*[:：]\s*(?P<body>.+)$", re.M
)
DAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"\s*(?:[(（](?P<note>[^)）]{0,30})[)）])?"
)
RANGE_SEP = re.compile(r"^\s*(?:至|到|—|－|-|~|～)\s*")
TOTAL = re.compile(r"(?:共|放假)\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*天")
WEEKDAY = re.compile(r"(?:周|星期|礼拜)(?P<w>[一二三四五六日天])")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAY_NAMES = "一二三四五六日"


class NoticeError(ValueError):
    """A holiday notice that fails a check; ``line`` is the line of the notice that failed."""

    def __init__(self, message: str, line: str = "") -> None:
        super().__init__(f"{message}{f'：{line}' if line else ''}")
        self.line = line


@dataclass(slots=True)
class Holiday:
    name: str
    off: list[date]  # days off (放假, 补休)
    work: list[date]  # make-up working days (调休上班)
    line: str  # the item as printed


@dataclass(slots=True)
class HolidayNotice:
    year: int
    title: str
    doc_number: str | None = None
    signed: date | None = None
    holidays: list[Holiday] = field(default_factory=list)

    @property
    def off(self) -> list[date]:
        return sorted(d for h in self.holidays for d in h.off)

    @property
    def work(self) -> list[date]:
        return sorted(d for h in self.holidays for d in h.work)

    def record(self) -> dict[str, object]:
        return {"year": self.year, "title": self.title, "doc_number": self.doc_number,
                "signed": self.signed.isoformat() if self.signed else None,
                "holidays": [{"name": h.name, "off": [d.isoformat() for d in h.off],
                              "work": [d.isoformat() for d in h.work], "line": h.line} for h in self.holidays]}


def looks_like_notice(title: str | None) -> bool:
    """Whether a document title is that of a yearly holiday notice."""
    return bool(title and TITLE.search(fold(title)))


def _day(m: re.Match[str], year: int, month: int | None, line: str) -> date:
    y = int(m.group("y")) if m.group("y") else year
    mo = int(m.group("m")) if m.group("m") else month
    if mo is None:
        raise NoticeError("日期缺少月份 / a date without its month", line)
    try:
        when = date(y, mo, int(m.group("d")))
    except ValueError as exc:
        raise NoticeError(f"日期不存在 {y}年{mo}月{m.group('d')}日 / no such date", line) from exc
    w = WEEKDAY.search(m.group("note") or "")
    if w and WEEKDAYS[w.group("w")] != when.weekday():
        raise NoticeError(f"{when.month}月{when.day}日印作周{w.group('w')}，实为周{WEEKDAY_NAMES[when.weekday()]} "
                          "/ the weekday in brackets is not the date's", line)
    return when


def _item(name: str, body: str, year: int, line: str) -> Holiday:
    off: list[date] = []
    work: list[date] = []
    month: int | None = None
    for sentence in re.split(r"[。；;]", body):
        if "放假" in sentence:
            head = sentence[: sentence.index("放假")]
            first = DAY.search(head)
            if first is None:
                raise NoticeError("放假日期未能读出 / the days off could not be read", line)
            start = _day(first, year, month, line)
            month = start.month
            end = start
            rest = head[first.end() :]
            if RANGE_SEP.match(rest):
                second = DAY.search(rest)
                if second is None:
                    raise NoticeError("放假日期区间不完整 / an incomplete range of days off", line)
                end = _day(second, start.year if not second.group("y") else year, month, line)
                if end.year == start.year and not second.group("y") and end < start:
                    raise NoticeError("放假区间的结束日早于开始日 / the range ends before it starts", line)
            days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
            total = TOTAL.search(sentence[sentence.index("放假") :]) or TOTAL.search(sentence)
            if total is not None and (cn_int(total.group("n")) or 0) != len(days):
                raise NoticeError(f"共{total.group('n')}天，但 {start.month}月{start.day}日至{end.month}月{end.day}日"
                                  f"是 {len(days)} 天 / the total does not match the days off", line)
            off.extend(days)
            for m in DAY.finditer(sentence[sentence.index("放假") :]):  # 4月5日放假，4月7日（星期一）补休
                if "补休" in sentence[sentence.index("放假") + m.end() :][:4]:
                    off.append(_day(m, year, month, line))
        elif "补休" in sentence:
            for m in DAY.finditer(sentence):
                off.append(_day(m, year, month, line))
        elif "上班" in sentence:
            for m in DAY.finditer(sentence):
                day = _day(m, year, month, line)
                if day.weekday() < 5:
                    raise NoticeError(f"调休上班日 {day.month}月{day.day}日不是周末 / a make-up day on a weekday", line)
                work.append(day)
    if not off:
        raise NoticeError("条目中没有放假日期 / an item without days off", line)
    clash = set(off) & set(work)
    if clash:
        day = min(clash)
        raise NoticeError(f"{day.month}月{day.day}日既放假又上班 / a day both off and worked", line)
    return Holiday(name.strip(), sorted(set(off)), sorted(set(work)), line.strip())


def read_notice(text: str) -> HolidayNotice:
    """The holiday notice in ``text`` (display text of a page, PDF or plain text), checked."""
    folded = fold(text)
    m = TITLE.search(folded) or YEAR_IN_BODY.search(folded)
    if m is None:
        raise NoticeError("不是节假日安排通知：未找到“关于YYYY年部分节假日安排的通知” / not a holiday notice")
    year = int(m.group("y"))
    title_m = TITLE.search(folded)
    title = re.sub(r"\s+", "", title_m.group(0)) if title_m else f"关于{year}年部分节假日安排的通知"
    number = re.search(r"国办发明电\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号", folded)
    notice = HolidayNotice(year, title, f"国办发明电〔{number.group(1)}〕{number.group(2)}号" if number else None)
    signed = list(re.finditer(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$", folded, re.M))
    if signed:
        s = signed[-1]
        notice.signed = date(int(s.group(1)), int(s.group(2)), int(s.group(3)))
    seen: dict[date, str] = {}
    for item in ITEM.finditer(folded):
        body = item.group("body")
        if "放假" not in body:
            continue  # a numbered line of another kind
        line = text[item.start() : item.end()].strip()
        holiday = _item(item.group("name"), body, year, line)
        for day in holiday.off + holiday.work:
            if day in seen:
                raise NoticeError(f"{day.month}月{day.day}日在“{seen[day]}”中已出现 / a day in two holidays", line)
            seen[day] = holiday.name
        notice.holidays.append(holiday)
    if not notice.holidays:
        raise NoticeError("通知中没有读出任何节日的放假安排 / no holiday items were read")
    return notice


__all__ = ["Holiday", "HolidayNotice", "NoticeError", "looks_like_notice", "read_notice"]
