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
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from zhengce import library
from zhengce.access.accounts import audit
from zhengce.access.accounts import today as today_cn
from zhengce.eligibility import (
    PROFILE_KEYS,
    ProfileError,
    coverage,
    kept,
    load_rules,
    match,
    order_questions,
    read_profile,
    reviews,
)
from zhengce.eligibility.batch import payment_workbook, read_batch, result_workbook, run_batch
from zhengce.eligibility.profile import LIST_VALUES, read_day
from zhengce.eligibility.rules import Rule as RuleData
from zhengce.web.models import Status
from zhengce.web.routes.eligibility_summary import closing, summary
from zhengce.web.twins import Data, Loose, actor, engine, page, twin, xlsx_response

MAX_UPLOAD = 5 * 1024 * 1024
JSON_BODY = {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}, "required": True}}

router = APIRouter()


class EligibilityError(ValueError):
    """A bad profile, date or upload; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _on(value: str | None) -> date:
    if not value:
        return today_cn()
    try:
        return read_day(value)
    except ValueError as e:
        raise EligibilityError(f"对照日期“{value}”：{e} / the date must be a date such as 2025-03-01") from e


def rules_in_use(request: Request) -> tuple[RuleData, ...]:
    """The rules of the rule files and those people confirmed from drafts (a draft never matches)."""
    return load_rules() + reviews.stored_rules(engine(request))


def _rule_or_404(request: Request, rule_id: str) -> Data:
    rule = next((r for r in rules_in_use(request) if r.id == rule_id), None)
    if rule is None:
        raise EligibilityError(f"没有规则 {rule_id} / no such rule", 404)
    return rule.to_dict()


# --- response models -------------------------------------------------------------------------------


class Question(Loose):
    key: str = Field(description="画像字段")
    question: str = Field(description="问题")
    type: str = Field(description="取值类型")
    choices: list[str] = Field(description="可选值")


class Questions(Loose):
    keys: list[Question] = Field(description="画像的各项字段与对应的问题")


class Rule(Loose):
    rule: str = Field(description="规则编号")
    title: str = Field(description="政策名称")
    document: str = Field(description="来源文件文号")
    clause: str = Field(description="条款")
    grant: str = Field(description="兑现方式（依申请、免申即享）")
    units: list[str] = Field(description="发放单位")
    conditions: list[dict[str, Any]] = Field(description="条件：字段、比较、取值、条款、原文")
    materials: list[dict[str, Any]] = Field(description="申请材料")
    calculator: str | None = Field(description="对应的计算器")


class RuleListed(Rule):
    url: str = Field(description="规则页面地址")
    ended: str | None = Field(None, description="期限已过时：已结束（最后一天 …）")


class Rules(Loose):
    rules: list[RuleListed] = Field(description="政策找人规则")


class RulePage(Rule):
    document_url: str | None = Field(description="来源条款地址（收录时）")
    status: Status | None = Field(description="来源文件今天的效力（收录时）")
    ended: str | None = Field(None, description="期限已过时：已结束（最后一天 …）")


class Answer(Loose):
    rule: str = Field(description="规则编号")
    title: str = Field(description="政策名称")
    document: str = Field(description="来源文件文号")
    clause: str = Field(description="条款")
    answer: str = Field(description="符合、待确认、不符合、规则不全")
    amount: str | None = Field(description="可享金额（元）")
    failed: list[dict[str, Any]] = Field(description="不满足的条件，附条款地址")
    questions: list[dict[str, Any]] = Field(description="待确认时还要回答的问题")
    url: str | None = Field(description="条款地址（收录时）")


class MatchResult(Loose):
    as_of: str = Field(description="判断日期")
    answers: list[Answer] = Field(description="每条规则的结论")
    questions: list[dict[str, Any]] = Field(description="尚待回答的问题，能判定最多规则者在前")
    ignored: list[Any] = Field(description="忽略的画像字段")
    coverage: str = Field("", description="没有一条规则覆盖所述情况时的说明（否则为空）")
    summary: str = Field("", description="问题都已回答或跳过时的结论：可享受几项，或为何暂无可享受的政策")


class BatchRule(Loose):
    rule: str = Field(description="规则编号")
    title: str = Field(description="政策名称")
    counts: dict[str, int] = Field(description="各结论的画像数")


class BatchResult(Loose):
    as_of: str = Field(description="判断日期")
    profiles: int = Field(description="画像数")
    rules: list[BatchRule] = Field(description="每条规则：符合（附金额）、待确认、不符合、规则不全的画像")
    payment_lists: list[dict[str, Any]] = Field(description="免申即享规则的待发放名单")
    totals: dict[str, int] = Field(description="各结论合计")
    bad_rows: list[dict[str, Any]] = Field(description="无法读取的行")
    ignored_columns: list[str] = Field(description="忽略的列")


# --- matching --------------------------------------------------------------------------------------


def lookup(request: Request) -> Callable[[str, date], Data | None]:
    """Documents' status by 文号 on a day, each looked up once."""
    cache: dict[tuple[str, date], Any] = {}

    def status(doc_number: str, day: date) -> Data | None:
        if (doc_number, day) not in cache:
            cache[(doc_number, day)] = library.status_of(engine(request), doc_number, day)
        return cache[(doc_number, day)]  # type: ignore[no-any-return]

    return status


