"""Serve, part three: the calculators — a list, a form per calculator, and the result with its trace.

``POST /api/calc/{name}`` takes the calculator's input as a JSON object (options as query
parameters ``option.NAME=VALUE``) and returns what ``zhengce calc`` prints; the form at
``/calc/{name}`` is built from the same input model. Each step of a result links to the clause it
applies when that document is in the library.
"""

from __future__ import annotations

import json
import typing
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from zhengce import library
from zhengce.calc import CALCULATORS, CHOICES, CalcError, Calculator, Params, choice_name, label
from zhengce.calc.reading import count_hint, split_line
from zhengce.text.typed import DATE_FORMS
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
    # the items of ip-award's 各项
    "creation": "知识产权创造奖励", "pledge": "专利权质押贷款评估费补贴", "enterprise": "知识产权企业荣誉奖励",
    "protection": "知识产权维权援助", "transfer": "专利转化运用资助",
}
OPTION_LABELS = {
    "bands": "分段计算方式", "deductible_first": "是否先扣起付线", "start": "补贴期限起算日", "deductible": "起付标准",
    "pledge": "质押贷款评估费补贴", "projects": "每年资助项目上限", "titles": "荣誉奖励就高", "forecast": "预报序列",
    "below": "解除预警的标准",
}


def _kind(base: dict[str, Any]) -> str:
    if "enum" in base:
        return "select"
    if base.get("type") == "boolean":
        return "check"
    if base.get("type") in {"number", "integer"} or (base.get("type") == "string" and "decimal" in json.dumps(base)):
        return "number"
    if base.get("format") == "date":
        return "date"
    return "list" if base.get("type") == "array" else "text"


def _item_label(model: type[BaseModel] | None, name: str) -> str:
    """An item field's label with what it takes: 种类（县级行政事业性收费、经营服务性收费、…）, 国外案件（是/否）."""
    text = label(model, name)
    info = model.model_fields.get(name) if model is not None else None
    if info is not None and info.annotation is bool:
        return f"{text}（是/否）"
    if info is not None and info.annotation is datetime:
        return f"{text}（如 2024-12-01 08:00）"
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    if extra.get("choices") and "（" not in text:  # a field checked by its own list (防贫保险的受损种类)
        return f"{text}（{'、'.join(str(c) for c in extra['choices'])}）"  # type: ignore[union-attr]
    codes = typing.get_args(info.annotation) if info is not None and typing.get_origin(info.annotation) is Literal \
        else ()
    if name in CHOICES and codes and "（" not in text:  # the names of the codes this field takes, not a namesake's
        return f"{text}（{'、'.join(CHOICES[name].get(str(c), str(c)) for c in codes)}）"
    return text


def _hint(kind: str, description: str, integer: bool = False) -> str:
    """The placeholder of a box: the forms it accepts."""
    if kind == "date":
        return DATE_FORMS.removeprefix("如 ")
    if kind != "number":
        return ""
    if integer:
        return count_hint(description)
    return "如 10 或 10亩" if "亩" in description else ("如 110 或 110㎡" if "平方米" in description or "㎡" in
                                                     description else "如 1200、1,200 或 0.12万元")


