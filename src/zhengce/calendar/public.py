"""Working days for the public: "N 个工作日 from a date" and "how many working days between two dates", each
answer with the holidays and make-up working days (调休上班) it crossed and, for each year it touched, which
holiday arrangement it follows in words a citizen knows — and a plain warning when a year's arrangement has
not been published yet (then weekends only, and the answer may change).

Counting: the start day is not counted (the usual reading of "自…之日起N个工作日内": the deadline is the N-th
working day after that day); between two dates counts the working days after the first up to and including
the second.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import chinese_calendar

from zhengce.calendar.workdays import (
    add_working_days,
    calendar_source,
    official_year,
    workday_source,
    working_days_between,
)

MAX_DAYS = 1000  # working days one question may ask for (about four years)
MAX_SPAN = 3660  # calendar days between two dates (about ten years)
WEEK = "一二三四五六日"
LAW_2025 = 2025  # the holidays' law as revised in 2024 (劳动节 two days), in force from 2025
HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                 "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}


class AskError(ValueError):
    """A question that cannot be answered as asked (in Chinese)."""


def day_name(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（周{WEEK[day.weekday()]}）"


def year_basis(year: int) -> dict[str, Any]:
    """Which holiday arrangement a year's working days follow, in plain words; ``published`` is False when the
    State Council's arrangement for that year is not known here yet."""
    source = calendar_source(year)
    notice = f"国务院办公厅关于{year}年部分节假日安排的通知"
    if source == "official":
        official = official_year(year)
        return {"year": year, "source": source, "published": True,
                "basis": f"按《{notice}》（本平台已导入并核对：{official.source if official else ''}）"}
    if source == "package":
        return {"year": year, "source": source, "published": True, "basis": f"按《{notice}》（平台内置的放假安排）"}
    law = ("元旦（1月1日）、劳动节（5月1日、2日）、国庆节（10月1日至3日）虽由《全国年节及纪念日放假办法》规定，"
           "但放假的具体日期和调休上班以通知为准，本平台在通知导入前不把任何一天算作放假，") if year >= LAW_2025 else ""
    return {"year": year, "source": source, "published": False,
            "basis": f"国务院办公厅尚未公布《{notice}》（或本平台尚未导入）。{law}"
                     f"{year}年的工作日暂只按周六、周日休息计算，通知发布后天数和日期可能变化"}


def holiday_name(day: date) -> str:
    """The holiday a day belongs to (国庆节), empty when unknown."""
    try:
        _, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    return HOLIDAY_NAMES.get(str(name or ""), "") if name else ""


def _crossed(start: date, end: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The weekday holidays and the weekend make-up working days after ``start`` up to ``end``."""
    off, work = [], []
    day = start
    while day < end:
        day += timedelta(days=1)
        is_work, _ = workday_source(day)
        if not is_work and day.weekday() < 5:
            off.append({"date": day.isoformat(), "name": day_name(day), "holiday": holiday_name(day)})
        elif is_work and day.weekday() >= 5:
            work.append({"date": day.isoformat(), "name": day_name(day), "holiday": holiday_name(day)})
    return off, work


def _answer(start: date, end: date) -> dict[str, Any]:
    off, work = _crossed(start, end)
    years = [year_basis(y) for y in range(start.year, end.year + 1)]
    unpublished = [y["year"] for y in years if not y["published"]]
    return {"start": start.isoformat(), "start_name": day_name(start), "end": end.isoformat(),
            "end_name": day_name(end), "holidays": off, "makeup_days": work, "years": years,
            "estimated": bool(unpublished),
            "warning": (f"{'、'.join(map(str, unpublished))}年的放假安排尚未公布，以上只按周末估算，"
                        "公布后可能提前或推后" if unpublished else "")}


def add_days(start: date, n: int) -> dict[str, Any]:
    """The date ``n`` working days after ``start`` (``start`` itself not counted), with what it crossed."""
    if n < 1 or n > MAX_DAYS:
        raise AskError(f"工作日天数应在 1 到 {MAX_DAYS} 之间")
    result = add_working_days(start, n)
    return _answer(start, result.date) | {"days": n, "question": "add"}


def between(start: date, end: date) -> dict[str, Any]:
    """The working days after ``start`` up to and including ``end``, with what the span crossed."""
    if end < start:
        raise AskError("结束日期早于开始日期：请对调两个日期")
    if (end - start).days > MAX_SPAN:
        raise AskError("两个日期相隔不能超过十年")
    return _answer(start, end) | {"days": working_days_between(start, end), "question": "between"}


__all__ = ["HOLIDAY_NAMES", "LAW_2025", "MAX_DAYS", "MAX_SPAN", "AskError", "add_days", "between", "day_name",
           "holiday_name", "year_basis"]
