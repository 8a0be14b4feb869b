"""Serve: forms — every write is a POST, served twice, like a page and its twin.

:func:`form` registers a handler as the browser form ``POST path`` (answered with a redirect, HTTP 303) and
as its JSON twin ``POST /api{path}`` (answered with the data, described in OpenAPI by a response model;
the request body by the form's pydantic model). The handler reads its fields with :func:`read` (form or
JSON body, the same fields; CSRF checked for browser sessions; field errors in Chinese) and returns
:class:`Done` (data and where the browser goes next), or a response of its own (a page showing the form
again with its errors). :func:`answer_error` turns the errors of the supervision and account modules into
JSON for the API and into the error page (or the sign-in page) for the browser; a form that shows itself
again with what was typed and each error beside its field catches :class:`Invalid` and renders its page with
:func:`refused`. Form and JSON fields lose the characters XML cannot hold before anything sees them
(see :mod:`zhengce.web.guard`).

Public names: Num, Day, typed_day, Empty, Done, form, read, read_fields, refused, is_api, path_id, query_int,
field_errors, FIELD_NAMES, answer_error, Created, Linked, Versioned, Ok.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError

from zhengce.access.accounts import NoSuchToken, Throttled
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound, SupervisionError
from zhengce.text.typed import read_day
from zhengce.web.guard import MAX_BODY, MAX_ID, clean, query_id, read_json_object
from zhengce.web.signin import check_csrf, safe_next
from zhengce.web.twins import Loose, actor, page

Num = Annotated[int, Field(ge=0, le=MAX_ID)]  # an id, version or cycle: what a database integer holds


def typed_day(value: Any) -> Any:
    """A date field as people type it everywhere else (2025年3月1日, 2025/3/1, 2025-03-01); empty stays empty."""
    if isinstance(value, str) and value.strip():
        try:
            return read_day(value)
        except ValueError as e:
            raise PydanticCustomError("date_typed", "{reason}", {"reason": str(e)}) from None
    return value


Day = Annotated[date, BeforeValidator(typed_day)]  # a date typed 2025年3月1日 or 2025-03-01
M = TypeVar("M", bound=BaseModel)
Data = dict[str, Any]
# form fields whose empty string means "not given"
OPTIONAL = {"version", "unit_id", "task_id", "start", "end", "deadline"}

FIELD_NAMES = {"cycle": "周期", "status": "状态", "percent": "完成百分比", "narrative": "工作进展",
               "values": "指标实际值", "version": "版本号", "unit_id": "填报单位", "unit": "单位", "old": "原密码",
               "new": "新密码", "title": "标题", "text": "内容", "deadline": "完成时限", "reason": "理由",
               "points": "分值", "document_id": "方案", "parts": "拆分内容", "ids": "任务编号", "role": "角色",
               "action": "操作", "name": "名称", "start": "开始日期", "end": "结束日期", "draft": "草稿",
               "consolidated": "汇总报告", "task_id": "任务", "note": "说明", "description": "说明",
               "yellow_workdays": "黄灯提前工作日", "behind_gap": "进度落后百分点", "kind": "类型", "level": "层级",
               "rule": "调度规则"}


# --- what a form's JSON twin answers ------------------------------------------------------------


class Empty(BaseModel):
    """A form with no fields but the CSRF token."""


class Created(Loose):
    id: int = Field(description="新建对象的编号")


class Linked(Created):
    url: str = Field(description="新建对象的页面地址")


class Versioned(Loose):
    version: int = Field(description="修改后的版本号（再次修改时提交）")


class Ok(Loose):
    ok: bool = Field(description="已完成")


@dataclass
class Done:
    """What a form did: ``data`` for the JSON twin, ``to`` for the browser (a redirect)."""

    data: Data
    to: str


def is_api(request: Request) -> bool:
    """Whether the request came to the JSON twin (under ``/api``)."""
    return request.url.path.startswith("/api")


def form(router: APIRouter, path: str, *, summary: str, model: type[BaseModel], body: type[BaseModel] | None = None,
         description: str | None = None) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    """Register ``POST path`` (a browser form: redirect) and ``POST /api{path}`` (JSON described by ``model``;
    its request body by ``body``) for an async handler whose first parameter is ``request: Request`` and which
    returns :class:`Done` or a response."""
    extra = None if body is None else {"requestBody": {"content": {
        "application/json": {"schema": body.model_json_schema()},
        "application/x-www-form-urlencoded": {"schema": body.model_json_schema()}}, "required": True}}

    def decorate(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        params = list(inspect.signature(handler).parameters)
        if not params or params[0] != "request":
            raise TypeError(f"{handler.__name__}: the first parameter of a form handler must be `request`")

        @functools.wraps(handler)
        async def browser(*args: Any, **kwargs: Any) -> Response:
            got = await handler(*args, **kwargs)
            return got if isinstance(got, Response) else RedirectResponse(got.to, status_code=303)

        @functools.wraps(handler)
        async def api(*args: Any, **kwargs: Any) -> Any:
            got = await handler(*args, **kwargs)
            return got if isinstance(got, Response) else got.data

        browser.__name__ = f"{handler.__name__}_form"
        router.add_api_route(path, browser, methods=["POST"], include_in_schema=False, response_model=None)
        router.add_api_route("/api" + path, api, methods=["POST"], summary=summary, description=description,
                             response_model=model, openapi_extra=extra, name=handler.__name__)
        return handler

    return decorate


# --- reading a form ----------------------------------------------------------------------------------


async def read_fields(request: Request) -> tuple[Data, dict[str, list[Any]]]:
    """The POST's fields (form or JSON) and its uploaded files; the public is refused, a browser session's
    CSRF token checked."""
    if actor(request).role == "public":
        raise Forbidden("请先登录 / please sign in")
    files: dict[str, list[Any]] = {}
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            fields = await read_json_object(request)
        except ValueError as e:
            raise Invalid(str(e)) from e
    else:
        got = await request.form(max_part_size=MAX_BODY)
        fields = {}
        for k, v in got.multi_items():
            if hasattr(v, "read"):
                if getattr(v, "filename", ""):
                    files.setdefault(k, []).append(v)
            elif not (k in fields and v == ""):
                fields[k] = clean(v)
    check_csrf(request, fields)
    fields.pop("csrf", None)
    return fields, files


async def read(request: Request, model: type[M]) -> tuple[M, dict[str, list[Any]]]:
    """The request's fields validated by ``model`` (errors in Chinese, per field), and its files."""
    fields, files = await read_fields(request)
    cleaned = {k: (None if v == "" and k in OPTIONAL else v) for k, v in fields.items()}
    for flag in ("consolidated", "draft"):
        if flag in cleaned and isinstance(cleaned[flag], str):
            cleaned[flag] = cleaned[flag] in {"1", "on", "true", "yes"}
    try:
        return model.model_validate(cleaned), files
    except ValidationError as e:
        problems = field_errors(e)
        raise Invalid(f"提交的内容有误：{'；'.join(problems.values())} / invalid fields", fields=problems) from e


