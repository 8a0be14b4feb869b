"""When a unit's duty to report on a task begins (履职起始).

A unit the plan gives the task (copied when the campaign is made, or carried over by a split or a merge)
owes a report for every period of the campaign. A unit the office assigns to a task later — or gives a
task the office adds — owes reports only for the periods whose due day comes after the day it was
assigned: its first period is the next one due, and no earlier period counts as missing or late for it
(it may still report one, which is then not 迟报).

The day is read from the audit log (``task.assign`` and ``task.add`` of the task), so that no column is
needed; a unit removed and assigned again starts from its latest assignment, a change of role changes
nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.access.accounts import local
from zhengce.calendar.cycles import Cycle
from zhengce.db import UnitRow
from zhengce.db.tracking import AssignmentRow, AuditRow

__all__ = ["Starts", "duty_starts", "owes"]

Starts = dict[tuple[int, int], date]  # (task id, unit id) → the day the office assigned the unit


def owes(starts: Starts | None, task_id: int, unit_id: int, cy: Cycle) -> bool:
    """Whether the unit's duty on the task covers the period (its due day after the day it was assigned)."""
    start = (starts or {}).get((task_id, unit_id))
    return start is None or cy.due > start


def duty_starts(session: Session, task_ids: list[int]) -> Starts:
    """The units the office assigned to these tasks, with the day of assignment."""
    if not task_ids:
        return {}
    names = {(tid, name): uid for tid, uid, name in session.execute(
        select(AssignmentRow.campaign_task_id, AssignmentRow.unit_id, UnitRow.canonical)
        .join(UnitRow, UnitRow.id == AssignmentRow.unit_id)
        .where(AssignmentRow.campaign_task_id.in_(task_ids), AssignmentRow.archived.is_(False)))}
    starts: Starts = {}
    for a in session.scalars(select(AuditRow).where(AuditRow.entity == "task", AuditRow.entity_id.in_(task_ids),
                                                    AuditRow.action.in_(["task.assign", "task.add"]))
                             .order_by(AuditRow.id)):
        after = a.after or {}
        if a.action == "task.add" and "from" in after:
            continue  # a merged task: its units carry over from the tasks merged
        added = {u.get("unit") for u in after.get("units", [])} - {u.get("unit") for u in (a.before or {})
                                                                    .get("units", [])}
        for name in added:
            uid = names.get((a.entity_id or 0, str(name)))
            if uid is not None:  # else removed since
                starts[(a.entity_id or 0, uid)] = local(a.at).date()
    return starts
