"""Working days on the Chinese holiday calendar (法定节假日 and 调休 included), via ``chinese_calendar``.

The calendar is published year by year; for a year it does not cover yet, weekends are the only
days off and the answer says it is an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    date: date
    estimated: bool  # True when a year outside the published holiday calendar was crossed


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, estimated)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: date, n: int) -> WorkdayResult:
    """The date ``n`` working days after ``start`` (``start`` itself not counted; n ≥ 0).

    ``n`` = 0 gives ``start`` when it is a working day, else the next working day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    estimated = False
    if n == 0:
        work, est = is_workday(day)
        estimated |= est
        while not work:
            day += timedelta(days=1)
            work, est = is_workday(day)
            estimated |= est
        return WorkdayResult(day, estimated)
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        work, est = is_workday(day)
        estimated |= est
        if work:
            counted += 1
    return WorkdayResult(day, estimated)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day)[0]:
            count += 1
    return count
