"""Serve: the policy library as a web app (server-rendered, Chinese) and a JSON API.

Every HTML page has a JSON twin under ``/api`` that returns exactly the data the page renders;
FastAPI describes the API at ``/openapi.json`` and ``/docs``. Pages are readable without
JavaScript; every piece of document text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhengce import __version__
from zhengce.access.accounts import PUBLIC, ROLES
from zhengce.db.store import open_store
from zhengce.library import documents as library
from zhengce.library.documents import ROLE_NAMES, VALIDITY, Filters
from zhengce.sheets import XLSX, safe_cell, workbook
from zhengce.supervision.core import ISSUE_STATUSES, LIGHTS, STATUSES
from zhengce.web.guard import MAX_ID, Guard, Id, plain_parameters, query_id
from zhengce.web.routes import calc as web_calc
from zhengce.web.routes import lifecycle as web_lifecycle
from zhengce.web.routes import supervision as web_supervision

KIND_NAMES = {"lead": "牵头", "support": "配合", "territorial": "属地"}
LEVEL_NAMES = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级", "park": "园区",
               "enterprise": "企业"}
BOUND_NAMES = {"min": "以上", "max": "以内", "approx": "左右", "exact": ""}


def _templates() -> Jinja2Templates:
    folder = resources.files("zhengce").joinpath("web", "templates")
    templates = Jinja2Templates(directory=str(folder))
    templates.env.filters["when"] = lambda iso: (iso or "")[:16].replace("T", " ")
    templates.env.filters["zh"] = chinese_part
    templates.env.globals.update(ROLE_NAMES=ROLE_NAMES, VALIDITY=VALIDITY, LEVEL_NAMES=LEVEL_NAMES,
                                 BOUND_NAMES=BOUND_NAMES, version=__version__, urlencode=urlencode,
                                 ACCOUNT_ROLES=ROLES, STATUSES=STATUSES, LIGHTS=LIGHTS, ISSUE_STATUSES=ISSUE_STATUSES)
    return templates


def _int(value: str | None, name: str, notices: list[str], low: int | None = None,
         high: int = MAX_ID) -> int | None:
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


def _as_of(value: str) -> date | None:
    return web_lifecycle.query_date(value, "as_of")


def _filters(params: dict[str, str], notices: list[str]) -> Filters:
    has = params.get("has_tasks", "")
    validity = params.get("validity") or None
    if validity and validity not in VALIDITY:
        notices.append("未知的效力状态，已忽略 / unknown validity status ignored")
        validity = None
    return Filters(
        issuer=params.get("issuer") or None, jurisdiction=params.get("jurisdiction") or None,
        year=_int(params.get("year"), "year", notices, low=1, high=9999), kind=params.get("kind") or None,
        validity=validity,
        has_tasks=True if has in {"1", "true", "yes"} else False if has in {"0", "false", "no"} else None,
    )


STATUS_WORDS = {400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面不存在", 405: "不支持这种请求方式",
                409: "内容已被他人修改，请刷新后再试", 413: "请求内容过大", 429: "请求过于频繁，请稍后再试",
                500: "服务器内部错误"}


def chinese_part(text: object) -> str:
    """The Chinese half of a bilingual message (``中文 / English``): what pages show; the API keeps both."""
    s = "" if text is None else str(text)
    head, sep, _tail = s.partition(" / ")
    return head if sep and re.search(r"[\u4e00-\u9fff]", head) else s


def create_app(db: str | None = None, engine: Engine | None = None) -> FastAPI:
    """The web app on the database ``db`` (a path or URL; default as for the CLI)."""
    app = FastAPI(title="zhengce 政策文件库 API", version=__version__, docs_url=None, redoc_url=None,
                  dependencies=[Depends(plain_parameters)],
                  description="政策文件、任务、责任单位与目标的检索与浏览接口。每个页面都有同名的 /api 接口。")
    app.state.engine = engine or open_store(db)
    templates = _templates()
    app.state.templates = templates  # what zhengce.web.twins.page renders with
    static = resources.files("zhengce").joinpath("web", "static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")  # the style sheet: no inline styles (CSP)

    def eng() -> Engine:
        return app.state.engine  # type: ignore[no-any-return]

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        me = getattr(request.state, "actor", PUBLIC)
        return templates.TemplateResponse(request, name, {"me": me, "csrf": me.csrf or ""} | context,
                                          status_code=status)

    def found(data: dict[str, Any] | None, what: str) -> dict[str, Any]:
        if data is None:
            raise HTTPException(status_code=404, detail=f"{what}不存在 / not found")
        return data

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        message = exc.detail if re.search(r"[\u4e00-\u9fff]", str(exc.detail)) else \
            STATUS_WORDS.get(exc.status_code, str(exc.detail))  # Starlette's own English phrases
        response = page(request, "error.html", {"status": exc.status_code, "message": message}, exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        message = "请求参数有误 / invalid request parameters"
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message, "details": [str(e.get("msg")) for e in exc.errors()]},
                                status_code=400)
        return page(request, "error.html", {"status": 400, "message": message}, 400)

    # --- home ----------------------------------------------------------------------------------

    def home_data() -> dict[str, Any]:
        return {"counts": library.library_counts(eng()), "recent": library.recent(eng(), 12)}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return page(request, "home.html", home_data())

    @app.get("/api", summary="首页：文档数量与最近的文件")
    def api_home() -> dict[str, Any]:
        return home_data()

    # --- search --------------------------------------------------------------------------------

    def search_data(request: Request) -> dict[str, Any]:
        params = dict(request.query_params)
        notices: list[str] = []
        filters = _filters(params, notices)
        number = _int(params.get("page"), "page", notices, low=1, high=100_000) or 1
        as_of = _as_of(params.get("as_of", ""))
        result = library.search(eng(), params.get("q", ""), filters, number, today=as_of).to_dict()
        result["as_of"] = as_of.isoformat() if as_of else None
        if result["notice"]:
            notices.insert(0, result["notice"])
        result["notices"] = notices
        return result

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        data = search_data(request)
        base = {k: v for k, v in request.query_params.items() if k != "page"}
        return page(request, "search.html", data | {"base": base})

    @app.get("/api/search", summary="全文检索",
             description="q：检索词（引号内为短语，文号可用任意括号）；issuer、jurisdiction、year、kind、"
                         "validity（valid/expired/repealed/pending/unknown，按 as_of 日期判断，默认今天）、"
                         "has_tasks（1/0）为筛选条件；page 为页码。")
    def api_search(request: Request, q: str = "", page: str = "1") -> dict[str, Any]:
        return search_data(request)

    @app.get("/search.csv", summary="检索结果（CSV）")
    def search_csv(request: Request) -> Response:
        rows = search_data(request)["results"]
        return _csv("search.csv", ["doc_number", "title", "issuer", "signed", "kind", "url", "snippet"], rows)

    # --- documents -----------------------------------------------------------------------------

    def doc_data(doc_id: Id, as_of: str = "") -> dict[str, Any]:
        return found(library.document(eng(), doc_id, _as_of(as_of)), "文档")

    @app.get("/doc/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def doc_page(request: Request, doc_id: Id, as_of: str = "") -> HTMLResponse:
        return page(request, "doc.html", doc_data(doc_id, as_of))

    @app.get("/api/doc/{doc_id}", summary="文档：元数据、效力（as_of=某日）、条款树、任务、目标、引用与被引用")
    def api_doc(doc_id: Id, as_of: str = "") -> dict[str, Any]:
        return doc_data(doc_id, as_of)

    @app.get("/api/status", summary="效力查询：doc=文号、登记号或文档编号，as_of=日期（默认今天）",
             description="未收录的文件按已收录文件对它的记载（废止、宣布失效、继续有效）判断。")
    def api_status(doc: str = "", as_of: str = "") -> dict[str, Any]:
        if doc.strip().isdigit() and query_id(doc) is None:
            raise HTTPException(status_code=404, detail="文件不存在 / not found")
        return found(library.status_of(eng(), doc, _as_of(as_of)), "文件")

    def plan_data(doc_id: Id) -> dict[str, Any]:
        return found(library.plan(eng(), doc_id), "文档")

    @app.get("/doc/{doc_id}/plan", response_class=HTMLResponse, include_in_schema=False)
    def plan_page(request: Request, doc_id: Id) -> HTMLResponse:
        return page(request, "plan.html", plan_data(doc_id))

    @app.get("/api/doc/{doc_id}/plan", summary="方案：责任矩阵（任务 × 单位）与目标清单")
    def api_plan(doc_id: Id) -> dict[str, Any]:
        return plan_data(doc_id)

    @app.get("/doc/{doc_id}/tasks.xlsx", summary="方案任务清单（Excel）")
    def plan_xlsx(doc_id: Id) -> Response:
        data = plan_data(doc_id)
        name = f"任务清单-{data['document']['doc_number'] or doc_id}.xlsx"
        return _xlsx(name, "任务清单", data["tasks"], data["document"])

    @app.get("/doc/{doc_id}/tasks.csv", summary="方案任务清单（CSV）")
    def plan_csv(doc_id: Id) -> Response:
        return _csv(f"tasks-{doc_id}.csv", TASK_FIELDS, [_task_row(t) for t in plan_data(doc_id)["tasks"]])

    # --- units ---------------------------------------------------------------------------------

    def unit_data(unit_id: Id) -> dict[str, Any]:
        return found(library.unit(eng(), unit_id), "单位")

    @app.get("/unit/{unit_id}", response_class=HTMLResponse, include_in_schema=False)
    def unit_page(request: Request, unit_id: Id) -> HTMLResponse:
        return page(request, "unit.html", unit_data(unit_id))

    @app.get("/api/unit/{unit_id}", summary="单位：在各方案中承担的任务（按牵头、配合、属地）")
    def api_unit(unit_id: Id) -> dict[str, Any]:
        return unit_data(unit_id)

    @app.get("/unit/{unit_id}/tasks.xlsx", summary="单位任务清单（Excel）")
    def unit_xlsx(unit_id: Id) -> Response:
        data = unit_data(unit_id)
        return _xlsx(f"任务清单-{data['unit']['canonical']}.xlsx", "任务清单", _by_role(data), None)

    @app.get("/unit/{unit_id}/tasks.csv", summary="单位任务清单（CSV）")
    def unit_csv(unit_id: Id) -> Response:
        return _csv(f"unit-{unit_id}-tasks.csv", TASK_FIELDS, [_task_row(t) for t in _by_role(unit_data(unit_id))])

    @app.get("/units", response_class=HTMLResponse, include_in_schema=False)
    def units_page(request: Request, jurisdiction: str = "") -> HTMLResponse:
        return page(request, "units.html", {"units": library.units(eng(), jurisdiction or None),
                                            "jurisdiction": jurisdiction})

    @app.get("/api/units", summary="责任单位名录")
    def api_units(jurisdiction: str = "") -> dict[str, Any]:
        return {"jurisdiction": jurisdiction or None, "units": library.units(eng(), jurisdiction or None)}

    @app.get("/units.csv", summary="责任单位名录（CSV）")
    def units_csv(jurisdiction: str = "") -> Response:
        return _csv("units.csv", ["canonical", "kind", "level", "jurisdiction", "tasks", "lead", "url"],
                    library.units(eng(), jurisdiction or None))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The API described from its OpenAPI schema, served without any script from the network."""
        spec = app.openapi()
        ops = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "params": [p["name"] for p in op.get("parameters", [])]}
               for path, item in spec["paths"].items() for method, op in item.items()]
        return page(request, "apidocs.html", {"operations": ops})

    web_supervision.register(app, eng, page)
    web_calc.register(app, eng, page)
    web_lifecycle.register(app, eng, page)
    __import__("zhengce.web.routes.data", fromlist=["register"]).register(app, eng, page)  # 政务数据 (issue 19)
    __import__("zhengce.web.routes.eligibility", fromlist=["register"]).register(app)  # 政策找人 (issue 18)

    # --- issuers and jurisdictions -------------------------------------------------------------

    for field_name, title in (("issuer", "发文机关"), ("jurisdiction", "辖区")):
        _listing_routes(app, field_name, title, eng, page)

    app.add_middleware(Guard)  # outermost: counts every request body, adds the security headers
    return app


