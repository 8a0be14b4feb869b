"""The government data catalog (政务数据目录, 永政办发〔2022〕13号 第十一条至第十三条、第十七条、第二十三条).

Resources of three kinds (基础, 主题, 部门) with the core metadata of the national catalog guidance
(政务信息资源目录编制指南 / GB/T 21063): classification, name, code, provider and its code, summary,
format, data items, share type with its condition and way, open type, update cycle, publication date
and related resources. A department's staff (a reporter bound to the provider unit) catalog their own
resources; the 主管部门 (the office) reviews and publishes them. A 有条件/不予 class is published only
with its reason and legal basis (and a 有条件 one with its condition). Two 部门 entries that share most
of their data items are flagged until the office names the one that collects the data (一数一源).

Export and import: the usual catalog table as .xlsx, and DCAT (JSON-LD, with dct/dcat terms and a
``zhengce:`` extension for what DCAT has no term for) that CKAN-class portals harvest; an export read
back gives the same core metadata.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, today
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound
from zhengce.datagov.rules import MASK_TYPES, deadline
from zhengce.db import UnitRow
from zhengce.db.datatables import DataDuplicateRow, DataItemRow, DataResourceRow

KINDS = ("基础", "主题", "部门")
SHARE_TYPES = {"unconditional": "无条件共享", "conditional": "有条件共享", "none": "不予共享"}
OPEN_TYPES = {"unconditional": "无条件开放", "conditional": "有条件开放", "none": "不予开放"}
FIELDS = ["kind", "classification", "name", "code", "provider", "provider_code", "summary", "format", "share_type",
          "share_condition", "share_way", "share_reason", "share_basis", "open_type", "open_condition",
          "open_reason", "open_basis", "update_cycle", "published_on", "related"]
DUPLICATE_SHARE = 0.6  # the share of the smaller entry's data items the two have in common


def _type(value: str, names: dict[str, str], what: str) -> str:
    value = (value or "").strip()
    for key, name in names.items():
        if value in {key, name, name[:3]}:
            return key
    raise Invalid(f"{what}只能是 {'、'.join(names.values())}，不是 {value!r} / invalid {what}")


def _bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on", "是", "y"}


def normalise(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields checked and in their stored form (types as keys, items as dicts)."""
    e = {k: entry.get(k) for k in FIELDS}
    for k in FIELDS:
        if e[k] is None:
            e[k] = [] if k == "related" else ""
        elif isinstance(e[k], str):
            e[k] = e[k].strip()
    if e["kind"] not in KINDS:
        raise Invalid(f"目录类别只能是 基础、主题、部门，不是 {e['kind']!r} / kind must be 基础, 主题 or 部门")
    if not e["name"] or not e["code"]:
        raise Invalid("资源名称和资源代码必填 / name and code are required")
    e["share_type"] = _type(str(e["share_type"]), SHARE_TYPES, "共享类型")
    e["open_type"] = _type(str(e["open_type"]), OPEN_TYPES, "开放类型")
    if isinstance(e["related"], str):
        e["related"] = [x.strip() for x in e["related"].replace("，", ",").replace("、", ",").split(",") if x.strip()]
    if isinstance(e["published_on"], date):
        e["published_on"] = e["published_on"].isoformat()
    items = []
    for raw in entry.get("items") or []:
        item = {"name": str(raw.get("name", "")).strip(), "type": str(raw.get("type") or "字符型").strip(),
                "personal": _bool(raw.get("personal")), "secret": _bool(raw.get("secret")),
                "mask": str(raw.get("mask") or "").strip()}
        if not item["name"]:
            raise Invalid("信息项名称不能为空 / a data item needs a name")
        if item["mask"] and item["mask"] not in MASK_TYPES:
            raise Invalid(f"脱敏方式只能是 {'、'.join(MASK_TYPES)} / invalid mask")
        items.append(item)
    e["items"] = items
    e["sample"] = list(entry.get("sample") or [])
    return e


