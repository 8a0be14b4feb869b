"""Serve, part five: government data resources (政务数据) — the catalog, a resource, requests and applications
with their statutory clocks, grants, and a department's dashboard; each page with its JSON twin under /api.

Roles are the accounts': a reporter acts for their unit (catalogs its resources, answers the requests made
to it, files requests and checks for it); the office is the 主管部门 (reviews and publishes the catalog,
flags and forwards objections, names the collecting department of duplicates); a leader reads everything;
the public sees the published catalog, and a signed-in member of the public may apply for 有条件开放 data.
Every POST from a browser session carries the session's CSRF token, as elsewhere in the app.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine

from zhengce.access.accounts import PUBLIC, Actor
from zhengce.datagov import catalog as datacatalog
from zhengce.datagov import requests as datarequests
from zhengce.datagov.rules import CLOCKS, EXTENSION_NAMES
from zhengce.supervision.core import Forbidden, Invalid
from zhengce.web.guard import MAX_BODY, clean, read_json_object

REQ_COLUMNS = [{"key": "id", "label": "编号", "link": "url"}, {"key": "kind_name", "label": "种类"},
               {"key": "resource", "label": "数据资源"}, {"key": "requester", "label": "申请方"},
               {"key": "provider", "label": "提供部门"}, {"key": "filed_on", "label": "收到日期"},
               {"key": "status_name", "label": "状态"}, {"key": "due", "label": "到期日"},
               {"key": "clause", "label": "依据"}, {"key": "overdue_name", "label": "逾期"}]
RES_COLUMNS = [{"key": "code", "label": "资源代码"}, {"key": "name", "label": "资源名称", "link": "url"},
               {"key": "kind", "label": "类别"}, {"key": "provider", "label": "提供方"},
               {"key": "share_type_name", "label": "共享类型"}, {"key": "open_type_name", "label": "开放类型"},
               {"key": "update_cycle", "label": "更新周期"}, {"key": "status_name", "label": "状态"}]


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as e:
        raise Invalid(f"{name} 应为日期，如 2024-09-27 / {name} must be a date") from e


def _int(value: Any, name: str) -> int:
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):  # int() would read other scripts' digits too
        raise Invalid(f"{name} 应为整数 / {name} must be a number")
    number = int(text)
    if number > 2**31 - 1:
        raise Invalid(f"{name} 超出范围 / {name} out of range")
    return number


def _items(value: Any) -> list[dict[str, Any]]:
    """Data items from JSON (a list of objects) or a form (one per line: 名称|类型|个人|涉密|脱敏方式)."""
    if isinstance(value, list):
        return [v if isinstance(v, dict) else {"name": str(v)} for v in value]
    items = []
    for line in str(value or "").splitlines():
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if parts and parts[0]:
            parts += [""] * 5
            items.append({"name": parts[0], "type": parts[1] or "字符型", "personal": parts[2] in {"是", "1", "y"},
                          "secret": parts[3] in {"是", "1", "y"}, "mask": parts[4]})
    return items


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [x.strip() for x in str(value or "").replace("，", ",").replace("、", ",").split(",") if x.strip()]


def register(app: FastAPI, eng: Callable[[], Engine], page: Callable[..., HTMLResponse]) -> None:
    def me(request: Request) -> Actor:
        return getattr(request.state, "actor", PUBLIC)  # type: ignore[no-any-return]

    async def fields(request: Request) -> dict[str, Any]:
        """The POST's fields (form or JSON); a browser session's CSRF token checked."""
        actor = me(request)
        if actor.id is None:
            raise Forbidden("请先登录 / please sign in")
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                got = await read_json_object(request)
            except ValueError as e:
                raise Invalid(str(e)) from e
        else:
            form = await request.form(max_part_size=MAX_BODY)
            got = {k: clean(v) for k, v in form.items() if isinstance(v, str)}
        if getattr(request.state, "via", "") == "cookie":
            sent = str(got.get("csrf") or request.headers.get("x-csrf-token") or "")
            if not actor.csrf or not secrets.compare_digest(sent, actor.csrf):
                raise Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试 / CSRF check failed; reload")
        got.pop("csrf", None)
        return got

    def done(request: Request, data: dict[str, Any], to: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse(data)
        return RedirectResponse(to, status_code=303)

    def view(path: str, summary: str, html_args: Callable[[dict[str, Any], Request], dict[str, Any]]
             ) -> Callable[[Callable[..., dict[str, Any]]], Any]:
        def wrap(fn: Callable[..., dict[str, Any]]) -> Any:
            async def html(request: Request) -> Response:
                data = fn(request, **request.path_params)
                return page(request, "data.html", html_args(data, request))

            async def api(request: Request) -> Response:
                return JSONResponse(fn(request, **request.path_params))

            app.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)
            app.add_api_route("/api" + path, api, methods=["GET"], summary=summary)
            return fn
        return wrap

    def post(path: str, summary: str) -> Callable[[Any], Any]:
        def wrap(fn: Callable[..., Any]) -> Any:
            app.add_api_route(path, fn, methods=["POST"], include_in_schema=False)
            app.add_api_route("/api" + path, fn, methods=["POST"], summary=summary)
            return fn
        return wrap

    def as_of(request: Request) -> date | None:
        return _date(request.query_params.get("on"), "on")

    # --- catalog ---------------------------------------------------------------------------------

    def catalog_forms(actor: Actor) -> list[dict[str, Any]]:
        if not (actor.office or actor.role == "reporter"):
            return []
        return [{"action": "/data/resources", "title": "新增或修改目录（按资源代码）", "submit": "保存（待审核）",
                 "fields": [
            {"name": "kind", "label": "目录类别", "options": [(k, k) for k in datacatalog.KINDS][::-1]},
            {"name": "code", "label": "资源代码"}, {"name": "name", "label": "资源名称"},
            {"name": "classification", "label": "资源分类"}, {"name": "provider_code", "label": "提供方代码"},
            {"name": "summary", "label": "资源摘要", "type": "textarea"}, {"name": "format", "label": "资源格式"},
            {"name": "share_type", "label": "共享类型", "options": list(datacatalog.SHARE_TYPES.items())},
            {"name": "share_condition", "label": "共享条件"}, {"name": "share_way", "label": "共享方式"},
            {"name": "share_reason", "label": "有条件/不予共享的理由"},
            {"name": "share_basis", "label": "共享依据（法律法规）"},
            {"name": "open_type", "label": "开放类型", "options": list(datacatalog.OPEN_TYPES.items())},
            {"name": "open_condition", "label": "开放条件"}, {"name": "open_reason", "label": "有条件/不予开放的理由"},
            {"name": "open_basis", "label": "开放依据（法律法规）"}, {"name": "update_cycle", "label": "更新周期"},
            {"name": "related", "label": "关联资源代码（逗号分隔）"},
            {"name": "items", "label": "信息项（每行：名称|类型|个人(是/否)|涉密(是/否)|脱敏 id/mobile/name）",
             "type": "textarea"}]}]

    def catalog_data(request: Request) -> dict[str, Any]:
        actor = me(request)
        found = datacatalog.resources(eng(), actor)
        dups = datacatalog.duplicates(eng()) if actor.role in {"office", "leader"} else []
        late = [r for r in datacatalog.overdue_updates(eng(), as_of(request)) if datacatalog.visible(actor, r)]
        return {"resources": found, "duplicates": dups, "overdue_updates": late}

    view("/data", "政务数据目录（公众可见已发布的目录；部门可见本部门的全部目录）", lambda d, r: {
        "heading": "政务数据目录",
        "intro": "基础、主题、部门数据目录；有条件、不予共享（开放）的须写明理由和依据方可发布"
                 "（第十七条、第二十三条）。",
        "sections": [{"title": "目录", "columns": RES_COLUMNS, "rows": d["resources"]},
                     *([{"title": "疑似重复（一数一源，待主管部门明确采集部门）", "columns": [
                         {"key": "a_name", "label": "目录甲"}, {"key": "b_name", "label": "目录乙"},
                         {"key": "shared", "label": "共同信息项"}],
                         "rows": [x | {"a_name": f"{x['a']['name']}（{x['a']['provider']}）",
                                       "b_name": f"{x['b']['name']}（{x['b']['provider']}）"}
                                  for x in d["duplicates"]]}]
                       if d["duplicates"] else []),
                     {"title": "逾期未更新的目录（第十三条：15个工作日）", "columns": [
                         {"key": "name", "label": "资源名称", "link": "url"}, {"key": "provider", "label": "提供方"},
                         {"key": "change_on", "label": "变化日期"}, {"key": "update_due", "label": "应更新日期"},
                         {"key": "change_note", "label": "变化"}], "rows": d["overdue_updates"]}],
        "forms": catalog_forms(me(r))})(catalog_data)

    def resource_data(request: Request, resource_id: str) -> dict[str, Any]:
        return datacatalog.resource(eng(), me(request), _int(resource_id, "resource_id"))

    def resource_html(d: dict[str, Any], request: Request) -> dict[str, Any]:
        actor = me(request)
        facts = [("资源代码", d["code"]), ("目录类别", d["kind"]), ("资源分类", d["classification"]),
                 ("提供方", f"{d['provider']}（{d['provider_code']}）"), ("摘要", d["summary"]), ("格式", d["format"]),
                 ("共享类型", d["share_type_name"]), ("共享条件", d["share_condition"]), ("共享方式", d["share_way"]),
                 ("共享理由", d["share_reason"]), ("共享依据", d["share_basis"]), ("开放类型", d["open_type_name"]),
                 ("开放条件", d["open_condition"]), ("开放理由", d["open_reason"]), ("开放依据", d["open_basis"]),
                 ("更新周期", d["update_cycle"]), ("发布日期", d["published_on"]), ("状态", d["status_name"]),
                 ("关联资源", "、".join(d["related"])),
                 ("待更新", f"{d['change_on']} {d['change_note']}，应于 {d.get('update_due')} 前更新"
                  if d["change_on"] else "")]
        forms: list[dict[str, Any]] = []
        rid = d["id"]
        if actor.office and d["status"] != "published":
            forms.append({"action": f"/data/resource/{rid}/publish", "title": "审核发布", "submit": "发布",
                          "fields": []})
        if actor.office or (actor.role == "reporter" and actor.unit_id == d["provider_unit_id"]):
            forms.append({"action": f"/data/resource/{rid}/change", "title": "登记法律法规修订或职能变化（第十三条）",
                          "submit": "登记", "fields": [{"name": "on", "label": "变化日期", "type": "date"},
                                                       {"name": "note", "label": "变化内容"}]})
        if d["status"] == "published" and actor.id is not None:
            kinds = ([("share", "共享申请"), ("check", "校核（疑义、错误）")] if actor.role == "reporter"
                     else [("open", "开放申请"), ("objection", "异议")])
            forms.append({"action": "/data/requests", "title": "提出申请", "submit": "提交", "fields": [
                {"name": "resource_id", "label": "资源编号", "value": rid},
                {"name": "kind", "label": "种类", "options": kinds},
                {"name": "purpose", "label": "使用用途"}, {"name": "items", "label": "信息项（逗号分隔，空为全部）"},
                {"name": "applicant", "label": "申请人（公众）"}]})
        if actor.office:
            for x in d["duplicates"]:
                forms.append({"action": "/data/duplicates/collector", "title": f"明确采集部门：{x['shared']}",
                              "submit": "确定", "fields": [
                                  {"name": "a", "label": "目录甲", "value": x["a"]["id"]},
                                  {"name": "b", "label": "目录乙", "value": x["b"]["id"]},
                                  {"name": "collector", "label": "采集部门的目录", "options": [
                                      (x["a"]["id"], f"{x['a']['name']}（{x['a']['provider']}）"),
                                      (x["b"]["id"], f"{x['b']['name']}（{x['b']['provider']}）")]}]})
        return {"heading": d["name"], "facts": facts, "problems": d["publish_problems"] if d["status"] != "published"
                else [], "sections": [{"title": "信息项", "columns": [
                    {"key": "name", "label": "名称"}, {"key": "type", "label": "类型"},
                    {"key": "personal_name", "label": "个人信息"}, {"key": "secret_name", "label": "涉密"},
                    {"key": "mask", "label": "脱敏方式"}],
                    "rows": [i | {"personal_name": "是" if i["personal"] else "否",
                                  "secret_name": "是" if i["secret"] else "否"} for i in d["items"]]}],
                "forms": forms}

    view("/data/resource/{resource_id}", "一条数据目录：元数据、信息项、发布前须补齐之处、疑似重复",
         resource_html)(resource_data)

    @post("/data/resources", "新增或修改一条目录（按资源代码）；JSON 的 items 为信息项对象列表")
    async def save_resource(request: Request) -> Response:
        got = await fields(request)
        got["items"] = _items(got.get("items"))
        unit = got.get("provider_unit_id")
        rid = datacatalog.save(eng(), me(request), got, _int(unit, "provider_unit_id") if unit not in (None, "")
                               else None, version=_int(got["version"], "version") if got.get("version") else None)
        return done(request, {"id": rid, "url": f"/data/resource/{rid}"}, f"/data/resource/{rid}")

    @post("/data/resource/{resource_id}/publish", "主管部门审核发布一条目录（缺理由或依据的不能发布）")
    async def publish(request: Request, resource_id: str) -> Response:
        got = await fields(request)
        d = datacatalog.publish(eng(), me(request), _int(resource_id, "resource_id"), _date(got.get("on"), "on"))
        return done(request, d, d["url"])

    @post("/data/resource/{resource_id}/change", "登记法律法规修订或职能变化：15个工作日内须更新目录（第十三条）")
    async def change(request: Request, resource_id: str) -> Response:
        got = await fields(request)
        on = _date(got.get("on"), "on")
        if on is None:
            raise Invalid("请填写变化日期 / give the date of the change")
        d = datacatalog.mark_change(eng(), me(request), _int(resource_id, "resource_id"), on, str(got.get("note", "")))
        return done(request, d, d["url"])

    @post("/data/duplicates/collector", "主管部门为一对重复目录明确采集部门（一数一源，第十二条）")
    async def collector(request: Request) -> Response:
        got = await fields(request)
        a, b, c = (_int(got.get(k), k) for k in ("a", "b", "collector"))
        datacatalog.name_collector(eng(), me(request), a, b, c)
        return done(request, {"collector": c}, f"/data/resource/{c}")

    @app.get("/data/catalog.xlsx", summary="政务数据目录表（Excel）")
    def catalog_xlsx(request: Request) -> Response:
        from zhengce.sheets import XLSX
        from zhengce.web.app import _disposition

        return Response(datacatalog.to_xlsx(datacatalog.resources(eng(), me(request))), media_type=XLSX,
                        headers={"Content-Disposition": _disposition("政务数据目录.xlsx")})

    @app.get("/data/catalog.jsonld", summary="政务数据目录（DCAT，JSON-LD），供开放平台采集")
    def catalog_dcat(request: Request) -> Response:
        shown = [d for d in datacatalog.resources(eng(), me(request)) if d["status"] == "published"]
        return Response(json.dumps(datacatalog.to_dcat(shown), ensure_ascii=False), media_type="application/ld+json")

    # --- requests ----------------------------------------------------------------------------------

    def _rows(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r | {"overdue_name": "逾期" if r["overdue"] else ""} for r in found]

    def requests_data(request: Request) -> dict[str, Any]:
        p = request.query_params
        unit = p.get("unit")
        found = datarequests.requests(eng(), me(request), as_of(request),
                                      _int(unit, "unit") if unit else None, p.get("overdue") in {"1", "true"})
        return {"requests": found, "clocks": {k: {"days": c.days, "clause": c.clause, "name": c.name}
                                              for k, c in CLOCKS.items()}}

    view("/data/requests", "共享申请、开放申请、校核与异议，附法定时限（?overdue=1 只看逾期，?unit= 按部门）",
         lambda d, r: {
        "heading": "申请与时限", "intro": "到期日按工作日（含调休）计算，收到当日不计；逾期的计入第三十八条指标。",
        "sections": [{"title": "申请", "columns": REQ_COLUMNS, "rows": _rows(d["requests"])}],
        "facts": [(c["name"], f"{c['days']}个工作日 · {c['clause']}") for c in d["clocks"].values()]})(requests_data)

    @post("/data/requests", "提出申请：kind=share|open|check|objection，resource_id，purpose，items")
    async def file_request(request: Request) -> Response:
        got = await fields(request)
        d = datarequests.file(eng(), me(request), str(got.get("kind", "")), _int(got.get("resource_id"), "resource_id"),
                              str(got.get("purpose", "")), _names(got.get("items")), _date(got.get("on"), "on"),
                              str(got.get("applicant", "")))
        return done(request, d, d["url"])

    def request_data(request: Request, request_id: str) -> dict[str, Any]:
        return datarequests.request(eng(), me(request), _int(request_id, "request_id"), as_of(request))

    def request_html(d: dict[str, Any], request: Request) -> dict[str, Any]:
        actor = me(request)
        actions = {"share": ["grant", "refuse"], "open": ["grant", "refuse"], "check": ["answer", "extend"],
                   "objection": ["flag", "forward", "correct", "not_correct"]}[d["kind"]]
        names = {"grant": "同意", "refuse": "不予同意（须说明理由）", "answer": "已校核", "extend": "延长校核期限",
                 "flag": "作出异议标注", "forward": "转交政务部门", "correct": "更正",
                 "not_correct": "不予更正（须说明理由）"}
        may = actor.office or (actor.role == "reporter" and actor.unit_id == d["provider_unit_id"])
        forms = [] if d["status"] in datarequests.CLOSED or not may else [{
            "action": f"/data/request/{d['id']}/act", "title": "办理", "submit": "提交", "fields": [
                {"name": "version", "label": "版本", "value": d["version"]},
                {"name": "action", "label": "操作", "options": [(a, names[a]) for a in actions]},
                {"name": "reason", "label": "理由或说明"},
                *([{"name": "extension", "label": "延期读法", "options": list(EXTENSION_NAMES.items())}]
                  if d["kind"] == "check" else []),
                *([{"name": "valid_to", "label": "授权有效期至", "type": "date"},
                   {"name": "personal_allowed", "label": "可使用个人信息（不脱敏）",
                    "options": [("0", "否"), ("1", "是")]}] if d["kind"] in {"share", "open"} else [])]}]
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
                        {"key": "valid_to", "label": "有效期至"}, {"key": "state", "label": "状态"}],
                     "rows": [g | {"items_text": "、".join(g["items"])} for g in d["grants"]]}],
                "forms": forms}

    view("/data/request/{request_id}", "一项申请：时限（到期日、依据、是否逾期）、办理情况、授权",
         request_html)(request_data)

    @post("/data/request/{request_id}/act", "办理申请：grant、refuse（须理由）、answer、extend、flag、forward、"
          "correct、"
          "not_correct（须理由）")
    async def act(request: Request, request_id: str) -> Response:
        got = await fields(request)
        d = datarequests.act(
            eng(), me(request), _int(request_id, "request_id"), str(got.get("action", "")), str(got.get("reason", "")),
            _date(got.get("on"), "on"), _int(got["version"], "version") if got.get("version") else None,
            str(got.get("extension") or "additional"), str(got.get("personal_allowed", "")).lower() in {"1", "true"},
            _date(got.get("valid_to"), "valid_to"), _names(got.get("items")) or None)
        return done(request, d, d["url"])

    @post("/data/grant/{grant_id}/suspend", "提供部门暂停授权（第十九条），下次访问即拒绝")
    async def suspend(request: Request, grant_id: str) -> Response:
        got = await fields(request)
        d = datarequests.suspend(eng(), me(request), _int(grant_id, "grant_id"), str(got.get("reason", "")))
        return done(request, d, "/data/requests")

    @app.get("/api/data/grant/{grant_id}/records", summary="按授权读取数据：仅限被授权方，个人信息项脱敏")
    def records(request: Request, grant_id: str) -> dict[str, Any]:
        return datarequests.access(eng(), me(request), _int(grant_id, "grant_id"))

    # --- dashboard ---------------------------------------------------------------------------------

    def dashboard_data(request: Request) -> dict[str, Any]:
        unit = request.query_params.get("unit")
        return datarequests.dashboard(eng(), me(request), _int(unit, "unit") if unit else None, as_of(request))

    view("/data/dashboard", "部门看板：待办与逾期的申请、逾期未更新的目录、按部门计的第三十八条指标", lambda d, r: {
        "heading": f"政务数据看板{'：' + d['unit'] if d['unit'] else ''}",
        "intro": f"截至 {d['as_of']}：目录 {d['resources']} 条，已发布 {d['published']} 条。",
        "facts": [(u, f"{n} 项逾期") for u, n in d["overdue_per_unit"].items()],
        "sections": [{"title": "待办", "columns": REQ_COLUMNS, "rows": _rows(d["received_open"])},
                     {"title": "即将到期（2个工作日内，提醒）", "columns": REQ_COLUMNS, "rows": _rows(d["due_soon"])},
                     {"title": "逾期（督办）", "columns": REQ_COLUMNS, "rows": _rows(d["overdue"])},
                     {"title": "第三十八条指标（按部门）", "columns": [
                         {"key": "unit", "label": "部门"}, {"key": "indicator", "label": "情形"},
                         {"key": "count", "label": "次数"}],
                      "rows": [{"unit": u, "indicator": k, "count": n} for u, c in d["indicators"].items()
                               for k, n in c.items()]}]})(dashboard_data)
