"""Serve, part one: the policy library — home, search, plans, units, issuer and jurisdiction listings and the
API's own description at ``/docs`` (a document's page and the status query: :mod:`zhengce.web.routes.document`).

Each page is written once with :func:`zhengce.web.twins.twin` (the HTML page and its JSON twin under
``/api``); task lists download as .xlsx and CSV, every listing as CSV.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from zhengce import library
from zhengce.library import ROLE_NAMES
from zhengce.sheets import workbook
from zhengce.web.forms import query_int as page_number
from zhengce.web.guard import Id
from zhengce.web.models import DocumentSummary, Target, Task, UnitSummary
from zhengce.web.twins import Data, Loose, csv_response, engine, found, one_page, page, twin, xlsx_response

router = APIRouter()

TASK_FIELDS = ["doc_number", "plan", "number", "heading", "text", "lead", "support", "territorial", "role", "url"]
TASK_HEADERS = ["发文字号", "所属方案", "序号", "任务", "任务内容", "牵头单位", "配合单位", "属地责任单位",
                "本单位角色", "链接"]
TASK_WIDTHS = [20, 28, 6, 24, 60, 24, 30, 24, 10, 16]
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