def answer(request: Request, raw: Data, on: date) -> Data:
    """A profile's answers on ``on``, the questions still open, each failed condition linked to its clause."""
    try:
        profile, ignored = read_profile(raw)
    except ProfileError as e:
        raise EligibilityError(str(e)) from e
    answers = match(profile, on, rules_in_use(request), status=lookup(request))
    questions = order_questions([a for a in answers if a["answer"] == "待确认"])
    for a in answers:
        for f in a["failed"]:
            f["url"] = library.clause_url(engine(request), a["document"], f["clause"]) if f["clause"] else None
        a["url"] = library.clause_url(engine(request), a["document"], a["clause"].split("、")[0])
    return {"as_of": on.isoformat(), "answers": answers, "questions": questions, "ignored": ignored,
            "coverage": coverage(answers, profile), "summary": summary(answers, len(questions))}


async def eligibility_error(request: Request, exc: EligibilityError) -> Response:
    """An eligibility error: ``{"error": …}`` under ``/api``, else the error page."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": str(exc)}, status_code=exc.status)
    return page(request, "error.html", {"status": exc.status, "message": str(exc)}, exc.status)


def form_context(facts: Data, skipped: list[str], on: str, result: Data | None = None, upcoming: Data | None = None,
                 error: str | None = None, code: str = "") -> Data:
    places = sorted({str(v) for r in load_rules() for c in r.conditions if c.op == "place" for v in c.values})
    return {"facts": facts, "result": result, "next": upcoming, "skipped": skipped, "keys": PROFILE_KEYS, "on": on,
            "error": error, "code": code, "places": places, "lists": LIST_VALUES}


class FormAbout(Loose):
    questions: list[Question] = Field(description="可回答的问题（画像字段），第一个问题为 kind")
    places: list[str] = Field(description="县市区的可选值（规则所涉地方；不在其中的选“其他地方”）")
    lists: dict[str, list[str]] = Field(description="多选题的可选值（如 防返贫监测对象类别）")


@router.get("/api/eligibility", response_model=FormAbout,
            summary="“我能享受哪些政策”表单：问题、可选的县市区与多选值（回答用 POST /api/eligibility/match）")
def form_about() -> Data:
    about = form_context({}, [], "")
    return {"questions": questions()["keys"], "places": about["places"],
            "lists": {k: list(v) for k, v in LIST_VALUES.items()}}


def _step(request: Request, facts: Data, skipped: list[str], on: str, code: str = "", saved: bool = False,
          notice: str = "") -> HTMLResponse:
    """The form after an answer: the results so far and the next question worth asking."""
    try:
        result = answer(request, dict(facts), _on(on))
    except EligibilityError as e:
        return page(request, "eligibility.html", form_context(facts, skipped, on, error=str(e), code=code), 400)
    upcoming = [q for q in result["questions"] if q["key"] not in skipped]
    result |= closing(result["answers"], len(upcoming))  # the closing line; rules for another kind, apart
    return page(request, "eligibility.html", form_context(
        facts, skipped, on, result, upcoming[0] if upcoming else None, code=code) | {"saved": saved, "notice": notice})


@router.get("/eligibility", response_class=HTMLResponse, include_in_schema=False)
def form(request: Request, deleted: str = "") -> HTMLResponse:
    return page(request, "eligibility.html", form_context({}, [], "") | {"deleted": deleted == "1"})


@router.get("/eligibility/kept", include_in_schema=False)
def kept_code(code: str = "") -> Response:
    """The box 「输入查询码」: to the saved answers of that code."""
    return RedirectResponse(f"/eligibility/kept/{quote(code.strip(), safe='')}" if code.strip() else "/eligibility",
                            status_code=303)


@router.post("/eligibility", response_class=HTMLResponse, include_in_schema=False)
async def form_submit(request: Request) -> HTMLResponse:
    got = await request.form()
    fields = {k: str(v) for k, v in got.items() if isinstance(v, str)}
    for k in LIST_VALUES:  # a multiple choice: every box ticked
        if len(ticked := [str(v) for v in got.getlist(k) if isinstance(v, str) and v.strip()]) > 1:
            fields[k] = "、".join(ticked)
    skipped = [k for k in fields.get("skipped", "").split(",") if k in PROFILE_KEYS]
    if fields.get("skip") in PROFILE_KEYS and fields["skip"] not in skipped:
        skipped.append(fields["skip"])
    asked, notice = fields.get("asked", ""), ""
    if asked in PROFILE_KEYS and asked not in skipped and not fields.get(asked, "").strip():  # 回答 left blank
        skipped.append(asked)
        notice = f"“{PROFILE_KEYS[asked].question}”未填写，已按“不知道，跳过”处理；可在下方“重新开始”后再答。"
    facts = {k: fields[k].strip() for k in PROFILE_KEYS if fields.get(k, "").strip() and k not in skipped}
    if fields.get("reset"):
        facts, skipped, notice = {}, [], ""
    on = fields.get("on", "")
    code = ""
    if fields.get("keep") and facts:  # only when the person asks: 「保存我的回答」
        code = kept.keep(engine(request), facts, skipped, on, fields.get("code", ""))
    elif fields.get("code"):  # answers saved before and not saved again: say so
        return _step(request, facts, skipped, on, notice=notice + f"未勾选“保存我的回答”：查询码 {fields['code'][:40]} "
                     "下保存的仍是此前的回答；如需删除，请凭查询码打开后删除。")
    return _step(request, facts, skipped, on, code, saved=bool(code), notice=notice)


class Kept(MatchResult):
    facts: dict[str, Any] = Field(description="保存的回答")
    skipped: list[str] = Field(description="跳过的问题")


@router.get("/eligibility/kept/{code}", response_class=HTMLResponse, include_in_schema=False)
def kept_form(request: Request, code: str) -> HTMLResponse:
    found = kept.recall(engine(request), code)
    return _step(request, found["facts"], found["skipped"], found["on"], code)


@router.get("/api/eligibility/kept/{code}", summary="按查询码取回保存的回答及对照结果", response_model=Kept,
            response_model_exclude_unset=True)
def kept_answers(request: Request, code: str) -> Data:
    found = kept.recall(engine(request), code)
    return answer(request, dict(found["facts"]), _on(found["on"])) | found


@router.post("/eligibility/kept/{code}/delete", response_class=HTMLResponse, include_in_schema=False)
async def kept_delete(request: Request, code: str) -> Response:
    """Asks first (the answers cannot be brought back), then deletes and goes back to the empty form."""
    if (await request.form()).get("confirm") != "1":
        kept.recall(engine(request), code)  # an unknown code is said so before anything is asked
        return page(request, "eligibility.html", form_context({}, [], "") | {"confirm_delete": code})
    kept.forget(engine(request), code)
    return RedirectResponse("/eligibility?deleted=1", status_code=303)


@router.post("/api/eligibility/match", summary="政策找人：画像（JSON 对象）对照每条规则，on=日期",
             response_model=MatchResult, response_model_exclude_unset=True, openapi_extra=JSON_BODY)
async def match_profile(request: Request, on: str = "") -> Data:
    try:
        raw = await request.json()
    except ValueError as e:
        raise EligibilityError("请求体不是有效的 JSON / the body is not valid JSON") from e
    return answer(request, raw, _on(on))


@router.get("/api/eligibility/questions", summary="画像的各项字段与对应的问题", response_model=Questions,
            response_model_exclude_unset=True)
def questions() -> Data:
    return {"keys": [{"key": k.name, "type": k.type, "question": k.question, "choices": list(k.choices)}
                     for k in PROFILE_KEYS.values()]}


# --- rules -----------------------------------------------------------------------------------------


@twin(router, "/eligibility/rules", template="eligibility_rules.html", model=Rules,
      context=lambda d, r: d | {"rule": None}, summary="政策找人规则列表")
def rules(request: Request) -> Data:
    return {"rules": [r.to_dict() | {"url": f"/eligibility/rules/{r.id}", "ended": ended(r.period.end)}
                      for r in rules_in_use(request)]}


def ended(last: date | None) -> str | None:
    """已结束（最后一天 …） when a rule's period ended before today."""
    return f"已结束（最后一天 {last.isoformat()}）" if last and last < today_cn() else None


