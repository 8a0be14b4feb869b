"""Serve, part one: the policy library — home, search, plans, units, issuer and jurisdiction listings and the
API's own description at ``/docs`` (a document's page and the status query: :mod:`zhengce.web.routes.document`).

Each page is written once with :func:`zhengce.web.twins.twin` (the HTML page and its JSON twin under
``/api``); task lists download as .xlsx and CSV, every listing as CSV.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from zhengce import library
from zhengce.library import PAGE_LIMIT, PAGE_SIZE, ROLE_NAMES, VALIDITY, Filters
from zhengce.sheets import workbook
from zhengce.web.forms import query_int as page_number
from zhengce.web.guard import Id, query_date, query_int
from zhengce.web.models import DocumentSummary, Target, Task, UnitSummary
from zhengce.web.twins import Data, Loose, csv_response, engine, found, one_page, page, twin, xlsx_response

router = APIRouter()

TASK_FIELDS = ["doc_number", "plan", "number", "heading", "text", "lead", "support", "territorial", "role", "url"]
TASK_HEADERS = ["发文字号", "所属方案", "序号", "任务", "任务内容", "牵头单位", "配合单位", "属地责任单位",
                "本单位角色", "链接"]
TASK_WIDTHS = [20, 28, 6, 24, 60, 24, 30, 24, 10, 16]
HIT_FIELDS = ["doc_number", "title", "issuer", "signed", "kind", "url", "snippet"]
LISTING_FIELDS = ["doc_number", "title", "issuer", "signed", "kind", "url"]
UNIT_FIELDS = ["canonical", "kind", "level", "jurisdiction", "tasks", "lead", "url"]


# --- response models -------------------------------------------------------------------------------


class Counts(Loose):
    sources: int = Field(description="来源文件数")
    documents: int = Field(description="文档数")
    tasks: int = Field(description="任务数")
    units: int = Field(description="责任单位数")
    estimated: list[str] = Field(default_factory=list, description="其数为估计（约 N）的项：PostgreSQL 上超过 "
                                 "HOME_EXACT 的计数取查询规划器的统计估计")


class HomePage(Loose):
    counts: Counts = Field(description="文库数量")
    recent: list[DocumentSummary] = Field(description="最近的文件")


class SearchHit(DocumentSummary):
    snippet: str | None = Field(None, description="命中的条款片段")
    clause: str | None = Field(None, description="命中条款的锚点")


class FacetValue(Loose):
    value: Any = Field(description="取值")
    count: int = Field(description="文件数")


class SearchPage(Loose):
    query: str = Field(description="检索词")
    total: int = Field(description="命中文件数")
    total_capped: bool = Field(description="命中过多时 total 为上限")
    total_estimated: bool = Field(False, description="total 是否为估计值（命中过多时按最新文档中的命中比例推算）")
    facet_sample: int = Field(0, description="分面为近似值时，统计所依据的结果数（排在最前的这些条）")
    page: int = Field(description="页码")
    page_size: int = Field(description="每页条数")
    pages: list[int | None] = Field(description="分页链接的页码：首页、当前页前后两页、已知的末页；null 为…")
    last_page: int | None = Field(description="最后一页的页码；总数为估计值（约 N）时为空（最后一页未知）")
    page_limit: int = Field(description=f"最多可翻到的页数（前 {PAGE_LIMIT * PAGE_SIZE} 条结果），更深的页不检索")
    too_deep: bool = Field(description="page 超过 page_limit：未检索，notice 请求缩小范围")
    filters: dict[str, Any] = Field(description="生效的筛选条件")
    notice: str | None = Field(description="检索提示")
    notices: list[str] = Field(description="参数提示（被忽略的参数等）")
    results: list[SearchHit] = Field(description="本页结果")
    facets: dict[str, list[FacetValue]] = Field(description="分面：发文机关、辖区、年份、文种、有无任务、效力"
                                                "（validity：valid/expired/repealed/pending/unknown 各自的文件数，"
                                                "与按 validity 筛选所得一致）")
    facets_approximate: bool = Field(description="分面是否为近似值")
    validity_sample: int = Field(0, description="效力分面为近似值时所依据的结果数（排在最前的这些条），0 为全部命中")
    as_of: str | None = Field(description="效力判断日期，空为今天")


class PlanTask(Task):
    roles: list[str | None] = Field(description="依 units 的顺序，各单位在本任务中的角色")


class PlanUnit(Loose):
    unit_id: int = Field(description="单位编号")
    name: str = Field(description="规范名称")
    url: str = Field(description="单位页面地址")
    lead: int = Field(description="牵头任务数")
    tasks: int = Field(description="任务数")


class PlanPage(Loose):
    document: DocumentSummary = Field(description="文件")
    units: list[PlanUnit] = Field(description="责任矩阵的列：单位，牵头多者在前")
    tasks: list[PlanTask] = Field(description="责任矩阵的行：任务")
    targets: list[Target] = Field(description="目标清单")
    column_page: int = Field(description="列页码（参数 cols，自 1 起）：units 与每项任务的 roles 只含本页的单位")
    column_pages: int = Field(description="列的总页数")
    units_total: int = Field(description="单位总数（全部列页）")


class UnitTask(Task):
    doc_number: str | None = Field(description="所属文件文号")
    document_title: str | None = Field(description="所属文件标题")


class UnitInfo(Loose):
    id: int = Field(description="单位编号")
    canonical: str = Field(description="规范名称")
    kind: str | None = Field(description="类型")
    level: str | None = Field(description="层级")
    jurisdiction: str | None = Field(description="辖区")
    names: dict[str, int] = Field(description="文中各种写法及次数")
    url: str = Field(description="单位页面地址")


class UnitPage(Loose):
    unit: UnitInfo = Field(description="单位")
    tasks: dict[str, list[UnitTask]] = Field(description="承担的任务，按角色：lead、support、territorial")
    total: int = Field(description="任务总数")
    counts: dict[str, int] = Field(description="各角色的任务数（全部页）")
    page: int = Field(description="页码（参数 page，自 1 起）")
    pages: int = Field(description="总页数")
    page_size: int = Field(description="每页任务数；tasks 只含本页的任务，全部任务见 tasks.csv / tasks.xlsx")


class UnitsPage(Loose):
    jurisdiction: str | None = Field(description="辖区筛选")
    units: list[UnitSummary] = Field(description="责任单位")


class ListingPage(Loose):
    field: str = Field(description="issuer 或 jurisdiction")
    title: str = Field(description="发文机关 或 辖区")
    name: str = Field(description="名称")
    documents: list[DocumentSummary] = Field(description="其全部文件，新者在前")


# --- home and search -------------------------------------------------------------------------------


@twin(router, "/", template="home.html", model=HomePage, summary="首页：文档数量与最近的文件")
def home(request: Request) -> Data:
    return {"counts": library.library_counts(engine(request)), "recent": library.recent(engine(request), 12)}


def search_filters(params: dict[str, str], notices: list[str]) -> Filters:
    """The search filters in the query parameters; a value that cannot be used is ignored with a notice."""
    has = params.get("has_tasks", "")
    validity = params.get("validity") or None
    if validity and validity not in VALIDITY:
        notices.append("未知的效力状态，已忽略 / unknown validity status ignored")
        validity = None
    return Filters(
        issuer=params.get("issuer") or None, jurisdiction=params.get("jurisdiction") or None,
        year=query_int(params.get("year"), "year", notices, low=1, high=9999), kind=params.get("kind") or None,
        validity=validity,
        has_tasks=True if has in {"1", "true", "yes"} else False if has in {"0", "false", "no"} else None,
    )


def _search_context(data: Data, request: Request) -> Data:
    return data | {"base": {k: v for k, v in request.query_params.items() if k != "page"}}


@twin(router, "/search", template="search.html", model=SearchPage, context=_search_context, summary="全文检索",
      description="q：检索词（引号内为短语，文号可用任意括号）；issuer、jurisdiction、year、kind、"
                  "validity（valid/expired/repealed/pending/unknown，按 as_of 日期判断，默认今天）、"
                  "has_tasks（1/0）为筛选条件；page 为页码。")
def search(request: Request, q: str = "", page: str = "1") -> Data:
    params = dict(request.query_params)
    notices: list[str] = []
    filters = search_filters(params, notices)
    number = query_int(params.get("page"), "page", notices, low=1, high=100_000) or 1
    as_of = query_date(params.get("as_of", ""), "as_of")
    result = library.search(engine(request), params.get("q", ""), filters, number, today=as_of).to_dict()
    result["as_of"] = as_of.isoformat() if as_of else None
    if result["notice"]:
        notices.insert(0, result["notice"])
    result["notices"] = notices
    return result


@router.get("/search.csv", summary="检索结果（CSV）")
def search_csv(request: Request) -> Response:
    return csv_response("search.csv", HIT_FIELDS, search(request)["results"])


# --- documents and plans ---------------------------------------------------------------------------


@twin(router, "/doc/{doc_id}/plan", template="plan.html", model=PlanPage,
      summary="方案：责任矩阵（任务 × 单位）与目标清单")
def plan(request: Request, doc_id: Id) -> Data:
    """One page of the matrix's unit columns (parameter ``cols``): the largest plan names 67 units, more
    than a screen holds; the rows scroll under a fixed header (site.css)."""
    data = whole_plan(request, doc_id)
    shown, col, pages = one_page(len(data["units"]), MATRIX_COLUMNS, page_number(request, "cols"))
    return data | {"units": data["units"][shown], "column_page": col, "column_pages": pages,
                   "units_total": len(data["units"]),
                   "tasks": [t | {"roles": t["roles"][shown]} for t in data["tasks"]]}


MATRIX_COLUMNS = 20


def whole_plan(request: Request, doc_id: Id) -> Data:
    return found(library.plan(engine(request), doc_id), "文档")


def task_row(t: Data) -> Data:
    """A task as a row of a task list: units joined, the unit's role in Chinese."""
    return {
        "doc_number": t.get("doc_number", ""), "plan": t["plan"], "number": t["number"], "heading": t["heading"],
        "text": t["text"], "lead": "、".join(t["lead"]), "support": "、".join(t["support"]),
        "territorial": "、".join(t["territorial"]), "role": ROLE_NAMES.get(t.get("role", ""), ""), "url": t["url"],
    }


