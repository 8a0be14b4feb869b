"""Serve, government data: what the data pages share — reading a POST's fields (form or JSON, CSRF checked),
dates and numbers from fields and queries (refusals in Chinese), data items and names from a form, and the
table columns of resources and requests.

Public names: fields, as_date, number, optional_number, items, names, as_of, REQ_COLUMNS, RES_COLUMNS.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request

from zhengce.supervision.core import Forbidden, Invalid
from zhengce.web.guard import MAX_BODY, clean, read_json_object
from zhengce.web.signin import check_csrf
from zhengce.web.twins import actor

REQ_COLUMNS = [{"key": "id", "label": "编号", "link": "url"}, {"key": "kind_name", "label": "种类"},
               {"key": "resource", "label": "数据资源"}, {"key": "requester", "label": "申请方"},
               {"key": "provider", "label": "提供部门"}, {"key": "filed_on", "label": "收到日期"},
               {"key": "status_name", "label": "状态"}, {"key": "due", "label": "到期日"},
               {"key": "clause", "label": "依据"}, {"key": "overdue_name", "label": "逾期"}]
RES_COLUMNS = [{"key": "code", "label": "资源代码"}, {"key": "name", "label": "资源名称", "link": "url"},
               {"key": "kind", "label": "类别"}, {"key": "provider", "label": "提供方"},
               {"key": "share_type_name", "label": "共享类型"}, {"key": "open_type_name", "label": "开放类型"},
               {"key": "update_cycle", "label": "更新周期"}, {"key": "status_name", "label": "状态"}]


async def fields(request: Request) -> dict[str, Any]:
    """The POST's fields (form or JSON) of a signed-in user; a browser session's CSRF token checked."""
    if actor(request).id is None:
        raise Forbidden("请先登录 / please sign in")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            got = await read_json_object(request)
        except ValueError as e:
            raise Invalid(str(e)) from e
    else:
        form = await request.form(max_part_size=MAX_BODY)
        got = {k: clean(v) for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, got)
    got.pop("csrf", None)
    return got


def as_date(value: Any, name: str) -> date | None:
    """A date from a field or query (YYYY-MM-DD), None when empty; Invalid otherwise."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as e:
        raise Invalid(f"{name} 应为日期，如 2024-09-27 / {name} must be a date") from e


def number(value: Any, name: str) -> int:
    """A whole number (ASCII digits, at most 2^31-1) from a path, field or query; Invalid otherwise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):  # int() would read other scripts' digits too
        raise Invalid(f"{name} 应为整数 / {name} must be a number")
    got = int(text)
    if got > 2**31 - 1:
        raise Invalid(f"{name} 超出范围 / {name} out of range")
    return got


def optional_number(value: Any, name: str) -> int | None:
    """:func:`number`, or None when the value is empty or absent."""
    return number(value, name) if value else None


def items(value: Any) -> list[dict[str, Any]]:
    """Data items from JSON (a list of objects) or a form (one per line: 名称|类型|个人|涉密|脱敏方式)."""
    if isinstance(value, list):
        return [v if isinstance(v, dict) else {"name": str(v)} for v in value]
    out = []
    for line in str(value or "").splitlines():
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if parts and parts[0]:
            parts += [""] * 5
            out.append({"name": parts[0], "type": parts[1] or "字符型", "personal": parts[2] in {"是", "1", "y"},
                        "secret": parts[3] in {"是", "1", "y"}, "mask": parts[4]})
    return out


def names(value: Any) -> list[str]:
    """Names from JSON (a list) or a form field (separated by commas or 、)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [x.strip() for x in str(value or "").replace("，", ",").replace("、", ",").split(",") if x.strip()]


def as_of(request: Request) -> date | None:
    """The day the clocks are read on (``on=``), today by default."""
    return as_date(request.query_params.get("on"), "on")
