"""Working days and cycles: the Chinese holiday calendar with 调休, State Council holiday notices, reporting
cycles. Depends on :mod:`zhengce.text` only.

Modules: ``workdays`` (is_workday, add_working_days, working_days_between, clock_state, official overlays),
``holidays`` (reading a 放假安排 notice), ``cycles`` (reporting cycles and their due days), ``public`` (working
days asked by the public: N working days from a date, working days between two dates, with each year's basis).
"""

from zhengce.calendar.cycles import Cycle, CycleRule, RuleError, cycle_on, cycles, month_grid, rule_from_text
from zhengce.calendar.holidays import HolidayNotice, NoticeError, looks_like_notice, read_notice
from zhengce.calendar.workdays import (
    SOURCE_NAMES,
    SOURCES,
    OfficialYear,
    add_working_days,
    calendar_source,
    is_workday,
    use_official,
    working_days_between,
)

__all__ = [
    "SOURCES", "SOURCE_NAMES", "Cycle", "CycleRule", "HolidayNotice", "NoticeError", "OfficialYear", "RuleError",
    "add_working_days", "calendar_source", "cycle_on", "cycles", "is_workday", "looks_like_notice", "month_grid",
    "read_notice", "rule_from_text", "use_official", "working_days_between",
]