def tasks_xlsx(name: str, tasks: list[Data], document: Data | None) -> Response:
    """A task list as an Excel workbook (the document's 文号 on each row when given)."""
    rows = [[task_row(t | ({"doc_number": document["doc_number"]} if document else {}))[k] for k in TASK_FIELDS]
            for t in tasks]
    return xlsx_response(name, workbook([("任务清单", TASK_HEADERS, rows)], TASK_WIDTHS))


@router.get("/doc/{doc_id}/tasks.xlsx", summary="方案任务清单（Excel）")
def plan_xlsx(request: Request, doc_id: Id) -> Response:
    data = whole_plan(request, doc_id)
    return tasks_xlsx(f"任务清单-{data['document']['doc_number'] or doc_id}.xlsx", data["tasks"], data["document"])


@router.get("/doc/{doc_id}/tasks.csv", summary="方案任务清单（CSV）")
def plan_csv(request: Request, doc_id: Id) -> Response:
    return csv_response(f"tasks-{doc_id}.csv", TASK_FIELDS, [task_row(t) for t in whole_plan(request, doc_id)["tasks"]])


UNIT_PAGE_SIZE = 40

# --- units -----------------------------------------------------------------------------------------


@twin(router, "/unit/{unit_id}", template="unit.html", model=UnitPage,
      summary="单位：在各方案中承担的任务（按牵头、配合、属地）")
