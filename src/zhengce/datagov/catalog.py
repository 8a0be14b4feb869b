"""The government data catalog (政务数据目录, 永政办发〔2022〕13号 第十一条至第十三条、第十七条、第二十三条).

Resources of three kinds (基础, 主题, 部门) with the core metadata of the national catalog guidance
(政务信息资源目录编制指南 / GB/T 21063): classification, name, code, provider and its code, summary,
format, data items, share type with its condition and way, open type, update cycle, publication date
and related resources. A department's staff (a reporter bound to the provider unit) catalog their own
resources; the 主管部门 (the office) reviews and publishes them. A 有条件/不予 class is published only
with its reason and legal basis (and a 有条件 one with its condition). Two 部门 entries that share most
of their data items are flagged until the office names the one that collects the data (一数一源).

An entry's fields, classes and checks are in :mod:`zhengce.datagov.entries`; export and import (the
catalog table as .xlsx, DCAT as JSON-LD) in :mod:`zhengce.datagov.exchange` — their names are importable
from here too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, today
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound
from zhengce.datagov.entries import FIELDS, KINDS, OPEN_TYPES, SHARE_TYPES, core, normalise, publish_problems
from zhengce.datagov.exchange import CONTEXT, XLSX_HEADERS, from_dcat, from_xlsx, to_dcat, to_xlsx
from zhengce.datagov.rules import deadline
from zhengce.db import UnitRow
from zhengce.db.datatables import DataDuplicateRow, DataItemRow, DataResourceRow

__all__ = [
    "CONTEXT", "DUPLICATE_SHARE", "FIELDS", "KINDS", "OPEN_TYPES", "SHARE_TYPES", "XLSX_HEADERS", "core", "duplicates",
    "from_dcat", "from_xlsx", "import_entries", "mark_change", "name_collector", "normalise", "overdue_updates",
    "publish", "publish_problems", "resource", "resources", "save", "to_dcat", "to_xlsx", "visible",
]

DUPLICATE_SHARE = 0.6  # the share of the smaller entry's data items the two have in common


def _dict(session: Session, r: DataResourceRow, with_sample: bool = False) -> dict[str, Any]:
    items = session.scalars(select(DataItemRow).where(DataItemRow.resource_id == r.id)
                            .order_by(DataItemRow.position)).all()
    d: dict[str, Any] = {k: getattr(r, k) for k in FIELDS}
    d["published_on"] = r.published_on.isoformat() if r.published_on else ""
    d["related"] = list(r.related or [])
    d |= {"id": r.id, "status": r.status, "status_name": "已发布" if r.status == "published" else "待审核",
          "provider_unit_id": r.provider_unit_id, "share_type_name": SHARE_TYPES[r.share_type],
          "open_type_name": OPEN_TYPES[r.open_type], "version": r.version, "url": f"/data/resource/{r.id}",
          "items": [{"name": i.name, "type": i.type, "personal": i.personal, "secret": i.secret, "mask": i.mask}
                    for i in items],
          "change_on": r.change_on.isoformat() if r.change_on else None, "change_note": r.change_note}
    if r.change_on:
        d["update_due"] = deadline("catalog-update", r.change_on).due.isoformat()
    if with_sample:
        d["sample"] = list(r.sample or [])
    return d


def _may_edit(actor: Actor, provider_unit_id: int | None) -> None:
    if actor.office:
        return
    if actor.role == "reporter" and actor.unit_id is not None and actor.unit_id == provider_unit_id:
        return
    raise Forbidden("只有提供部门的工作人员或主管部门可以编目 / only the provider's staff or the office may catalog")


def _provider_unit(session: Session, actor: Actor, e: dict[str, Any], given: int | None) -> int | None:
    if actor.role == "reporter":
        return actor.unit_id
    if given is not None:
        if session.get(UnitRow, given) is None:
            raise NotFound(f"找不到单位 {given} / no such unit")
        return given
    if e["provider"]:
        found = session.scalars(select(UnitRow.id).where(UnitRow.canonical == e["provider"])).first()
        return found
    return None


def _write_items(session: Session, rid: int, items: list[dict[str, Any]]) -> None:
    for old in session.scalars(select(DataItemRow).where(DataItemRow.resource_id == rid)).all():
        session.delete(old)
    session.flush()
    for k, item in enumerate(items):
        session.add(DataItemRow(resource_id=rid, position=k, **item))


def save(engine: Engine, actor: Actor, entry: dict[str, Any], provider_unit_id: int | None = None,
         resource_id: int | None = None, version: int | None = None) -> int:
    """Add a resource, or change one (by id, else by its code); a published one must stay publishable."""
    e = normalise(entry)
    with Session(engine) as session, session.begin():
        if resource_id is None:
            row = session.scalars(select(DataResourceRow).where(DataResourceRow.code == e["code"])).first()
        else:
            row = session.get(DataResourceRow, resource_id)
            if row is None:
                raise NotFound(f"找不到数据资源 {resource_id} / no such resource")
        if row is None:
            unit = _provider_unit(session, actor, e, provider_unit_id)
            _may_edit(actor, unit)
            if not e["provider"] and unit is not None:
                e["provider"] = session.get(UnitRow, unit).canonical  # type: ignore[union-attr]
            row = DataResourceRow(provider_unit_id=unit, created_at=now(), status="draft",
                                  **{k: v for k, v in e.items() if k not in {"items", "published_on"}},
                                  published_on=date.fromisoformat(e["published_on"]) if e["published_on"] else None)
            session.add(row)
            session.flush()
            _write_items(session, row.id, e["items"])
            audit(session, actor, "data.catalog.add", "data_resource", row.id, None, {"code": row.code,
                                                                                     "name": row.name})
            return row.id
        _may_edit(actor, row.provider_unit_id)
        if version is not None and version != row.version:
            raise Conflict("该目录已被他人修改，请刷新后再改 / changed by someone else; reload")
        before = _dict(session, row)
        if row.status == "published" and (problems := publish_problems(e)):
            raise Invalid("已发布的目录不能改成缺少依据的状态：" + "；".join(problems))
        narrowed = row.share_type == "unconditional" and e["share_type"] != "unconditional"
        for k, v in e.items():
            if k == "published_on":
                row.published_on = date.fromisoformat(v) if v else row.published_on
            elif k != "items":
                setattr(row, k, v)
        if row.change_on is not None:  # the update the change of law or functions called for is made
            row.change_on, row.change_note = None, ""
        _write_items(session, row.id, e["items"])
        session.flush()
        audit(session, actor, "data.catalog.narrow" if narrowed and not actor.office else "data.catalog.edit",
              "data_resource", row.id, {"share_type": before["share_type"], "items": len(before["items"])},
              {"share_type": row.share_type, "items": len(e["items"])})
        return row.id


def publish(engine: Engine, actor: Actor, resource_id: int, on: date | None = None) -> dict[str, Any]:
    """The 主管部门 publishes a reviewed entry; refused while a restricted class lacks its reason or basis."""
    if not actor.office:
        raise Forbidden("目录由政务数据主管部门审核发布 / only the office publishes")
    with Session(engine) as session, session.begin():
        row = session.get(DataResourceRow, resource_id)
        if row is None:
            raise NotFound(f"找不到数据资源 {resource_id} / no such resource")
        d = _dict(session, row)
        if problems := publish_problems(d):
            raise Invalid("不能发布：" + "；".join(problems) + " / cannot publish without reason and legal basis")
        row.status, row.published_on = "published", on or today()
        session.flush()
        audit(session, actor, "data.catalog.publish", "data_resource", row.id, None,
              {"code": row.code, "published_on": row.published_on.isoformat()})
        return _dict(session, row)


def mark_change(engine: Engine, actor: Actor, resource_id: int, on: date, note: str) -> dict[str, Any]:
    """A law was revised or the provider's functions changed on ``on``: the entry is due for update (clause 13)."""
    with Session(engine) as session, session.begin():
        row = session.get(DataResourceRow, resource_id)
        if row is None:
            raise NotFound(f"找不到数据资源 {resource_id} / no such resource")
        _may_edit(actor, row.provider_unit_id)
        if not note.strip():
            raise Invalid("请写明修订的法律法规或变化的职能 / say what changed")
        row.change_on, row.change_note = on, note.strip()
        session.flush()
        audit(session, actor, "data.catalog.change", "data_resource", row.id, None,
              {"change_on": on.isoformat(), "note": row.change_note})
        return _dict(session, row)


