"""A department's data dashboard (政务数据看板): its requests to answer, its clocks due soon (reminded) and
overdue (escalated, with the level reached), its catalog updates overdue, and the clause-38 items counted
against it — the office and leaders see every department, a department's staff their own."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, today
from zhengce.access.errors import Forbidden
from zhengce.datagov.catalog import overdue_updates, resources
from zhengce.datagov.duties import CLAUSE38_ITEMS, OFFICE, duties, tally
from zhengce.datagov.requests import CLOSED, requests
from zhengce.db import UnitRow
from zhengce.db.datatables import DataRequestRow, DataResourceRow

__all__ = ["EVER", "board_units", "dashboard"]

EVER = date(1900, 1, 1)  # the dashboard counts every clock and finding up to its day


def dashboard(engine: Engine, actor: Actor, unit_id: int | None = None, on: date | None = None) -> dict[str, Any]:
    """Per department (``unit_id``; a reporter: their own): requests to answer, the duties due soon and
    overdue, catalog updates overdue, and the clause-38 items counted from them (see :mod:`duties`)."""
    on = on or today()
    if actor.role == "reporter":
        unit_id = actor.unit_id
    elif actor.role not in {"office", "leader"}:
        raise Forbidden("请先登录 / please sign in")
    reqs = requests(engine, actor, on, unit_id)
    res = [r for r in resources(engine, actor) if unit_id is None or r["provider_unit_id"] == unit_id]
    late_updates = [r for r in overdue_updates(engine, on) if unit_id is None or r["provider_unit_id"] == unit_id]
    mine = [d for d in duties(engine, on) if unit_id is None or d["unit_id"] == unit_id]
    counted = {k: v for k, v in tally(engine, EVER, on, on).items() if unit_id is None or k == unit_id}
    indicators = {r["unit"] or OFFICE: {f"{CLAUSE38_ITEMS[k]['clause']} {CLAUSE38_ITEMS[k]['text']}": n
                                        for k, n in r["items"].items()} for r in counted.values() if r["items"]}
    items = [{"item": k, **v, "count": sum(r["items"].get(k, 0) for r in counted.values())}
             for k, v in CLAUSE38_ITEMS.items()]
    with Session(engine) as session:
        unit = session.get(UnitRow, unit_id) if unit_id else None
    return {"unit_id": unit_id, "unit": unit.canonical if unit else None, "as_of": on.isoformat(),
            "resources": len(res), "published": sum(r["status"] == "published" for r in res),
            "received_open": [r for r in reqs if r["provider_unit_id"] == unit_id and r["status"] not in CLOSED]
            if unit_id else [r for r in reqs if r["status"] not in CLOSED],
            "due_soon": [r for r in reqs if r["due_soon"]], "overdue": [r for r in reqs if r["late_open"]],
            "catalog_overdue": late_updates,
            "clocks_due_soon": [d for d in mine if d["state"] == "due_soon"],  # reminded before they fall due
            "clocks_overdue": [d for d in mine if d["state"] == "overdue"],  # escalated, by level
            "indicators": dict(sorted(indicators.items())), "items": items,
            "overdue_per_unit": {u: sum(c.values()) for u, c in sorted(indicators.items())}}


def board_units(engine: Engine) -> list[tuple[int, str]]:
    """The departments a dashboard may be shown for (those providing a resource or filing a request), by name."""
    ids = union(select(DataResourceRow.provider_unit_id), select(DataRequestRow.requester_unit_id),
                select(DataRequestRow.provider_unit_id))
    with Session(engine) as session:
        rows = session.execute(select(UnitRow.id, UnitRow.canonical).where(UnitRow.id.in_(ids))
                               .order_by(UnitRow.canonical)).all()
    return [(i, name) for i, name in rows]
