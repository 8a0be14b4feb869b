"""The data of the unit pages: every unit with its tasks in current documents, and one unit's tasks
across all plans by role with every spelling it was printed in."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.library.records import CURRENT, task_dict, tasks_of


def unit(engine: Engine, unit_id: int) -> dict[str, Any] | None:
    """A unit and every task it has, across all plans, by role."""
    with Session(engine) as session:
        u = session.get(UnitRow, unit_id)
        if u is None:
            return None
        # the document's columns, not the DocumentRow: its JSON column was decoded once per task row
        # (two decodes a task, 1.2 s of the 1.5 s the page of a unit with 152 tasks took)
        rows = session.execute(
            select(TaskRow, DocumentRow.doc_number, DocumentRow.title, TaskUnitRow.role, TaskUnitRow.name)
            .join(TaskUnitRow, TaskUnitRow.task_id == TaskRow.id)
            .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
            .where(TaskUnitRow.unit_id == unit_id, CURRENT)
            .order_by(DocumentRow.signed.desc().nulls_last(), TaskRow.ordinal)
        ).all()
        units = tasks_of(session, [t.id for t, *_ in rows])
        by_role: dict[str, list[dict[str, Any]]] = {"lead": [], "support": [], "territorial": []}
        names: dict[str, int] = defaultdict(int)
        for task, doc_number, title, role, name in rows:
            by_role.setdefault(role, []).append(
                task_dict(task, units.get(task.id, [])) | {"doc_number": doc_number, "document_title": title})
            names[name] += 1
        return {"unit": {"id": u.id, "canonical": u.canonical, "kind": u.kind, "level": u.level,
                         "jurisdiction": u.jurisdiction, "names": dict(names), "url": f"/unit/{u.id}"},
                "tasks": by_role, "total": len(rows)}


def units(engine: Engine, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    with Session(engine) as session:
        stmt = (select(UnitRow, func.count(TaskUnitRow.id), func.sum(case((TaskUnitRow.role == "lead", 1), else_=0)))
                .join(TaskUnitRow, TaskUnitRow.unit_id == UnitRow.id)
                .join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
                .join(DocumentRow, DocumentRow.id == TaskRow.document_id).where(CURRENT).group_by(UnitRow.id)
                .order_by(func.count(TaskUnitRow.id).desc(), UnitRow.canonical))
        if jurisdiction:
            stmt = stmt.where(UnitRow.jurisdiction == jurisdiction)
        return [{"id": u.id, "canonical": u.canonical, "kind": u.kind, "level": u.level,
                 "jurisdiction": u.jurisdiction, "tasks": n, "lead": int(lead or 0), "url": f"/unit/{u.id}"}
                for u, n, lead in session.execute(stmt).all()]
