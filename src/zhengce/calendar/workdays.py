"""Working days on the Chinese holiday calendar (法定节假日 and 调休 included).

For each year the calendar comes from, in order: the official calendar read from the State Council's
holiday notice and confirmed by the office (:mod:`zhengce.calendars`, ``zhengce calendar import``),
else the ``chinese_calendar`` package's data, else weekends only — and then the answer says it is an
estimate. Every result names the least certain source it relied on.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

SOURCES = ("official", "package", "weekends")  # from the most to the least certain
SOURCE_NAMES = {"official": "国务院办公厅节假日安排通知（已导入）", "package": "国务院办公厅节假日安排（平台内置）",
                "weekends": "仅按周末估算（尚无节假日安排）"}


@dataclass(frozen=True, slots=True)
class OfficialYear:
    year: int
    off: frozenset[date]
    work: frozenset[date]
    source: str  # the notice it was read from


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    date: date
    estimated: bool  # True when a year outside every holiday calendar was crossed
    source: str = "package"  # the least certain calendar crossed: official | package | weekends


_official: dict[int, OfficialYear] = {}
_loader: Callable[[], Iterable[OfficialYear]] | None = None
_loaded_at = 0.0
RELOAD_SECONDS = 60.0  # a server process sees a calendar confirmed in another process within a minute


def use_official(years: Iterable[OfficialYear], loader: Callable[[], Iterable[OfficialYear]] | None = None) -> None:
    """Replace the official calendars in use; ``loader`` re-reads them now and then (the store's)."""
    global _official, _loader, _loaded_at
    _official = {y.year: y for y in years}
    _loader = loader
    _loaded_at = time.monotonic()


def _current() -> dict[int, OfficialYear]:
    global _official, _loaded_at
    if _loader is not None and time.monotonic() - _loaded_at > RELOAD_SECONDS:
        with contextlib.suppress(Exception):  # a store gone away leaves the calendars last read
            _official = {y.year: y for y in _loader()}
        _loaded_at = time.monotonic()
    return _official


def official_year(year: int) -> OfficialYear | None:
    return _current().get(year)


@contextlib.contextmanager
def overlay(*years: OfficialYear | int) -> Iterator[None]:
    """Within the block, use these official calendars (an int: that year without one) — to see what a
    calendar not yet confirmed would change."""
    global _official
    saved = dict(_current())
    trial = dict(saved)
    for y in years:
        if isinstance(y, int):
            trial.pop(y, None)
        else:
            trial[y.year] = y
    _official = trial
    try:
        yield
    finally:
        _official = saved


def calendar_source(year: int) -> str:
    """Which calendar a year's working days come from: official, package or weekends."""
    if year in _current():
        return "official"
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return "package"
    except NotImplementedError:
        return "weekends"


def workday_source(day: date) -> tuple[bool, str]:
    """(is a working day, the calendar that says so)."""
    official = _current().get(day.year)
    if official is not None:
        return day in official.work or (day.weekday() < 5 and day not in official.off), "official"
    work = _package_workday(day)
    return (work, "package") if work is not None else (day.weekday() < 5, "weekends")


@lru_cache(maxsize=16384)
def _package_workday(day: date) -> bool | None:
    """The chinesecalendar package's answer, None past its data; cached: the package's data never changes
    while a process runs, and it checks each date against its whole table (slow over many clocks)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, estimated)."""
    work, source = workday_source(day)
    return work, source == "weekends"


def _weaker(a: str, b: str) -> str:
    return a if SOURCES.index(a) >= SOURCES.index(b) else b


def add_working_days(start: date, n: int) -> WorkdayResult:
    """The date ``n`` working days after ``start`` (``start`` itself not counted; n ≥ 0).

    ``n`` = 0 gives ``start`` when it is a working day, else the next working day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    source = "official"
    if n == 0:
        work, src = workday_source(day)
        source = _weaker(source, src)
        while not work:
            day += timedelta(days=1)
            work, src = workday_source(day)
            source = _weaker(source, src)
        return WorkdayResult(day, source == "weekends", source)
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        work, src = workday_source(day)
        source = _weaker(source, src)
        if work:
            counted += 1
    return WorkdayResult(day, source == "weekends", source)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if workday_source(day)[0]:
            count += 1
    return count


def clock_state(due: date, done: date | None, on: date, remind_days: int) -> tuple[str, int]:
    """The state on ``on`` of a duty due on ``due`` and done on ``done`` (None: not done), and the working days
    left (negative: overdue by): ``met`` or ``late`` once done, else ``overdue`` past its day, ``due_soon`` with
    at most ``remind_days`` working days left, ``running`` before."""
    if done is not None:
        return ("met" if done <= due else "late"), 0
    if due < on:
        return "overdue", -working_days_between(due, on)
    left = working_days_between(on, due)
    return ("due_soon" if left <= remind_days else "running"), left


__all__ = ["SOURCES", "SOURCE_NAMES", "OfficialYear", "WorkdayResult", "add_working_days", "calendar_source",
           "clock_state", "is_workday", "official_year", "overlay", "use_official", "workday_source",
           "working_days_between"]
