"""Serve: 政策找人 — "我能享受哪些政策", the eligibility rules, and batch results (issue 18).

* ``/eligibility`` — a form that asks only the questions that matter, one at a time (the one that
  settles the most rules first), and shows every rule's answer with its clauses. The facts travel in
  the form itself: nothing is kept on the server.
* ``/eligibility/rules`` and ``/eligibility/rules/{id}`` — the rules, their conditions and documents.
* ``POST /api/eligibility/match`` — a profile (JSON) → the answers, as ``zhengce match --json``.
* ``POST /api/eligibility/batch`` — a .xlsx/.csv of profiles → per rule who qualifies; for the
  supervision office, or a unit's reporter for the rules that unit grants; ``format=xlsx`` for the
  workbook. Profiles are personal data: they are not stored, and every batch run is in the audit log.

Every page has its JSON twin under ``/api``.
"""

from __future__ import annotations

import secrets
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import PUBLIC, Actor, audit
from zhengce.access.accounts import today as today_cn
from zhengce.eligibility import (
    PROFILE_KEYS,
    ProfileError,
    choice_name,
    load_rules,
    match,
    order_questions,
    read_profile,
)
from zhengce.eligibility.batch import read_batch, run_batch
from zhengce.library import documents as library

MAX_UPLOAD = 5 * 1024 * 1024


