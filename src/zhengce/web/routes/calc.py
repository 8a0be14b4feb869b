"""Serve, part three: the calculators — a list, a form per calculator, and the result with its trace.

``POST /api/calc/{name}`` takes the calculator's input as a JSON object (options as query
parameters ``option.NAME=VALUE``) and returns what ``zhengce calc`` prints; the form at
``/calc/{name}`` is built from the same input model. Each step of a result links to the clause it
applies when that document is in the library.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import Field

from zhengce import library
from zhengce.calc import CALCULATORS, CalcError, Calculator
from zhengce.web.guard import clean, read_json
from zhengce.web.twins import Data, Loose, engine, page, twin

router = APIRouter()

PART_NAMES = {
    "land_compensation": "土地补偿费", "resettlement": "安置补助费", "price_per_mu": "区片综合地价（元/亩）",
    "factor": "适用系数", "deductibles": "全年已计起付标准", "remaining_cap": "剩余年度限额",
    "account_monthly": "个人账户月计入额", "insurers": "承保机构分摊", "persons": "参保人数", "loss_ratio": "赔付率",
    "carry_over": "弥补下年度保费", "fund_loan_ceiling": "公积金最高贷款额度",
    "rent_withdrawal_monthly": "每月可提取房租",
    "deed_tax_subsidy": "契税补贴", "best_of_others": "第二至四项中的较高者", "best_of_others_item": "较高者",
    "others": "第二至四项", "parts": "各项", "land_return": "土地出让收入返还", "asset_reward": "资产盘活奖励",
    "awards": "创建奖励", "original_unit_reward": "原资产管理单位奖励", "fees_payable": "应缴费用",
    "fees_waived": "减免费用",
}


# what a person reads for the codes of the input models (the codes stay the API's values)
CHOICE_NAMES = {
    "medical": "因病", "education": "因学", "disaster": "因灾", "accident": "因意外", "industry": "因产业失败",
    "other": "其他原因", "premium": "保费与赔付率（年度结算）", "residential": "住宅", "non_residential": "非住宅",
    "general": "一般缴存职工家庭", "model_worker": "先进模范人物", "talent": "高层次人才（持潇湘英才卡）",
    "I": "Ⅰ类区片", "II": "Ⅱ类区片", "employee": "在职职工", "retiree": "退休人员", "enterprise": "企业",
    "university": "高校、科研院所", "national_demonstration": "国家知识产权示范企业",
    "national_advantage": "国家知识产权优势企业", "gbt29490": "通过 GB/T 29490 认证",
}
# labels of fields whose description lists codes, and of the fields of list items
FIELD_LABELS = {
    "cause": "申请原因", "school_type": "因学：学校类型", "property_type": "房屋类型", "fund_family": "公积金贷款家庭",
    "zone": "区片", "land_type": "地类", "person": "参保身份", "applicant": "申请人", "titles": "企业荣誉",
}
ITEM_LABELS = {
    "kind": "种类", "quantity": "数量", "level": "医院级别（一级、二级、三级）",
    "eligible_cost": "政策范围内费用（元）", "region": "国家或地区（欧洲、美国、日本、其他）", "cost": "维权费用（元）",
    "foreign": "国外案件（是/否）", "insurance_paid": "保险已赔付（是/否）", "received": "实际到账金额（元）",
    "related_party": "与下属企业之间（是/否）",
    "time": "时间（如 2024-12-01 08:00）", "aqi": "AQI", "pm10": "PM10", "pm25": "PM2.5", "o3_8h": "O3 8小时",
    "owner": "资产权属", "income": "收入（元）", "taxes": "税费（元）", "amount": "金额（元）",
}
ITEM_VALUES = {"欧洲": "europe", "美国": "usa", "日本": "japan", "其他": "other", "是": "true", "否": "false"}
OPTION_LABELS = {
    "bands": "分段计算方式", "deductible_first": "是否先扣起付线", "start": "补贴期限起算日", "deductible": "起付标准",
    "pledge": "质押贷款评估费补贴", "projects": "每年资助项目上限", "titles": "荣誉奖励就高", "forecast": "预报序列",
    "below": "解除预警的标准",
}


def choice_name(code: Any) -> str:
    return CHOICE_NAMES.get(str(code), str(code))


def fields_of(calc: Calculator) -> list[dict[str, Any]]:
    """The form fields of a calculator's input model: name, label, kind (select, number, text, check,
    date, list) and, for lists, the fields of each item."""
    schema = calc.model.model_json_schema()
    defs = schema.get("$defs", {})
    out = []
    for name, prop in schema["properties"].items():
        options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
        base = options[0] if options else prop
        kind = "text"
        if "enum" in base:
            kind = "select"
        elif base.get("type") == "boolean":
            kind = "check"
        elif base.get("type") in {"number", "integer"} or (base.get("type") == "string" and "decimal" in
                                                          json.dumps(base)):
            kind = "number"
        elif base.get("format") == "date":
            kind = "date"
        elif base.get("type") == "array":
            kind = "list"
        item: list[str] = []
        choices = base.get("enum", [])
        if kind == "list":
            ref = base.get("items", {}).get("$ref", "").rsplit("/", 1)[-1]
            item = list(defs.get(ref, {}).get("properties", {}))
            if not item and "enum" in base.get("items", {}):  # several of a few codes: checkboxes
                kind, choices = "multi", base["items"]["enum"]
        out.append({"name": name, "label": FIELD_LABELS.get(name, prop.get("description", name)), "kind": kind,
                    "choices": choices, "choice_names": {c: choice_name(c) for c in choices},
                    "required": name in schema.get("required", []), "default": prop.get("default"), "item": item,
                    "item_labels": [ITEM_LABELS.get(i, i) for i in item]})
    return out


def readable_error(calc: Calculator, message: str) -> str:
    """A calculator's error for a person: each field named by its label, the Chinese half only."""
    labels = {f["name"]: f["label"] for f in fields_of(calc)} | ITEM_LABELS
    parts = []
    for part in message.split("；"):
        head = part.split(" / ")[0]
        head = re.sub(r"字段 ([\w.]+)", lambda m: "“" + "”第".join(
            labels.get(p, f"{int(p) + 1}项" if p.isdigit() else p) for p in m.group(1).split(".")) + "”", head)
        parts.append(head)
    return "；".join(parts)


