"""Serve: 政策找人 for the office and the granting units (issue 18) — draft rules to review, profiles kept
as personal data, pushes to the granting units with their outcomes, 应享未享, and the 免申即享 payment list.

* ``/eligibility/drafts`` — the drafts read from stored documents, each condition with its clause;
  ``POST /eligibility/drafts/scan`` drafts every current source; ``/eligibility/drafts/{id}`` confirms
  (conditions typed or edited), rejects or reopens one. Only confirmed rules match. Office only.
* ``/eligibility/profiles`` — the profiles (office: all; a unit: those pushed to it); ``POST`` imports a
  .xlsx/.csv (office) and answers with the rows that could not be read.
* ``POST /eligibility/push`` — every stored profile × every rule in force: matches become pushes;
  ``/eligibility/pushes`` lists them (a unit its own), ``POST /eligibility/pushes/{id}`` records an outcome.
* ``/eligibility/unclaimed`` — 应享未享 per rule, unit and township (office and leaders).
* ``GET /api/eligibility/payments`` — the 免申即享 payment list of the stored profiles (.xlsx, office).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from zhengce.access.accounts import require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid, NotFound
from zhengce.eligibility import PROFILE_KEYS, ProfileError, pushing, reviews
from zhengce.eligibility.batch import AT_COUNTER, payment_workbook, read_batch
from zhengce.eligibility.drafts import TYPE_NAMES
from zhengce.eligibility.profile import CHOICE_NAMES, read_day
from zhengce.web.forms import Done, Num, Ok, field_errors, form, is_api, path_id, query_int, read, read_fields
from zhengce.web.routes.eligibility import lookup, rules_in_use
from zhengce.web.routes.tasks import DOWNLOAD
from zhengce.web.twins import Loose, actor, engine, one_page, page, twin, xlsx_response

router = APIRouter()
PAGE_SIZE = 50  # rows of a list to a page: a register of thousands of profiles stays a few screens
OP_NAMES = {"in": "属于", "not_in": "不属于", "place": "地点属于", "true": "为是", "false": "为否", "gt": "大于",
            "ge": "不少于", "lt": "小于", "le": "不超过", "any_ge": "任一不少于", "has_any": "含其中之一"}


def paged(request: Request, name: str, items: list[dict[str, Any]], **query: str) -> dict[str, Any]:
    """One page of a list (``?page=N``, the JSON twin too) with its number, the number of pages, the total
    and the query the pager's links keep."""
    shown, number, pages = one_page(len(items), PAGE_SIZE, query_int(request, "page"))
    return {name: items[shown], "page": number, "pages": pages, "total": len(items),
            "query": {k: v for k, v in query.items() if v}}


def _day(value: str | None) -> date:
    if not value:
        return today_cn()
    try:
        return read_day(value)
    except ValueError as e:
        raise Invalid(f"对照日期“{value}”：{e} / the date must be a date such as 2025-03-01", field="on") from e


# --- response models -------------------------------------------------------------------------------


class Draft(Loose):
    id: int = Field(description="草拟规则编号")
    document: str | None = Field(description="来源文件文号")
    clause: str = Field(description="条款")
    form: str = Field(description="识别依据（对…的，给予…；符合下列条件的；支持对象等）")
    sentence: str = Field(description="原文")
    conditions: list[dict[str, Any]] = Field(description="条件：原文、类型、条款")
    status: str = Field(description="draft 待审核、confirmed 已确认、rejected 已退回")
    rule: dict[str, Any] | None = Field(description="确认后的规则（规则文件的格式）")
    version: int = Field(description="版本号（审核时提交）")


class Paged(Loose):
    page: int = Field(description="页码（参数 page）")
    pages: int = Field(description="总页数")
    total: int = Field(description="总条数")


class Drafts(Paged):
    drafts: list[Draft] = Field(description="草拟规则（本页）")
    counts: dict[str, int] = Field(description="各状态的数量")


class DraftPage(Loose):
    draft: Draft = Field(description="草拟规则")
    keys: list[dict[str, Any]] = Field(description="可选的画像字段")
    ops: dict[str, str] = Field(description="可选的比较方式")


class Profiles(Paged):
    profiles: list[dict[str, Any]] = Field(description="画像（个人信息：仅督查室与发放单位可见；本页）")


class Imported(Loose):
    added: int = Field(description="新增画像数")
    updated: int = Field(description="更新画像数")
    bad_rows: list[dict[str, Any]] = Field(description="无法读取的行：行号、编号、问题")