def publish_problems(e: dict[str, Any]) -> list[str]:
    """Why an entry cannot be published (clause 17, 23): a restricted class without reason or legal basis."""
    problems = []
    if e["share_type"] in {"conditional", "none"}:
        label = SHARE_TYPES[e["share_type"]]
        if not e["share_reason"]:
            problems.append(f"列入{label}类的，应说明理由（第十七条）")
        if not e["share_basis"]:
            problems.append(f"列入{label}类的，应提供法律法规或国家有关规定作为依据（第十七条）")
        if e["share_type"] == "conditional" and not e["share_condition"]:
            problems.append("列入有条件共享类的，应明确共享条件（第十七条）")
    if e["open_type"] in {"conditional", "none"}:
        label = OPEN_TYPES[e["open_type"]]
        if not e["open_reason"]:
            problems.append(f"列入{label}类的，应说明理由（第二十三条）")
        if not e["open_basis"]:
            problems.append(f"列入{label}类的，应提供法律法规或国家有关规定作为依据（第二十三条）")
    if not e["items"]:
        problems.append("至少应有一个信息项")
    return problems


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


# --- the catalog table (.xlsx) ---------------------------------------------------------------------------

XLSX_HEADERS = ["目录类别", "资源分类", "资源名称", "资源代码", "资源提供方", "提供方代码", "资源摘要", "资源格式",
                "信息项名称", "信息项类型", "个人信息", "涉密", "脱敏方式", "共享类型", "共享条件", "共享方式",
                "不予/有条件共享理由", "共享依据", "开放类型", "开放条件", "不予/有条件开放理由", "开放依据",
                "更新周期", "发布日期", "关联资源代码"]
_COLUMN = {"目录类别": "kind", "资源分类": "classification", "资源名称": "name", "资源代码": "code",
           "资源提供方": "provider", "提供方代码": "provider_code", "资源摘要": "summary", "资源格式": "format",
           "共享类型": "share_type", "共享条件": "share_condition", "共享方式": "share_way",
           "不予/有条件共享理由": "share_reason", "共享依据": "share_basis", "开放类型": "open_type",
           "开放条件": "open_condition", "不予/有条件开放理由": "open_reason", "开放依据": "open_basis",
           "更新周期": "update_cycle", "发布日期": "published_on", "关联资源代码": "related"}