def unit(request: Request, unit_id: Id) -> Data:
    """One page of the unit's tasks (lead, then support, then territorial): a unit of the largest plan
    holds 150 tasks, one table of them was 15 screens long."""
    data = whole_unit(request, unit_id)
    rows = by_role(data)
    this_page, page_no, pages = one_page(len(rows), UNIT_PAGE_SIZE, page_number(request, "page"))
    shown: dict[str, list[Data]] = {role: [] for role in data["tasks"]}
    for t in rows[this_page]:
        shown[t["role"]].append({k: v for k, v in t.items() if k != "role"})
    return data | {"tasks": shown, "counts": {role: len(items) for role, items in data["tasks"].items()},
                   "page": page_no, "pages": pages, "page_size": UNIT_PAGE_SIZE}


def whole_unit(request: Request, unit_id: Id) -> Data:
    return found(library.unit(engine(request), unit_id), "单位")


def by_role(unit_page: Data) -> list[Data]:
    """A unit's tasks in one list, each marked with the unit's role in it."""
    return [t | {"role": role} for role, items in unit_page["tasks"].items() for t in items]


@router.get("/unit/{unit_id}/tasks.xlsx", summary="单位任务清单（Excel）")
def unit_xlsx(request: Request, unit_id: Id) -> Response:
    data = whole_unit(request, unit_id)
    return tasks_xlsx(f"任务清单-{data['unit']['canonical']}.xlsx", by_role(data), None)