class Pushed(Loose):
    created: int = Field(description="新推送的任务数")
    already: int = Field(description="此前已推送的匹配数")
    due: str = Field(description="记录结果的期限（工作日计）")


class Pushes(Paged):
    pushes: list[dict[str, Any]] = Field(description="推送任务：对象、规则、发放单位、结论、金额、期限、结果（本页）")
    outcomes: dict[str, str] = Field(description="可记录的结果")


class Outcome(Loose):
    id: int = Field(description="推送任务编号")
    status: str = Field(description="结果")
    version: int = Field(description="版本号")


class Unclaimed(Loose):
    matched: int = Field(description="已推送的符合条件的匹配数")
    granted: int = Field(description="已兑现数")
    unclaimed: int = Field(description="应享未享数")
    by_rule: list[dict[str, Any]] = Field(description="按规则")
    by_unit: list[dict[str, Any]] = Field(description="按发放单位")
    by_township: list[dict[str, Any]] = Field(description="按乡镇（街道）")
    overdue: int = Field(description="逾期未记录结果的推送任务数")
    overdue_by_unit: list[dict[str, Any]] = Field(description="按发放单位的逾期任务数")
    units: list[dict[str, Any]] = Field(description="按发放单位：符合条件、已兑现、应享未享、逾期、应享未享金额")


class DecideIn(BaseModel):
    action: str = Field(..., description="confirm 确认、reject 退回、reopen 重新审核")
    version: Num | None = None
    title: str = ""
    grant: str = "申请"
    units: list[str] | str = []
    who: list[str] | str = []
    conditions: list[dict[str, Any]] = []
    period: dict[str, str] | None = Field(None, description="本项的执行期限：from、to、clause；空为文件的期限")
    note: str = ""


class PushIn(BaseModel):
    on: str = ""


class OutcomeIn(BaseModel):
    outcome: str = Field(..., description="granted 已兑现、refused 未兑现（须写理由）、not_reached 未联系上")
    reason: str = ""
    version: Num | None = None


# --- drafts ----------------------------------------------------------------------------------------


@twin(router, "/eligibility/drafts", template="eligibility_drafts.html", model=Drafts,
      summary="草拟规则：从文件文本识别的支持对象与条件，待人工确认")
def drafts(request: Request, status: str = "") -> dict[str, Any]:
    found = reviews.list_drafts(engine(request), actor(request))
    counts = {k: sum(1 for d in found if d["status"] == k) for k in reviews.STATES}
    shown = [d for d in found if not status or d["status"] == status]
    return paged(request, "drafts", shown, status=status) | {"counts": counts, "status": status,
                                                             "states": reviews.STATES, "type_names": TYPE_NAMES}


@form(router, "/eligibility/drafts/scan", summary="从已收录的文件起草规则（督查室）", model=Drafts)
async def scan(request: Request) -> Done:
    await read_fields(request)
    reviews.draft_store(engine(request), actor(request))
    return Done(drafts(request), "/eligibility/drafts")


def _split(value: list[str] | str) -> list[str]:
    """A list typed as one text (``县财政局、县人社局``) or sent as a list."""
    if isinstance(value, str):
        value = value.replace("，", "、").replace(",", "、").split("、")
    return [x.strip() for x in value if x.strip()]