def fields_of(calc: Calculator) -> list[dict[str, Any]]:
    """The form fields of a calculator's input model: name, label, kind (select, number, text, check,
    date, list, multi), the choices with their Chinese names and, for lists, the fields of each item."""
    schema = calc.model.model_json_schema()
    defs = schema.get("$defs", {})
    places = calc.places()
    out = []
    for name, prop in schema["properties"].items():
        options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
        base = options[0] if options else prop
        kind = _kind(base)
        item: list[str] = []
        choices = list(base.get("enum", []))
        if name in places:  # a place typed by hand missed the table's spelling: offer the table's
            kind, choices = "select", places[name]
        if kind == "list":
            ref = base.get("items", {}).get("$ref", "").rsplit("/", 1)[-1]
            item = list(defs.get(ref, {}).get("properties", {}))
            if not item and "enum" in base.get("items", {}):  # several of a few codes: checkboxes
                kind, choices = "multi", base["items"]["enum"]
        info = calc.model.model_fields[name]
        hint = _hint(kind, prop.get("description", ""), base.get("type") == "integer")
        if kind == "list" and not item:  # one value a line: the forms of its own unit (months, amounts)
            element = base.get("items", {})
            hint = "每行一个，" + _hint("number", prop.get("description", ""), element.get("type") == "integer")
        inner = next((a for a in (info.annotation, *typing.get_args(info.annotation), *[
            b for a in typing.get_args(info.annotation) for b in typing.get_args(a)])
            if isinstance(a, type) and issubclass(a, BaseModel)), None)
        out.append({"name": name, "label": label(calc.model, name, calc.name), "kind": kind,
                    "choices": choices, "choice_names": {c: choice_name(name, c) for c in choices},
                    "required": name in schema.get("required", []), "item": item,
                    "default": None if info.is_required() else info.get_default(call_default_factory=True),
                    "item_labels": [_item_label(inner, i) for i in item],
                    "hint": hint})
    return out


def readable_error(message: str) -> str:
    """A calculator's error for a person: the Chinese half of ``中文 / English``."""
    return message.split(" / ")[0]


def from_form(calc: Calculator, form: dict[str, str]) -> dict[str, Any]:
    """A form's strings as the calculator's input: empty fields left out, lists one item a line (the line
    parted by :func:`~zhengce.calc.reading.split_line`; a line with more values than the item has fields
    is refused, not cut)."""
    data: dict[str, Any] = {}
    for f in fields_of(calc):
        raw = form.get(f["name"], "")
        if f["kind"] == "check":
            data[f["name"]] = raw in {"1", "on", "true"}
        elif f["kind"] == "multi":
            data[f["name"]] = [c for c in f["choices"] if form.get(f"{f['name']}.{c}") in {"1", "on", "true"}]
        elif f["kind"] == "list":
            items: list[Any] = []
            for n, line in enumerate((x for x in raw.splitlines() if x.strip()), 1):
                values = split_line(line, len(f["item"]))
                if f["item"] and len(values) > len(f["item"]):
                    raise CalcError(f"“{f['label']}”第{n}行有 {len(values)} 项，每行应为：{'，'.join(f['item_labels'])}"
                                    f"（金额中的逗号请写作 1,200 或不写）/ line {n} of {f['name']} has too many values")
                items.extend([dict(zip(f["item"], values, strict=False))] if f["item"] else values)
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
    doc_number: str = Field(description="所依据文件的文号")
    period: str = Field(description="文件有效期")
    state: str = Field(description="今天文件的效力：现行有效、尚未生效、已失效")


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


class CalcValidity(Loose):
    state: str = Field(description="所问日期（未填则为今天）文件的效力：现行有效、尚未生效、已失效")
    text: str = Field(description="一句话说明，含有效期")
    period: str = Field(description="有效期，如 2024年7月22日至2025年7月21日")
    on: str = Field(description="所依日期")
    asked: bool = Field(description="日期是否由输入给出（否则为今天）")
    clause: dict[str, Any] | None = Field(None, description="规定有效期的条款")


class CalcSource(Loose):
    doc_number: str = Field(description="文号")
    title: str = Field(description="标题")
    url: str | None = Field(description="文件页面（文件库收录时）")
    validity: CalcValidity = Field(description="今天文件的效力")
    library_status: str | None = Field(description="文件库记载的效力")
    library_from: str | None = Field(None, description="文件库记载的施行日期（收录时）")
    library_to: str | None = Field(None, description="文件库记载的有效期截止日（收录时）")
    library_period: str | None = Field(None, description="文件库记载的有效期与计算器所载不同时，文件库的说法")


class CalculatorAbout(Loose):
    name: str = Field(description="计算器名称")
    title: str = Field(description="标题")
    summary: str = Field(description="说明")
    fields: list[FormField] = Field(description="输入字段")
    example: dict[str, Any] = Field(description="输入示例")
    options: list[CalcOption] = Field(description="可选读法")
    source: CalcSource = Field(description="所依据的文件及其效力（计算前即列出）")


