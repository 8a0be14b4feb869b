"""Serve, the guard rails every request passes: the size of a request body, the range of ids, the
depth of JSON, and the security headers of every response.

* A request body is counted as it arrives — with or without ``Content-Length``, chunked bodies too —
  and reading stops with 413 at :data:`MAX_BODY` bytes: nothing past the limit is kept in memory.
* Ids in paths and queries are whole numbers from 1 to :data:`MAX_ID` (what a database integer
  holds); anything else is a 400 or a 404, never an overflow in the database driver.
* JSON bodies nested deeper than :data:`MAX_DEPTH` are refused before they are parsed.
* Query parameters lose control characters (``%00`` …); a path holding one is a 400.
* Every response says ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, a
  ``Referrer-Policy`` and a ``Content-Security-Policy`` that allows no script at all, styles and
  images only from the app itself, and no framing (the pages need no script: they work as plain
  HTML forms).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Path, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhengce.sheets import xml_text
from zhengce.text.typed import read_date

MAX_BODY = 12 * 1024 * 1024
MAX_ID = 2**63 - 1
MAX_DEPTH = 64

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin"), (b"content-security-policy", CSP.encode())]

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="编号（正整数）")]

TOO_LARGE = f"请求过大（上限 {MAX_BODY // (1024 * 1024)} MB）/ request body larger than {MAX_BODY // (1024 * 1024)} MB"


class BodyTooLarge(HTTPException):
    """Raised by the counting ``receive`` when a body passes the limit; answered with 413."""

    def __init__(self) -> None:  # the connection is closed: the rest of the body is never read
        super().__init__(status_code=413, detail=TOO_LARGE, headers={"Connection": "close"})


class Guard:
    """ASGI middleware: counts request bodies as they arrive and adds the security headers."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = _clean_query(scope)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in HEADERS if k not in present)]
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.strip().isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send_with_headers)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except Exception as e:  # the app normally answers 413 itself; this catches what slips past it
            if started or not _is_too_large(e):
                raise
            await self._refuse(scope, send_with_headers)

    @staticmethod
    async def _refuse(scope: Scope, send: Send) -> None:
        body = json.dumps({"error": TOO_LARGE}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _is_too_large(exc: BaseException | None, depth: int = 0) -> bool:
    """True when ``exc`` is, wraps or groups a :class:`BodyTooLarge`."""
    if exc is None or depth > 8:
        return False
    if isinstance(exc, BodyTooLarge):
        return True
    inner = [*getattr(exc, "exceptions", ()), exc.__cause__, exc.__context__]
    return any(_is_too_large(e, depth + 1) for e in inner)


def _clean_query(scope: Scope) -> Scope:
    """The scope with control characters (``%00`` …) dropped from its query parameters: they are free text
    (a search, an issuer's name) where such a character means nothing, and PostgreSQL cannot compare it."""
    raw = scope.get("query_string") or b""
    if b"%" not in raw:
        return scope
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    cleaned = [(xml_text(k), xml_text(v)) for k, v in pairs]
    if cleaned == pairs:
        return scope
    return {**scope, "query_string": urlencode(cleaned).encode("ascii")}


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain_parameters(request: Request) -> None:
    """A dependency of every route: a path holding a control character (``/issuer/a%00``) is a 400 —
    PostgreSQL cannot even compare such a string, and no name or number holds one. (Query parameters
    have lost theirs in :class:`Guard`.)"""
    if _CONTROLS.search(request.url.path):
        raise HTTPException(status_code=400, detail="地址含有控制字符 / the path holds a control character")


def query_id(value: str | None) -> int | None:
    """An id from a query string or a form field: a whole number 1…MAX_ID, else None."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def query_int(value: str | None, name: str, notices: list[str], low: int | None = None,
              high: int = MAX_ID) -> int | None:
    """A whole number from a query parameter, or None with a notice (a page still answers): empty, not a
    number, below ``low`` or above ``high``."""
    if value is None or value.strip() == "":
        return None
    try:
        number = int(value.strip()[:40])
    except ValueError:
        notices.append(f"参数 {name} 不是整数，已忽略 / {name} is not a whole number and was ignored")
        return None
    if low is not None and number < low:
        notices.append(f"参数 {name} 小于 {low}，已忽略 / {name} below {low} was ignored")
        return None
    if number > high:
        notices.append(f"参数 {name} 大于 {high}，已忽略 / {name} above {high} was ignored")
        return None
    return number


def query_date(value: str, name: str) -> date | None:
    """A date from a query parameter (empty: None), in any form people type (``text.typed.read_day``:
    2024-07-01, 2024/7/1, 2024年7月1日, full-width digits) or an ISO timestamp; anything else is a clear 400."""
    text = value.strip()
    if not text:
        return None
    try:
        return read_date(text)
    except ValueError as e:
        raise HTTPException(status_code=400, detail=f"{name}：{e} / {name} must be a date") from None


_INNERMOST = re.compile(rb"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """True when the JSON text ``raw`` nests arrays and objects more than ``limit`` deep (or its brackets
    do not pair). Linear in practice: strings are blanked, then innermost pairs removed ``limit`` times."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    text = _STRING.sub(b'""', raw)
    for _ in range(limit):
        text, n = _INNERMOST.subn(b"", text)
        if n == 0:
            break
    return any(ch in text for ch in b"[]{}")


def clean(value: Any) -> Any:
    """Strings inside ``value`` (parsed JSON or form fields) without characters XML cannot hold."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


async def read_json(request: Request) -> Any:
    """The request's JSON body: ValueError when it is not JSON or nested too deep; strings cleaned."""
    raw = await request.body()
    if too_deep(raw):
        raise ValueError(f"请求体的 JSON 嵌套超过 {MAX_DEPTH} 层或括号不配对 / JSON nested deeper than {MAX_DEPTH}")
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError) as e:
        raise ValueError("请求体不是有效的 JSON / the body is not valid JSON") from e
    return clean(parsed)


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request's JSON body, which must be an object (the fields of a form sent as JSON)."""
    raw = await read_json(request)
    if not isinstance(raw, dict):
        raise ValueError("请求体应为 JSON 对象 / the body must be a JSON object")
    return raw