def _listing_routes(app: FastAPI, field_name: str, title: str, eng: Any, page: Any) -> None:
    def data(name: str) -> dict[str, Any]:
        documents = library.listing(eng(), field_name, name)
        return {"field": field_name, "title": title, "name": name, "documents": documents}

    async def html(request: Request, name: str) -> HTMLResponse:
        return page(request, "listing.html", data(name))  # type: ignore[no-any-return]

    async def api(name: str) -> dict[str, Any]:
        return data(name)

    async def as_csv(name: str) -> Response:
        return _csv(f"{field_name}.csv", ["doc_number", "title", "issuer", "signed", "kind", "url"],
                    data(name)["documents"])

    app.add_api_route(f"/{field_name}/{{name}}", html, response_class=HTMLResponse, include_in_schema=False)
    app.add_api_route(f"/api/{field_name}/{{name}}", api, summary=f"{title}：其全部文件")
    app.add_api_route(f"/{field_name}/{{name}}/documents.csv", as_csv, summary=f"{title}的文件（CSV）")


TASK_FIELDS = ["doc_number", "plan", "number", "heading", "text", "lead", "support", "territorial", "role", "url"]
TASK_HEADERS = ["发文字号", "所属方案", "序号", "任务", "任务内容", "牵头单位", "配合单位", "属地责任单位",
                "本单位角色", "链接"]


