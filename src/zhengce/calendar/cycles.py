"""Dispatch cycles (调度周期): the reporting periods of a campaign and the day each report is due.

A cycle rule is a cadence — week (周), ten days (旬: 1–10, 11–20, 21 to the month's end), month or
quarter — and a due rule:

* ``in:N``   the N-th day of the period itself (每周三 → in:3; 每旬第8日 → in:8, so the 8th, 18th, 28th);
* ``next:N`` the N-th day of the following period (每月5日前报送上月 → next:5; 每季度首月10日前 → next:10);
* ``after:N`` the N-th working day after the period ends (每月结束后3个工作日内 → after:3);
* ``last``   the last working day of the period (每月底 → last).

A due day that is not a working day moves to the next working day, as a time limit whose last day
is a statutory holiday ends on the first day after it. Working days follow the Chinese holiday
calendar, 调休 make-up days included (:mod:`zhengce.workdays`); a year the calendar does not cover
yet counts weekends only and the cycle says it is an estimate.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zhengce.calendar.workdays import SOURCES, add_working_days, calendar_source, is_workday
from zhengce.text.lexicon import cn_int

CADENCES = {"week": "每周", "ten_days": "每旬", "month": "每月", "quarter": "每季度"}
CADENCE_NAMES = {"week": "周", "ten_days": "旬", "month": "月", "quarter": "季度"}
QUARTERS = "一二三四"
TEN_DAYS = ("上旬", "中旬", "下旬")
WEEKDAYS = "一二三四五六日"


class RuleError(ValueError):
    """A cycle rule that cannot be understood; the message says why, in Chinese and English."""


@dataclass(frozen=True, slots=True)
class CycleRule:
    cadence: str  # week | ten_days | month | quarter
    due: str  # in | next | after | last
    n: int = 0

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise RuleError(f"未知的调度频次 {self.cadence!r} / unknown cadence (week, ten_days, month, quarter)")
        if self.due not in {"in", "next", "after", "last"}:
            raise RuleError(f"未知的报送时限规则 {self.due!r} / unknown due rule (in, next, after, last)")
        if self.due != "last":
            longest = {"week": 7, "ten_days": 11, "month": 31, "quarter": 92}[self.cadence]
            limit = 30 if self.due == "after" else longest
            if not 1 <= self.n <= limit:
                raise RuleError(f"报送日 {self.n} 超出范围 1–{limit} / due day out of range")

    @property
    def spec(self) -> str:
        """The rule as ``cadence/due:N``, e.g. ``month/next:5``: what the CLI and the API accept."""
        return f"{self.cadence}/{self.due}" + ("" if self.due == "last" else f":{self.n}")

    def describe(self) -> str:
        """The rule in Chinese, e.g. 每月，次月5日前报送."""
        head = CADENCES[self.cadence]
        if self.due == "last":
            return f"{head}，本{CADENCE_NAMES[self.cadence]}最后一个工作日前报送"
        if self.due == "after":
            return f"{head}，期满后第{self.n}个工作日前报送"
        if self.cadence == "week":
            day = f"周{WEEKDAYS[self.n - 1]}"
            return f"{head}，{'本' if self.due == 'in' else '下'}周{day[1:]}前报送"
        if self.due == "in":
            where = {"ten_days": "本旬第", "month": "当月", "quarter": "本季度第"}[self.cadence]
        else:
            where = {"ten_days": "下一旬第", "month": "次月", "quarter": "下季度第"}[self.cadence]
        return f"{head}，{where}{self.n}日前报送"

    @classmethod
    def parse(cls, spec: str) -> CycleRule:
        """``month/next:5``, ``week/in:3``, ``ten_days/in:8``, ``quarter/after:10``, ``month/last``."""
        m = re.fullmatch(r"\s*(\w+)\s*/\s*(in|next|after|last)\s*(?::\s*(\d{1,3}))?\s*", spec or "")
        if not m or (m.group(2) != "last" and m.group(3) is None):
            raise RuleError(f"无法识别的周期规则 {spec!r}，应如 month/next:5、week/in:3、ten_days/in:8、month/last"
                            " / cannot read the cycle rule")
        return cls(m.group(1), m.group(2), int(m.group(3) or 0))


@dataclass(frozen=True, slots=True)
class Cycle:
    index: int  # 1-based, in order
    start: date
    end: date
    due: date  # the day the report is due, moved past days off
    nominal: date  # the day the rule names before that move
    label: str
    estimated: bool  # the holiday calendar did not cover a day that was counted
    calendar: str = "package"  # the calendar the due day was computed on: official | package | weekends

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "label": self.label, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "due": self.due.isoformat(), "nominal": self.nominal.isoformat(),
                "moved": self.due != self.nominal, "estimated": self.estimated, "calendar": self.calendar}


def period_of(cadence: str, day: date) -> tuple[date, date]:
    """The period of ``cadence`` that holds ``day``: (first day, last day)."""
    if cadence == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if cadence == "ten_days":
        last_day = calendar.monthrange(day.year, day.month)[1]
        k = min((day.day - 1) // 10, 2)
        return day.replace(day=1 + 10 * k), day.replace(day=10 * (k + 1) if k < 2 else last_day)
    if cadence == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if cadence == "quarter":
        q = (day.month - 1) // 3
        first = date(day.year, 3 * q + 1, 1)
        end_month = 3 * q + 3
        return first, date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])
    raise RuleError(f"未知的调度频次 {cadence!r} / unknown cadence")


def label_of(cadence: str, start: date) -> str:
    if cadence == "week":
        year, week, _ = start.isocalendar()
        end = start + timedelta(days=6)
        return f"{year}年第{week}周（{start.month}月{start.day}日—{end.month}月{end.day}日）"
    if cadence == "ten_days":
        return f"{start.year}年{start.month}月{TEN_DAYS[min((start.day - 1) // 10, 2)]}"
    if cadence == "month":
        return f"{start.year}年{start.month}月"
    return f"{start.year}年第{QUARTERS[(start.month - 1) // 3]}季度"


def _next_working_day(day: date) -> tuple[date, bool]:
    result = add_working_days(day, 0)
    return result.date, result.estimated


def due_date(rule: CycleRule, start: date, end: date) -> tuple[date, date, bool]:
    """(due day, the day the rule names, estimated) for the period ``start``–``end``."""
    if rule.due == "after":
        result = add_working_days(end, rule.n)
        return result.date, result.date, result.estimated
    if rule.due == "last":
        day, estimated = end, False
        while True:
            work, est = is_workday(day)
            estimated |= est
            if work or day == start:
                break
            day -= timedelta(days=1)
        return day, end, estimated
    base = start if rule.due == "in" else end + timedelta(days=1)
    first, last = period_of(rule.cadence, base)
    nominal = min(first + timedelta(days=rule.n - 1), last)  # 旬 of 8 days in February: its last day
    moved, estimated = _next_working_day(nominal)
    return moved, nominal, estimated


def cycles(rule: CycleRule, start: date, end: date) -> list[Cycle]:
    """Every period of the rule's cadence that overlaps ``start``–``end``, with its due day."""
    if end < start:
        raise RuleError("结束日期早于开始日期 / the end date lies before the start date")
    if (end - start).days > 366 * 6:
        raise RuleError("周期跨度超过六年 / a campaign longer than six years")
    out: list[Cycle] = []
    day = start
    while day <= end:
        first, last = period_of(rule.cadence, day)
        due, nominal, estimated = due_date(rule, first, last)
        source = max((calendar_source(y) for y in {nominal.year, due.year}), key=SOURCES.index)
        out.append(Cycle(len(out) + 1, first, last, due, nominal, label_of(rule.cadence, first), estimated, source))
        day = last + timedelta(days=1)
    return out