@router.get("/unit/{unit_id}/tasks.csv", summary="单位任务清单（CSV）")
def unit_csv(request: Request, unit_id: Id) -> Response:
    rows = [task_row(t) for t in by_role(whole_unit(request, unit_id))]
    return csv_response(f"unit-{unit_id}-tasks.csv", TASK_FIELDS, rows)


def _units_context(data: Data, request: Request) -> Data:
    return data | {"jurisdiction": data["jurisdiction"] or ""}


@twin(router, "/units", template="units.html", model=UnitsPage, context=_units_context, summary="责任单位名录")
def units(request: Request, jurisdiction: str = "") -> Data:
    return {"jurisdiction": jurisdiction or None, "units": library.units(engine(request), jurisdiction or None)}


@router.get("/units.csv", summary="责任单位名录（CSV）")
def units_csv(request: Request, jurisdiction: str = "") -> Response:
    return csv_response("units.csv", UNIT_FIELDS, library.units(engine(request), jurisdiction or None))


# --- issuers and jurisdictions ---------------------------------------------------------------------


def _listing(field_name: str, title: str) -> None:
    """The pages of one issuer or one jurisdiction: its documents as a page, JSON and CSV."""

    def data(request: Request, name: str) -> Data:
        documents = library.listing(engine(request), field_name, name)
        return {"field": field_name, "title": title, "name": name, "documents": documents}

    data.__name__ = f"{field_name}_listing"
    twin(router, f"/{field_name}/{{name}}", template="listing.html", model=ListingPage,
         summary=f"{title}：其全部文件")(data)

    def as_csv(request: Request, name: str) -> Response:
        return csv_response(f"{field_name}.csv", LISTING_FIELDS, data(request, name)["documents"])

    as_csv.__name__ = f"{field_name}_csv"
    router.add_api_route(f"/{field_name}/{{name}}/documents.csv", as_csv, summary=f"{title}的文件（CSV）")


_listing("issuer", "发文机关")
_listing("jurisdiction", "辖区")


# --- the API described -----------------------------------------------------------------------------


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """The API described from its OpenAPI schema, served without any script from the network."""
    spec = request.app.openapi()
    ops = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
            "description": op.get("description", ""), "params": [p["name"] for p in op.get("parameters", [])]}
           for path, item in spec["paths"].items() for method, op in item.items()]
    return page(request, "apidocs.html", {"operations": ops})
