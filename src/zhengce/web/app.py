"""Serve: the policy library as a web app (server-rendered, Chinese) and a JSON API.

Every HTML page has a JSON twin under ``/api`` that returns exactly the data the page renders;
FastAPI describes the API at ``/openapi.json`` and ``/docs``. Pages are readable without
JavaScript; every piece of document text is escaped by Jinja2's autoescaping.

:func:`create_app` builds the app: the store and the Jinja2 templates on ``app.state`` (what
:mod:`zhengce.web.twins` reads), the error pages, the guard middleware and the routers of
:mod:`zhengce.web.routes`.
"""

from __future__ import annotations

import re
from importlib import resources
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhengce import __version__
from zhengce.access.accounts import ROLES, AccountError
from zhengce.access.errors import SupervisionError
from zhengce.calc import CalcError
from zhengce.db import open_store
from zhengce.eligibility import PROFILE_KEYS, choice_name
from zhengce.library import ROLE_NAMES, VALIDITY
from zhengce.supervision import ISSUE_STATUSES, LIGHTS, STATUSES
from zhengce.web import twins
from zhengce.web.display import add_filters
from zhengce.web.forms import answer_error
from zhengce.web.guard import Guard, plain_parameters
from zhengce.web.routes import calc as web_calc
from zhengce.web.routes import data as web_data
from zhengce.web.routes import document as web_document
from zhengce.web.routes import eligibility as web_eligibility
from zhengce.web.routes import eligibility_office as web_eligibility_office
from zhengce.web.routes import library as web_library
from zhengce.web.routes import lifecycle as web_lifecycle
from zhengce.web.routes import pages as web_pages
from zhengce.web.routes import search as web_search
from zhengce.web.routes import supervision as web_supervision
from zhengce.web.signin import Who

KIND_NAMES = {"lead": "牵头", "support": "配合", "territorial": "属地"}
LEVEL_NAMES = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级", "park": "园区",
               "enterprise": "企业"}
BOUND_NAMES = {"min": "以上", "max": "以内", "approx": "左右", "exact": ""}
# a target's kind of change, before its value: 增长6.2%左右 is not a level of 6.2 %
CHANGE_NAMES = {"growth": "增长", "decline": "下降", "added": "新增"}


def templates() -> Jinja2Templates:
    """The Jinja2 templates of the pages, with their filters (``when``, ``zh``, ``choice``) and the names they show."""
    folder = resources.files("zhengce").joinpath("web", "templates")
    found = Jinja2Templates(directory=str(folder))
    found.env.filters["when"] = lambda iso: (iso or "")[:16].replace("T", " ")
    found.env.filters["zh"] = chinese_part
    found.env.filters["choice"] = lambda value, key: choice_name(key, value)
    found.env.filters["key_name"] = key_name
    add_filters(found.env)  # untag
    found.env.globals.update(ROLE_NAMES=ROLE_NAMES, VALIDITY=VALIDITY, LEVEL_NAMES=LEVEL_NAMES,
                             BOUND_NAMES=BOUND_NAMES, CHANGE_NAMES=CHANGE_NAMES, version=__version__,
                             urlencode=urlencode,
                             ACCOUNT_ROLES=ROLES, STATUSES=STATUSES, LIGHTS=LIGHTS, ISSUE_STATUSES=ISSUE_STATUSES)
    return found


STATUS_WORDS = {400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面不存在", 405: "不支持这种请求方式",
                409: "内容已被他人修改，请刷新后再试", 413: "请求内容过大", 429: "请求过于频繁，请稍后再试",
                500: "服务器内部错误"}


def key_name(key: object) -> str:
    """A profile key as a person reads it: its question up to the first question mark (the key when unknown)."""
    found = PROFILE_KEYS.get(str(key))
    return found.question.split("？")[0] if found else str(key)


def chinese_part(text: object) -> str:
    """The Chinese half of a bilingual message (``中文 / English``): what pages show; the API keeps both."""
    s = "" if text is None else str(text)
    head, sep, _tail = s.partition(" / ")
    if not sep:  # 「…（第十八条）/ state the purpose」: no space before the slash
        head, sep, _tail = s.partition("）/ ")
        head += "）" if sep else ""
    return head if sep and re.search(r"[\u4e00-\u9fff]", head) else s


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """An HTTP error: ``{"error": …}`` under ``/api``, else the error page in Chinese."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    message = exc.detail if re.search(r"[\u4e00-\u9fff]", str(exc.detail)) else \
        STATUS_WORDS.get(exc.status_code, str(exc.detail))  # Starlette's own English phrases
    response = twins.page(request, "error.html", {"status": exc.status_code, "message": message}, exc.status_code)
    response.headers.update(exc.headers or {})
    return response


async def bad_request(request: Request, exc: RequestValidationError) -> Response:
    """Parameters that do not validate: a 400 saying so (with FastAPI's details under ``/api``)."""
    message = "请求参数有误 / invalid request parameters"
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": message, "details": [str(e.get("msg")) for e in exc.errors()]},
                            status_code=400)
    return twins.page(request, "error.html", {"status": 400, "message": message}, 400)


# The route table: one router per area, in the order their paths are matched.
ROUTERS = [web_library.router, web_search.router, web_document.router, web_pages.router, *web_supervision.ROUTERS,
           web_calc.router, web_lifecycle.router,
           *web_data.ROUTERS,  # 政务数据 (issue 19)
           web_eligibility.router, web_eligibility_office.router]  # 政策找人 (issue 18)


async def refused(request: Request, exc: Exception) -> Response:
    """A refusal of the supervision, data or account modules: the form again with the reason, or JSON
    (see :func:`zhengce.web.forms.answer_error`)."""
    return answer_error(request, exc)


def create_app(db: str | None = None, engine: Engine | None = None) -> FastAPI:
    """The web app on the database ``db`` (a path or URL; default as for the CLI)."""
    app = FastAPI(title="zhengce 政策文件库 API", version=__version__, docs_url=None, redoc_url=None,
                  dependencies=[Depends(plain_parameters)],
                  description="政策文件、任务、责任单位与目标的检索与浏览接口。每个页面都有同名的 /api 接口。")
    app.state.engine = engine or open_store(db)
    app.state.templates = templates()
    static = resources.files("zhengce").joinpath("web", "static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")  # the style sheet: no inline styles (CSP)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(CalcError, web_calc.calc_error)
    app.add_exception_handler(web_eligibility.EligibilityError, web_eligibility.eligibility_error)

    app.add_exception_handler(SupervisionError, refused)
    app.add_exception_handler(AccountError, refused)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(Who)  # who is asking: a session cookie or an API token (zhengce.web.signin)
    app.add_middleware(Guard)  # outermost: counts every request body, adds the security headers
    return app


def served_routes(app: FastAPI) -> list[APIRoute]:
    """Every route the app serves, those of the routers it includes too: FastAPI keeps an included router as
    one entry of ``app.routes``, so a loop over ``app.routes`` alone misses their routes."""
    return [c.original_route for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]


def app_from_environment() -> FastAPI:
    """The app on ZHENGCE_DATABASE_URL: what each worker process of ``zhengce serve`` builds."""
    return create_app(None)