@twin(router, "/eligibility/rules/{rule_id}", template="eligibility_rules.html", model=RulePage,
      context=lambda d, r: {"rules": [], "rule": d}, summary="规则：条件、期限、材料、计算器与来源文件")
def rule(request: Request, rule_id: str) -> Data:
    found = _rule_or_404(request, rule_id)
    status = library.status_of(engine(request), found["document"], today_cn())
    found["document_url"] = library.clause_url(engine(request), found["document"], found["clause"].split("、")[0])
    found["status"] = status["status"] if status else None
    return found | {"ended": ended(date.fromisoformat(found["period"]["to"]) if found["period"]["to"] else None)}


# --- batch runs ------------------------------------------------------------------------------------


async def _profiles(request: Request) -> tuple[Any, str]:
    """The uploaded profiles (read, then gone: profiles are not kept) and the file's name; the sender
    must be the office or a granting unit, and a browser session must carry its CSRF token."""
    me = actor(request)
    if me.role not in {"office", "reporter"}:
        raise EligibilityError("画像属于个人信息：仅督查室和发放单位可批量匹配，请登录 / sign in (office or unit)",
                               401 if me.role == "public" else 403)
    form = await request.form(max_part_size=MAX_UPLOAD)
    if getattr(request.state, "via", "") == "cookie":
        sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not me.csrf or not secrets.compare_digest(sent, me.csrf):
            raise EligibilityError("CSRF 校验失败，请刷新页面后重试 / CSRF check failed", 403)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise EligibilityError("请上传画像表（字段 file，.xlsx 或 .csv）/ upload the profiles as `file`")
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise EligibilityError("只支持 .xlsx 或 .csv / only .xlsx and .csv")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"profiles{suffix}"
        path.write_bytes(await upload.read())
        try:
            return read_batch(path), upload.filename or ""
        except ProfileError as e:
            raise EligibilityError(str(e)) from e