def _conditions(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions of the review form (``key_N``, ``op_N``, ``values_N`` …; kept when ``keep_N`` is ticked)."""
    out = []
    for n in sorted({int(k[5:]) for k in fields if k.startswith("keep_") and k[5:].isdigit()}):
        out.append({"key": fields.get(f"key_{n}", ""), "op": fields.get(f"op_{n}", ""),
                    "values": [v.strip() for v in str(fields.get(f"values_{n}", "")).replace("，", ",").split(",")],
                    "text": fields.get(f"text_{n}", ""), "clause": fields.get(f"clause_{n}", "")})
    return out


@twin(router, "/eligibility/drafts/{draft_id}", template="eligibility_draft.html", model=DraftPage,
      summary="草拟规则：原文、条件及条款，确认（可修改条件）或退回")
def draft(request: Request, draft_id: str) -> dict[str, Any]:
    found = reviews.get_draft(engine(request), actor(request), path_id(draft_id))
    return {"draft": found, "ops": OP_NAMES, "kinds": CHOICE_NAMES["kind"], "typed": _typed(found, {}),
            "key_names": {k.name: k.question.split("？")[0] for k in PROFILE_KEYS.values()},
            "keys": [{"key": k.name, "question": k.question, "type": k.type} for k in PROFILE_KEYS.values()]}


def _typed(found: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """What the review form shows: what was typed (after a refusal), else the confirmed rule, else the draft."""
    rule = (found.get("rule") or {"rules": [{}]})["rules"][0]
    conditions = [{"keep": True, "key": c["key"], "op": c["op"], "values": "，".join(map(str, c["values"])),
                   "text": c["text"], "clause": c["clause"]} for c in rule.get("conditions", [])] or [
        {"keep": True, "key": "", "op": "", "values": "", "text": c.get("text", ""),
         "clause": c.get("clause") or found["clause"]} for c in found["conditions"]]
    period = rule.get("period") or {}
    out = {"title": rule.get("title") or found["beneficiary"] or found["title"], "grant": rule.get("grant", "申请"),
           "period_from": period.get("from", ""), "period_to": period.get("to", ""),
           "period_clause": period.get("clause", ""),
           "units": "、".join(rule.get("units", [])), "who": list(rule.get("who", [])), "note": found.get("note") or "",
           "conditions": conditions}
    if fields:
        who = fields.get("who", [])
        out |= {k: str(fields.get(k, "")) for k in ("title", "grant", "units", "note", "period_from", "period_to",
                                                    "period_clause")} | {
            "who": _split(who if isinstance(who, list) else str(who)),
            "conditions": [{"keep": f"keep_{n}" in fields, **{k: str(fields.get(f"{k}_{n}", ""))
                                                              for k in ("key", "op", "values", "text", "clause")}}
                           for n in range(1, len(conditions) + 1)]}
    return out


@form(router, "/eligibility/drafts/{draft_id}", summary="审核草拟规则：确认（附条件）、退回或重新审核",
      model=Draft, body=DecideIn)
async def decide(request: Request, draft_id: str) -> Done:
    if is_api(request):
        data, _ = await read(request, DecideIn)
        conditions = data.conditions
    else:
        typed, _ = await read_fields(request)
        ticked = [code for code in CHOICE_NAMES["kind"] if typed.pop(f"who_{code}", "")]  # the 对象 boxes
        if ticked:
            typed["who"] = "、".join(ticked)
        try:
            return _decide_form(request, draft_id, typed)
        except Invalid as e:  # the form again, with what was typed and why it was refused
            found = reviews.get_draft(engine(request), actor(request), path_id(draft_id))
            return page(request, "eligibility_draft.html", draft(request, draft_id) | {
                "typed": _typed(found, typed), "error": str(e)}, 400)
    edit = {"title": data.title, "grant": data.grant, "units": _split(data.units), "who": _split(data.who) or None,
            "conditions": conditions, "period": data.period}
    got = reviews.decide(engine(request), actor(request), path_id(draft_id), data.action, data.version, edit, data.note)
    return Done(got, f"/eligibility/drafts/{got['id']}")


def _decide_form(request: Request, draft_id: str, typed: dict[str, Any]) -> Response:
    conditions = _conditions(typed)
    fields = {k: v for k, v in typed.items() if k in DecideIn.model_fields and k != "conditions"}
    try:
        data = DecideIn.model_validate({k: (None if k == "version" and v == "" else v) for k, v in fields.items()})
    except ValidationError as e:
        problems = field_errors(e)
        raise Invalid(f"提交的内容有误：{'；'.join(problems.values())} / invalid fields", fields=problems) from e
    edit = {"title": data.title, "grant": data.grant, "units": _split(data.units), "who": _split(data.who) or None,
            "conditions": conditions, "period": {k: typed.get(f"period_{k}", "") for k in ("from", "to", "clause")}}
    got = reviews.decide(engine(request), actor(request), path_id(draft_id), data.action, data.version, edit, data.note)
    return RedirectResponse(f"/eligibility/drafts/{got['id']}", status_code=303)


# --- profiles, pushes, outcomes ----------------------------------------------------------------------


@twin(router, "/eligibility/profiles", template="eligibility_profiles.html", model=Profiles,
      context=lambda d, r: d | {"report": None}, summary="画像（个人信息）：督查室全部，发放单位仅推送给本单位的")
def profiles(request: Request) -> dict[str, Any]:
    return paged(request, "profiles", pushing.list_profiles(engine(request), actor(request)))


@form(router, "/eligibility/profiles", summary="导入画像 .xlsx/.csv（督查室；报告无法读取的行）", model=Imported)
async def import_profiles(request: Request) -> Any:
    import tempfile
    from pathlib import Path

    _, files = await read_fields(request)
    require(actor(request), "office")
    upload = (files.get("file") or [None])[0]
    suffix = Path(getattr(upload, "filename", "") or "").suffix.lower()
    if upload is None or suffix not in {".xlsx", ".csv"}:
        raise Invalid("请上传画像表（.xlsx 或 .csv）/ upload the profiles as .xlsx or .csv", field="file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"profiles{suffix}"
        path.write_bytes(await upload.read())
        try:
            loaded = read_batch(path)
        except ProfileError as e:
            raise Invalid(str(e), field="file") from e
    report = pushing.import_profiles(engine(request), actor(request), loaded, upload.filename or "")
    if is_api(request):
        return Done(report, "/eligibility/profiles")
    return page(request, "eligibility_profiles.html", profiles(request) | {"report": report})


class Erased(Ok):
    ref: str = Field(description="删除后留下的编号（个人的编号一并删除，企业保留统一社会信用代码）")
    withdrawn: int = Field(description="随之撤回的未办结推送任务数")


@form(router, "/eligibility/profiles/{profile_id}/erase", model=Erased,
      summary="删除画像中的个人信息（督查室；未办结的推送任务随之撤回；网页先请确认）")
async def erase(request: Request, profile_id: str) -> Any:
    fields, _ = await read_fields(request)
    me, wanted = actor(request), path_id(profile_id)
    if not is_api(request) and fields.get("confirm") != "1":  # a page asks first: the erasure cannot be undone
        require(me, "office")
        shown = [p for p in pushing.list_profiles(engine(request), me) if p["id"] == wanted]
        if not shown:
            raise NotFound("画像不存在 / no such profile")
        return page(request, "eligibility_profiles.html", profiles(request) | {"report": None, "confirm": shown[0]})
    got = pushing.erase_profile(engine(request), me, wanted)
    if is_api(request):
        return Done(got, "/eligibility/profiles")
    return page(request, "eligibility_profiles.html", profiles(request) | {"report": None, "erased": got})


@form(router, "/eligibility/push", summary="把已存画像的匹配推送给发放单位（督查室）", model=Pushed, body=PushIn)
async def push(request: Request) -> Done:
    data, _ = await read(request, PushIn)
    got = pushing.push(engine(request), actor(request), _day(data.on), rules_in_use(request), lookup(request))
    return Done(got, "/eligibility/pushes")


@twin(router, "/eligibility/pushes", template="eligibility_pushes.html", model=Pushes,
      summary="推送任务：发放单位走访企业或居民并记录结果")
def pushes(request: Request, status: str = "") -> dict[str, Any]:
    found = pushing.list_pushes(engine(request), actor(request), status or None)
    return paged(request, "pushes", found, status=status) | {"outcomes": pushing.OUTCOMES}


@form(router, "/eligibility/pushes/{push_id}", summary="记录推送结果：已兑现、未兑现（理由）、未联系上",
      model=Outcome, body=OutcomeIn)
async def outcome(request: Request, push_id: str) -> Done:
    data, _ = await read(request, OutcomeIn)
    got = pushing.record_outcome(engine(request), actor(request), path_id(push_id), data.outcome, data.reason,
                                 data.version)
    return Done(got, "/eligibility/pushes")


@twin(router, "/eligibility/unclaimed", template="eligibility_unclaimed.html", model=Unclaimed,
      summary="应享未享：符合条件而未兑现，按规则、发放单位、乡镇统计")
def unclaimed(request: Request) -> dict[str, Any]:
    require(actor(request), "office", "leader")
    found = pushing.unclaimed(engine(request))
    counter = {r.id for r in rules_in_use(request) if not r.calculator}  # no amount: settled when paid
    found["by_rule"] = [r | {"settled": AT_COUNTER if r["rule"] in counter else None} for r in found["by_rule"]]
    return found


@router.get("/api/eligibility/payments", summary="免申即享待发放名单（已存画像，.xlsx，督查室）",
            response_class=Response, responses=DOWNLOAD)
def payments(request: Request, on: str = "") -> Response:
    me = actor(request)
    chosen = tuple(r for r in rules_in_use(request) if r.grant == "免申即享")
    result = pushing.stored_batch(engine(request), me, _day(on), chosen, lookup(request))
    details = {p["ref"]: p for p in pushing.list_profiles(engine(request), me)}
    return xlsx_response(f"免申即享待发放名单{result['as_of']}.xlsx", payment_workbook(result, details))


__all__ = ["router"]