def problem(err: Any) -> str:
    """One pydantic error in Chinese, without the field's name."""
    kind, ctx = str(err.get("type", "")), err.get("ctx") or {}
    if kind == "missing":
        return "必填"
    if kind.startswith("int") or kind == "decimal_parsing":
        return "应为整数"
    if kind in {"less_than_equal", "less_than"}:
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind == "date_typed":
        return str(ctx.get("reason", "应为日期"))
    if kind.startswith("date"):
        return "应为日期，如 2026-03-31 或 2026年3月31日"
    if kind.startswith("bool"):
        return "应为“是”或“否”"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    return "格式不正确"


def field_errors(e: ValidationError) -> dict[str, str]:
    """{field: message in Chinese} of a validation error, the first problem of each field."""
    out: dict[str, str] = {}
    for err in e.errors():
        name = str(err["loc"][0]) if err.get("loc") else "_"
        out.setdefault(name, f"{FIELD_NAMES.get(name, name)}{problem(err)}")
    return out


def path_id(value: Any) -> int:
    """An id from the path: a whole number 1…MAX_ID, else NotFound (404)."""
    number = query_id(str(value))
    if number is None:
        raise NotFound("不存在 / not found")
    return number


def query_int(request: Request, name: str) -> int | None:
    """A whole number from the query string (at most six digits), None when absent; Invalid otherwise."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise Invalid(f"参数 {name} 应为正整数 / {name} must be a whole number")
    return int(raw)


async def refused(request: Request, exc: SupervisionError, template: str, view: Callable[[], Data],
                  form: str | None = None) -> Response:
    """A refused form shown again (400, 409 for a conflict): the page ``template`` with the data of ``view()``,
    ``typed`` (the text fields as sent, CSRF aside) and the errors ({field: message}; a reason that is no
    field's under ``"_"``, shown above the form) — as ``errors`` for a page with one form, or as
    ``refused = {"form": form, "errors": …}`` for a page with several, so that only the form sent shows them.
    The API answers the refusal as every error (``exc`` raised again)."""
    if is_api(request):
        raise exc
    raw = await request.form(max_part_size=MAX_BODY)
    typed = {k: clean(v) for k, v in raw.multi_items() if isinstance(v, str) and k != "csrf"}
    errors = dict(getattr(exc, "fields", {})) or {"_": str(exc)}
    status = 409 if isinstance(exc, Conflict) else 400
    if form is None:
        return page(request, template, view() | {"typed": typed, "errors": errors}, status)
    return page(request, template, view() | {"typed": typed, "refused": {"form": form, "errors": errors}}, status)


# --- errors -------------------------------------------------------------------------------------------

STATUS = {Forbidden: 403, NotFound: 404, Conflict: 409, Invalid: 400, Throttled: 429, NoSuchToken: 404}


def answer_error(request: Request, exc: Exception) -> Response:
    """A refusal of the supervision or account modules: JSON ``{"error"}`` under /api; for the browser the
    sign-in page (when the public is refused) or the error page with a way back."""
    status = STATUS.get(type(exc), 400)
    if isinstance(exc, Forbidden) and actor(request).role == "public":
        status = 401
    message = str(exc)
    if is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    back = safe_next(urlsplit(request.headers.get("referer", "")).path or None, "/campaigns")
    return page(request, "error.html", {"status": status, "message": message, "back": back}, status)
