"""Serve: signing in and out, one's password, one's API tokens, who one is.

Changing one's password ends one's other sessions; each user lists, makes and revokes their own API tokens
at ``/account/tokens`` (a new token is shown this once only). The sign-in form carries its own CSRF token
in a cookie, since there is no session yet.

Public names: router and the models below.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from zhengce.access import accounts
from zhengce.access.accounts import AccountError, Throttled
from zhengce.access.errors import Forbidden, Invalid
from zhengce.web.forms import Done, Empty, Ok, field_errors, form, is_api, path_id, read
from zhengce.web.guard import clean, read_json_object
from zhengce.web.signin import COOKIE, LOGIN_CSRF, check_csrf, safe_next, secure, signed_in
from zhengce.web.twins import Loose, actor, engine, page, twin

router = APIRouter()


class TokenIn(BaseModel):
    name: str = Field("api", max_length=100, description="令牌名称，如用途或所在的脚本")


class PasswordIn(BaseModel):
    old: str
    new: str


class Me(Loose):
    username: str | None = Field(description="用户名（公众为空）")
    role: str = Field(description="角色：office（督查室）、leader（领导）、reporter（填报员）、public（公众）")
    role_name: str = Field(description="角色名称")
    unit_id: int | None = Field(description="所属单位编号")
    must_change: bool = Field(description="是否须先修改一次性密码")


class Tokens(Loose):
    tokens: list[dict[str, Any]] = Field(description="令牌：编号、名称、建立时间、吊销时间、是否有效")
    new_token: str | None = Field(description="刚建立的令牌（只显示这一次）")


class TokenMade(Loose):
    token: str = Field(description="新令牌（只显示这一次，请妥善保存）")
    tokens: list[dict[str, Any]] = Field(description="我的全部令牌")


class Token(Loose):
    id: int = Field(description="令牌编号")
    active: bool = Field(description="是否有效")


def _login_form(request: Request, target: str, error: str | None, status: int = 200, username: str = "") -> Response:
    """The sign-in page with a fresh CSRF token in its cookie (never cached), the name typed kept."""
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", {"next": target, "login_csrf": token, "error": error,
                                            "username": username[:64]}, status)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=secure(request))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/campaigns") -> Response:
    return _login_form(request, safe_next(next, "/campaigns"), None)


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    sent_form = {k: clean(str(v)) for k, v in (await request.form()).items()}
    sent, kept = str(sent_form.get("csrf", "")), request.cookies.get(LOGIN_CSRF, "")
    target = safe_next(str(sent_form.get("next", "")), "/campaigns")
    typed = str(sent_form.get("username", ""))
    if not kept or not secrets.compare_digest(sent, kept):
        return _login_form(request, target, "登录表单已过期，请重试 / the form expired, try again", 403, typed)
    ip = request.client.host if request.client else "-"
    try:
        who = accounts.authenticate(engine(request), typed, str(sent_form.get("password", "")), ip)
    except Throttled as e:
        return _login_form(request, target, str(e), 429, typed)
    if who is None:
        return _login_form(request, target, "用户名或密码不正确 / wrong user name or password", 401, typed)
    token, _csrf = accounts.start_session(engine(request), who)
    must_change = accounts.must_change(engine(request), who.username)
    response = RedirectResponse("/account/password" if must_change else target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=secure(request),
                        max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    if actor(request).id is not None:  # any signed-in user may sign out, a public account (a company) too
        check_csrf(request, {k: str(v) for k, v in (await request.form()).items()})
    accounts.end_session(engine(request), request.cookies.get(COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/api/me", summary="当前用户（未登录为公众）", response_model=Me)
def api_me(request: Request) -> dict[str, Any]:
    return actor(request).to_dict()


@router.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
def password_page(request: Request) -> Response:
    if actor(request).id is None:
        return RedirectResponse("/login?next=/account/password", status_code=303)
    return page(request, "password.html", {"done": request.query_params.get("done") == "1", "errors": {}})


async def _password_form(request: Request) -> PasswordIn:
    """The password form of a signed-in public account (a company): the other forms refuse the public."""
    sent = await read_json_object(request) if is_api(request) else dict((await request.form()).items())
    check_csrf(request, sent)
    try:
        return PasswordIn.model_validate({k: clean(str(v)) for k, v in sent.items() if k in {"old", "new"}})
    except ValidationError as e:
        raise Invalid("提交的内容有误 / invalid fields", fields=field_errors(e)) from e


@form(router, "/account/password", summary="修改密码", model=Ok, body=PasswordIn)
async def change_password(request: Request) -> Done | Response:
    me = actor(request)
    try:
        if me.id is None:
            raise Forbidden("请先登录 / please sign in")
        data = await _password_form(request) if me.role == "public" else (await read(request, PasswordIn))[0]
        keep = request.cookies.get(COOKIE) if request.state.via == "cookie" else None
        accounts.set_password(engine(request), me.username, data.old, data.new, me, keep_session=keep)
    except (Invalid, AccountError) as exc:
        if is_api(request) or me.id is None:
            raise
        errors = dict(getattr(exc, "fields", {}))
        if not errors:  # the account module's refusals: which field they are about
            errors["old" if "原密码" in str(exc) else "new"] = str(exc)
        return page(request, "password.html", {"done": False, "errors": errors}, 400)
    return Done({"ok": True}, "/account/password?done=1")


# --- one's own API tokens ----------------------------------------------------------------------------


def tokens_data(request: Request, new: str | None = None) -> dict[str, Any]:
    me = signed_in(request)
    return {"tokens": accounts.list_tokens(engine(request), me.username), "new_token": new}


@twin(router, "/account/tokens", template="tokens.html", model=Tokens,
      summary="我的 API 令牌：编号、名称、建立与吊销时间（令牌本身不保存）")
def tokens(request: Request) -> dict[str, Any]:
    return tokens_data(request)


@form(router, "/account/tokens", summary="为自己新建 API 令牌（只显示这一次）", model=TokenMade, body=TokenIn)
async def add_token(request: Request) -> Done | Response:
    data, _ = await read(request, TokenIn)
    me = signed_in(request)
    token = accounts.new_token(engine(request), me.username, data.name.strip() or "api", me)
    if is_api(request):
        return Done({"token": token, "tokens": accounts.list_tokens(engine(request), me.username)}, "")
    return page(request, "tokens.html", tokens_data(request, token))


@form(router, "/account/tokens/{token_id}/revoke", summary="吊销自己的一个 API 令牌", model=Token, body=Empty)
async def revoke_token(request: Request, token_id: str) -> Done:
    await read(request, Empty)
    me = signed_in(request)
    revoked = accounts.revoke_token(engine(request), me.username, path_id(token_id), me)
    return Done(revoked, "/account/tokens")