@router.post("/api/eligibility/batch", summary="批量匹配（上传 .xlsx/.csv；督查室或发放单位；format=xlsx 下载）",
             response_model=BatchResult)
async def batch(request: Request, on: str = "", format: str = "json") -> Response:
    loaded, filename = await _profiles(request)
    me = actor(request)
    when = _on(on)
    chosen = rules_in_use(request)
    if me.role == "reporter":  # a unit sees the rules it grants
        chosen = tuple(r for r in chosen
                       if me.unit_name and any(me.unit_name in u or u in me.unit_name for u in r.units))
    result = run_batch(loaded.profiles, when, chosen, lookup(request)) | {"bad_rows": loaded.bad_rows,
                                                                          "ignored_columns": loaded.ignored_columns}
    with Session(engine(request)) as session:
        audit(session, me, "match.batch", "profiles", None, None,
              {"file": filename, "as_of": result["as_of"], "profiles": result["profiles"],
               "bad_rows": len(loaded.bad_rows), "rules": len(chosen)})
        session.commit()
    if format == "xlsx":
        return xlsx_response("eligibility.xlsx", result_workbook(result))
    if format == "payments":  # the 免申即享 payment list, for review
        return xlsx_response(f"免申即享待发放名单{result['as_of']}.xlsx", payment_workbook(result))
    return JSONResponse(result)


__all__ = ["EligibilityError", "eligibility_error", "router"]