class EligibilityError(ValueError):
    """A bad profile, date or upload; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _on(value: str | None) -> date:
    if not value:
        return today_cn()
    try:
        return date.fromisoformat(value.strip())
    except ValueError as e:
        raise EligibilityError(f"日期应为 YYYY-MM-DD：{value} / the date must be YYYY-MM-DD") from e


def _rule_or_404(rule_id: str) -> dict[str, Any]:
    rule = next((r for r in load_rules() if r.id == rule_id), None)
    if rule is None:
        raise EligibilityError(f"没有规则 {rule_id} / no such rule", 404)
    return rule.to_dict()


def register(app: FastAPI) -> None:
    """Add the eligibility pages and API to the app (its store gives documents' status)."""
    from zhengce.web.app import _templates

    templates = _templates()
    templates.env.filters["choice"] = lambda value, key: choice_name(key, value)

    def eng() -> Engine:
        return app.state.engine  # type: ignore[no-any-return]

    def me(request: Request) -> Actor:
        return getattr(request.state, "actor", PUBLIC)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        actor = me(request)
        return templates.TemplateResponse(request, name, {"me": actor, "csrf": actor.csrf or ""} | context,
                                          status_code=status)

    def lookup() -> Any:
        cache: dict[tuple[str, date], Any] = {}

        def status(doc_number: str, day: date) -> dict[str, Any] | None:
            if (doc_number, day) not in cache:
                cache[(doc_number, day)] = library.status_of(eng(), doc_number, day)
            return cache[(doc_number, day)]

        return status

    def answer(raw: dict[str, Any], on: date) -> dict[str, Any]:
        try:
            profile, ignored = read_profile(raw)
        except ProfileError as e:
            raise EligibilityError(str(e)) from e
        answers = match(profile, on, status=lookup())
        questions = order_questions([a for a in answers if a["answer"] == "待确认"])
        for a in answers:
            for f in a["failed"]:
                f["url"] = library.clause_url(eng(), a["document"], f["clause"]) if f["clause"] else None
            a["url"] = library.clause_url(eng(), a["document"], a["clause"].split("、")[0])
        return {"as_of": on.isoformat(), "answers": answers, "questions": questions, "ignored": ignored}

    @app.exception_handler(EligibilityError)
    async def eligibility_error(request: Request, exc: EligibilityError) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        return page(request, "error.html", {"status": exc.status, "message": str(exc)}, exc.status)

    @app.get("/eligibility", response_class=HTMLResponse, include_in_schema=False)
    def form(request: Request) -> HTMLResponse:
        return page(request, "eligibility.html", {"facts": {}, "result": None, "next": None, "skipped": [],
                                                  "keys": PROFILE_KEYS, "on": "", "error": None})

    @app.post("/eligibility", response_class=HTMLResponse, include_in_schema=False)
    async def form_submit(request: Request) -> HTMLResponse:
        fields = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        skipped = [k for k in fields.get("skipped", "").split(",") if k in PROFILE_KEYS]
        if fields.get("skip") in PROFILE_KEYS and fields["skip"] not in skipped:
            skipped.append(fields["skip"])
        facts = {k: fields[k].strip() for k in PROFILE_KEYS if fields.get(k, "").strip() and k not in skipped}
        if fields.get("reset"):
            facts, skipped = {}, []
        try:
            result = answer(dict(facts), _on(fields.get("on")))
        except EligibilityError as e:
            return page(request, "eligibility.html", {"facts": facts, "result": None, "next": None,
                                                      "skipped": skipped, "keys": PROFILE_KEYS,
                                                      "on": fields.get("on", ""), "error": str(e)}, 400)
        upcoming = [q for q in result["questions"] if q["key"] not in skipped]
        return page(request, "eligibility.html", {"facts": facts, "result": result,
                                                  "next": upcoming[0] if upcoming else None, "skipped": skipped,
                                                  "keys": PROFILE_KEYS, "on": fields.get("on", ""), "error": None})

    @app.post("/api/eligibility/match", summary="政策找人：画像（JSON 对象）对照每条规则，on=日期",
              openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}},
                                             "required": True}})
    async def api_match(request: Request, on: str = "") -> dict[str, Any]:
        try:
            raw = await request.json()
        except ValueError as e:
            raise EligibilityError("请求体不是有效的 JSON / the body is not valid JSON") from e
        return answer(raw, _on(on))

    @app.get("/api/eligibility/questions", summary="画像的各项字段与对应的问题")
    def api_keys() -> dict[str, Any]:
        return {"keys": [{"key": k.name, "type": k.type, "question": k.question, "choices": list(k.choices)}
                         for k in PROFILE_KEYS.values()]}

    def rules_listing() -> dict[str, Any]:
        return {"rules": [r.to_dict() | {"url": f"/eligibility/rules/{r.id}"} for r in load_rules()]}

    @app.get("/eligibility/rules", response_class=HTMLResponse, include_in_schema=False)
    def rules_page(request: Request) -> HTMLResponse:
        return page(request, "eligibility_rules.html", rules_listing() | {"rule": None})

    @app.get("/api/eligibility/rules", summary="政策找人规则列表")
    def api_rules() -> dict[str, Any]:
        return rules_listing()

    def rule_view(rule_id: str) -> dict[str, Any]:
        rule = _rule_or_404(rule_id)
        found = library.status_of(eng(), rule["document"], today_cn())
        rule["document_url"] = library.clause_url(eng(), rule["document"], rule["clause"].split("、")[0])
        rule["status"] = found["status"] if found else None
        return rule

    @app.get("/eligibility/rules/{rule_id}", response_class=HTMLResponse, include_in_schema=False)
    def rule_page(request: Request, rule_id: str) -> HTMLResponse:
        return page(request, "eligibility_rules.html", {"rules": [], "rule": rule_view(rule_id)})

    @app.get("/api/eligibility/rules/{rule_id}", summary="规则：条件、期限、材料、计算器与来源文件")
    def api_rule(rule_id: str) -> dict[str, Any]:
        return rule_view(rule_id)

    @app.post("/api/eligibility/batch", summary="批量匹配（上传 .xlsx/.csv；督查室或发放单位；format=xlsx 下载）")
    async def api_batch(request: Request, on: str = "", format: str = "json") -> Response:
        actor = me(request)
        if actor.role not in {"office", "reporter"}:
            raise EligibilityError("画像属于个人信息：仅督查室和发放单位可批量匹配，请登录 / sign in (office or unit)",
                                   401 if actor.role == "public" else 403)
        form = await request.form(max_part_size=MAX_UPLOAD)
        if getattr(request.state, "via", "") == "cookie":
            sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
            if not actor.csrf or not secrets.compare_digest(sent, actor.csrf):
                raise EligibilityError("CSRF 校验失败，请刷新页面后重试 / CSRF check failed", 403)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise EligibilityError("请上传画像表（字段 file，.xlsx 或 .csv）/ upload the profiles as `file`")
        suffix = Path(upload.filename or "").suffix.lower()
        if suffix not in {".xlsx", ".csv"}:
            raise EligibilityError("只支持 .xlsx 或 .csv / only .xlsx and .csv")
        with tempfile.TemporaryDirectory() as folder:  # read, then gone: profiles are not kept
            path = Path(folder) / f"profiles{suffix}"
            path.write_bytes(await upload.read())
            try:
                loaded = read_batch(path)
            except ProfileError as e:
                raise EligibilityError(str(e)) from e
        when = _on(on)
        rules = load_rules()
        if actor.role == "reporter":  # a unit sees the rules it grants
            rules = tuple(r for r in rules if actor.unit_name and any(
                actor.unit_name in u or u in actor.unit_name for u in r.units))
        result = run_batch(loaded.profiles, when, rules, lookup()) | {"bad_rows": loaded.bad_rows,
                                                                      "ignored_columns": loaded.ignored_columns}
        with Session(eng()) as session:
            audit(session, actor, "match.batch", "profiles", None, None,
                  {"file": upload.filename, "as_of": result["as_of"], "profiles": result["profiles"],
                   "bad_rows": len(loaded.bad_rows), "rules": len(rules)})
            session.commit()
        if format == "xlsx":
            from zhengce.cli.match import _workbook
            from zhengce.sheets import XLSX

            return Response(_workbook(result), media_type=XLSX,
                            headers={"content-disposition": "attachment; filename=eligibility.xlsx"})
        return JSONResponse(result)


__all__ = ["register"]
