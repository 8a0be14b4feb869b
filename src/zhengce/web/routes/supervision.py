"""Serve, part two: sign-in and the supervision pages (督办事项, 任务, 报告, 问题台账, 审计日志).

Who is asking is found once per request: a session cookie (browser) or ``Authorization: Bearer``
(API token); nobody else is the public, who sees no tracking data. Every write is a POST. A POST
from a browser session must carry the session's CSRF token (the form field ``csrf`` or the header
``X-CSRF-Token``); a POST with an API token needs none, since no browser sends it by itself. Each
page has its JSON twin under ``/api``; each form has a JSON twin that takes the same fields.

A user who still holds a one-time password reaches only the password page and sign-out (pages
redirect there, the API answers 403) until it is changed. Changing one's password ends one's other
sessions; each user lists, makes and revokes their own API tokens at ``/account/tokens``. Form and
JSON fields lose the characters XML cannot hold before anything sees them (see :mod:`web_guard`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from zhengce.access import accounts
from zhengce.access.accounts import PUBLIC, AccountError, Actor, Throttled, local
from zhengce.db.tracking import AuditRow
from zhengce.supervision import bulletin, scoring
from zhengce.supervision import core as supervision
from zhengce.supervision.core import Conflict, Forbidden, Invalid, NotFound, SupervisionError
from zhengce.web.guard import MAX_BODY, MAX_ID, clean, read_json_object

COOKIE = "zhengce_session"
LOGIN_CSRF = "zhengce_login_csrf"
MAX_FORM = MAX_BODY
MUST_CHANGE = "请先修改一次性密码，修改前只能访问修改密码页和退出 / change your one-time password first"
# what a user still holding a one-time password may reach: the password page, its twin, signing in and out
BEFORE_CHANGE = ("/account/password", "/api/account/password", "/login", "/logout", "/static/")
PAGE_SIZE = 30  # tasks on one page of a campaign
Num = Annotated[int, Field(ge=0, le=MAX_ID)]  # an id, version or cycle: what a database integer holds


# --- request bodies (one model per form; the JSON twin takes the same fields) --------------------


class CampaignIn(BaseModel):
    document_id: Num
    rule: str | None = Field(None, description="调度规则，如 month/next:5、week/in:3、ten_days/in:8、quarter/last")
    start: date | None = None
    end: date | None = None
    name: str | None = None


class CampaignEdit(BaseModel):
    version: Num | None = None
    name: str | None = None
    rule: str | None = None
    start: date | None = None
    end: date | None = None
    status: str | None = Field(None, description="draft（待审核）、published（发布）、archived（归档）")


class TaskEdit(BaseModel):
    version: Num | None = None
    number: str | None = None
    heading: str | None = None
    text: str | None = None
    deadline: str | None = Field(None, description="完成时限 YYYY-MM-DD；空串清除")


class TaskAdd(BaseModel):
    text: str
    number: str = ""
    heading: str = ""
    deadline: str | None = None
    lead: str = Field("", description="牵头单位，多个以顿号或逗号分隔")
    support: str = ""


class Split(BaseModel):
    version: Num | None = None
    parts: str = Field(..., description="拆分后的各项任务，每行一项")


class Merge(BaseModel):
    ids: str = Field(..., description="要合并的任务编号，逗号分隔")
    text: str | None = None


class Assign(BaseModel):
    unit: str
    role: str = Field("support", description="lead（牵头）、support（配合）、territorial（属地）")


class Unassign(BaseModel):
    unit_id: Num


class Archive(BaseModel):
    version: Num | None = None
    reason: str = ""


class ReportIn(BaseModel):
    cycle: Num
    status: str = Field(..., description="not_started、in_progress、done、behind")
    percent: int = Field(..., ge=0, le=100)
    narrative: str = ""
    values: str = Field("", description="实际值，每行“指标=数值 单位”，如 “新增企业=12 家”")
    version: Num | None = Field(None, description="修改已有报告时为读取时的版本号；新报告留空")
    unit_id: Num | None = Field(None, description="督查室代为填报时的单位编号")
    consolidated: bool = False
    draft: bool = Field(False, description="true：保存为草稿（不计入报送），稍后再提交")


class CommentIn(BaseModel):
    text: str


class IssueIn(BaseModel):
    title: str
    description: str = ""
    task_id: Num | None = None
    enterprise: str = ""
    unit: str = ""
    deadline: str | None = None


class IssueActionIn(BaseModel):
    action: str = Field(..., description="assign 交办、chase 督办、escalate 升级、resolve 办结、close 销号、"
                                         "reopen 重新打开、comment 意见")
    version: Num | None = None
    note: str = ""
    unit: str = ""
    deadline: str | None = None


class Empty(BaseModel):
    pass


class AdjustIn(BaseModel):
    unit: str
    points: str = Field(..., description="加分为正，扣分为负，如 2 或 -0.5")
    reason: str
    cycle: Num | None = Field(None, description="所属周期；留空计入全年")


class SettingsIn(BaseModel):
    version: Num | None = None
    yellow_workdays: int = Field(5, ge=0, le=60, description="距完成时限不足多少个工作日亮黄灯")
    behind_gap: int = Field(20, ge=0, le=100, description="进度落后时间进度多少个百分点亮黄灯")
    weight_reports: str = Field("50", description="按时报送率的权重")
    weight_tasks: str = Field("30", description="任务完成率的权重")
    weight_issues: str = Field("20", description="问题销号率的权重")
    escalation: str = Field("责任单位\n牵头单位\n专班办公室\n分管领导", description="问题升级层级，每行一级")
    bulletin_office: str = ""
    bulletin_masthead: str = ""


class UnitIn(BaseModel):
    name: str = Field(..., description="单位全称")
    kind: str = Field(..., description="类型：government、department、office、party、mass、judicial、vertical、"
                                       "service、park、enterprise、school、township、generic（集合名称，不计分）")
    level: str = Field("", description="层级：province、prefecture、county、township")


class TokenIn(BaseModel):
    name: str = Field("api", max_length=100, description="令牌名称，如用途或所在的脚本")


class PasswordIn(BaseModel):
    old: str
    new: str


FIELD_NAMES = {"cycle": "周期", "status": "状态", "percent": "完成百分比", "narrative": "工作进展",
               "values": "指标实际值", "version": "版本号", "unit_id": "填报单位", "unit": "单位", "old": "原密码",
               "new": "新密码", "title": "标题", "text": "内容", "deadline": "完成时限", "reason": "理由",
               "points": "分值", "document_id": "方案", "parts": "拆分内容", "ids": "任务编号", "role": "角色",
               "action": "操作", "name": "名称", "start": "开始日期", "end": "结束日期", "draft": "草稿",
               "consolidated": "汇总报告", "task_id": "任务", "note": "说明", "description": "说明",
               "yellow_workdays": "黄灯提前工作日", "behind_gap": "进度落后百分点", "kind": "类型", "level": "层级"}


def _problem(err: Any) -> str:
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
    if kind.startswith("date"):
        return "应为日期，如 2026-03-31"
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
        out.setdefault(name, f"{FIELD_NAMES.get(name, name)}{_problem(err)}")
    return out


def _split_units(text: str) -> list[str]:
    for sep in "，,;；\n":
        text = text.replace(sep, "、")
    return [u.strip() for u in text.split("、") if u.strip()]


def parse_values(text: str) -> list[dict[str, str]]:
    """``新增企业=12 家`` lines into [{indicator, value, unit}] (the value is checked later)."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, rest = line.replace("＝", "=").partition("=")
        if not sep:
            raise Invalid(f"实际值“{line.strip()[:40]}”应写作“指标=数值 单位” / write indicator=value unit",
                          "values")
        value, _, unit = rest.strip().partition(" ")
        out.append({"indicator": name.strip(), "value": value.strip(), "unit": unit.strip()})
    return out


