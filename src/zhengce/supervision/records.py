"""Reading and writing the supervision tables: rows by id, versions, dates, snapshots for the audit log,
a campaign's cycles, the units of its tasks and the labels of its tasks.

These helpers check no permission: :mod:`zhengce.supervision.permissions` does.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from zhengce.access.errors import Conflict, Invalid, NotFound
from zhengce.calendar.cycles import Cycle, CycleRule, cycles
from zhengce.db import TaskRow, UnitRow
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow
from zhengce.supervision.labels import CAMPAIGN_STATUSES, task_label
from zhengce.text.typed import read_day

__all__ = [
    "MAX_ID", "Assigned", "campaign_cycles", "campaign_dict", "campaign_rule", "check_version", "flush", "get_row",
    "parse_date", "plain", "snapshot", "task_labels", "units_of",
]

MAX_ID = 2**63 - 1  # the largest id a database integer holds

Assigned = list[tuple[AssignmentRow, UnitRow]]  # a task's active assignments with their units


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates in ISO form, decimals as text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(row: Any, fields: list[str]) -> dict[str, Any]:
    """The fields of a row as the audit log keeps them."""
    return {f: plain(getattr(row, f)) for f in fields}


def get_row(session: Session, model: Any, ident: int, what: str) -> Any:
    """The row of ``model`` with id ``ident``, else :class:`NotFound` naming ``what``."""
    if not isinstance(ident, int) or not 0 < ident <= MAX_ID:
        raise NotFound(f"{what}不存在 / not found")
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"{what}不存在 / not found")
    return row


def check_version(row: Any, version: int | None) -> None:
    """:class:`Conflict` when the form was read from another version than the stored one."""
    if version is not None and row.version != version:
        raise Conflict(f"该记录已被他人修改（当前版本 {row.version}，您编辑的是版本 {version}），请刷新后再保存"
                       " / changed by someone else since you opened it; reload and save again")


def flush(session: Session) -> None:
    """Flush, turning a concurrent change (a stale version) into :class:`Conflict`."""
    try:
        session.flush()
    except StaleDataError as e:
        raise Conflict("该记录刚被他人修改，请刷新后再保存 / changed by someone else just now; reload and save") from e


def parse_date(value: Any, what: str, field: str | None = None) -> date | None:
    """A date given as a date or as people type one (2025-06-30, 2025/6/30, 2025年6月30日); empty is None;
    anything else is :class:`Invalid` (of ``field``)."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return read_day(str(value))
    except ValueError as e:
        raise Invalid(f"{what}不是有效日期：{e} / not a date", field) from e


def campaign_rule(c: CampaignRow) -> CycleRule:
    return CycleRule.parse(c.rule)


def campaign_cycles(c: CampaignRow) -> list[Cycle]:
    """The reporting cycles of a campaign, from its rule, start and end."""
    return cycles(campaign_rule(c), c.start, c.end)


def units_of(session: Session, task_ids: list[int]) -> dict[int, Assigned]:
    """Each task's active assignments with their units, in the order they were made."""
    out: dict[int, Assigned] = defaultdict(list)
    if task_ids:
        for a, u in session.execute(select(AssignmentRow, UnitRow).join(UnitRow, UnitRow.id == AssignmentRow.unit_id)
                                    .where(AssignmentRow.campaign_task_id.in_(task_ids),
                                           AssignmentRow.archived.is_(False))
                                    .order_by(AssignmentRow.id)).all():
            out[a.campaign_task_id].append((a, u))
    return out


def task_labels(session: Session, tasks: list[CampaignTaskRow]) -> dict[int, dict[str, str]]:
    """Each task's label (:func:`zhengce.supervision.labels.task_label`: ``二、（三）2.``, with its plan's
    short name first when the document holds several plans) and its context — the plan and the parent
    headings (``产业培塑行动实施方案 › 工作任务 › 改造提升传统产业``) — from the extraction; two queries for all."""
    sources = {t.source_task_id for t in tasks if t.source_task_id}
    parents: dict[int, list[dict[str, str]]] = {}
    plans: dict[int, tuple[int, str]] = {}
    if sources:
        for tid, data, doc, plan in session.execute(select(TaskRow.id, TaskRow.data, TaskRow.document_id,
                                                           TaskRow.plan).where(TaskRow.id.in_(sources))).all():
            parents[tid] = [p for p in (data or {}).get("parents", []) if isinstance(p, dict)]
            plans[tid] = (doc, plan or "")
    several = {doc for doc, n in session.execute(
        select(TaskRow.document_id, func.count(distinct(TaskRow.plan))).where(
            TaskRow.document_id.in_({doc for doc, _ in plans.values()})).group_by(TaskRow.document_id)).all()
        if n > 1} if plans else set()
    out = {}
    for t in tasks:
        chain = parents.get(t.source_task_id or 0, [])
        doc, plan = plans.get(t.source_task_id or 0, (0, ""))
        plan = plan if doc in several else ""
        out[t.id] = {"task_label": task_label(t.number, [str(p.get("label") or "") for p in chain], t.heading, plan),
                     "context": " › ".join([plan] * bool(plan) + [str(p.get("heading") or "") for p in chain
                                                                 if p.get("heading")])}
    return out


def campaign_dict(c: CampaignRow) -> dict[str, Any]:
    """A campaign's summary as pages and the API show it."""
    rule = campaign_rule(c)
    return {"id": c.id, "name": c.name, "doc_number": c.doc_number, "document_id": c.document_id,
            "jurisdiction": c.jurisdiction, "status": c.status, "status_name": CAMPAIGN_STATUSES[c.status],
            "rule": c.rule, "rule_text": rule.describe(), "rule_from": (c.settings or {}).get("rule_from"),
            "start": c.start.isoformat(), "end": c.end.isoformat(),
            "version": c.version, "url": f"/campaign/{c.id}"}
