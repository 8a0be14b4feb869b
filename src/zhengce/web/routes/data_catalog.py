"""Serve, government data: the catalog (政务数据目录) — the list (the public sees the published entries, a
department all of its own), one entry with its data items, what it lacks before publication and its
likely duplicates; saving, publishing, registering a change of law or function (clause 13), naming the
collecting department of duplicates (一数一源, clause 12); the catalog as Excel and as DCAT (JSON-LD).

Public names: router, Catalog, Resource, catalog_page, resource_page.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from zhengce.access.accounts import Actor
from zhengce.access.errors import Invalid
from zhengce.datagov import catalog as datacatalog
from zhengce.datagov.rules import MASK_NAMES
from zhengce.web.forms import Done, Linked, form, is_api
from zhengce.web.routes.data_forms import (
    RES_COLUMNS,
    ChangeIn,
    CollectorIn,
    OnIn,
    ResourceIn,
    as_date,
    as_of,
    fields,
    items,
    number,
    refill,
)
from zhengce.web.twins import Loose, actor, engine, page, twin, xlsx_response

router = APIRouter()


class Catalog(Loose):
    resources: list[dict[str, Any]] = Field(description="目录：资源代码、名称、类别、提供方、共享与开放类型、状态")
    duplicates: list[dict[str, Any]] = Field(description="疑似重复的目录（主管部门、领导可见）")
    overdue_updates: list[dict[str, Any]] = Field(description="逾期未更新的目录（第十三条）")


class Resource(Loose):
    id: int = Field(description="目录编号")
    code: str = Field(description="资源代码")
    name: str = Field(description="资源名称")
    status: str = Field(description="状态：draft（待审核）、published（已发布）")
    version: int = Field(description="版本号（修改时提交）")
    url: str = Field(description="页面地址")
    items: list[dict[str, Any]] = Field(description="信息项：名称、类型、个人信息、涉密、脱敏方式")


class Collector(Loose):
    collector: int = Field(description="采集部门的目录编号")


CATALOG_FIELDS = [
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
     "type": "textarea"}]


def catalog_forms(me: Actor) -> list[dict[str, Any]]:
    if not (me.office or me.role == "reporter"):
        return []
    return [{"action": "/data/resources", "title": "新增或修改目录（按资源代码）", "submit": "保存（待审核）",
             "fields": CATALOG_FIELDS}]


def catalog_page(d: dict[str, Any], request: Request) -> dict[str, Any]:
    """The catalog's data as the arguments of data.html."""
    duplicates = [{"title": "疑似重复（一数一源，待主管部门明确采集部门）", "columns": [
        {"key": "a_name", "label": "目录甲"}, {"key": "b_name", "label": "目录乙"},
        {"key": "shared", "label": "共同信息项"}],
        "rows": [x | {"a_name": f"{x['a']['name']}（{x['a']['provider']}）",
                      "b_name": f"{x['b']['name']}（{x['b']['provider']}）"} for x in d["duplicates"]]}]
    return {"heading": "政务数据目录",
            "intro": "基础、主题、部门数据目录；有条件、不予共享（开放）的须写明理由和依据方可发布"
                     "（第十七条、第二十三条）。",
            "sections": [{"title": "目录", "columns": RES_COLUMNS, "rows": d["resources"]},
                         *(duplicates if d["duplicates"] else []),
                         {"title": "逾期未更新的目录（第十三条：15个工作日）", "columns": [
                             {"key": "name", "label": "资源名称", "link": "url"},
                             {"key": "provider", "label": "提供方"}, {"key": "change_on", "label": "变化日期"},
                             {"key": "update_due", "label": "应更新日期"}, {"key": "change_note", "label": "变化"}],
                          "rows": d["overdue_updates"]}],
            "forms": catalog_forms(actor(request))}


@twin(router, "/data", template="data.html", model=Catalog, context=catalog_page,
      summary="政务数据目录（公众可见已发布的目录；部门可见本部门的全部目录）")
