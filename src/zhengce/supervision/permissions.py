"""Who may see and change what in the supervision cycle.

The office and leaders see every campaign; a reporter sees a published campaign only when their unit
holds one of its active tasks, and only those tasks, their own unit's reports (a lead unit also its
supporting units') and their own unit's issues (assigned to it or raised by it). What a reporter may
not see is "not found": they learn nothing of campaigns that are not theirs. Only the office edits, and
not an archived campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, require
from zhengce.access.errors import Invalid, NotFound
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow, IssueRow, UserRow
from zhengce.supervision.records import Assigned, get_row

__all__ = [
    "campaign_visible", "editable_task", "own_issue", "own_unit_only", "raised_here", "visible_campaign",
    "visible_issue", "visible_task", "visible_tasks",
]


def campaign_visible(session: Session, actor: Actor, c: CampaignRow) -> bool:
    if actor.role in {"office", "leader"}:
        return True
    if actor.role != "reporter" or c.status != "published" or actor.unit_id is None:
        return False
    return session.scalar(select(AssignmentRow.id).join(CampaignTaskRow)
                          .where(CampaignTaskRow.campaign_id == c.id, AssignmentRow.unit_id == actor.unit_id,
                                 AssignmentRow.archived.is_(False), CampaignTaskRow.archived.is_(False))
                          .limit(1)) is not None


def visible_campaign(session: Session, actor: Actor, campaign_id: int) -> CampaignRow:
    """The campaign, if the actor may see it, else :class:`NotFound` (or :class:`Forbidden` for the public)."""
    require(actor, "office", "leader", "reporter")
    c = get_row(session, CampaignRow, campaign_id, "督办事项")
    if not campaign_visible(session, actor, c):
        raise NotFound("督办事项不存在 / not found")  # a reporter learns nothing of campaigns not theirs
    return c


def visible_task(session: Session, actor: Actor, task_id: int) -> tuple[CampaignTaskRow, CampaignRow, str | None]:
    """A campaign task the actor may see, its campaign, and the actor's unit's role in it."""
    require(actor, "office", "leader", "reporter")
    t = get_row(session, CampaignTaskRow, task_id, "任务")
    c = session.get(CampaignRow, t.campaign_id)
    assert c is not None
    role = None
    if actor.unit_id is not None:
        role = session.scalar(select(AssignmentRow.role).where(
            AssignmentRow.campaign_task_id == t.id, AssignmentRow.unit_id == actor.unit_id,
            AssignmentRow.archived.is_(False)))
    if actor.role == "reporter" and (role is None or c.status != "published" or t.archived):
        raise NotFound("任务不存在 / not found")
    return t, c, role


def editable_task(session: Session, actor: Actor, task_id: int) -> tuple[CampaignTaskRow, CampaignRow]:
    """A task the office may change: its campaign is not archived."""
    require(actor, "office")
    t = get_row(session, CampaignTaskRow, task_id, "任务")
    c = session.get(CampaignRow, t.campaign_id)
    assert c is not None
    if c.status == "archived":
        raise Invalid("督办事项已归档，不能修改 / the campaign is archived")
    return t, c


def visible_issue(session: Session, actor: Actor, issue_id: int) -> tuple[IssueRow, CampaignRow]:
    """An issue the actor may see (a reporter: their unit's, not archived, of a published campaign)."""
    require(actor, "office", "leader", "reporter")
    row = get_row(session, IssueRow, issue_id, "问题")
    c = session.get(CampaignRow, row.campaign_id)
    assert c is not None
    if actor.role == "reporter" and (not own_issue(session, actor, row) or row.archived or c.status != "published"):
        raise NotFound("问题不存在 / not found")
    return row, c


def raised_here(actor: Actor) -> Any:
    """The users of the actor's unit: a reporter follows the issues their unit raised as well as those assigned
    to it (one raised by a unit waits 待交办 for the office)."""
    return select(UserRow.id).where(UserRow.unit_id == actor.unit_id)


def own_issue(session: Session, actor: Actor, row: IssueRow) -> bool:
    """Whether an issue is the reporter's unit's: assigned to it, or raised by one of its users."""
    if actor.unit_id is None:
        return False
    return row.unit_id == actor.unit_id or (row.raised_by is not None and row.raised_by in session.scalars(
        raised_here(actor)).all())


def visible_tasks(actor: Actor, tasks: list[CampaignTaskRow], units: dict[int, Assigned]) -> list[CampaignTaskRow]:
    """The tasks of a campaign the actor sees: a reporter, their unit's active tasks."""
    if actor.role != "reporter":
        return tasks
    return [t for t in tasks if not t.archived and any(a.unit_id == actor.unit_id for a, _ in units.get(t.id, []))]


def own_unit_only(actor: Actor, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listed items (each with its ``unit_id``) a reporter sees: their own unit's."""
    if actor.role != "reporter":
        return list(items)
    return [x for x in items if x["unit_id"] == actor.unit_id]
