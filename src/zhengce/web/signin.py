"""Serve: who is asking — sign-in by session cookie or API token, and the CSRF check of browser forms.

Who is asking is found once per request, before any route runs (:class:`Who`): a session cookie
(browser) or ``Authorization: Bearer`` (API token); nobody else is the public, who sees no tracking
data. A forged or revoked token is refused at once (401). A POST from a browser session must carry the
session's CSRF token (the form field ``csrf`` or the header ``X-CSRF-Token``, :func:`check_csrf`); a POST
with an API token needs none, since no browser sends it by itself.

A user who still holds a one-time password reaches only the password page and sign-out (pages redirect
there, the API answers 403) until it is changed.

Every answer to a signed-in user (cookie or token) says ``Cache-Control: no-store``, so that a shared
PC's browser keeps no report, attachment or ledger page to show with Back after 退出; what the public
sees keeps the server's caching (:data:`NO_STORE`).

Public names: COOKIE, LOGIN_CSRF, MUST_CHANGE, BEFORE_CHANGE, NO_STORE, Who, who, no_store, check_csrf,
signed_in, safe_next, secure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhengce.access import accounts
from zhengce.access.accounts import PUBLIC, Actor
from zhengce.access.errors import Forbidden
from zhengce.web.twins import actor as current_actor
from zhengce.web.twins import engine

COOKIE = "zhengce_session"
LOGIN_CSRF = "zhengce_login_csrf"
MUST_CHANGE = "请先修改一次性密码，修改前只能访问修改密码页和退出 / change your one-time password first"
# what a user still holding a one-time password may reach: the password page, its twin, signing in and out
BEFORE_CHANGE = ("/account/password", "/api/account/password", "/login", "/logout", "/static/")
CSRF_FAILED = "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试 / CSRF check failed; reload"
NO_STORE = (b"cache-control", b"no-store")


def who(request: Request) -> Response | None:
    """Find who is asking (kept in ``request.state.actor`` and ``.via``: token, cookie or none); a response
    when the request goes no further."""
    actor, via = PUBLIC, "none"
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        found = accounts.token_actor(engine(request), auth[7:].strip())
        if found is None:
            return JSONResponse({"error": "API 令牌无效或已吊销 / invalid or revoked token"}, status_code=401)
        actor, via = found, "token"
    elif request.cookies.get(COOKIE):
        found = accounts.session_actor(engine(request), request.cookies.get(COOKIE))
        if found is not None:
            actor, via = found, "cookie"
    request.state.actor, request.state.via = actor, via
    if actor.must_change and not request.url.path.startswith(BEFORE_CHANGE):
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": MUST_CHANGE}, status_code=403)
        return RedirectResponse("/account/password", status_code=303)
    return None


class Who:
    """ASGI middleware: runs ``who`` on each HTTP request before the app, and stops there when it answers.

    A plain ASGI middleware, not ``@app.middleware``: that one runs the app in a task group, which turns an
    error raised while the body is read (413 from the size limit) into an exception group, a 500."""

    def __init__(self, app: ASGIApp, who: Callable[[Request], Response | None] = who) -> None:
        self.app, self.who = app, who

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            answer = self.who(request)
            if getattr(request.state, "via", "none") != "none":
                send = no_store(send)
            if answer is not None:
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def no_store(send: Send) -> Send:
    """``send`` adding ``Cache-Control: no-store`` to a response that does not set its own caching."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(k.lower() == b"cache-control" for k, _ in headers):
                message["headers"] = [*headers, NO_STORE]
        await send(message)

    return sending


def check_csrf(request: Request, fields: dict[str, Any]) -> None:
    """A browser session's POST must carry the session's CSRF token (field ``csrf`` or ``X-CSRF-Token``)."""
    if getattr(request.state, "via", "") != "cookie":
        return
    me = current_actor(request)
    sent = str(fields.get("csrf") or request.headers.get("x-csrf-token") or "")
    if not me.csrf or not secrets.compare_digest(sent, me.csrf):
        raise Forbidden(CSRF_FAILED)


def signed_in(request: Request) -> Actor:
    """The signed-in user asking; Forbidden (401 for the public) otherwise."""
    me = current_actor(request)
    if me.role == "public" or me.id is None:
        raise Forbidden("请先登录 / please sign in")
    return me


def safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to go back to (never another host)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return default
    return target


def secure(request: Request) -> bool:
    """Whether cookies are marked Secure (HTTPS, or ZHENGCE_SECURE_COOKIES=1 behind a proxy)."""
    return request.url.scheme == "https" or os.environ.get("ZHENGCE_SECURE_COOKIES") == "1"