def catalog(request: Request) -> dict[str, Any]:
    me, store = actor(request), engine(request)
    found = datacatalog.resources(store, me)
    dups = datacatalog.duplicates(store) if me.role in {"office", "leader"} else []
    late = [r for r in datacatalog.overdue_updates(store, as_of(request)) if datacatalog.visible(me, r)]
    return {"resources": found, "duplicates": dups, "overdue_updates": late}


def resource_forms(d: dict[str, Any], me: Actor) -> list[dict[str, Any]]:
    """What the user may do with the entry: publish, register a change, apply, name a collector."""
    forms: list[dict[str, Any]] = []
    rid = d["id"]
    if me.office and d["status"] != "published":
        forms.append({"action": f"/data/resource/{rid}/publish", "title": "审核发布", "submit": "发布", "fields": []})
    if me.office or (me.role == "reporter" and me.unit_id == d["provider_unit_id"]):
        forms.append({"action": f"/data/resource/{rid}/change", "title": "登记法律法规修订或职能变化（第十三条）",
                      "submit": "登记", "fields": [{"name": "on", "label": "变化日期", "type": "date"},
                                                   {"name": "note", "label": "变化内容"}]})
    if d["status"] == "published" and me.id is not None:
        kinds = ([("share", "共享申请"), ("check", "校核（疑义、错误）")] if me.role == "reporter"
                 else [("open", "开放申请"), ("objection", "异议")])
        forms.append({"action": "/data/requests", "title": "提出申请", "submit": "提交", "fields": [
            {"name": "resource_id", "label": "资源编号", "value": rid},
            {"name": "kind", "label": "种类", "options": kinds},
            {"name": "purpose", "label": "使用用途"}, {"name": "items", "label": "信息项（逗号分隔，空为全部）"},
            {"name": "applicant", "label": "申请人（公众）"}]})
    if me.office:
        for x in d["duplicates"]:
            forms.append({"action": "/data/duplicates/collector", "title": f"明确采集部门：{x['shared']}",
                          "submit": "确定", "fields": [
                              {"name": "a", "label": "目录甲", "value": x["a"]["id"]},
                              {"name": "b", "label": "目录乙", "value": x["b"]["id"]},
                              {"name": "collector", "label": "采集部门的目录", "options": [
                                  (x["a"]["id"], f"{x['a']['name']}（{x['a']['provider']}）"),
                                  (x["b"]["id"], f"{x['b']['name']}（{x['b']['provider']}）")]}]})
    return forms


def resource_page(d: dict[str, Any], request: Request) -> dict[str, Any]:
    """One entry's data as the arguments of data.html."""
    facts = [("资源代码", d["code"]), ("目录类别", d["kind"]), ("资源分类", d["classification"]),
             ("提供方", f"{d['provider']}（{d['provider_code']}）"), ("摘要", d["summary"]), ("格式", d["format"]),
             ("共享类型", d["share_type_name"]), ("共享条件", d["share_condition"]), ("共享方式", d["share_way"]),
             ("共享理由", d["share_reason"]), ("共享依据", d["share_basis"]), ("开放类型", d["open_type_name"]),
             ("开放条件", d["open_condition"]), ("开放理由", d["open_reason"]), ("开放依据", d["open_basis"]),
             ("更新周期", d["update_cycle"]), ("发布日期", d["published_on"]), ("状态", d["status_name"]),
             ("关联资源", "、".join(d["related"])),
             ("待更新", f"{d['change_on']} {d['change_note']}，应于 {d.get('update_due')} 前更新"
              if d["change_on"] else "")]
    return {"heading": d["name"], "facts": facts,
            "problems": d["publish_problems"] if d["status"] != "published" else [],
            "sections": [{"title": "信息项", "columns": [
                {"key": "name", "label": "名称"}, {"key": "type", "label": "类型"},
                {"key": "personal_name", "label": "个人信息"}, {"key": "secret_name", "label": "涉密"},
                {"key": "mask_name", "label": "脱敏方式"}],
                "rows": [i | {"personal_name": "是" if i["personal"] else "否",
                              "mask_name": MASK_NAMES.get(i["mask"] or "", i["mask"]),
                              "secret_name": "是" if i["secret"] else "否"} for i in d["items"]]}],
            "forms": resource_forms(d, actor(request))}


