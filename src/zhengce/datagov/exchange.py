"""Export and import of the government data catalog: the usual catalog table as .xlsx (one row per data
item, the resource's metadata on its first row), and DCAT (JSON-LD, with dct/dcat terms and a ``zhengce:``
extension for what DCAT has no term for) that CKAN-class portals harvest; an export read back gives the
same core metadata (:func:`zhengce.datagov.entries.core`)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from zhengce.datagov.entries import OPEN_TYPES, SHARE_TYPES

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
