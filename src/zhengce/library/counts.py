"""The home page's counts: current sources and documents, the tasks of current documents, the units some
task names. Exact on SQLite, and on PostgreSQL up to HOME_EXACT of each; past it PostgreSQL gives the
planner's estimate (its statistics, scaled to the table's present size: a few milliseconds however large
the library), and the page shows it as 约 N — an exact count read every row: about 3 s at 753,953
documents, where the home page is also the server's readiness probe."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow, SourceRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.library.records import CURRENT

HOME_EXACT = 50_000  # counted exactly up to this many; past it, on PostgreSQL, an estimate (约 N)

__all__ = ["HOME_EXACT", "current_documents", "library_counts"]


def _exact(session: Session) -> dict[str, Any]:
    """Each count as a statement: (what it counts, how many)."""
    current_tasks = select(TaskRow.id).join(DocumentRow, DocumentRow.id == TaskRow.document_id).where(CURRENT)
    return {
        "sources": select(SourceRow.id).where(SourceRow.superseded_at.is_(None)),
        "documents": select(DocumentRow.id).where(CURRENT),
        "tasks": current_tasks,
        # the units some stored task names: each unit asks the index of task_units once, where a distinct
        # count over the current tasks' units took 30 s at 700,000 documents on PostgreSQL (0.4 s this way)
        "units": select(UnitRow.id).where(select(TaskUnitRow.task_id).where(TaskUnitRow.unit_id == UnitRow.id)
                                          .exists()),
    }


def _planned(session: Session, statement: str) -> int:
    """The rows PostgreSQL's planner expects ``statement`` to return."""
    plan = session.scalar(sql("EXPLAIN (FORMAT JSON) " + statement))
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _estimates(session: Session) -> dict[str, int]:
    """The planner's estimates: current sources and documents from the share of superseded_at that is null;
    the tasks of current documents as the tasks of all documents in that share; units by their table (a unit
    row is made when a task names it; the planner cannot estimate the EXISTS of the exact count)."""
    documents = _planned(session, "SELECT 1 FROM documents")
    current = current_documents(session)
    tasks = _planned(session, "SELECT 1 FROM tasks")
    return {"sources": _planned(session, "SELECT 1 FROM sources WHERE superseded_at IS NULL"),
            "documents": current, "tasks": round(tasks * current / documents) if documents else tasks,
            "units": _planned(session, "SELECT 1 FROM units")}


def library_counts(engine: Engine) -> dict[str, Any]:
    """{sources, documents, tasks, units: count, estimated: the names whose count is an estimate}."""
    with Session(engine) as session:
        statements = _exact(session)
        if engine.url.get_backend_name() != "postgresql":
            out: dict[str, Any] = {name: session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
                                   for name, stmt in statements.items()}
            return out | {"estimated": []}
        planned = _estimates(session)
        out, estimated = {}, []
        for name, stmt in statements.items():
            # an estimate far past the bound is taken as it is; near it, counting up to the bound decides
            n = None if planned[name] > 2 * HOME_EXACT else \
                session.scalar(select(func.count()).select_from(stmt.limit(HOME_EXACT + 1).subquery())) or 0
            if n is None or n > HOME_EXACT:
                out[name] = max(planned[name], HOME_EXACT + 1)
                estimated.append(name)
            else:
                out[name] = n
        return out | {"estimated": estimated}


def current_documents(session: Session) -> int:
    """The planner's estimate of the current documents on PostgreSQL (the figure the home page shows past
    HOME_EXACT): browsing without a query or filter shows it, where an exact count read every row."""
    return _planned(session, "SELECT 1 FROM documents WHERE superseded_at IS NULL")
