"""The issue ledger as it stood at the end of a day: what a bulletin of a period counts. An issue's state on a
day is the record of its last step on or before that day (the audit log keeps each step's result); issues raised
later are left out, and a step taken later — 交办, 办结, 销号 in December — does not change October's bulletin."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, local, require
from zhengce.db import UnitRow
from zhengce.db.tracking import AuditRow, CampaignTaskRow, IssueRow
from zhengce.supervision.issues import issue_dict, issue_levels, issue_stats
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import task_labels

__all__ = ["ledger_as_of"]


def ledger_as_of(engine: Engine, actor: Actor, campaign_id: int, day: date) -> dict[str, Any]:
    """The campaign's ledger at the end of ``day`` (Beijing): ``issues`` as :func:`~zhengce.supervision.issues
    .issues` lists them (overdue: still open past the deadline on that day) and ``by_unit``, archived ones left out."""
    require(actor, "office", "leader")
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        levels = issue_levels(c)
        rows = {r.id: r for r in session.scalars(select(IssueRow).where(IssueRow.campaign_id == c.id))}
        states = _states(session, sorted(rows), day)
        for s in states.values():
            s.campaign_id = c.id
        units = {u.id: u for u in session.scalars(select(UnitRow).where(
            UnitRow.id.in_({s.unit_id for s in states.values() if s.unit_id})))}
        tasks = {t.id: t for t in session.scalars(select(CampaignTaskRow).where(
            CampaignTaskRow.id.in_({r.campaign_task_id for r in rows.values() if r.campaign_task_id})))}
        labels = task_labels(session, list(tasks.values())) if tasks else {}
        kept = [(states[i], units.get(states[i].unit_id), tasks.get(rows[i].campaign_task_id))
                for i in sorted(states, reverse=True) if not states[i].archived]
        items = [issue_dict(s, u, t, levels, day, labels[t.id]["task_label"] if t else None)  # type: ignore[arg-type]
                 for s, u, t in kept]
        return {"issues": items, "by_unit": issue_stats(kept), "levels": levels}


def _states(session: Session, ids: list[int], day: date) -> dict[int, SimpleNamespace]:
    """Each issue's state at the end of ``day``, from its steps in the audit log (none yet: not raised)."""
    out: dict[int, SimpleNamespace] = {}
    for start in range(0, len(ids), 500):
        for a in session.scalars(select(AuditRow).where(
                AuditRow.entity == "issue", AuditRow.entity_id.in_(ids[start:start + 500])).order_by(AuditRow.id)):
            at = local(a.at)
            if at.date() > day or not isinstance(a.after, dict) or a.entity_id is None:
                continue
            state = out.get(a.entity_id)
            if state is None:
                state = out[a.entity_id] = SimpleNamespace(id=a.entity_id, raised_at=a.at, assigned_at=None,
                                                           closed_at=None, version=0)
            _apply(state, a.after, a.action, a.at)
    return out


def _apply(state: SimpleNamespace, after: dict[str, Any], action: str, at: datetime) -> None:
    """One step's result on the issue's state."""
    was = getattr(state, "status", None)
    for key in ("title", "description", "enterprise", "unit_id", "status", "level", "resolution",
                "campaign_task_id", "archived"):
        setattr(state, key, after.get(key))
    state.deadline = date.fromisoformat(after["deadline"]) if after.get("deadline") else None
    if state.status == "assigned" and (was != "assigned" or action == "issue.assign"):
        state.assigned_at = at
    state.closed_at = at if state.status == "closed" and was != "closed" else (
        state.closed_at if state.status == "closed" else None)
    state.version += 1
