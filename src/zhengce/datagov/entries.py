"""A catalog entry of the government data catalog: its fields (the core metadata of GB/T 21063), its
classes of sharing and opening, the checks an entry passes before it is stored (:func:`normalise`) and
published (:func:`publish_problems`, 永政办发〔2022〕13号 第十七条、第二十三条), and the core metadata an
export carries through a round trip (:func:`core`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhengce.access.errors import Invalid
from zhengce.datagov.rules import MASK_TYPES

KINDS = ("基础", "主题", "部门")
SHARE_TYPES = {"unconditional": "无条件共享", "conditional": "有条件共享", "none": "不予共享"}
OPEN_TYPES = {"unconditional": "无条件开放", "conditional": "有条件开放", "none": "不予开放"}
FIELDS = ["kind", "classification", "name", "code", "provider", "provider_code", "summary", "format", "share_type",
          "share_condition", "share_way", "share_reason", "share_basis", "open_type", "open_condition",
          "open_reason", "open_basis", "update_cycle", "published_on", "related"]


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


def core(entry: dict[str, Any]) -> dict[str, Any]:
    """The core metadata an export must carry through a round trip."""
    e = normalise(entry)
    return {k: e[k] for k in FIELDS} | {"items": e["items"]}