class CalcStep(Loose):
    text: str = Field(description="计算步骤")
    amount: str | None = Field(description="本步金额")
    clause: dict[str, Any] | None = Field(None, description="所依据的条款（文号、条款、标题，收录时有 url）")


class CalcResult(Loose):
    calculator: str = Field(description="计算器名称")
    amount: str | None = Field(description="结果金额（元，十进制字符串）")
    amount_label: str | None = Field(None, description="结果金额是什么")
    headline_parts: list[str] | None = Field(None, description="与结果金额同样重要、在页首列出的部分")
    validity: CalcValidity | None = Field(None, description="所问日期文件是否有效")
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
    period = (result.get("validity") or {}).get("clause")
    if period:
        period["url"] = library.clause_url(engine(request), period["doc_number"], period["clause"])
    return result


def source_of(request: Request, calc: Calculator) -> Data:
    """The document a calculator applies, shown before anything is computed: its number and title, its page
    when the library holds it, its period and whether it is in force today (and the library's status)."""
    validity = calc.validity()
    url = library.clause_url(engine(request), validity["clause"]["doc_number"], "")
    status = library.status_of(engine(request), validity["clause"]["doc_number"]) if url else None
    held = (status or {}).get("status") or {}
    if held.get("status") == "unknown":  # 未标注 beside the calculator's own period would only confuse
        held = {}
    if url and validity["clause"]["clause"]:
        validity["clause"]["url"] = library.clause_url(engine(request), validity["clause"]["doc_number"],
                                                       validity["clause"]["clause"])
    start, end = library.stored_period(engine(request), validity["clause"]["doc_number"]) or (None, None)
    mine = (validity["from"], validity["to"])
    theirs = (start.isoformat() if start else None, end.isoformat() if end else None)
    differs = bool(url) and any(theirs) and theirs != mine  # the library's dates, said beside where they differ
    return {"doc_number": validity["clause"]["doc_number"], "title": validity["clause"]["title"], "url": url,
            "validity": validity, "library_status": held.get("status_name"), "library_since": held.get("since"),
            "library_from": theirs[0], "library_to": theirs[1],
            "library_period": Params("", "", {}, start, end).period_text() if differs else None}


def about(calc: Calculator, request: Request) -> Data:
    return {"name": calc.name, "title": calc.title, "summary": calc.summary, "fields": fields_of(calc),
            "example": calc.example, "source": source_of(request, calc),
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
        return page(request, "calc.html", form_context(about(calc, request), error=readable_error(str(exc)),
                                                       form=form), 400)
    return page(request, "error.html", {"status": 404, "message": str(exc)}, 404)


@twin(router, "/calc", template="calcs.html", model=CalculatorList, summary="政策计算器列表")
def calc_list(request: Request) -> Data:
    out = []
    for c in CALCULATORS.values():
        v = c.validity()
        out.append({"name": c.name, "title": c.title, "summary": c.summary, "url": f"/calc/{c.name}",
                    "doc_number": v["clause"]["doc_number"], "period": v["period"], "state": v["state"]})
    return {"calculators": out}


@twin(router, "/calc/{name}", template="calc.html", model=CalculatorAbout, context=lambda d, r: form_context(d),
      summary="计算器说明：输入字段、示例与可选读法")
def calc_about(request: Request, name: str) -> Data:
    return about(calculator(name), request)


@router.post("/calc/{name}", response_class=HTMLResponse, include_in_schema=False)
async def calc_submit(request: Request, name: str) -> HTMLResponse:
    calc = calculator(name)
    form = {k: clean(str(v)) for k, v in (await request.form()).items()}
    options = {o.name: form[f"option.{o.name}"] for o in calc.options if form.get(f"option.{o.name}")}
    result = linked(request, calc.run(from_form(calc, form), options))
    return page(request, "calc.html", form_context(about(calc, request), result=result, form=form))


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