def to_xlsx(entries: list[dict[str, Any]]) -> bytes:
    """One row per data item, the resource's metadata on its first row (the usual catalog table)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "政务数据目录"
    ws.append(XLSX_HEADERS)
    for e in entries:
        meta = {h: e.get(k) for h, k in _COLUMN.items()}
        meta["共享类型"] = SHARE_TYPES[e["share_type"]]
        meta["开放类型"] = OPEN_TYPES[e["open_type"]]
        meta["关联资源代码"] = "、".join(e.get("related") or [])
        for k, item in enumerate(e["items"] or [{}]):
            row = {h: (meta.get(h) or "") if k == 0 or h == "资源代码" else "" for h in XLSX_HEADERS}
            row |= {"信息项名称": item.get("name", ""), "信息项类型": item.get("type", ""),
                    "个人信息": "是" if item.get("personal") else "否", "涉密": "是" if item.get("secret") else "否",
                    "脱敏方式": item.get("mask", "")}
            ws.append([row[h] for h in XLSX_HEADERS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def from_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    headers = [str(h or "").strip() for h in next(rows, ())]
    if "资源代码" not in headers or "资源名称" not in headers:
        raise ValueError("表头应含“资源代码”“资源名称” / the header needs 资源代码 and 资源名称")
    entries: dict[str, dict[str, Any]] = {}
    for values in rows:
        row = {h: ("" if v is None else v) for h, v in zip(headers, values, strict=False)}
        code = str(row.get("资源代码", "")).strip()
        if not code:
            continue
        entry = entries.get(code)
        if entry is None:
            entry = {k: row.get(h, "") for h, k in _COLUMN.items()}
            if isinstance(entry["published_on"], date):
                entry["published_on"] = entry["published_on"].isoformat()[:10]
            entry["published_on"] = str(entry["published_on"] or "")[:10]
            entry["code"], entry["items"] = code, []
            entries[code] = entry
        if str(row.get("信息项名称", "")).strip():
            entry["items"].append({"name": row["信息项名称"], "type": row.get("信息项类型", ""),
                                   "personal": row.get("个人信息", "") == "是", "secret": row.get("涉密", "") == "是",
                                   "mask": row.get("脱敏方式", "")})
    return list(entries.values())


# --- DCAT (JSON-LD) ------------------------------------------------------------------------------------------

CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
           "foaf": "http://xmlns.com/foaf/0.1/", "zhengce": "https://zhengce.example/ns/data#"}


def to_dcat(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A dcat:Catalog with one dcat:Dataset per resource; what DCAT has no term for is under ``zhengce:``."""
    datasets = []
    for e in entries:
        datasets.append({
            "@type": "dcat:Dataset", "@id": f"urn:zhengce:data:{e['code']}", "dct:identifier": e["code"],
            "dct:title": e["name"], "dct:description": e["summary"], "dct:issued": e["published_on"] or None,
            "dct:accrualPeriodicity": e["update_cycle"], "dcat:theme": e["classification"],
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": e["provider"],
                              "dct:identifier": e["provider_code"]},
            "dct:relation": [f"urn:zhengce:data:{c}" for c in e.get("related") or []],
            "dcat:distribution": [{"@type": "dcat:Distribution", "dct:format": e["format"]}],
            "dct:accessRights": OPEN_TYPES[e["open_type"]],
            "zhengce:catalogKind": e["kind"],
            "zhengce:share": {"type": e["share_type"], "condition": e["share_condition"], "way": e["share_way"],
                              "reason": e["share_reason"], "basis": e["share_basis"]},
            "zhengce:open": {"type": e["open_type"], "condition": e["open_condition"], "reason": e["open_reason"],
                             "basis": e["open_basis"]},
            "zhengce:items": [{"name": i["name"], "type": i["type"], "personal": i["personal"],
                               "secret": i["secret"], "mask": i.get("mask", "")} for i in e["items"]],
        })
    return {"@context": CONTEXT, "@type": "dcat:Catalog", "dct:title": "政务数据目录", "dcat:dataset": datasets}


def from_dcat(doc: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for ds in doc.get("dcat:dataset") or []:
        share, open_ = ds.get("zhengce:share") or {}, ds.get("zhengce:open") or {}
        dist = (ds.get("dcat:distribution") or [{}])[0]
        pub = ds.get("dct:publisher") or {}
        entries.append({
            "kind": ds.get("zhengce:catalogKind", "部门"), "classification": ds.get("dcat:theme", ""),
            "name": ds.get("dct:title", ""), "code": ds.get("dct:identifier", ""), "provider": pub.get("foaf:name", ""),
            "provider_code": pub.get("dct:identifier", ""), "summary": ds.get("dct:description", ""),
            "format": dist.get("dct:format", ""), "update_cycle": ds.get("dct:accrualPeriodicity", ""),
            "published_on": ds.get("dct:issued") or "",
            "related": [str(r).rsplit(":", 1)[-1] for r in ds.get("dct:relation") or []],
            "share_type": share.get("type", ""), "share_condition": share.get("condition", ""),
            "share_way": share.get("way", ""), "share_reason": share.get("reason", ""),
            "share_basis": share.get("basis", ""), "open_type": open_.get("type", ""),
            "open_condition": open_.get("condition", ""), "open_reason": open_.get("reason", ""),
            "open_basis": open_.get("basis", ""), "items": ds.get("zhengce:items") or []})
    return entries


def core(entry: dict[str, Any]) -> dict[str, Any]:
    """The core metadata an export must carry through a round trip."""
    e = normalise(entry)
    return {k: e[k] for k in FIELDS} | {"items": e["items"]}
