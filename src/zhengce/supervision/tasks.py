"""The office's review of a campaign's tasks: correct, add, assign and unassign units, split, merge,
archive. Nothing is deleted: a split or merged task is archived with a note saying where it went."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, require
from zhengce.access.errors import Invalid, NotFound
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow
from zhengce.supervision.labels import ROLES
from zhengce.supervision.permissions import editable_task
from zhengce.supervision.records import check_version, flush, get_row, parse_date, snapshot, units_of
from zhengce.supervision.units import find_unit

__all__ = [
    "TASK_FIELDS", "add_task", "archive_task", "assign_unit", "edit_task", "merge_tasks", "split_task",
    "task_snapshot", "unassign_unit",
]

TASK_FIELDS = ["number", "heading", "text", "deadline", "archived", "note"]


def task_snapshot(session: Session, t: CampaignTaskRow) -> dict[str, Any]:
    """A task with its units as the audit log keeps it."""
    units = units_of(session, [t.id]).get(t.id, [])
    return snapshot(t, TASK_FIELDS) | {"units": [{"unit": u.canonical, "role": a.role} for a, u in units]}


def edit_task(engine: Engine, actor: Actor, task_id: int, version: int | None, **changes: Any) -> int:
    """Correct a task's number, heading, text or deadline; returns the new version."""
    with Session(engine) as session, session.begin():
        t, _ = editable_task(session, actor, task_id)
        check_version(t, version)
        before = task_snapshot(session, t)
        for key, value in changes.items():
            if key not in {"number", "heading", "text", "deadline"}:
                raise Invalid(f"不能修改 {key} / cannot change {key}")
            if key == "deadline":
                t.deadline = parse_date(value, "完成时限")
            elif value is not None:
                if key == "text" and not str(value).strip():
                    raise Invalid("任务内容不能为空 / a task needs its text")
                setattr(t, key, str(value)[:40] if key == "number" else str(value))
        flush(session)
        audit(session, actor, "task.edit", "task", t.id, before, task_snapshot(session, t))
        return t.version


def add_task(engine: Engine, actor: Actor, campaign_id: int, text: str, number: str = "", heading: str = "",
             deadline: Any = None, units: list[tuple[int | str, str]] | None = None) -> int:
    """A task the extraction missed, with its units as (unit, role) pairs."""
    require(actor, "office")
    if not text.strip():
        raise Invalid("任务内容不能为空 / a task needs its text")
    with Session(engine) as session, session.begin():
        c = get_row(session, CampaignRow, campaign_id, "督办事项")
        last = session.scalar(select(CampaignTaskRow.position).where(CampaignTaskRow.campaign_id == c.id)
                              .order_by(CampaignTaskRow.position.desc()).limit(1))
        t = CampaignTaskRow(campaign_id=c.id, source_task_id=None, position=(last or 0) + 1, number=number[:40],
                            heading=heading, text=text, deadline=parse_date(deadline, "完成时限"), archived=False,
                            note="人工添加")
        session.add(t)
        session.flush()
        for unit, role in units or []:
            _assign(session, c, t, unit, role)
        audit(session, actor, "task.add", "task", t.id, None, task_snapshot(session, t))
        return t.id


def _assign(session: Session, c: CampaignRow, t: CampaignTaskRow, unit: int | str, role: str) -> AssignmentRow:
    if role not in ROLES:
        raise Invalid("角色应为 lead（牵头）、support（配合）或 territorial（属地）/ unknown role")
    u = find_unit(session, unit, c.jurisdiction)
    existing = session.scalar(select(AssignmentRow).where(AssignmentRow.campaign_task_id == t.id,
                                                          AssignmentRow.unit_id == u.id,
                                                          AssignmentRow.archived.is_(False)))
    if existing is not None:
        existing.role = role
        return existing
    a = AssignmentRow(campaign_task_id=t.id, unit_id=u.id, role=role, archived=False)
    session.add(a)
    session.flush()
    return a


def assign_unit(engine: Engine, actor: Actor, task_id: int, unit: int | str, role: str) -> int:
    """Add a unit to a task (or change its role); returns the unit's id."""
    with Session(engine) as session, session.begin():
        t, c = editable_task(session, actor, task_id)
        before = task_snapshot(session, t)
        a = _assign(session, c, t, unit, role)
        audit(session, actor, "task.assign", "task", t.id, before, task_snapshot(session, t))
        return a.unit_id


