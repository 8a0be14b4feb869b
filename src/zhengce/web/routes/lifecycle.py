"""Serve, part four: the lifecycle of normative documents — registry checks, expiry alerts, cleanup
worksheets and the impact of repeals, each a page with its JSON twin and, where it is a work list,
an .xlsx download."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import Field

from zhengce import library
from zhengce.access.accounts import today as today_cn
from zhengce.library.registry import CLEANUP_HEADERS
from zhengce.sheets import workbook
from zhengce.web.guard import query_date
from zhengce.web.models import DocumentSummary
from zhengce.web.twins import Data, Loose, engine, twin, xlsx_response

router = APIRouter()

DOC_COLUMNS = [{"key": "title", "label": "文件标题", "link": "url"}, {"key": "doc_number", "label": "文号"},
               {"key": "reg_code", "label": "统一登记号"}, {"key": "issuer", "label": "发文机关"}]
WIDTHS = [6, 60, 22, 20, 40, 16, 16, 16]


def months_param(value: str) -> int:
    """The ``months`` of the expiry alerts: 1–120, 6 when not given; anything else is a clear 400."""
    if not value.strip():
        return 6
    if not value.strip().isdigit() or not 1 <= int(value) <= 120:
        raise HTTPException(status_code=400, detail="months 应为 1–120 的整数 / months must be 1–120")
    return int(value)


def xlsx(name: str, sheet: str, headers: list[str], rows: list[list[Any]]) -> Response:
    return xlsx_response(name, workbook([(sheet, headers, rows)], WIDTHS))


# --- response models -------------------------------------------------------------------------------


class RegistryFinding(Loose):
    check: str = Field(description="核查项代码")
    check_name: str = Field(description="核查项")
    document_id: int | None = Field(description="文档编号（未收录则空）")
    reg_code: str | None = Field(description="登记号")
    doc_number: str | None = Field(description="文号")
    detail: str = Field(description="说明")


class RegistryReport(Loose):
    jurisdiction: str | None = Field(description="辖区筛选")
    documents: int = Field(description="有登记号的文件数")
    checks: dict[str, str] = Field(description="核查项代码与名称")
    findings: list[RegistryFinding] = Field(description="发现的问题")
    counts: dict[str, int] = Field(description="各核查项的问题数")


class LifecycleDocument(DocumentSummary):
    status: str = Field(description="效力代码")
    status_name: str = Field(description="效力")
    expires_on: str | None = Field(description="有效期至")
    effective_from: str | None = Field(description="施行日期")
    cited_by_valid: int = Field(description="被现行有效文件引用的次数")


class ExpiringDocument(LifecycleDocument):
    days_left: int = Field(description="剩余天数")


class ExpiryAlerts(Loose):
    as_of: str = Field(description="截至日期")
    months: int = Field(description="月数")
    issuer: str | None = Field(description="发文机关筛选")
    documents: list[ExpiringDocument] = Field(description="即将到期的文件")
    per_issuer: dict[str, int] = Field(description="各发文机关的文件数")


class CleanupDocument(LifecycleDocument):
    number: int = Field(description="序号")
    proposal: str = Field(description="处理建议")


class CleanupSheet(Loose):
    issuer: str = Field(description="发文机关")
    before: str | None = Field(description="截止日期")
    documents: list[CleanupDocument] = Field(description="规范性文件，附效力与处理建议")
    notice: str | None = Field(None, description="缺少条件时的提示")


class ImpactItem(Loose):
    document: DocumentSummary = Field(description="现行有效的文件")
    cites: str = Field(description="所引文件（文号或标题）")
    cited_status: str = Field(description="所引文件效力")
    reason: str | None = Field(description="依据")
    url: str = Field(description="文件地址")


class Impact(Loose):
    documents: list[ImpactItem] = Field(description="仍引用已失效或已废止文件的现行文件")


# --- registry checks -------------------------------------------------------------------------------


def _registry_page(d: Data, r: Request) -> Data:
    return {
        "heading": "登记号核查",
        "intro": "登记号的年份、类型码、前缀、重复、缺号，以及目录与正文不一致之处，供人工核对，不自动更正。",
        "rows": [f | {"url": f"/doc/{f['document_id']}" if f["document_id"] else None} for f in d["findings"]],
        "columns": [{"key": "check_name", "label": "问题"}, {"key": "jurisdiction", "label": "辖区"},
                    {"key": "reg_code", "label": "登记号"}, {"key": "doc_number", "label": "文号", "link": "url"},
                    {"key": "detail", "label": "说明"}],
        "summary": {d["checks"][k]: v for k, v in d["counts"].items() if v},
        "form": [{"name": "jurisdiction", "label": "辖区", "value": d["jurisdiction"]}],
        "links": [{"url": "/api/registry?" + urlencode({"jurisdiction": d["jurisdiction"] or ""}), "label": "JSON"}]}


@twin(router, "/registry", template="records.html", model=RegistryReport, context=_registry_page,
      summary="登记号核查：年份、类型码、前缀、重复、缺号、目录与正文不一致")
def registry(request: Request, jurisdiction: str = "") -> Data:
    return library.registry_report(engine(request), request.query_params.get("jurisdiction") or None)


# --- expiry alerts ---------------------------------------------------------------------------------


def _expiring_page(d: Data, r: Request) -> Data:
    return {
        "heading": f"即将到期的文件（{d['months']} 个月内）",
        "intro": f"截至 {d['as_of']}，现行有效且有效期即将届满的文件。",
        "rows": d["documents"],
        "columns": [*DOC_COLUMNS, {"key": "expires_on", "label": "有效期至"},
                    {"key": "days_left", "label": "剩余天数"}],
        "summary": d["per_issuer"],
        "form": [{"name": "months", "label": "月数", "value": d["months"]},
                 {"name": "issuer", "label": "发文机关", "value": d["issuer"]}],
        "links": [{"url": "/expiring.xlsx?" + str(r.query_params), "label": "下载 Excel"},
                  {"url": "/api/expiring?" + str(r.query_params), "label": "JSON"}]}


@twin(router, "/expiring", template="records.html", model=ExpiryAlerts, context=_expiring_page,
      summary="即将到期：现行有效、在 months 个月（默认 6）内届满的文件，可按 issuer 筛选")
def expiring(request: Request, months: str = "", issuer: str = "", as_of: str = "") -> Data:
    p = request.query_params
    return library.expiry_alerts(engine(request), months_param(p.get("months", "")), p.get("issuer") or None,
                                 query_date(p.get("as_of", ""), "as_of"))


@router.get("/expiring.xlsx", summary="即将到期的文件（Excel）")
def expiring_xlsx(request: Request) -> Response:
    d = expiring(request)
    headers = ["序号", "文件标题", "文号", "统一登记号", "发文机关", "有效期至", "剩余天数"]
    return xlsx("即将到期的文件.xlsx", "即将到期", headers,
                [[k, r["title"], r["doc_number"], r["reg_code"], r["issuer"], r["expires_on"], r["days_left"]]
                 for k, r in enumerate(d["documents"], 1)])


# --- cleanup worksheet -----------------------------------------------------------------------------


def _cleanup_page(d: Data, r: Request) -> Data:
    return {
        "heading": "规范性文件清理工作表", "intro": d.get("notice") or
        f"{d['issuer']}（含其办公室）{d['before']} 前印发的规范性文件，附效力、有效期、被现行文件引用次数与处理建议。",
        "rows": d["documents"],
        "columns": [{"key": "number", "label": "序号"}, *DOC_COLUMNS[:3], {"key": "status_name", "label": "效力"},
                    {"key": "expires_on", "label": "有效期至"}, {"key": "cited_by_valid", "label": "被引用"},
                    {"key": "proposal", "label": "处理建议"}],
        "form": [{"name": "issuer", "label": "发文机关（如 永州市冷水滩区人民政府）", "value": d["issuer"]},
                 {"name": "before", "label": "截止日期", "type": "date", "value": d["before"]}],
        "links": [{"url": "/cleanup.xlsx?" + str(r.query_params), "label": "下载 Excel（清理目录格式）"},
                  {"url": "/api/cleanup?" + str(r.query_params), "label": "JSON"}]}


@twin(router, "/cleanup", template="records.html", model=CleanupSheet, context=_cleanup_page,
      summary="清理工作表：某发文机关在截止日期前印发的规范性文件，附效力与处理建议")
def cleanup(request: Request, issuer: str = "", before: str = "") -> Data:
    p = request.query_params
    issuer = (p.get("issuer") or "").strip()
    until = query_date(p.get("before", ""), "before")
    if not issuer or until is None:
        return {"issuer": issuer, "before": until.isoformat() if until else None, "documents": [],
                "notice": "请填写发文机关和截止日期 / give issuer and before"}
    return library.cleanup_sheet(engine(request), issuer, until)


@router.get("/cleanup.xlsx", summary="清理工作表（Excel，序号、文件标题、文号、统一登记号、备注）")
def cleanup_xlsx(request: Request) -> Response:
    d = cleanup(request)
    return xlsx("规范性文件清理工作表.xlsx", "清理工作表", CLEANUP_HEADERS,
                [[r["number"], r["title"], r["doc_number"], r["reg_code"], f"{r['status_name']}；{r['proposal']}"]
                 for r in d["documents"]])


# --- impact ----------------------------------------------------------------------------------------


def _impact_page(d: Data, r: Request) -> Data:
    return {
        "heading": "引用已失效或已废止文件的现行文件",
        "intro": "这些现行有效的文件仍引用已失效或已废止的文件，清理时应一并评估。",
        "rows": [x | x["document"] for x in d["documents"]],
        "columns": [*DOC_COLUMNS[:2], {"key": "cites", "label": "所引文件"},
                    {"key": "cited_status", "label": "所引文件效力"}, {"key": "reason", "label": "依据"}],
        "links": [{"url": "/api/impact", "label": "JSON"}]}


@twin(router, "/impact", template="records.html", model=Impact, context=_impact_page,
      summary="影响分析：仍引用已失效或已废止文件的现行文件")
def impact(request: Request, as_of: str = "") -> Data:
    return {"documents": library.impact(engine(request), query_date(request.query_params.get("as_of", ""), "as_of"))}


# --- repealed documents ----------------------------------------------------------------------------


class RepealedDocument(Loose):
    id: int | None = Field(description="文档编号（未收录则空）")
    title: str | None = Field(description="文件标题")
    doc_number: str | None = Field(description="文号")
    reg_code: str | None = Field(description="统一登记号")
    stored: bool = Field(description="是否收录于文库")
    url: str | None = Field(description="文件地址（未收录则空）")
    since: str | None = Field(description="废止日期")
    reason: str = Field(description="依据")
    repealed_by: str | None = Field(description="废止它的文件（文号或标题）")
    repealed_by_url: str | None = Field(description="废止它的文件及条款地址")


class Repealed(Loose):
    as_of: str = Field(description="截至日期")
    documents: list[RepealedDocument] = Field(description="已废止的文件：收录的，及仅由收录文件载明废止的")


def _repealed_page(d: Data, r: Request) -> Data:
    return {
        "heading": "已废止的文件",
        "intro": f"截至 {d['as_of']} 已废止的文件，包括文库未收录、但由收录文件载明废止的文件。",
        "rows": [x | {"stored_name": "已收录" if x["stored"] else "未收录"} for x in d["documents"]],
        "columns": [{"key": "title", "label": "文件标题", "link": "url"}, {"key": "doc_number", "label": "文号"},
                    {"key": "stored_name", "label": "文库"}, {"key": "since", "label": "废止日期"},
                    {"key": "repealed_by", "label": "废止文件", "link": "repealed_by_url"}],
        "form": [{"name": "as_of", "label": "截至日期", "type": "date", "value": d["as_of"]}],
        "links": [{"url": "/api/repealed?" + str(r.query_params), "label": "JSON"}]}


@twin(router, "/repealed", template="records.html", model=Repealed, context=_repealed_page,
      summary="已废止的文件：收录的及仅由收录文件载明废止的，附废止它的文件；as_of 默认今天")
def repealed(request: Request, as_of: str = "") -> Data:
    day = query_date(request.query_params.get("as_of", ""), "as_of") or today_cn()
    return {"as_of": day.isoformat(), "documents": library.repealed(engine(request), day)}
