"""Serve, government data: what the data pages share — reading a POST's fields (form or JSON, CSRF checked),
dates and numbers from fields and queries (refusals in Chinese), a refused form shown again with what was
typed, data items and names from a form, and the table columns of resources and requests.

Public names: fields, as_date, number, items, names, as_of, refill, REQ_COLUMNS, RES_COLUMNS and the request
models (ResourceIn, OnIn, ChangeIn, CollectorIn, RequestIn, ActIn, ReasonIn).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field

from zhengce.access.errors import Forbidden, Invalid
from zhengce.text.typed import read_date
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
    """A date from a field or query as people write it (2024-09-27, 2024/9/27, 2024年9月27日; an ISO
    timestamp too), None when empty; Invalid otherwise."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        return read_date(text)
    except ValueError as e:
        raise Invalid(f"{name}：{e} / {name} must be a date") from None


def number(value: Any, name: str) -> int:
    """A whole number (ASCII digits, at most 2^31-1) from a path, field or query; Invalid otherwise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):  # int() would read other scripts' digits too
        raise Invalid(f"{name} 应为整数 / {name} must be a number")
    got = int(text)
    if got > 2**31 - 1:
        raise Invalid(f"{name} 超出范围 / {name} out of range")
    return got


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


def refill(shown: dict[str, Any], action: str, typed: dict[str, Any], error: Invalid) -> dict[str, Any]:
    """A page whose form (``action``) was refused, shown again: what was typed kept in the form, the reason
    (its Chinese half) above it."""
    forms = [f | {"fields": [x | {"value": typed[x["name"]]} if x["name"] in typed else x for x in f["fields"]]}
             if f["action"] == action else f for f in shown.get("forms", [])]
    return shown | {"forms": forms, "error": re.split(r"\s*/\s+(?=[A-Za-z])", str(error), maxsplit=1)[0]}


def as_of(request: Request) -> date | None:
    """The day the clocks are read on (``on=``), today by default."""
    return as_date(request.query_params.get("on"), "on")


# --- what the forms take (described in OpenAPI; the handlers read the fields themselves) ---------------


class ResourceIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str = Field(description="目录类别：基础、主题、部门")
    code: str = Field(description="资源代码（已有的代码即修改该目录）")
    name: str = Field(description="资源名称")
    provider_code: str = Field("", description="提供方代码")
    share_type: str = Field(description="共享类型：无条件共享、有条件共享、不予共享（或 unconditional 等）")
    open_type: str = Field(description="开放类型：无条件开放、有条件开放、不予开放")
    share_reason: str = Field("", description="有条件、不予共享的理由")
    share_basis: str = Field("", description="共享依据（法律法规）")
    items: list[dict[str, Any]] | str = Field(description="信息项：JSON 为对象列表；表单每行“名称|类型|个人|涉密|脱敏”")
    provider_unit_id: int | None = Field(None, description="提供部门的单位编号（督查室代为编目时）")
    version: int | None = Field(None, description="修改时为读取时的版本号")


class OnIn(BaseModel):
    on: date | None = Field(None, description="日期，默认今天")


class ChangeIn(BaseModel):
    on: date = Field(description="法律法规修订或职能变化的日期")
    note: str = Field("", description="变化内容")


class CollectorIn(BaseModel):
    a: int = Field(description="目录甲的编号")
    b: int = Field(description="目录乙的编号")
    collector: int = Field(description="采集部门的目录编号（甲或乙）")


class RequestIn(BaseModel):
    kind: str = Field(description="share（共享申请）、open（开放申请）、check（校核）、objection（异议）")
    resource_id: int = Field(description="数据资源（目录）编号")
    purpose: str = Field("", description="使用用途")
    items: list[str] | str = Field("", description="申请的信息项（逗号分隔或列表；空为全部）")
    on: date | None = Field(None, description="收到日期，默认今天")
    applicant: str = Field("", description="申请人（公众）")


class ActIn(BaseModel):
    action: str = Field(description="grant、refuse、answer、extend、flag、forward、correct、not_correct")
    reason: str = Field("", description="理由或说明（refuse、not_correct 必填）")
    version: int | None = Field(None, description="读取时的版本号")
    on: date | None = Field(None, description="办理日期，默认今天")
    extension: str = Field("additional", description="延期读法：additional（另加）或 total（合计）")
    personal_allowed: bool = Field(False, description="同意时：可使用个人信息（不脱敏）")
    valid_to: date | None = Field(None, description="同意时：授权有效期至")
    items: list[str] | str = Field("", description="同意时：授权的信息项（空为申请的全部）")


class ReasonIn(BaseModel):
    reason: str = Field(description="理由")