def from_form(calc: Calculator, form: dict[str, str]) -> dict[str, Any]:
    """A form's strings as the calculator's input: empty fields left out, lists one item a line."""
    data: dict[str, Any] = {}
    for f in fields_of(calc):
        raw = form.get(f["name"], "")
        if f["kind"] == "check":
            data[f["name"]] = raw in {"1", "on", "true"}
        elif f["kind"] == "multi":
            data[f["name"]] = [c for c in f["choices"] if form.get(f"{f['name']}.{c}") in {"1", "on", "true"}]
        elif f["kind"] == "list":
            items: list[Any] = []
            for line in raw.splitlines():
                if line.strip():
                    values = [ITEM_VALUES.get(v.strip(), v.strip()) for v in re.split(r"[,，、]", line)]
                    items.append(dict(zip(f["item"], values, strict=False)) if f["item"] else values[0])
            data[f["name"]] = items
        elif raw.strip():
            data[f["name"]] = raw.strip()
    return data


# --- response models -------------------------------------------------------------------------------


class CalculatorItem(Loose):
    name: str = Field(description="计算器名称（地址中的 NAME）")
    title: str = Field(description="标题")
    summary: str = Field(description="说明")
    url: str = Field(description="表单地址")


class CalculatorList(Loose):
    calculators: list[CalculatorItem] = Field(description="全部计算器")


class FormField(Loose):
    name: str = Field(description="字段名")
    label: str = Field(description="标签")
    kind: str = Field(description="select、number、text、check、date、list、multi")
    choices: list[Any] = Field(description="可选值")
    required: bool = Field(description="是否必填")
    default: Any = Field(description="默认值")
    item: list[str] = Field(description="列表字段：每项的字段")


class CalcOption(Loose):
    name: str = Field(description="读法名称（查询参数 option.NAME）")
    label: str = Field(description="标签")
    choices: dict[str, str] = Field(description="可选读法及说明")
    default: str | None = Field(description="默认读法")
    why: str = Field(description="为何有多种读法")


class CalculatorAbout(Loose):
    name: str = Field(description="计算器名称")
    title: str = Field(description="标题")
    summary: str = Field(description="说明")
    fields: list[FormField] = Field(description="输入字段")
    example: dict[str, Any] = Field(description="输入示例")
    options: list[CalcOption] = Field(description="可选读法")


