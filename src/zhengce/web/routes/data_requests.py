"""Serve, government data: requests and applications with their statutory clocks (共享申请, 开放申请, 校核,
异议) — filing, the list (only the overdue ones, or one department's), one request with its clocks, handling
and grants; suspending a grant (clause 19); reading records under a grant (personal items masked); a
department's dashboard (pending and overdue requests, clause 38's indicators per department).

Public names: router, Requests, DataRequest, Dashboard, Grant, Records.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from zhengce.access.errors import Invalid
from zhengce.datagov import board as databoard
from zhengce.datagov import requests as datarequests
from zhengce.datagov.rules import CLOCKS, EXTENSION_NAMES
from zhengce.web.forms import Done, form, is_api
from zhengce.web.routes.data_catalog import resource, resource_page
from zhengce.web.routes.data_forms import (
    REQ_COLUMNS,
    ActIn,
    ReasonIn,
    RequestIn,
    as_date,
    as_of,
    fields,
    names,
    number,
    refill,
)
from zhengce.web.twins import Loose, actor, engine, page, twin

router = APIRouter()
ACTIONS = {"share": ["grant", "refuse"], "open": ["grant", "refuse"], "check": ["answer", "extend"],
           "objection": ["flag", "forward", "correct", "not_correct"]}
ACTION_NAMES = {"grant": "同意", "refuse": "不予同意（须说明理由）", "answer": "已校核", "extend": "延长校核期限",
                "flag": "作出异议标注", "forward": "转交政务部门", "correct": "更正",
                "not_correct": "不予更正（须说明理由）"}


class Requests(Loose):
    requests: list[dict[str, Any]] = Field(description="申请：种类、数据资源、申请方、提供部门、状态、到期日、是否逾期")
    clocks: dict[str, Any] = Field(description="各类时限：工作日数、依据")


class DataRequest(Loose):
    id: int = Field(description="申请编号")
    kind: str = Field(description="种类：share、open、check、objection")
    kind_name: str = Field(description="种类名称")
    resource: str = Field(description="数据资源")
    status: str = Field(description="状态")
    status_name: str = Field(description="状态名称")
    clocks: list[dict[str, Any]] = Field(description="时限：事项、起算、工作日、到期日、办结日、依据")
    due: str | None = Field(description="最近的到期日")
    url: str = Field(description="页面地址")


class Dashboard(Loose):
    unit_id: int | None = Field(description="部门编号（按部门查看时）")
    unit: str | None = Field(description="部门名称")
    as_of: str = Field(description="截至日期")
    resources: int = Field(description="目录条数")
    published: int = Field(description="已发布条数")
    received_open: list[dict[str, Any]] = Field(description="待办的申请")
    due_soon: list[dict[str, Any]] = Field(description="即将到期的申请（2个工作日内）")
    overdue: list[dict[str, Any]] = Field(description="逾期的申请")
    indicators: dict[str, Any] = Field(description="第三十八条指标（按部门）")
    clocks_due_soon: list[dict[str, Any]] = Field(description="即将到期的时限（提醒）：种类、条款、到期日、剩余工作日")
    clocks_overdue: list[dict[str, Any]] = Field(description="已逾期的时限（督办升级）：逾期工作日、升级层级")
    items: list[dict[str, Any]] = Field(description="第三十八条九项情形：系统计入的内容与次数")


class Grant(Loose):
    id: int = Field(description="授权编号")
    request_id: int = Field(description="申请编号")
    state: str = Field(description="状态：active、suspended、expired")
    version: int = Field(description="版本号")


class Records(Loose):
    grant: dict[str, Any] = Field(description="授权")
    resource: str = Field(description="数据资源")
    records: list[dict[str, Any]] = Field(description="记录（仅授权的信息项，个人信息脱敏）")
    problems: list[Any] = Field(description="不予提供的值及原因")


def with_overdue(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r | {"overdue_name": "逾期" if r["overdue"] else ""} for r in found]


def requests_page(d: dict[str, Any], request: Request) -> dict[str, Any]:
    return {"heading": "申请与时限", "intro": "到期日按工作日（含调休）计算，收到当日不计；逾期的计入第三十八条指标。",
            "sections": [{"title": "申请", "columns": REQ_COLUMNS, "rows": with_overdue(d["requests"])}],
            "facts": [(c["name"], f"{c['days']}个工作日 · {c['clause']}") for c in d["clocks"].values()]}


@twin(router, "/data/requests", template="data.html", model=Requests, context=requests_page,
      summary="共享申请、开放申请、校核与异议，附法定时限（?overdue=1 只看逾期，?unit= 按部门）")
def requests(request: Request) -> dict[str, Any]:
    p = request.query_params
    unit = p.get("unit")
    found = datarequests.requests(engine(request), actor(request), as_of(request),
                                  number(unit, "unit") if unit else None, p.get("overdue") in {"1", "true"})
    return {"requests": found, "clocks": {k: {"days": c.days, "clause": c.clause, "name": c.name}
                                          for k, c in CLOCKS.items()}}


@form(router, "/data/requests", model=DataRequest, body=RequestIn,
      summary="提出申请：kind=share|open|check|objection，resource_id，purpose，items")
async def file_request(request: Request) -> Any:
    got = await fields(request)
    try:
        d = datarequests.file(engine(request), actor(request), str(got.get("kind", "")),
                              number(got.get("resource_id"), "resource_id"), str(got.get("purpose", "")),
                              names(got.get("items")), as_date(got.get("on"), "on"), str(got.get("applicant", "")))
    except Invalid as e:
        rid = str(got.get("resource_id", ""))
        if is_api(request) or not (rid.isascii() and rid.isdigit()):
            raise
        shown = resource_page(resource(request, rid), request)
        return page(request, "data.html", refill(shown, "/data/requests", got, e), 400)
    return Done(d, d["url"])


def request_forms(d: dict[str, Any], request: Request) -> list[dict[str, Any]]:
    """The handling form, for the office or the providing department while the request is open."""
    me = actor(request)
    may = me.office or (me.role == "reporter" and me.unit_id == d["provider_unit_id"])
    if d["status"] in datarequests.CLOSED or not may:
        return []
    return [{"action": f"/data/request/{d['id']}/act", "title": "办理", "submit": "提交", "fields": [
        {"name": "version", "label": "版本", "value": d["version"], "type": "hidden"},
        {"name": "action", "label": "操作", "options": [(a, ACTION_NAMES[a]) for a in ACTIONS[d["kind"]]]},
        {"name": "reason", "label": "理由或说明"},
        *([{"name": "extension", "label": "延期读法", "options": list(EXTENSION_NAMES.items())}]
          if d["kind"] == "check" else []),
        *([{"name": "valid_to", "label": "授权有效期至", "type": "date"},
           {"name": "personal_allowed", "label": "可使用个人信息（不脱敏）",
            "options": [("0", "否"), ("1", "是")]}] if d["kind"] in {"share", "open"} else [])]}]


def request_page(d: dict[str, Any], request: Request) -> dict[str, Any]:
    forms = request_forms(d, request)
    return {"heading": f"{d['kind_name']} {d['id']}：{d['resource']}",
            "facts": [("申请方", d["requester"]), ("提供部门", d["provider"]), ("用途", d["purpose"]),
                      ("信息项", "、".join(d["items"])), ("收到日期", d["filed_on"]), ("状态", d["status_name"]),
                      ("理由", d["reason"]), ("逾期", "是" if d["overdue"] else "否")],
            "sections": [{"title": "时限", "columns": [
                {"key": "name", "label": "事项"}, {"key": "from", "label": "起算"},
                {"key": "days", "label": "工作日"},
                {"key": "due", "label": "到期日"}, {"key": "done_on", "label": "办结日"},
                {"key": "clause", "label": "依据"}], "rows": d["clocks"]},
                {"title": "授权", "columns": [
                    {"key": "id", "label": "编号"}, {"key": "items_text", "label": "信息项"},
                    {"key": "valid_to", "label": "有效期至"}, {"key": "state_name", "label": "状态"}],
                 "rows": [g | {"items_text": "、".join(g["items"])} for g in d["grants"]]}],
            "forms": forms}


@twin(router, "/data/request/{request_id}", template="data.html", model=DataRequest, context=request_page,
      summary="一项申请：时限（到期日、依据、是否逾期）、办理情况、授权")
def data_request(request: Request, request_id: str) -> dict[str, Any]:
    return datarequests.request(engine(request), actor(request), number(request_id, "request_id"), as_of(request))


@form(router, "/data/request/{request_id}/act", model=DataRequest, body=ActIn,
      summary="办理申请：grant、refuse（须理由）、answer、extend、flag、forward、correct、not_correct（须理由）")
async def act(request: Request, request_id: str) -> Any:
    got = await fields(request)
    try:
        d = datarequests.act(
            engine(request), actor(request), number(request_id, "request_id"), str(got.get("action", "")),
            str(got.get("reason", "")), as_date(got.get("on"), "on"),
            number(got["version"], "version") if got.get("version") else None,
            str(got.get("extension") or "additional"), str(got.get("personal_allowed", "")).lower() in {"1", "true"},
            as_date(got.get("valid_to"), "valid_to"), names(got.get("items")) or None)
    except Invalid as e:
        if is_api(request):
            raise
        shown = request_page(data_request(request, request_id), request)
        return page(request, "data.html", refill(shown, f"/data/request/{request_id}/act", got, e), 400)
    return Done(d, d["url"])


@form(router, "/data/grant/{grant_id}/suspend", model=Grant, body=ReasonIn,
      summary="提供部门暂停授权（第十九条），下次访问即拒绝")
async def suspend(request: Request, grant_id: str) -> Done:
    got = await fields(request)
    d = datarequests.suspend(engine(request), actor(request), number(grant_id, "grant_id"), str(got.get("reason", "")))
    return Done(d, "/data/requests")


@router.get("/api/data/grant/{grant_id}/records", summary="按授权读取数据：仅限被授权方，个人信息项脱敏",
            response_model=Records)
def records(request: Request, grant_id: str) -> dict[str, Any]:
    return datarequests.access(engine(request), actor(request), number(grant_id, "grant_id"))


CLOCK_COLUMNS = [{"key": "name", "label": "时限", "link": "url"}, {"key": "subject", "label": "事项"},
                 {"key": "unit", "label": "责任部门"}, {"key": "clause", "label": "条款"},
                 {"key": "start", "label": "起算日"}, {"key": "due", "label": "到期日"}]


def dashboard_page(d: dict[str, Any], request: Request) -> dict[str, Any]:
    picker = None
    if actor(request).role in {"office", "leader"}:  # a department's staff sees their own only
        picker = {"name": "unit", "label": "部门", "value": d["unit_id"],
                  "options": [("", "全部部门"), *databoard.board_units(engine(request))]}
    return {"heading": f"政务数据看板{'：' + d['unit'] if d['unit'] else ''}", "picker": picker,
            "intro": f"截至 {d['as_of']}：目录 {d['resources']} 条，已发布 {d['published']} 条。",
            "facts": [(u, f"{n} 项计入第三十八条") for u, n in d["overdue_per_unit"].items()],
            "sections": [{"title": "待办", "columns": REQ_COLUMNS, "rows": with_overdue(d["received_open"])},
                         {"title": "即将到期的时限（2个工作日内，提醒）",
                          "columns": [*CLOCK_COLUMNS, {"key": "workdays_left", "label": "剩余工作日"}],
                          "rows": d["clocks_due_soon"]},
                         {"title": "已逾期的时限（督办升级）",
                          "columns": [*CLOCK_COLUMNS, {"key": "workdays_over", "label": "逾期工作日"},
                                      {"key": "level_name", "label": "升级至"}],
                          "rows": d["clocks_overdue"]},
                         {"title": "逾期未更新的目录（第十三条）", "columns": [
                             {"key": "name", "label": "数据资源", "link": "url"},
                             {"key": "provider", "label": "提供部门"},
                             {"key": "change_note", "label": "变化"}, {"key": "update_due", "label": "应更新日期"}],
                          "rows": d["catalog_overdue"]},
                         {"title": "第三十八条指标（按部门）", "columns": [
                             {"key": "unit", "label": "部门"}, {"key": "indicator", "label": "情形"},
                             {"key": "count", "label": "次数"}],
                          "rows": [{"unit": u, "indicator": k, "count": n} for u, c in d["indicators"].items()
                                   for k, n in c.items()]},
                         {"title": "第三十八条九项情形", "columns": [
                             {"key": "clause", "label": "条款"}, {"key": "text", "label": "情形"},
                             {"key": "measured", "label": "系统计入"}, {"key": "count", "label": "次数"}],
                          "rows": [i | {"measured": i["measured"] or "系统不采集，由主管部门核查后扣分"}
                                   for i in d["items"]]}]}


@twin(router, "/data/dashboard", template="data.html", model=Dashboard, context=dashboard_page,
      summary="部门看板：待办的申请、即将到期与已逾期的时限（提醒、升级）、逾期未更新的目录、第三十八条指标")
def dashboard(request: Request) -> dict[str, Any]:
    unit = request.query_params.get("unit")
    return databoard.dashboard(engine(request), actor(request), number(unit, "unit") if unit else None,
                                  as_of(request))