def _safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to go back to (never another host)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return default
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("ZHENGCE_SECURE_COOKIES") == "1"


class Who:
    """ASGI middleware: runs ``who`` on each HTTP request before the app, and stops there when it answers."""

    def __init__(self, app: ASGIApp, who: Callable[[Request], Response | None]) -> None:
        self.app, self.who = app, who

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            answer = self.who(Request(scope))
            if answer is not None:
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def register(app: FastAPI, eng: Callable[[], Engine], page: Callable[..., HTMLResponse]) -> None:
    """Add sign-in and the supervision routes to the app."""

    def who(request: Request) -> Response | None:
        """Find who is asking (kept in ``request.state``); a response when the request goes no further."""
        actor, via = PUBLIC, "none"
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            found = accounts.token_actor(eng(), auth[7:].strip())
            if found is None:
                return JSONResponse({"error": "API 令牌无效或已吊销 / invalid or revoked token"}, status_code=401)
            actor, via = found, "token"
        elif request.cookies.get(COOKIE):
            found = accounts.session_actor(eng(), request.cookies.get(COOKIE))
            if found is not None:
                actor, via = found, "cookie"
        request.state.actor, request.state.via = actor, via
        if actor.must_change and not request.url.path.startswith(BEFORE_CHANGE):
            if request.url.path.startswith("/api"):
                return JSONResponse({"error": MUST_CHANGE}, status_code=403)
            return RedirectResponse("/account/password", status_code=303)
        return None

    # a plain ASGI middleware, not ``@app.middleware``: that one runs the app in a task group, which turns
    # an error raised while the body is read (413 from the size limit) into an exception group, a 500
    app.add_middleware(Who, who=who)

    async def body(request: Request, model: type[BaseModel]) -> tuple[BaseModel, dict[str, Any]]:
        """The request's fields (form or JSON) validated by ``model``; checks CSRF for browser sessions."""
        if request.state.actor.role == "public":
            raise Forbidden("请先登录 / please sign in")
        ctype = request.headers.get("content-type", "")
        files: dict[str, Any] = {}
        if ctype.startswith("application/json"):
            try:
                fields = await read_json_object(request)
            except ValueError as e:
                raise Invalid(str(e)) from e
        else:
            form = await request.form(max_part_size=MAX_FORM)
            fields = {}
            for k, v in form.multi_items():
                if hasattr(v, "read"):
                    if getattr(v, "filename", ""):
                        files.setdefault(k, []).append(v)
                elif not (k in fields and v == ""):
                    fields[k] = clean(v)
        if request.state.via == "cookie":
            sent = str(fields.get("csrf") or request.headers.get("x-csrf-token") or "")
            if not request.state.actor.csrf or not secrets.compare_digest(sent, request.state.actor.csrf):
                raise Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试 / CSRF check failed; reload")
        fields.pop("csrf", None)
        cleaned = {k: (None if v == "" and k in {"version", "unit_id", "task_id", "start", "end", "deadline"}
                       else v) for k, v in fields.items()}
        for flag in ("consolidated", "draft"):
            if flag in cleaned and isinstance(cleaned[flag], str):
                cleaned[flag] = cleaned[flag] in {"1", "on", "true", "yes"}
        try:
            return model.model_validate(cleaned), files
        except ValidationError as e:
            problems = field_errors(e)
            raise Invalid(f"提交的内容有误：{'；'.join(problems.values())} / invalid fields", fields=problems) from e

    def me(request: Request) -> Actor:
        return request.state.actor  # type: ignore[no-any-return]

    def fail(request: Request, exc: Exception) -> Response:
        status = {Forbidden: 403, NotFound: 404, Conflict: 409, Invalid: 400, Throttled: 429,
                  accounts.NoSuchToken: 404}.get(type(exc), 400)
        if isinstance(exc, Forbidden) and me(request).role == "public":
            status = 401
        message = str(exc)
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message}, status_code=status)
        if status == 401:
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        back = _safe_next(urlsplit(request.headers.get("referer", "")).path or None, "/campaigns")
        return page(request, "error.html", {"status": status, "message": message, "back": back}, status)

    @app.exception_handler(SupervisionError)
    async def supervision_error(request: Request, exc: SupervisionError) -> Response:
        return fail(request, exc)

    @app.exception_handler(AccountError)
    async def account_error(request: Request, exc: AccountError) -> Response:
        return fail(request, exc)

    def done(request: Request, data: dict[str, Any], to: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse(data)
        return RedirectResponse(to, status_code=303)

    def pair(path: str, summary: str, model: type[BaseModel] | None = None) -> Callable[[Any], Any]:
        """Register a handler as the form route ``path`` and as its JSON twin ``/api{path}``."""
        def wrap(fn: Callable[..., Any]) -> Any:
            extra = None if model is None else {"requestBody": {"content": {
                "application/json": {"schema": model.model_json_schema()},
                "application/x-www-form-urlencoded": {"schema": model.model_json_schema()}}, "required": True}}
            app.add_api_route(path, fn, methods=["POST"], include_in_schema=False)
            app.add_api_route("/api" + path, fn, methods=["POST"], summary=summary, openapi_extra=extra)
            return fn
        return wrap

    def view(path: str, template: str, summary: str) -> Callable[[Any], Any]:
        """Register a data function as the page ``path`` and its JSON twin ``/api{path}``."""
        def wrap(fn: Callable[..., dict[str, Any]]) -> Any:
            async def html(request: Request) -> Response:
                data = fn(request, **request.path_params)
                return page(request, template, data)

            async def api(request: Request) -> Response:
                return JSONResponse(fn(request, **request.path_params))

            app.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)
            app.add_api_route("/api" + path, api, methods=["GET"], summary=summary)
            return fn
        return wrap

    def _int(value: Any) -> int:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19 or not 0 < int(text) <= MAX_ID:
            raise NotFound("不存在 / not found")
        return int(text)

    # --- signing in ------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/campaigns") -> Response:
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", {"next": _safe_next(next, "/campaigns"), "login_csrf": token,
                                                "error": None})
        response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(request))
        return response

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = {k: clean(str(v)) for k, v in (await request.form()).items()}
        sent, kept = str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF, "")
        target = _safe_next(str(form.get("next", "")), "/campaigns")

        def again(message: str, status: int) -> Response:
            token = secrets.token_urlsafe(24)
            response = page(request, "login.html", {"next": target, "login_csrf": token, "error": message}, status)
            response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(request))
            return response

        if not kept or not secrets.compare_digest(sent, kept):
            return again("登录表单已过期，请重试 / the form expired, try again", 403)
        ip = request.client.host if request.client else "-"
        try:
            actor = accounts.authenticate(eng(), str(form.get("username", "")), str(form.get("password", "")), ip)
        except Throttled as e:
            return again(str(e), 429)
        if actor is None:
            return again("用户名或密码不正确 / wrong user name or password", 401)
        token, _csrf = accounts.start_session(eng(), actor)
        must_change = accounts.must_change(eng(), actor.username)
        response = RedirectResponse("/account/password" if must_change else target, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=_secure(request),
                            max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
        response.delete_cookie(LOGIN_CSRF)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await body(request, Empty)
        accounts.end_session(eng(), request.cookies.get(COOKIE))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @app.get("/api/me", summary="当前用户（未登录为公众）")
    def api_me(request: Request) -> dict[str, Any]:
        return me(request).to_dict()

    @app.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
    def password_page(request: Request) -> Response:
        if me(request).role == "public":
            return RedirectResponse("/login?next=/account/password", status_code=303)
        return page(request, "password.html", {"done": request.query_params.get("done") == "1", "errors": {}})

    @pair("/account/password", "修改密码", PasswordIn)
    async def change_password(request: Request) -> Response:
        actor = me(request)
        try:
            data, _ = await body(request, PasswordIn)
            if actor.role == "public":
                raise Forbidden("请先登录 / please sign in")
            assert isinstance(data, PasswordIn)
            keep = request.cookies.get(COOKIE) if request.state.via == "cookie" else None
            accounts.set_password(eng(), actor.username, data.old, data.new, actor, keep_session=keep)
        except (Invalid, AccountError) as exc:
            if request.url.path.startswith("/api") or actor.role == "public":
                raise
            errors = dict(getattr(exc, "fields", {}))
            if not errors:  # the account module's refusals: which field they are about
                errors["old" if "原密码" in str(exc) else "new"] = str(exc)
            return page(request, "password.html", {"done": False, "errors": errors}, 400)
        return done(request, {"ok": True}, "/account/password?done=1")

    # --- one's own API tokens ----------------------------------------------------------------------

    def signed_in(request: Request) -> Actor:
        actor = me(request)
        if actor.role == "public" or actor.id is None:
            raise Forbidden("请先登录 / please sign in")
        return actor

    def tokens_data(request: Request, new: str | None = None) -> dict[str, Any]:
        actor = signed_in(request)
        return {"tokens": accounts.list_tokens(eng(), actor.username), "new_token": new}

    @app.get("/account/tokens", response_class=HTMLResponse, include_in_schema=False)
    def tokens_page(request: Request) -> Response:
        if me(request).role == "public":
            return RedirectResponse("/login?next=/account/tokens", status_code=303)
        return page(request, "tokens.html", tokens_data(request))

    @app.get("/api/account/tokens", summary="我的 API 令牌：编号、名称、建立与吊销时间（令牌本身不保存）")
    def api_tokens(request: Request) -> dict[str, Any]:
        return tokens_data(request)

    @pair("/account/tokens", "为自己新建 API 令牌（只显示这一次）", TokenIn)
    async def add_token(request: Request) -> Response:
        data, _ = await body(request, TokenIn)
        assert isinstance(data, TokenIn)
        actor = signed_in(request)
        token = accounts.new_token(eng(), actor.username, data.name.strip() or "api", actor)
        if request.url.path.startswith("/api"):
            return JSONResponse({"token": token, "tokens": accounts.list_tokens(eng(), actor.username)})
        return page(request, "tokens.html", tokens_data(request, token))

    @pair("/account/tokens/{token_id}/revoke", "吊销自己的一个 API 令牌", Empty)
    async def revoke_token(request: Request, token_id: str) -> Response:
        await body(request, Empty)
        actor = signed_in(request)
        revoked = accounts.revoke_token(eng(), actor.username, _int(token_id), actor)
        return done(request, revoked, "/account/tokens")

    # --- the working-day calendar: years and their source, holiday notices the office confirms ---

    def calendar_data(request: Request, moved: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        from zhengce.db import calendars

        engine = eng()
        office = me(request).role == "office"
        return {"years": calendars.years(engine, accounts.today()), "notices": calendars.notices(engine),
                "can_confirm": office, "moved": moved}

    @app.get("/calendar", response_class=HTMLResponse, include_in_schema=False)
    def calendar_page(request: Request) -> Response:
        return page(request, "calendar.html", calendar_data(request))

    @app.get("/api/calendar", summary="工作日历：各年的来源（已导入的节假日安排通知、数据包或仅按周末估算）及各份通知")
    def api_calendar(request: Request) -> dict[str, Any]:
        return calendar_data(request)

    @pair("/calendar/{calendar_id}/confirm", "督查室确认一份节假日安排通知为该年的正式工作日历；返回改变的报送日",
          Empty)
    async def confirm_calendar(request: Request, calendar_id: str) -> Response:
        from zhengce.db import calendars

        await body(request, Empty)
        actor = me(request)
        if actor.role != "office":
            raise Forbidden("只有督查室可以确认工作日历 / only the office confirms a calendar")
        try:
            result = calendars.confirm(eng(), _int(calendar_id), by=actor.username)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        if request.url.path.startswith("/api"):
            return JSONResponse(result)
        return page(request, "calendar.html", calendar_data(request, result["moved"]))

    @pair("/calendar/{calendar_id}/reject", "督查室驳回一份待确认的节假日安排通知", Empty)
    async def reject_calendar(request: Request, calendar_id: str) -> Response:
        from zhengce.db import calendars

        await body(request, Empty)
        if me(request).role != "office":
            raise Forbidden("只有督查室可以驳回工作日历 / only the office rejects a calendar")
        try:
            calendars.reject(eng(), _int(calendar_id))
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        return done(request, {"ok": True}, "/calendar")

    # --- campaigns -------------------------------------------------------------------------------

    @app.get("/campaigns", response_class=HTMLResponse, include_in_schema=False)
    def campaigns_page(request: Request) -> Response:
        if me(request).role == "public":
            return RedirectResponse("/login?next=/campaigns", status_code=303)
        return page(request, "campaigns.html", campaigns_data(request))

    @app.get("/api/campaigns", summary="督办事项列表（督查室、领导可见全部；填报员可见本单位参与的已发布事项）")
    def api_campaigns(request: Request) -> dict[str, Any]:
        return campaigns_data(request)

    def campaigns_data(request: Request) -> dict[str, Any]:
        actor = me(request)
        plans = supervision.plans_to_track(eng()) if actor.office else []
        return {"campaigns": supervision.list_campaigns(eng(), actor), "plans": plans, "viewer": actor.to_dict(),
                "suggested_start": accounts.today().replace(day=1).isoformat()}

    @pair("/campaigns", "由方案建立督办事项（待审核）", CampaignIn)
    async def create_campaign(request: Request) -> Response:
        data, _ = await body(request, CampaignIn)
        assert isinstance(data, CampaignIn)
        cid = supervision.create_campaign(eng(), me(request), data.document_id, data.rule, data.start, data.end,
                                          data.name)
        return done(request, {"id": cid, "url": f"/campaign/{cid}"}, f"/campaign/{cid}")

    @view("/campaign/{campaign_id}", "campaign.html",
          "督办事项：调度周期、任务亮灯、迟报漏报、催报清单；可按单位（unit=）、亮灯（light=）、章节（section=）筛选，"
          "page= 分页")
    def campaign_data(request: Request, campaign_id: str) -> dict[str, Any]:
        data = supervision.campaign_view(eng(), me(request), _int(campaign_id))
        return data | filter_tasks(request, data)

    def filter_tasks(request: Request, data: dict[str, Any]) -> dict[str, Any]:
        """The campaign's tasks narrowed by unit, light and section, one page of them for the page, and
        the late and missing reports summed per unit (the full lists stay in the JSON)."""
        unit, page_no = _query_int(request, "unit"), _query_int(request, "page") or 1
        light = request.query_params.get("light", "")
        section = request.query_params.get("section", "")
        tasks = data["tasks"]
        sections = list(dict.fromkeys(t["context"] for t in tasks if t.get("context")))
        units = sorted({(u["unit_id"], u["unit"]) for t in tasks for u in t["units"]}, key=lambda x: x[1])
        if unit:
            tasks = [t for t in tasks if any(u["unit_id"] == unit for u in t["units"])]
        if light in supervision.LIGHTS or light == "none":
            tasks = [t for t in tasks if (t["light"] or "none") == light]
        if section:
            tasks = [t for t in tasks if t.get("context") == section]
        pages = max(1, -(-len(tasks) // PAGE_SIZE))
        page_no = min(page_no, pages)

        def per_unit(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out: dict[int, dict[str, Any]] = {}
            for m in items:
                if unit and m["unit_id"] != unit:
                    continue
                entry = out.setdefault(m["unit_id"], {"unit_id": m["unit_id"], "unit": m["unit"], "count": 0,
                                                      "tasks": set()})
                entry["count"] += 1
                entry["tasks"].add(m["task_label"])
            return sorted(({**e, "tasks": sorted(e["tasks"])} for e in out.values()),
                          key=lambda e: (-e["count"], e["unit"]))

        query = {k: v for k, v in (("unit", unit), ("light", light), ("section", section)) if v}
        return {"tasks": tasks, "page_tasks": tasks[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE],
                "page": page_no, "pages": pages, "filters": query, "sections": sections,
                "filter_units": [{"unit_id": i, "unit": n} for i, n in units],
                "missing_by_unit": per_unit(data["missing"]), "late_by_unit": per_unit(data["late"])}

    @view("/campaign/{campaign_id}/digest", "digest.html",
          "单位每日提醒：N 个工作日内到期的报告（days=，默认 5）、已逾期未报的报告、待办问题（unit= 单位编号）")
    def digest_data(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        days = min(_query_int(request, "days") or 5, 60)
        data = supervision.digest(eng(), me(request), cid, _query_int(request, "unit"), days)
        if me(request).role in {"office", "leader"}:
            data["unit_choices"] = [u for u in supervision.unit_choices(eng(), me(request), cid) if not u["group"]]
        return data

    @view("/campaign/{campaign_id}/overview", "overview.html", "领导视图：亮灯、滞后任务、逾期问题、排名（一页）")
    def overview_data(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        actor = me(request)
        if actor.role not in {"office", "leader"}:
            raise Forbidden("领导视图供督查室和领导查看 / for the office and leaders")
        view_ = supervision.campaign_view(eng(), actor, cid)
        order = {"red": 0, "yellow": 1}
        lagging = sorted((t for t in view_["tasks"] if t["light"] in order),
                         key=lambda t: (order[t["light"]], t["deadline"] or "9999"))
        ledger = supervision.issues(eng(), actor, cid)
        overdue = [i for i in ledger["issues"] if i["overdue"]]
        ended = [c["index"] for c in view_["cycles"] if c["state"] == "past"]
        ranking = scoring.scores(eng(), actor, cid, cycle=ended[-1]) if ended else None
        ranked = ranking["ranked"] if ranking else []
        return {"campaign": view_["campaign"], "lights": view_["lights"], "current_cycle": view_["current_cycle"],
                "lagging": lagging[:10], "lagging_total": len(lagging), "overdue": overdue[:8],
                "overdue_total": len(overdue), "scope": ranking["scope"] if ranking else "",
                "top": ranked[:5], "bottom": ranked[5:][-5:], "ranked_total": len(ranked),
                "tasks_total": sum(1 for t in view_["tasks"] if not t["archived"])}

    @pair("/campaign/{campaign_id}/edit", "修改督办事项（名称、调度规则、起止、发布/归档）", CampaignEdit)
    async def edit_campaign(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, CampaignEdit)
        assert isinstance(data, CampaignEdit)
        version = supervision.update_campaign(eng(), me(request), _int(campaign_id), data.version,
                                              **data.model_dump(exclude={"version"}))
        return done(request, {"version": version}, f"/campaign/{campaign_id}")

    def task_of(request: Request, campaign_id: str, task_id: str) -> int:
        tid = _int(task_id)
        if not supervision.task_in_campaign(eng(), tid, _int(campaign_id)):
            raise NotFound("任务不存在 / not found")
        return tid

    @view("/campaign/{campaign_id}/task/{task_id}", "task.html",
          "任务：责任单位、各期报告、意见；填报表（cycle=期数、unit=代报单位）预填本期已有的报告")
    def task_data(request: Request, campaign_id: str, task_id: str) -> dict[str, Any]:
        saved = request.query_params.get("saved", "")
        data = supervision.task_view(eng(), me(request), task_of(request, campaign_id, task_id),
                                     cycle=_query_int(request, "cycle"), unit_id=_query_int(request, "unit")) | {
            "saved": saved if saved in {"draft", "submitted"} else "", "errors": {}, "conflict": None}
        if me(request).role == "office":
            data["unit_choices"] = supervision.unit_choices(eng(), me(request), _int(campaign_id))
        return data

    async def report_again(request: Request, campaign_id: str, tid: int, exc: SupervisionError) -> Response:
        """The task page with the report form as it was sent: each error beside its field, or for a
        conflict the stored report beside the one sent (saving again then keeps the one sent)."""
        raw = await request.form(max_part_size=MAX_FORM)

        def text(name: str) -> str:
            value = raw.get(name)
            return clean(value) if isinstance(value, str) else ""

        def number(name: str) -> int | None:
            value = text(name).strip()
            return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None

        data = supervision.task_view(eng(), me(request), tid, cycle=number("cycle"), unit_id=number("unit_id"))
        form = data["form"]
        sent = {"status": text("status"), "percent": text("percent"), "narrative": text("narrative"),
                "values": text("values"), "consolidated": text("consolidated") in {"1", "on", "true"}}
        stored = next((r for r in data["reports"] if r["id"] == form["report_id"]), None)
        conflict, errors, status = None, dict(getattr(exc, "fields", {})), 400
        if isinstance(exc, Conflict):
            status = 409
            conflict = {"message": str(exc), "theirs": stored, "yours": sent}
            form |= sent  # the version stays the stored one: saving again is a deliberate overwrite
        else:
            form |= sent | {"version": number("version")}
            errors.setdefault("_", str(exc))
        if any(getattr(f, "filename", "") for f in raw.getlist("file")):
            errors.setdefault("file", "附件未保存，请重新选择 / choose the files again")
        data |= {"form": form, "errors": errors, "conflict": conflict, "saved": ""}
        return page(request, "task.html", data, status)

    @pair("/campaign/{campaign_id}/task/{task_id}/edit", "修改任务（序号、标题、内容、完成时限）", TaskEdit)
    async def edit_task(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, TaskEdit)
        assert isinstance(data, TaskEdit)
        tid = task_of(request, campaign_id, task_id)
        changes = {k: v for k, v in data.model_dump(exclude={"version"}).items() if v is not None}
        if "deadline" in data.model_fields_set:
            changes["deadline"] = data.deadline or None
        version = supervision.edit_task(eng(), me(request), tid, data.version, **changes)
        return done(request, {"version": version}, f"/campaign/{campaign_id}/task/{tid}")

    @pair("/campaign/{campaign_id}/tasks", "补充一项任务", TaskAdd)
    async def add_task(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, TaskAdd)
        assert isinstance(data, TaskAdd)
        units: list[tuple[int | str, str]] = [(u, "lead") for u in _split_units(data.lead)]
        units += [(u, "support") for u in _split_units(data.support)]
        tid = supervision.add_task(eng(), me(request), _int(campaign_id), data.text, data.number, data.heading,
                                   data.deadline, units)
        return done(request, {"id": tid}, f"/campaign/{campaign_id}/task/{tid}")

    @pair("/campaign/{campaign_id}/task/{task_id}/split", "拆分任务（每行一项）", Split)
    async def split(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, Split)
        assert isinstance(data, Split)
        made = supervision.split_task(eng(), me(request), task_of(request, campaign_id, task_id), data.version,
                                      data.parts.splitlines())
        return done(request, {"ids": made}, f"/campaign/{campaign_id}")

    @pair("/campaign/{campaign_id}/merge", "合并任务", Merge)
    async def merge(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, Merge)
        assert isinstance(data, Merge)
        ids = [task_of(request, campaign_id, x.strip()) for x in data.ids.replace("，", ",").split(",") if x.strip()]
        tid = supervision.merge_tasks(eng(), me(request), ids, data.text)
        return done(request, {"id": tid}, f"/campaign/{campaign_id}/task/{tid}")

    @pair("/campaign/{campaign_id}/task/{task_id}/assign", "为任务增加责任单位或改变其角色", Assign)
    async def assign(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, Assign)
        assert isinstance(data, Assign)
        tid = task_of(request, campaign_id, task_id)
        unit_id = supervision.assign_unit(eng(), me(request), tid, data.unit, data.role)
        return done(request, {"unit_id": unit_id}, f"/campaign/{campaign_id}/task/{tid}")

    @pair("/campaign/{campaign_id}/task/{task_id}/unassign", "移除任务的一个责任单位", Unassign)
    async def unassign(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, Unassign)
        assert isinstance(data, Unassign)
        tid = task_of(request, campaign_id, task_id)
        supervision.unassign_unit(eng(), me(request), tid, data.unit_id)
        return done(request, {"ok": True}, f"/campaign/{campaign_id}/task/{tid}")

    @pair("/campaign/{campaign_id}/task/{task_id}/archive", "归档任务（不删除）", Archive)
    async def archive(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, Archive)
        assert isinstance(data, Archive)
        tid = task_of(request, campaign_id, task_id)
        version = supervision.archive_task(eng(), me(request), tid, data.version, data.reason)
        return done(request, {"version": version}, f"/campaign/{campaign_id}")

    @pair("/campaign/{campaign_id}/task/{task_id}/report", "填报进展（可附文件）", ReportIn)
    async def report(request: Request, campaign_id: str, task_id: str) -> Response:
        tid = task_of(request, campaign_id, task_id)
        try:
            data, files = await body(request, ReportIn)
            assert isinstance(data, ReportIn)
            uploads = []
            for f in files.get("file", []):
                uploads.append((f.filename, await f.read(supervision.MAX_ATTACHMENT + 1)))
            for name, content in uploads:  # every file is checked before anything is saved
                supervision.check_attachment(name, content)
            result = supervision.submit_report(eng(), me(request), tid, data.cycle, data.status, data.percent,
                                               data.narrative, parse_values(data.values), data.version, data.unit_id,
                                               data.consolidated, draft=data.draft)
        except (Invalid, Conflict) as exc:
            if request.url.path.startswith("/api"):
                raise
            return await report_again(request, campaign_id, tid, exc)
        for name, content in uploads:
            supervision.add_attachment(eng(), me(request), result.id, name, content)
        unit = f"&unit={data.unit_id}" if data.unit_id and me(request).role == "office" else ""
        return done(request, {"id": result.id, "version": result.version, "late": result.late,
                              "draft": result.draft},
                    f"/campaign/{campaign_id}/task/{tid}?saved={'draft' if result.draft else 'submitted'}"
                    f"&cycle={data.cycle}{unit}#report-form")

    @pair("/campaign/{campaign_id}/task/{task_id}/comment", "对任务发表意见（批示）", CommentIn)
    async def task_comment(request: Request, campaign_id: str, task_id: str) -> Response:
        data, _ = await body(request, CommentIn)
        assert isinstance(data, CommentIn)
        tid = task_of(request, campaign_id, task_id)
        cid = supervision.comment(eng(), me(request), "task", tid, data.text)
        return done(request, {"id": cid}, f"/campaign/{campaign_id}/task/{tid}")

    @app.get("/attachment/{attachment_id}", include_in_schema=False)
    @app.get("/api/attachment/{attachment_id}", summary="下载报告附件")
    def download(request: Request, attachment_id: str) -> Response:
        name, ctype, data = supervision.attachment(eng(), me(request), _int(attachment_id))
        from zhengce.web.app import _disposition

        return Response(data, media_type=ctype, headers={"Content-Disposition": _disposition(name),
                                                         "X-Content-Type-Options": "nosniff"})

    # --- the issue ledger ------------------------------------------------------------------------

    @view("/campaign/{campaign_id}/issues", "issues.html", "问题台账：交办、督办、销号，按单位的办结率")
    def issues_data(request: Request, campaign_id: str) -> dict[str, Any]:
        data = supervision.issues(eng(), me(request), _int(campaign_id))
        if me(request).role in {"office", "reporter"}:
            data["tasks"] = supervision.task_choices(eng(), me(request), _int(campaign_id))
        if me(request).role == "office":
            data["unit_choices"] = supervision.unit_choices(eng(), me(request), _int(campaign_id))
        return data

    @pair("/campaign/{campaign_id}/issues", "登记问题（可同时交办）", IssueIn)
    async def raise_issue(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, IssueIn)
        assert isinstance(data, IssueIn)
        iid = supervision.raise_issue(eng(), me(request), _int(campaign_id), data.title, data.description,
                                      data.task_id, data.enterprise, data.unit or None, data.deadline)
        return done(request, {"id": iid, "url": f"/issue/{iid}"}, f"/issue/{iid}")

    @view("/issue/{issue_id}", "issue.html", "问题：办理经过与可进行的操作")
    def issue_data(request: Request, issue_id: str) -> dict[str, Any]:
        data = supervision.issue_view(eng(), me(request), _int(issue_id))
        if me(request).role == "office":
            data["unit_choices"] = supervision.unit_choices(eng(), me(request), data["campaign"]["id"])
        return data

    @pair("/issue/{issue_id}/action", "问题操作：交办、督办、升级、办结、销号、重新打开、意见", IssueActionIn)
    async def issue_action(request: Request, issue_id: str) -> Response:
        data, _ = await body(request, IssueActionIn)
        assert isinstance(data, IssueActionIn)
        version = supervision.issue_action(eng(), me(request), _int(issue_id), data.action, data.version, data.note,
                                           data.unit or None, data.deadline)
        return done(request, {"version": version}, f"/issue/{issue_id}")

    # --- settings, scores, targets and bulletins -------------------------------------------------

    @pair("/campaign/{campaign_id}/settings", "亮灯规则、计分分值、问题升级层级、通报落款", SettingsIn)
    async def campaign_settings(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, SettingsIn)
        assert isinstance(data, SettingsIn)
        weights = {k: str(scoring._weight(getattr(data, f"weight_{k}"), name)) for k, name in
                   scoring.WEIGHT_NAMES.items()}
        if not any(Decimal(v) > 0 for v in weights.values()):
            raise Invalid("至少一项权重应大于 0 / at least one weight above 0", "weight_reports")
        levels = [x.strip() for x in data.escalation.splitlines() if x.strip()]
        if len(levels) < 2:
            raise Invalid("问题升级至少需要两个层级 / at least two escalation levels", "escalation")
        settings = {"lights": {"yellow_workdays": data.yellow_workdays, "behind_gap": data.behind_gap},
                    "weights": weights,
                    "escalation": levels, "bulletin_office": data.bulletin_office.strip(),
                    "bulletin_masthead": data.bulletin_masthead.strip()}
        version = supervision.update_campaign(eng(), me(request), _int(campaign_id), data.version, settings=settings)
        return done(request, {"version": version}, f"/campaign/{campaign_id}/scores")

    def _query_int(request: Request, name: str) -> int | None:
        raw = request.query_params.get(name, "").strip()
        if not raw:
            return None
        if not raw.isdigit() or len(raw) > 6:
            raise Invalid(f"参数 {name} 应为正整数 / {name} must be a whole number")
        return int(raw)

    def _cycle(request: Request, campaign_id: int) -> int:
        chosen = _query_int(request, "cycle")
        if chosen is not None:
            return chosen
        view = supervision.campaign_view(eng(), me(request), campaign_id)
        ended = [c["index"] for c in view["cycles"] if c["state"] == "past"]
        return ended[-1] if ended else 1  # the last cycle that has ended, else the first

    @view("/campaign/{campaign_id}/scores", "scores.html", "计分排名：按期（cycle=）或按年（year=）")
    def scores_data(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        data = scoring.scores(eng(), me(request), cid, _query_int(request, "cycle"), _query_int(request, "year"))
        view_ = supervision.campaign_view(eng(), me(request), cid)
        data |= {"campaign": view_["campaign"], "settings": view_["settings"],
                 "cycles": [c for c in view_["cycles"] if c["state"] != "future"]}
        if me(request).role == "office":
            data["unit_choices"] = supervision.unit_choices(eng(), me(request), cid)
        return data

    @view("/campaign/{campaign_id}/units", "units_pick.html", "可选单位：本辖区名录及本事项已有的单位")
    def units_data(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        return {"campaign": supervision.list_campaign(eng(), me(request), cid),
                "units": supervision.unit_choices(eng(), me(request), cid), "kinds": supervision.UNIT_KINDS,
                "levels": supervision.UNIT_LEVELS, "added": _query_int(request, "added")}

    @pair("/campaign/{campaign_id}/units", "督查室在单位名录中增加一个单位（本事项所在辖区，含类型与层级）", UnitIn)
    async def add_unit(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, UnitIn)
        assert isinstance(data, UnitIn)
        uid = supervision.add_unit(eng(), me(request), _int(campaign_id), data.name, data.kind, data.level or None)
        return done(request, {"id": uid}, f"/campaign/{campaign_id}/units?added={uid}")

    @pair("/campaign/{campaign_id}/adjust", "加分、扣分（督查室）", AdjustIn)
    async def adjust(request: Request, campaign_id: str) -> Response:
        data, _ = await body(request, AdjustIn)
        assert isinstance(data, AdjustIn)
        aid = scoring.adjust(eng(), me(request), _int(campaign_id), data.unit, data.points, data.reason, data.cycle)
        to = f"/campaign/{campaign_id}/scores" + (f"?cycle={data.cycle}" if data.cycle else "")
        return done(request, {"id": aid}, to)

    @view("/campaign/{campaign_id}/targets", "targets.html", "目标看板：目标值、最新实际值、完成进度与时间进度")
    def targets_data(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        data = scoring.targets_dashboard(eng(), me(request), cid, unit_id=_query_int(request, "unit"))
        return data | {"campaign": supervision.list_campaign(eng(), me(request), cid)}

    @view("/campaign/{campaign_id}/bulletin", "bulletin.html", "某一期的通报（cycle=期数，默认最近结束的一期）")
    def bulletin_view(request: Request, campaign_id: str) -> dict[str, Any]:
        cid = _int(campaign_id)
        data = bulletin.bulletin_data(eng(), me(request), cid, _cycle(request, cid))
        return data | {"body": bulletin.paragraphs(data)}

    @app.get("/campaign/{campaign_id}/bulletin.docx", summary="通报（Word，公文格式）")
    def bulletin_docx(request: Request, campaign_id: str) -> Response:
        cid = _int(campaign_id)
        data = bulletin.bulletin_data(eng(), me(request), cid, _cycle(request, cid))
        from zhengce.web.app import _disposition

        return Response(bulletin.docx_bytes(data), headers={"Content-Disposition": _disposition(
            f"通报-第{data['issue_no']}期.docx")},
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    @app.get("/campaign/{campaign_id}/bulletin.xlsx", summary="通报数据（Excel）")
    def bulletin_xlsx(request: Request, campaign_id: str) -> Response:
        cid = _int(campaign_id)
        data = bulletin.bulletin_data(eng(), me(request), cid, _cycle(request, cid))
        from zhengce.web.app import _disposition

        return Response(bulletin.xlsx_bytes(data), headers={"Content-Disposition": _disposition(
            f"通报-第{data['issue_no']}期.xlsx")},
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # --- the audit log ---------------------------------------------------------------------------

    def audit_rows(request: Request, limit: int = 500) -> list[dict[str, Any]]:
        actor = me(request)
        if not actor.office:
            raise Forbidden("审计日志仅督查室可见 / the audit log is for the supervision office")
        with Session(eng()) as session:
            rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)).all()
            return [{"id": r.id, "at": local(r.at).isoformat(timespec="seconds"), "user": r.username,
                     "action": r.action, "action_name": supervision.AUDIT_ACTIONS.get(r.action, r.action),
                     "entity": r.entity, "entity_name": supervision.ENTITY_NAMES.get(r.entity, r.entity),
                     "entity_id": r.entity_id, "before": r.before, "after": r.after,
                     "before_text": supervision.describe_change(r.before),
                     "after_text": supervision.describe_change(r.after)} for r in rows]

    @view("/audit", "audit.html", "审计日志（督查室）：每一次写入的人、时间、对象、前后内容")
    def audit_data(request: Request) -> dict[str, Any]:
        return {"entries": audit_rows(request)}

    @app.get("/audit.csv", summary="审计日志（CSV）")
    def audit_csv(request: Request) -> Response:
        import json

        from zhengce.web.app import _csv

        rows = [r | {k: json.dumps(r[k], ensure_ascii=False) for k in ("before", "after")}
                for r in audit_rows(request, limit=1_000_000)]
        return _csv("audit.csv", ["id", "at", "user", "action", "action_name", "entity", "entity_id", "before",
                                  "after", "before_text", "after_text"], rows)
