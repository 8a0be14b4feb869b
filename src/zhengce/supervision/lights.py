"""Lateness and traffic lights (亮灯): which reports are owed, missing or late, and each task's light.

A report is owed by each unit of an active task of a published campaign for each cycle whose due day
has passed and that began before the task's deadline (collective names owe none), and — for a unit
the office assigned to the task later than the plan — whose due day comes after the day it was
assigned (:mod:`zhengce.supervision.duty`); it is late when submitted after the due day. The period a unit
reports now (本期) is the one whose due day comes next (:func:`reporting_cycle`). A task's light
follows its lead unit's latest report, its deadline, the periods with a report missing and the time
gone (see :func:`light`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from zhengce.access.accounts import local
from zhengce.calendar.cycles import Cycle
from zhengce.calendar.workdays import working_days_between
from zhengce.db import UnitRow
from zhengce.db.tracking import CampaignRow, CampaignTaskRow, ReportRow
from zhengce.supervision.duty import Starts, owes
from zhengce.supervision.records import Assigned
from zhengce.supervision.units import is_group

__all__ = [
    "Submitted", "current_cycle", "due_cycles", "late_reports", "latest_lead_report", "light", "missing_reports",
    "owes_reports", "reporting_cycle", "reports_only",
]

Submitted = list[tuple[ReportRow, UnitRow]]  # a task's submitted reports with their units


def due_cycles(all_cycles: list[Cycle], today: date, upto_cycle: int | None = None) -> list[Cycle]:
    """The cycles whose due day has passed (up to ``upto_cycle``)."""
    return [cy for cy in all_cycles if cy.due < today and (upto_cycle is None or cy.index <= upto_cycle)]


def current_cycle(all_cycles: list[Cycle], today: date) -> Cycle | None:
    """The period of the calendar that holds ``today`` (not the one to report: see :func:`reporting_cycle`)."""
    return next((cy for cy in all_cycles if cy.start <= today <= cy.end), None)


def reporting_cycle(all_cycles: list[Cycle], today: date) -> Cycle | None:
    """The period a unit reports now (本期): of the periods begun, the first whose due day is today or
    later — under 次月5日前报送, November until its due day in December, then December. When every
    period begun is past its due day (the campaign is over, or a rule due early in its own period), the
    last one begun; None before the campaign begins."""
    begun = [cy for cy in all_cycles if cy.start <= today]
    return next((cy for cy in begun if cy.due >= today), begun[-1] if begun else None)


def owes_reports(t: CampaignTaskRow, c: CampaignRow, cy: Cycle) -> bool:
    """Whether a task's units owe a report for the cycle: the task is active in a published campaign
    and the cycle began before the task's deadline."""
    return not t.archived and c.status == "published" and cy.start <= (t.deadline or c.end)


def missing_reports(t: CampaignTaskRow, c: CampaignRow, assigned: Assigned, reports: Submitted,
                    cycles_due: list[Cycle], starts: Starts | None = None) -> list[tuple[Cycle, UnitRow]]:
    """(cycle, unit) of each report owed and not submitted, by cycle, then unit."""
    have = {(r.unit_id, r.cycle) for r, _ in reports}
    return [(cy, u) for cy in cycles_due if owes_reports(t, c, cy) for a, u in assigned
            if (a.unit_id, cy.index) not in have and not is_group(u) and owes(starts, t.id, a.unit_id, cy)]


def late_reports(reports: Submitted, all_cycles: list[Cycle],
                 starts: Starts | None = None) -> Iterator[tuple[ReportRow, UnitRow, Cycle]]:
    """The reports submitted after their cycle's due day (of a period the unit owed)."""
    for r, u in reports:
        cy = all_cycles[r.cycle - 1] if r.cycle <= len(all_cycles) else None
        if cy and local(r.submitted_at).date() > cy.due \
                and (not starts or owes(starts, r.campaign_task_id, r.unit_id, cy)):
            yield r, u, cy


def latest_lead_report(assigned: Assigned, reports: Submitted) -> ReportRow | None:
    """The lead unit's latest report (the consolidated one first), or any unit's when no unit leads."""
    lead_ids = {a.unit_id for a, _ in assigned if a.role == "lead"} or {a.unit_id for a, _ in assigned}
    return max((r for r, _ in reports if r.unit_id in lead_ids), key=lambda r: (r.cycle, r.consolidated),
               default=None)


def light(today: date, start: date, deadline: date | None, end: date, status: str | None, percent: int | None,
          missing: int, settings: dict[str, Any]) -> tuple[str, str]:
    """(green | yellow | red, the reason in Chinese) for one task on ``today``."""
    rules = settings.get("lights", {})
    due = deadline or end
    if status == "done" or (percent or 0) >= 100:
        return "green", "已完成"
    if today > due:
        return "red", f"已超过完成时限（{due.isoformat()}）"
    if status == "behind":
        return "yellow", "单位报告进度滞后"
    if missing:
        return "yellow", f"有 {missing} 期报告未按时报送"
    days_left = working_days_between(today, due)
    if days_left <= int(rules.get("yellow_workdays", 5)):
        return "yellow", f"距完成时限仅剩 {days_left} 个工作日"
    span = max((due - start).days, 1)
    expected = min(100, max(0, round(100 * (today - start).days / span)))
    if percent is not None and expected - percent > int(rules.get("behind_gap", 20)):
        return "yellow", f"进度 {percent}% 落后于时间进度 {expected}%"
    return "green", "正常推进"


def reports_only(task: dict[str, Any], owing: set[int]) -> bool:
    """Whether a task (as the campaign page lists it) is lit yellow only because reports are owed — not past
    its deadline, not reported behind, with a report missing (``owing``: the ids of such tasks). The bulletin
    and the leader's overview count these, and list only the tasks lagging for another reason."""
    return task["light"] == "yellow" and task["status"] != "behind" and task["id"] in owing