def unassign_unit(engine: Engine, actor: Actor, task_id: int, unit_id: int) -> None:
    with Session(engine) as session, session.begin():
        t, _ = editable_task(session, actor, task_id)
        before = task_snapshot(session, t)
        rows = session.scalars(select(AssignmentRow).where(AssignmentRow.campaign_task_id == t.id,
                                                           AssignmentRow.unit_id == unit_id,
                                                           AssignmentRow.archived.is_(False))).all()
        if not rows:
            raise NotFound("该单位不在此任务中 / the unit is not on this task")
        for a in rows:
            a.archived = True
        session.flush()
        audit(session, actor, "task.unassign", "task", t.id, before, task_snapshot(session, t))


def split_task(engine: Engine, actor: Actor, task_id: int, version: int | None, texts: list[str]) -> list[int]:
    """Split a task into several, each with the same units; the original is archived, not deleted."""
    texts = [x.strip() for x in texts if x and x.strip()]
    if len(texts) < 2:
        raise Invalid("拆分至少需要两段任务内容 / a split needs at least two texts")
    with Session(engine) as session, session.begin():
        t, c = editable_task(session, actor, task_id)
        check_version(t, version)
        before = task_snapshot(session, t)
        units = units_of(session, [t.id]).get(t.id, [])
        made = []
        for k, text in enumerate(texts, 1):
            part = CampaignTaskRow(campaign_id=c.id, source_task_id=t.source_task_id, position=t.position,
                                   number=f"{t.number}-{k}"[:40], heading=t.heading, text=text, deadline=t.deadline,
                                   archived=False, note=f"由任务 {t.number} 拆分")
            session.add(part)
            session.flush()
            for a, _u in units:
                session.add(AssignmentRow(campaign_task_id=part.id, unit_id=a.unit_id, role=a.role, archived=False))
            made.append(part.id)
        t.archived = True
        t.note = "已拆分为 " + "、".join(f"{t.number}-{k}" for k in range(1, len(texts) + 1))
        flush(session)
        audit(session, actor, "task.split", "task", t.id, before, task_snapshot(session, t) | {"into": made})
        return made


def merge_tasks(engine: Engine, actor: Actor, task_ids: list[int], text: str | None = None) -> int:
    """Merge tasks of one campaign into one (units joined, a lead stays lead); the originals are archived."""
    ids = list(dict.fromkeys(task_ids))
    if len(ids) < 2:
        raise Invalid("合并至少需要两项任务 / a merge needs at least two tasks")
    with Session(engine) as session, session.begin():
        rows = [editable_task(session, actor, i) for i in ids]
        campaigns = {c.id for _, c in rows}
        if len(campaigns) != 1:
            raise Invalid("只能合并同一督办事项中的任务 / tasks of one campaign only")
        tasks = [t for t, _ in rows]
        if any(t.archived for t in tasks):
            raise Invalid("已归档的任务不能合并 / an archived task cannot be merged")
        units = units_of(session, ids)
        first = tasks[0]
        deadlines = [t.deadline for t in tasks if t.deadline]
        merged = CampaignTaskRow(campaign_id=first.campaign_id, source_task_id=first.source_task_id,
                                 position=first.position, number=first.number, heading=first.heading,
                                 text=text.strip() if text and text.strip() else "\n".join(t.text for t in tasks),
                                 deadline=min(deadlines) if deadlines else None, archived=False,
                                 note="由任务 " + "、".join(t.number for t in tasks) + " 合并")
        session.add(merged)
        session.flush()
        roles: dict[int, str] = {}
        for t in tasks:
            for a, _u in units.get(t.id, []):
                if roles.get(a.unit_id) != "lead":
                    roles[a.unit_id] = a.role
        for unit_id, role in roles.items():
            session.add(AssignmentRow(campaign_task_id=merged.id, unit_id=unit_id, role=role, archived=False))
        for t in tasks:
            before = task_snapshot(session, t)
            t.archived, t.note = True, f"已合并入任务 {merged.number}（编号 {merged.id}）"
            flush(session)
            audit(session, actor, "task.merge", "task", t.id, before, task_snapshot(session, t))
        audit(session, actor, "task.add", "task", merged.id, None, task_snapshot(session, merged) | {"from": ids})
        return merged.id


def archive_task(engine: Engine, actor: Actor, task_id: int, version: int | None, reason: str) -> int:
    with Session(engine) as session, session.begin():
        t, _ = editable_task(session, actor, task_id)
        check_version(t, version)
        before = task_snapshot(session, t)
        t.archived, t.note = True, (reason or "已归档")[:500]
        flush(session)
        audit(session, actor, "task.archive", "task", t.id, before, task_snapshot(session, t))
        return t.version
