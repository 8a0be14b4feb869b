"""Serve: campaigns (督办事项) — the list, a campaign built from a plan, its page (cycles, lights, late and
missing reports; filtered and paged), a unit's daily digest, the leaders' overview, editing a campaign.

Public names: router, CampaignIn, CampaignEdit, filter_tasks and the response models below.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.errors import Forbidden, Invalid
from zhengce.supervision import bulletin, reminders
from zhengce.supervision.lights import reports_only
from zhengce.supervision.ranking import latest_ranking, praise
from zhengce.web.forms import Day, Done, Linked, Num, Versioned, form, is_api, path_id, query_int, read, refused
from zhengce.web.twins import Loose, actor, engine, one_page, twin

router = APIRouter()
PAGE_SIZE = 20  # tasks on one page of a campaign: 30 made the page longer than five screens


class CampaignIn(BaseModel):
    document_id: Num
    rule: str | None = Field(None, description="调度规则，如 month/next:5、week/in:3、ten_days/in:8、quarter/last，"
                                               "或方案的说法：每月5日前报送、每周三调度；留空则从方案文字识别")
    start: Day | None = Field(None, description="开始日期（2025-03-01 或 2025年3月1日），默认方案成文日期")
    end: Day | None = Field(None, description="结束日期（写法同开始日期），默认方案自身的期限（如“2024—2027年”），"
                                               "否则任务最晚的完成时限，至少满一年（至第十二个月所在年份的年底）")
    name: str | None = Field(None, description="名称，默认取方案标题")


class CampaignEdit(BaseModel):
    version: Num | None = None
    name: str | None = None
    rule: str | None = None
    start: Day | None = None
    end: Day | None = None
    status: str | None = Field(None, description="draft（待审核）、published（发布）、archived（归档）")
    task_force: str | None = Field(None, description="工作专班名称（问题升级到专班一级时以此为名）；空字符串为取消")


class Campaigns(Loose):
    campaigns: list[dict[str, Any]] = Field(description="督办事项：编号、名称、状态、调度规则、起止")
    plans: list[dict[str, Any]] = Field(description="可建立督办事项的方案（督查室）")
    viewer: dict[str, Any] = Field(description="当前用户")
    suggested_start: str = Field(description="建议的开始日期（本月一日）")


class CampaignPage(Loose):
    campaign: dict[str, Any] = Field(description="督办事项：名称、状态、调度规则、起止、版本")
    settings: dict[str, Any] = Field(description="亮灯规则、权重、问题升级层级、通报落款")
    today: str = Field(description="今天（YYYY-MM-DD）")
    cycles: list[dict[str, Any]] = Field(description="调度周期：期数、起止、报送截止日、状态")
    current_cycle: dict[str, Any] | None = Field(
        description="本期：已开始的周期中截止日最近、尚未截止的一期（催报清单即此期）")
    tasks: list[dict[str, Any]] = Field(description="筛选后的全部任务：亮灯、责任单位、完成时限")
    lights: dict[str, Any] = Field(description="各色灯的任务数")
    missing: list[dict[str, Any]] = Field(description="漏报：单位、任务、周期")
    late: list[dict[str, Any]] = Field(description="迟报：单位、任务、周期")
    page_tasks: list[dict[str, Any]] = Field(description="本页的任务")
    page: int = Field(description="页码")
    pages: int = Field(description="总页数")
    filters: dict[str, Any] = Field(description="生效的筛选条件（unit、light、section）")
    missing_by_unit: list[dict[str, Any]] = Field(description="按单位合计的漏报")
    late_by_unit: list[dict[str, Any]] = Field(description="按单位合计的迟报")


class Digest(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    days: int = Field(description="提前提醒的工作日数")
    due_soon: list[dict[str, Any]] = Field(description="即将到期的报告")
    late: list[dict[str, Any]] = Field(description="已逾期未报的报告")
    issues: list[dict[str, Any]] = Field(description="待办问题")
    returned: list[dict[str, Any]] = Field([], description="被督查室退回、尚未重新提交的报告：任务、周期、退回理由"
                                                            "（reason）、时间（at）、退回人（by）")
    pushes: list[dict[str, Any]] = Field(description="政策兑现推送：待反馈的（即将到期、已逾期），督办事项计入"
                                                     "政策兑现及时率时列出；对象仅督查室和发放单位可见，其他人见脱敏编号")


class Overview(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    lights: dict[str, Any] = Field(description="各色灯的任务数")
    lagging: list[dict[str, Any]] = Field(description="滞后任务（红灯在前，至多 10 项）")
    lagging_total: int = Field(description="滞后任务总数")
    overdue: list[dict[str, Any]] = Field(description="逾期问题（至多 8 项）")
    overdue_total: int = Field(description="逾期问题总数")
    top: list[dict[str, Any]] = Field(description="报送已截止的最近一期排名前五（并列者 tied 为真；全部同分时为空）")
    scope: str = Field(description="排名的周期")
    pending: str = Field(description="报送尚未截止、暂不排名的一期的说明（与通报同一规则）")
    praise: str = Field(description="得分前列的说明（与通报同一句话）")
    bottom: list[dict[str, Any]] = Field(description="排名后五")
    reports_only: int = Field(0, description="仅因报告未按时报送亮黄灯的任务数：与通报同一规则，计数、不列入滞后任务")
    bulletins: list[dict[str, Any]] = Field([], description="已发布的通报（新的在前）：周期、期号、发布日期、地址")
    tasks_total: int = Field(description="未归档的任务数")


@twin(router, "/campaigns", template="campaigns.html", model=Campaigns,
      summary="督办事项列表（督查室、领导可见全部；填报员可见本单位参与的已发布事项）")
def campaigns(request: Request) -> dict[str, Any]:
    me, store = actor(request), engine(request)
    plans = supervision.plans_to_track(store) if me.office else []
    return {"campaigns": supervision.list_campaigns(store, me), "plans": plans, "viewer": me.to_dict(),
            "suggested_start": accounts.today().replace(day=1).isoformat()}


@form(router, "/campaigns", summary="由方案建立督办事项（待审核）", model=Linked, body=CampaignIn)
async def create_campaign(request: Request) -> Done | Response:
    try:
        data, _ = await read(request, CampaignIn)
        cid = supervision.create_campaign(engine(request), actor(request), data.document_id, data.rule, data.start,
                                          data.end, data.name)
    except Invalid as e:  # the form again, with what was typed and each error beside its field
        return await refused(request, e, "campaigns.html", lambda: campaigns(request))
    return Done({"id": cid, "url": f"/campaign/{cid}"}, f"/campaign/{cid}")


@twin(router, "/campaign/{campaign_id}", template="campaign.html", model=CampaignPage,
      summary="督办事项：调度周期、任务亮灯、迟报漏报、催报清单；可按单位（unit=）、亮灯（light=）、章节（section=）"
              "筛选，page= 分页")
def campaign(request: Request, campaign_id: str) -> dict[str, Any]:
    data = supervision.campaign_view(engine(request), actor(request), path_id(campaign_id))
    return data | filter_tasks(request, data)


def per_unit(items: list[dict[str, Any]], unit: int | None) -> list[dict[str, Any]]:
    """Late or missing reports summed per unit (only ``unit``'s when given), the most first."""
    out: dict[int, dict[str, Any]] = {}
    for m in items:
        if unit and m["unit_id"] != unit:
            continue
        entry = out.setdefault(m["unit_id"], {"unit_id": m["unit_id"], "unit": m["unit"], "count": 0, "tasks": set()})
        entry["count"] += 1
        entry["tasks"].add(m["task_label"])
    return sorted(({**e, "tasks": sorted(e["tasks"])} for e in out.values()), key=lambda e: (-e["count"], e["unit"]))


def filter_tasks(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """The campaign's tasks narrowed by unit, light and section, one page of them for the page, and
    the late and missing reports summed per unit (the full lists stay in the JSON)."""
    unit = query_int(request, "unit")
    light = request.query_params.get("light", "")
    section = request.query_params.get("section", "")
    tasks = data["tasks"]
    sections = list(dict.fromkeys(t["context"] for t in tasks if t.get("context")))
    units = sorted({(u["unit_id"], u["unit"]) for t in tasks for u in t["units"]}, key=lambda x: x[1])
    if unit:
        tasks = [t for t in tasks if any(u["unit_id"] == unit for u in t["units"])]
    if light in supervision.LIGHTS or light == "none":
        tasks = [t for t in tasks if (t["light"] or "none") == light]
    if section:
        tasks = [t for t in tasks if t.get("context") == section]
    this_page, page_no, pages = one_page(len(tasks), PAGE_SIZE, query_int(request, "page"))
    query = {k: v for k, v in (("unit", unit), ("light", light), ("section", section)) if v}
    return {"tasks": tasks, "page_tasks": tasks[this_page],
            "page": page_no, "pages": pages, "filters": query, "sections": sections,
            "filter_units": [{"unit_id": i, "unit": n} for i, n in units],
            "missing_by_unit": per_unit(data["missing"], unit), "late_by_unit": per_unit(data["late"], unit)}


@twin(router, "/campaign/{campaign_id}/digest", template="digest.html", model=Digest,
      summary="单位每日提醒：N 个工作日内到期的报告（days=，默认 5）、已逾期未报的报告、待办问题（unit= 单位编号）")
def digest(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    days = min(query_int(request, "days") or 5, 60)
    unit = query_int(request, "unit")
    choices = [u for u in supervision.unit_choices(store, me, cid) if not u["group"]] \
        if me.role in {"office", "leader"} else None
    if unit is None and choices is not None and not is_api(request):  # the page asks which unit first
        return {"campaign": supervision.list_campaign(store, me, cid), "days": days, "due_soon": [], "late": [],
                "issues": [], "pushes": [], "data": [], "unit_id": None, "unit": "请选择单位", "choose": True,
                "unit_choices": choices, "today": accounts.today().isoformat(), "nothing": False}
    data = supervision.digest(store, me, cid, unit, days)
    if choices is not None:
        data["unit_choices"] = choices
    if me.role == "office":
        data["contacts"] = reminders.contact(store, me, cid, data["unit_id"])
    return data


class ContactIn(BaseModel):
    unit: Num = Field(description="单位编号")
    email: str = Field("", description="接收提醒的电子邮件地址，多个以逗号或空格分隔；留空则清除")
    mobile: str = Field("", description="接收短信提醒的手机号码，多个以逗号或空格分隔；留空则清除")


@form(router, "/campaign/{campaign_id}/contact", summary="登记单位接收督办提醒的邮箱和手机号（督查室）",
      model=Versioned, body=ContactIn)
async def set_contact(request: Request, campaign_id: str) -> Done:
    data, _ = await read(request, ContactIn)
    cid = path_id(campaign_id)
    reminders.set_contact(engine(request), actor(request), cid, data.unit, reminders.split_list(data.email),
                          reminders.split_list(data.mobile))
    return Done({"version": supervision.list_campaign(engine(request), actor(request), cid)["version"]},
                f"/campaign/{campaign_id}/digest?unit={data.unit}")


@twin(router, "/campaign/{campaign_id}/overview", template="overview.html", model=Overview,
      summary="领导视图：亮灯、滞后任务、逾期问题、排名（一页）")
def overview(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    if me.role not in {"office", "leader"}:
        raise Forbidden("领导视图供督查室和领导查看 / for the office and leaders")
    view = supervision.campaign_view(store, me, cid)
    order = {"red": 0, "yellow": 1}
    owing = {m["task_id"] for m in view["missing"]}  # the bulletin's rule: lit by reports owed alone, counted
    lit = [t for t in view["tasks"] if t["light"] in order and not t["archived"]]
    lagging = sorted((t for t in lit if not reports_only(t, owing)),
                     key=lambda t: (order[t["light"]], t["deadline"] or "9999"))
    ledger = supervision.issues(store, me, cid)
    overdue = [i for i in ledger["issues"] if i["overdue"]]
    ranking = latest_ranking(store, me, cid)  # the bulletin's rule: a cycle is ranked once its due day has passed
    ranked = ranking["ranked"]
    all_tied = len({r["total"] for r in ranked}) == 1  # nobody above anybody: the sentence says so, no table
    return {"campaign": view["campaign"], "lights": view["lights"], "current_cycle": view["current_cycle"],
            "lagging": lagging[:10], "lagging_total": len(lagging), "overdue": overdue[:8],
            "overdue_total": len(overdue), "scope": ranking["scope"], "ranked_cycle": ranking["cycle"],
            "pending": ranking["pending"], "praise": praise(ranked) if ranking["cycle"] else "",
            "top": [] if all_tied else ranked[:5], "bottom": [] if all_tied else ranked[5:][-5:],
            "ranked_total": len(ranked), "reports_only": len(lit) - len(lagging),
            "bulletins": bulletin.issued_bulletins(store, me, cid),
            "tasks_total": sum(1 for t in view["tasks"] if not t["archived"])}


@form(router, "/campaign/{campaign_id}/edit", summary="修改督办事项（名称、调度规则、起止、工作专班、发布/归档）",
      model=Versioned, body=CampaignEdit)
async def edit_campaign(request: Request, campaign_id: str) -> Done | Response:
    try:
        data, _ = await read(request, CampaignEdit)
        version = supervision.update_campaign(engine(request), actor(request), path_id(campaign_id), data.version,
                                              **data.model_dump(exclude={"version"}))
    except Invalid as e:  # the campaign page again, its settings form as typed, each error beside its field
        return await refused(request, e, "campaign.html", lambda: campaign(request, campaign_id))
    return Done({"version": version}, f"/campaign/{campaign_id}")
