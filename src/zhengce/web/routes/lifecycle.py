"""Serve, part four: the lifecycle of normative documents — registry checks, expiry alerts, cleanup
worksheets and the impact of repeals, each a page with its JSON twin and, where it is a work list,
an .xlsx download."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from zhengce.library import documents as library
from zhengce.library.registry import CLEANUP_HEADERS
from zhengce.sheets import XLSX, workbook


def query_date(value: str, name: str) -> date | None:
    """A date from a query parameter (empty: None); anything else is a clear 400."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as e:
        raise HTTPException(status_code=400, detail=f"{name} 应为日期，如 2024-07-01 / {name} must be a date") from e


def _months(value: str) -> int:
    if not value.strip():
        return 6
    if not value.strip().isdigit() or not 1 <= int(value) <= 120:
        raise HTTPException(status_code=400, detail="months 应为 1–120 的整数 / months must be 1–120")
    return int(value)


def xlsx(name: str, sheet: str, headers: list[str], rows: list[list[Any]]) -> Response:
    from zhengce.web.app import _disposition

    return Response(workbook([(sheet, headers, rows)], [6, 60, 22, 20, 40, 16, 16, 16]), media_type=XLSX,
                    headers={"Content-Disposition": _disposition(name)})


DOC_COLUMNS = [{"key": "title", "label": "文件标题", "link": "url"}, {"key": "doc_number", "label": "文号"},
               {"key": "reg_code", "label": "统一登记号"}, {"key": "issuer", "label": "发文机关"}]