def visible(actor: Actor, d: dict[str, Any]) -> bool:
    if actor.role in {"office", "leader"}:
        return True
    if actor.role == "reporter" and actor.unit_id is not None and d["provider_unit_id"] == actor.unit_id:
        return True
    return d["status"] == "published"


def resources(engine: Engine, actor: Actor | None = None) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.scalars(select(DataResourceRow).order_by(DataResourceRow.code)).all()
        found = [_dict(session, r) for r in rows]
    return [d for d in found if actor is None or visible(actor, d)]


def resource(engine: Engine, actor: Actor, resource_id: int) -> dict[str, Any]:
    with Session(engine) as session:
        row = session.get(DataResourceRow, resource_id)
        d = None if row is None else _dict(session, row)
    if d is None or not visible(actor, d):
        raise NotFound(f"找不到数据资源 {resource_id} / no such resource")
    d["publish_problems"] = publish_problems(d)
    d["duplicates"] = [x for x in duplicates(engine) if resource_id in {x["a"]["id"], x["b"]["id"]}]
    return d


def duplicates(engine: Engine, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Pairs of 部门 entries sharing most of their data items (一数一源, clause 12), open until the office
    names the collecting one."""
    with Session(engine) as session:
        rows = session.scalars(select(DataResourceRow).where(DataResourceRow.kind == "部门")
                               .order_by(DataResourceRow.id)).all()
        names = {r.id: {i for i in session.scalars(select(DataItemRow.name).where(DataItemRow.resource_id == r.id))}
                 for r in rows}
        decided = {(d.a_id, d.b_id): d.collector_id for d in session.scalars(select(DataDuplicateRow))}
        found = []
        for k, a in enumerate(rows):
            for b in rows[k + 1:]:
                shared = names[a.id] & names[b.id]
                smaller = min(len(names[a.id]), len(names[b.id]))
                if smaller == 0 or len(shared) < 2 or len(shared) / smaller < DUPLICATE_SHARE:
                    continue
                collector = decided.get((a.id, b.id))
                if collector is not None and not include_resolved:
                    continue
                found.append({"a": {"id": a.id, "name": a.name, "provider": a.provider, "code": a.code},
                              "b": {"id": b.id, "name": b.name, "provider": b.provider, "code": b.code},
                              "shared": "、".join(sorted(shared)), "collector_id": collector})
    return found


def name_collector(engine: Engine, actor: Actor, a_id: int, b_id: int, collector_id: int) -> None:
    """The 主管部门 names the department that collects the data of a flagged pair (clause 12)."""
    if not actor.office:
        raise Forbidden("由政务数据主管部门协调明确采集部门 / only the office names the collector")
    a_id, b_id = sorted((a_id, b_id))
    if collector_id not in {a_id, b_id}:
        raise Invalid("采集部门应为这两条目录之一 / the collector must be one of the pair")
    with Session(engine) as session, session.begin():
        session.add(DataDuplicateRow(a_id=a_id, b_id=b_id, collector_id=collector_id, decided_at=now()))
        session.flush()
        audit(session, actor, "data.catalog.collector", "data_resource", collector_id, None,
              {"pair": [a_id, b_id], "collector": collector_id})


def overdue_updates(engine: Engine, on: date | None = None) -> list[dict[str, Any]]:
    """Entries whose update after a change of law or functions is past its 15 working days (clause 13)."""
    on = on or today()
    return [d for d in resources(engine) if d.get("update_due") and d["update_due"] < on.isoformat()]


def import_entries(engine: Engine, actor: Actor, entries: list[dict[str, Any]]) -> list[int]:
    return [save(engine, actor, e) for e in entries]