def cycle_on(rule: CycleRule, start: date, end: date, today: date) -> Cycle | None:
    """The cycle whose period holds ``today`` (None outside the campaign)."""
    return next((c for c in cycles(rule, start, end) if c.start <= today <= c.end), None)


_WEEKDAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
_PHRASES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"每周(?:星期)?([一二三四五六日天])"), lambda m: CycleRule("week", "in", _WEEKDAY[m.group(1)])),
    (re.compile(rf"每旬(?:第)?({_NUM})(?:日|天|号)"), lambda m: CycleRule("ten_days", "in", cn_int(m.group(1)))),
    (re.compile(r"每旬(?:末|底)"), lambda m: CycleRule("ten_days", "last")),
    (re.compile(rf"每(月|季度?|旬|周)(?:结束|期满)?后({_NUM})个?工作日"),
     lambda m: CycleRule(_cadence(m.group(1)), "after", cn_int(m.group(2)))),
    (re.compile(rf"每季度?(?:首月|第一个月)({_NUM})(?:日|号)"),
     lambda m: CycleRule("quarter", "next", cn_int(m.group(1)))),
    (re.compile(rf"每月({_NUM})(?:日|号)(?:前|以前|之前)?(?P<which>[^，,；;。]{{0,6}}?(?:上月|当月|本月))?"),
     lambda m: _monthly(cn_int(m.group(1)), m.group("which") or "")),
    (re.compile(r"每(月|季度?|旬|周)(?:底|末)"), lambda m: CycleRule(_cadence(m.group(1)), "last")),
]


def _cadence(word: str) -> str:
    return {"月": "month", "季": "quarter", "季度": "quarter", "旬": "ten_days", "周": "week"}[word]


def _monthly(day: int, which: str) -> CycleRule:
    # 每月5日前报送上月进展: the day falls in the next month; 每月25日前报送当月: in the month itself;
    # without either word, an early day (≤ 10) reports on the month just ended
    if which.endswith("上月") or (not which and day <= 10):
        return CycleRule("month", "next", day)
    return CycleRule("month", "in", day)


def rule_from_text(text: str) -> CycleRule | None:
    """The first cycle rule a plan states in words (每周三调度, 每月5日前报送, 每季度末…), or None."""
    best: tuple[int, CycleRule] | None = None
    for pattern, make in _PHRASES:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            try:
                best = (m.start(), make(m))
            except (RuleError, ValueError, KeyError):
                continue
    return best[1] if best else None


HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                 "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日"}


def month_grid(year: int, month: int, dues: dict[date, list[str]]) -> list[list[dict[str, Any]]]:
    """A month as weeks (Monday first) of days: working day or not, 调休 make-up day, holiday name, the
    cycles due that day. Days of the neighbouring months are None."""
    import chinese_calendar

    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: list[dict[str, Any]] = []
        for day in week:
            if day.month != month:
                row.append({})
                continue
            work, estimated = is_workday(day)
            name = None
            if not estimated:
                try:
                    _, name = chinese_calendar.get_holiday_detail(day)
                except NotImplementedError:
                    name = None
            row.append({"day": day.day, "date": day.isoformat(), "work": work, "estimated": estimated,
                        "makeup": work and day.weekday() >= 5, "holiday": HOLIDAY_NAMES.get(name or "", name)
                        if not work or day.weekday() >= 5 else None, "dues": dues.get(day, [])})
        weeks.append(row)
    return weeks
