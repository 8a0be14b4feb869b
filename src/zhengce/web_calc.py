"""Serve, part three: the calculators — a list, a form per calculator, and the result with its trace.

``POST /api/calc/{name}`` takes the calculator's input as a JSON object (options as query
parameters ``option.NAME=VALUE``) and returns what ``zhengce calc`` prints; the form at
``/calc/{name}`` is built from the same input model. Each step of a result links to the clause it
applies when that document is in the library.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.engine import Engine

from . import library
from .calc import CALCULATORS, CalcError, Calculator
from .web_guard import clean, read_json

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
        if kind == "list":
            ref = base.get("items", {}).get("$ref", "").rsplit("/", 1)[-1]
            item = list(defs.get(ref, {}).get("properties", {}))
        out.append({"name": name, "label": prop.get("description", name), "kind": kind,
                    "choices": base.get("enum", []), "required": name in schema.get("required", []),
                    "default": prop.get("default"), "item": item})
    return out


def from_form(calc: Calculator, form: dict[str, str]) -> dict[str, Any]:
    """A form's strings as the calculator's input: empty fields left out, lists one item a line."""
    data: dict[str, Any] = {}
    for f in fields_of(calc):
        raw = form.get(f["name"], "")
        if f["kind"] == "check":
            data[f["name"]] = raw in {"1", "on", "true"}
        elif f["kind"] == "list":
            items = []
            for line in raw.splitlines():
                if line.strip():
                    values = [v.strip() for v in line.replace("，", ",").split(",")]
                    items.append(dict(zip(f["item"], values, strict=False)))
            data[f["name"]] = items
        elif raw.strip():
            data[f["name"]] = raw.strip()
    return data


def register(app: FastAPI, eng: Callable[[], Engine], page: Callable[..., HTMLResponse]) -> None:
    def listing() -> dict[str, Any]:
        return {"calculators": [{"name": c.name, "title": c.title, "summary": c.summary, "url": f"/calc/{c.name}"}
                                for c in CALCULATORS.values()]}

    def calculator(name: str) -> Calculator:
        calc = CALCULATORS.get(name)
        if calc is None:
            raise CalcError(f"没有计算器 {name}（可用：{'、'.join(CALCULATORS)}）/ no such calculator")
        return calc

    def linked(result: dict[str, Any]) -> dict[str, Any]:
        cache: dict[tuple[str, str], str | None] = {}
        for step in result["steps"]:
            clause = step.get("clause")
            if clause:
                key = (clause["doc_number"], clause["clause"])
                if key not in cache:
                    cache[key] = library.clause_url(eng(), *key)
                clause["url"] = cache[key]
        return result

    def about(calc: Calculator) -> dict[str, Any]:
        return {"name": calc.name, "title": calc.title, "summary": calc.summary, "fields": fields_of(calc),
                "example": calc.example,
                "options": [{"name": o.name, "choices": o.choices, "default": o.default, "why": o.why}
                            for o in calc.options]}

    @app.exception_handler(CalcError)
    async def calc_error(request: Request, exc: CalcError) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": str(exc)}, status_code=400 if "没有计算器" not in str(exc) else 404)
        name = request.path_params.get("name", "")
        if name in CALCULATORS:
            form = dict(await request.form()) if request.method == "POST" else {}
            return page(request, "calc.html", about(CALCULATORS[name]) | {"result": None, "error": str(exc),
                                                                          "form": form, "part_names": PART_NAMES}, 400)
        return page(request, "error.html", {"status": 404, "message": str(exc)}, 404)

    @app.get("/calc", response_class=HTMLResponse, include_in_schema=False)
    def calc_list(request: Request) -> HTMLResponse:
        return page(request, "calcs.html", listing())

    @app.get("/api/calc", summary="政策计算器列表")
    def api_calc_list() -> dict[str, Any]:
        return listing()

    @app.get("/calc/{name}", response_class=HTMLResponse, include_in_schema=False)
    def calc_form(request: Request, name: str) -> HTMLResponse:
        calc = calculator(name)
        return page(request, "calc.html", about(calc) | {"result": None, "error": None, "form": {},
                                                          "part_names": PART_NAMES})

    @app.get("/api/calc/{name}", summary="计算器说明：输入字段、示例与可选读法")
    def api_calc_about(name: str) -> dict[str, Any]:
        return about(calculator(name))

    @app.post("/calc/{name}", response_class=HTMLResponse, include_in_schema=False)
    async def calc_submit(request: Request, name: str) -> HTMLResponse:
        calc = calculator(name)
        form = {k: clean(str(v)) for k, v in (await request.form()).items()}
        options = {o.name: form[f"option.{o.name}"] for o in calc.options if form.get(f"option.{o.name}")}
        result = linked(calc.run(from_form(calc, form), options))
        return page(request, "calc.html", about(calc) | {"result": result, "error": None, "form": form,
                                                          "part_names": PART_NAMES})

    @app.post("/api/calc/{name}", summary="计算：请求体为输入 JSON，可选读法用查询参数 option.名称=取值",
              openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}},
                                             "required": True}})
    async def api_calc(request: Request, name: str) -> dict[str, Any]:
        calc = calculator(name)
        try:
            raw = await read_json(request)
        except ValueError as e:
            raise CalcError(str(e)) from e
        options = {k[7:]: v for k, v in request.query_params.items() if k.startswith("option.")}
        return linked(calc.run(raw, options))