def _by_role(unit_page: dict[str, Any]) -> list[dict[str, Any]]:
    """A unit's tasks in one list, each marked with the unit's role in it."""
    return [t | {"role": role} for role, items in unit_page["tasks"].items() for t in items]


def _task_row(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_number": t.get("doc_number", ""), "plan": t["plan"], "number": t["number"], "heading": t["heading"],
        "text": t["text"], "lead": "、".join(t["lead"]), "support": "、".join(t["support"]),
        "territorial": "、".join(t["territorial"]), "role": ROLE_NAMES.get(t.get("role", ""), ""), "url": t["url"],
    }


def _csv(name: str, fields: list[str], rows: list[dict[str, Any]]) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k, "")) for k in fields})
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": _disposition(name)})


def _xlsx(name: str, sheet: str, tasks: list[dict[str, Any]], document: dict[str, Any] | None) -> Response:
    rows = [[_task_row(t | ({"doc_number": document["doc_number"]} if document else {}))[k] for k in TASK_FIELDS]
            for t in tasks]
    return Response(workbook([(sheet, TASK_HEADERS, rows)], [20, 28, 6, 24, 60, 24, 30, 24, 10, 16]), media_type=XLSX,
                    headers={"Content-Disposition": _disposition(name)})


def _disposition(name: str) -> str:
    import unicodedata
    from urllib.parse import quote

    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}) or "download"
    ascii_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-_" else "_" for ch in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def app_from_environment() -> FastAPI:
    """The app on ZHENGCE_DATABASE_URL: what each worker process of ``zhengce serve`` builds."""
    return create_app(None)