@twin(router, "/data/resource/{resource_id}", template="data.html", model=Resource, context=resource_page,
      summary="一条数据目录：元数据、信息项、发布前须补齐之处、疑似重复")
def resource(request: Request, resource_id: str) -> dict[str, Any]:
    return datacatalog.resource(engine(request), actor(request), number(resource_id, "resource_id"))


@form(router, "/data/resources", model=Linked, body=ResourceIn,
      summary="新增或修改一条目录（按资源代码）；JSON 的 items 为信息项对象列表")
async def save_resource(request: Request) -> Any:
    got = await fields(request)
    typed = dict(got)  # the items as typed, to show again if refused
    unit = got.get("provider_unit_id")
    try:
        got["items"] = items(got.get("items"))
        rid = datacatalog.save(engine(request), actor(request), got,
                               number(unit, "provider_unit_id") if unit not in (None, "") else None,
                               version=number(got["version"], "version") if got.get("version") else None)
    except Invalid as e:
        if is_api(request):
            raise
        shown = catalog_page(catalog(request), request)
        return page(request, "data.html", refill(shown, "/data/resources", typed, e), 400)
    return Done({"id": rid, "url": f"/data/resource/{rid}"}, f"/data/resource/{rid}")


@form(router, "/data/resource/{resource_id}/publish", model=Resource, body=OnIn,
      summary="主管部门审核发布一条目录（缺理由或依据的不能发布）")
async def publish(request: Request, resource_id: str) -> Done:
    got = await fields(request)
    d = datacatalog.publish(engine(request), actor(request), number(resource_id, "resource_id"),
                            as_date(got.get("on"), "on"))
    return Done(d, d["url"])


@form(router, "/data/resource/{resource_id}/change", model=Resource, body=ChangeIn,
      summary="登记法律法规修订或职能变化：15个工作日内须更新目录（第十三条）")
async def change(request: Request, resource_id: str) -> Done:
    got = await fields(request)
    on = as_date(got.get("on"), "on")
    if on is None:
        raise Invalid("请填写变化日期 / give the date of the change")
    d = datacatalog.mark_change(engine(request), actor(request), number(resource_id, "resource_id"), on,
                                str(got.get("note", "")))
    return Done(d, d["url"])


@form(router, "/data/duplicates/collector", model=Collector, body=CollectorIn,
      summary="主管部门为一对重复目录明确采集部门（一数一源，第十二条）")
async def collector(request: Request) -> Done:
    got = await fields(request)
    a, b, c = (number(got.get(k), k) for k in ("a", "b", "collector"))
    datacatalog.name_collector(engine(request), actor(request), a, b, c)
    return Done({"collector": c}, f"/data/resource/{c}")


@router.get("/data/catalog.xlsx", summary="政务数据目录表（Excel）", response_class=Response)
def catalog_xlsx(request: Request) -> Response:
    content = datacatalog.to_xlsx(datacatalog.resources(engine(request), actor(request)))
    return xlsx_response("政务数据目录.xlsx", content)


@router.get("/data/catalog.jsonld", summary="政务数据目录（DCAT，JSON-LD），供开放平台采集", response_class=Response)
def catalog_dcat(request: Request) -> Response:
    shown = [d for d in datacatalog.resources(engine(request), actor(request)) if d["status"] == "published"]
    return Response(json.dumps(datacatalog.to_dcat(shown), ensure_ascii=False), media_type="application/ld+json")