def register(app: FastAPI, eng: Callable[[], Any], page: Callable[..., HTMLResponse]) -> None:
    def pair(path: str, template_args: Callable[[dict[str, Any], Request], dict[str, Any]],
             data: Callable[[Request], dict[str, Any]], summary: str) -> None:
        async def html(request: Request) -> HTMLResponse:
            got = data(request)
            return page(request, "records.html", template_args(got, request))

        async def api(request: Request) -> dict[str, Any]:
            return data(request)

        app.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)
        app.add_api_route("/api" + path, api, methods=["GET"], summary=summary)

    # --- registry checks -------------------------------------------------------------------------

    def registry_data(request: Request) -> dict[str, Any]:
        return library.registry_report(eng(), request.query_params.get("jurisdiction") or None)

    pair("/registry", lambda d, r: {
        "heading": "登记号核查",
        "intro": "登记号的年份、类型码、前缀、重复、缺号，以及目录与正文不一致之处，供人工核对，不自动更正。",
        "rows": [f | {"url": f"/doc/{f['document_id']}" if f["document_id"] else None} for f in d["findings"]],
        "columns": [{"key": "check_name", "label": "问题"}, {"key": "jurisdiction", "label": "辖区"},
                    {"key": "reg_code", "label": "登记号"}, {"key": "doc_number", "label": "文号", "link": "url"},
                    {"key": "detail", "label": "说明"}],
        "summary": {d["checks"][k]: v for k, v in d["counts"].items() if v},
        "form": [{"name": "jurisdiction", "label": "辖区", "value": d["jurisdiction"]}],
        "links": [{"url": "/api/registry?" + urlencode({"jurisdiction": d["jurisdiction"] or ""}), "label": "JSON"}]},
        registry_data, "登记号核查：年份、类型码、前缀、重复、缺号、目录与正文不一致")

    # --- expiry alerts ---------------------------------------------------------------------------

    def expiring_data(request: Request) -> dict[str, Any]:
        p = request.query_params
        return library.expiry_alerts(eng(), _months(p.get("months", "")), p.get("issuer") or None,
                                     query_date(p.get("as_of", ""), "as_of"))

    pair("/expiring", lambda d, r: {
        "heading": f"即将到期的文件（{d['months']} 个月内）",
        "intro": f"截至 {d['as_of']}，现行有效且有效期即将届满的文件。",
        "rows": d["documents"],
        "columns": [*DOC_COLUMNS, {"key": "expires_on", "label": "有效期至"},
                    {"key": "days_left", "label": "剩余天数"}],
        "summary": d["per_issuer"],
        "form": [{"name": "months", "label": "月数", "value": d["months"]},
                 {"name": "issuer", "label": "发文机关", "value": d["issuer"]}],
        "links": [{"url": "/expiring.xlsx?" + str(r.query_params), "label": "下载 Excel"},
                  {"url": "/api/expiring?" + str(r.query_params), "label": "JSON"}]},
        expiring_data, "即将到期：现行有效、在 months 个月（默认 6）内届满的文件，可按 issuer 筛选")

    @app.get("/expiring.xlsx", summary="即将到期的文件（Excel）")
    def expiring_xlsx(request: Request) -> Response:
        d = expiring_data(request)
        headers = ["序号", "文件标题", "文号", "统一登记号", "发文机关", "有效期至", "剩余天数"]
        return xlsx("即将到期的文件.xlsx", "即将到期", headers,
                    [[k, r["title"], r["doc_number"], r["reg_code"], r["issuer"], r["expires_on"], r["days_left"]]
                     for k, r in enumerate(d["documents"], 1)])

    # --- cleanup worksheet -----------------------------------------------------------------------

    def cleanup_data(request: Request) -> dict[str, Any]:
        p = request.query_params
        issuer = (p.get("issuer") or "").strip()
        before = query_date(p.get("before", ""), "before")
        if not issuer or before is None:
            return {"issuer": issuer, "before": before.isoformat() if before else None, "documents": [],
                    "notice": "请填写发文机关和截止日期 / give issuer and before"}
        return library.cleanup_sheet(eng(), issuer, before)

    pair("/cleanup", lambda d, r: {
        "heading": "规范性文件清理工作表", "intro": d.get("notice") or
        f"{d['issuer']}（含其办公室）{d['before']} 前印发的规范性文件，附效力、有效期、被现行文件引用次数与处理建议。",
        "rows": d["documents"],
        "columns": [{"key": "number", "label": "序号"}, *DOC_COLUMNS[:3], {"key": "status_name", "label": "效力"},
                    {"key": "expires_on", "label": "有效期至"}, {"key": "cited_by_valid", "label": "被引用"},
                    {"key": "proposal", "label": "处理建议"}],
        "form": [{"name": "issuer", "label": "发文机关（如 永州市冷水滩区人民政府）", "value": d["issuer"]},
                 {"name": "before", "label": "截止日期", "type": "date", "value": d["before"]}],
        "links": [{"url": "/cleanup.xlsx?" + str(r.query_params), "label": "下载 Excel（清理目录格式）"},
                  {"url": "/api/cleanup?" + str(r.query_params), "label": "JSON"}]},
        cleanup_data, "清理工作表：某发文机关在截止日期前印发的规范性文件，附效力与处理建议")

    @app.get("/cleanup.xlsx", summary="清理工作表（Excel，序号、文件标题、文号、统一登记号、备注）")
    def cleanup_xlsx(request: Request) -> Response:
        d = cleanup_data(request)
        return xlsx("规范性文件清理工作表.xlsx", "清理工作表", CLEANUP_HEADERS,
                    [[r["number"], r["title"], r["doc_number"], r["reg_code"],
                      f"{r['status_name']}；{r['proposal']}"] for r in d["documents"]])

    # --- impact ----------------------------------------------------------------------------------

    def impact_data(request: Request) -> dict[str, Any]:
        return {"documents": library.impact(eng(), query_date(request.query_params.get("as_of", ""), "as_of"))}

    pair("/impact", lambda d, r: {
        "heading": "引用已失效或已废止文件的现行文件",
        "intro": "这些现行有效的文件仍引用已失效或已废止的文件，清理时应一并评估。",
        "rows": [x | x["document"] for x in d["documents"]],
        "columns": [*DOC_COLUMNS[:2], {"key": "cites", "label": "所引文件"},
                    {"key": "cited_status", "label": "所引文件效力"}, {"key": "reason", "label": "依据"}],
        "links": [{"url": "/api/impact", "label": "JSON"}]},
        impact_data, "影响分析：仍引用已失效或已废止文件的现行文件")