class CalcStep(Loose):
    text: str = Field(description="计算步骤")
    amount: str | None = Field(description="本步金额")
    clause: dict[str, Any] | None = Field(None, description="所依据的条款（文号、条款、标题，收录时有 url）")


class CalcResult(Loose):
    calculator: str = Field(description="计算器名称")
    amount: str | None = Field(description="结果金额（元，十进制字符串）")
    steps: list[CalcStep] = Field(description="计算过程，每步附依据条款")
    options: dict[str, Any] = Field(description="所用读法")
    source: dict[str, Any] = Field(description="来源文件")


# --- pages and API ---------------------------------------------------------------------------------


def calculator(name: str) -> Calculator:
    calc = CALCULATORS.get(name)
    if calc is None:
        raise CalcError(f"没有计算器 {name}（可用：{'、'.join(CALCULATORS)}）/ no such calculator")
    return calc


def linked(request: Request, result: Data) -> Data:
    """A result whose steps link to the clauses they apply, where the library holds the document."""
    cache: dict[tuple[str, str], str | None] = {}
    for step in result["steps"]:
        clause = step.get("clause")
        if clause:
            key = (clause["doc_number"], clause["clause"])
            if key not in cache:
                cache[key] = library.clause_url(engine(request), *key)
            clause["url"] = cache[key]
    return result


def about(calc: Calculator) -> Data:
    return {"name": calc.name, "title": calc.title, "summary": calc.summary, "fields": fields_of(calc),
            "example": calc.example,
            "options": [{"name": o.name, "label": OPTION_LABELS.get(o.name, o.name), "choices": o.choices,
                         "default": o.default, "why": o.why} for o in calc.options]}


def form_context(calc_data: Data, result: Data | None = None, error: str | None = None,
                 form: dict[str, Any] | None = None) -> Data:
    """What the calculator's page shows: the form, and the result or the error."""
    return calc_data | {"result": result, "error": error, "form": form or {}, "part_names": PART_NAMES,
                        "option_labels": OPTION_LABELS}


async def calc_error(request: Request, exc: CalcError) -> Response:
    """A calculator's error: ``{"error": …}`` under ``/api``, else the form again with the error in Chinese."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": str(exc)}, status_code=400 if "没有计算器" not in str(exc) else 404)
    name = request.path_params.get("name", "")
    if name in CALCULATORS:
        form = dict(await request.form()) if request.method == "POST" else {}
        calc = CALCULATORS[name]
        return page(request, "calc.html", form_context(about(calc), error=readable_error(calc, str(exc)), form=form),
                    400)
    return page(request, "error.html", {"status": 404, "message": str(exc)}, 404)


@twin(router, "/calc", template="calcs.html", model=CalculatorList, summary="政策计算器列表")
def calc_list(request: Request) -> Data:
    return {"calculators": [{"name": c.name, "title": c.title, "summary": c.summary, "url": f"/calc/{c.name}"}
                            for c in CALCULATORS.values()]}


@twin(router, "/calc/{name}", template="calc.html", model=CalculatorAbout, context=lambda d, r: form_context(d),
      summary="计算器说明：输入字段、示例与可选读法")
def calc_about(request: Request, name: str) -> Data:
    return about(calculator(name))


@router.post("/calc/{name}", response_class=HTMLResponse, include_in_schema=False)
async def calc_submit(request: Request, name: str) -> HTMLResponse:
    calc = calculator(name)
    form = {k: clean(str(v)) for k, v in (await request.form()).items()}
    options = {o.name: form[f"option.{o.name}"] for o in calc.options if form.get(f"option.{o.name}")}
    result = linked(request, calc.run(from_form(calc, form), options))
    return page(request, "calc.html", form_context(about(calc), result=result, form=form))


@router.post("/api/calc/{name}", summary="计算：请求体为输入 JSON，可选读法用查询参数 option.名称=取值",
             response_model=CalcResult, response_model_exclude_unset=True,
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}},
                                            "required": True}})
async def calc_run(request: Request, name: str) -> Data:
    calc = calculator(name)
    try:
        raw = await read_json(request)
    except ValueError as e:
        raise CalcError(str(e)) from e
    options = {k[7:]: v for k, v in request.query_params.items() if k.startswith("option.")}
    return linked(request, calc.run(raw, options))
