"""Serve: a campaign's settings, scores and targets — light rules, score weights, escalation levels and
the bulletin's signature (督查室); the units' ranking per cycle or year with added and deducted points; the
campaign's units and adding one to the directory; the targets dashboard.

Public names: router, SettingsIn, UnitIn, AdjustIn and the response models below.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access.errors import Invalid
from zhengce.supervision import scoring
from zhengce.web.forms import Created, Done, Num, Versioned, form, path_id, query_int, read
from zhengce.web.twins import Loose, actor, engine, twin

router = APIRouter()


class SettingsIn(BaseModel):
    version: Num | None = None
    yellow_workdays: int = Field(5, ge=0, le=60, description="距完成时限不足多少个工作日亮黄灯")
    behind_gap: int = Field(20, ge=0, le=100, description="进度落后时间进度多少个百分点亮黄灯")
    weight_reports: str = Field("50", description="按时报送率的权重")
    weight_tasks: str = Field("30", description="任务完成率的权重")
    weight_issues: str = Field("20", description="问题销号率的权重")
    weight_data: str = Field("0", description="数据时限按时率的权重（政务数据共享开放时限；0 为不计入）")
    weight_push: str = Field("0", description="政策兑现及时率的权重（政策找人推送按期反馈；0 为不计入）")
    escalation: str = Field("责任单位\n牵头单位\n专班办公室\n分管领导", description="问题升级层级，每行一级")
    bulletin_office: str = ""
    bulletin_masthead: str = ""


class UnitIn(BaseModel):
    name: str = Field(..., description="单位全称")
    kind: str = Field(..., description="类型：government、department、office、party、mass、judicial、vertical、"
                                       "service、park、enterprise、school、township、generic（集合名称，不计分）")
    level: str = Field("", description="层级：province、prefecture、county、township")


class AdjustIn(BaseModel):
    unit: str
    points: str = Field(..., description="加分为正，扣分为负，如 2 或 -0.5")
    reason: str
    cycle: Num | None = Field(None, description="所属周期；留空计入全年")


class Scores(Loose):
    scope: str = Field(description="计分范围：某一期或某一年")
    cycle: int | None = Field(description="期数（按期计分时）")
    year: int | None = Field(description="年份（按年计分时）")
    weights: dict[str, Any] = Field(description="各项权重")
    rows: list[dict[str, Any]] = Field(description="各单位：按时报送率、任务完成率、问题销号率、加减分、得分、名次")
    ranked: list[dict[str, Any]] = Field(description="参与排名的单位（并列者 tied 为真；企业等不排名的见 apart）")
    pending: str = Field(description="该期报送尚未截止、暂不排名时的说明（与领导视图、通报同一规则）")
    campaign: dict[str, Any] = Field(description="督办事项")
    settings: dict[str, Any] = Field(description="督办事项的设置")
    cycles: list[dict[str, Any]] = Field(description="已开始的周期")


class CampaignUnits(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    units: list[dict[str, Any]] = Field(description="可选单位：本辖区名录及本事项已有的单位")
    kinds: dict[str, Any] = Field(description="单位类型")
    levels: dict[str, Any] = Field(description="单位层级")
    added: int | None = Field(description="刚增加的单位编号")


class Targets(Loose):
    targets: list[dict[str, Any]] = Field(description="目标：目标值、最新实际值、完成进度、时间进度")
    indicators: list[str] = Field(description="指标名称")
    unit_id: int | None = Field(description="按单位筛选时的单位编号")
    units: list[dict[str, Any]] = Field(description="可筛选的单位")
    summary: dict[str, Any] = Field(description="合计")
    campaign: dict[str, Any] = Field(description="督办事项")


@form(router, "/campaign/{campaign_id}/settings", summary="亮灯规则、计分分值、问题升级层级、通报落款",
      model=Versioned, body=SettingsIn)
async def campaign_settings(request: Request, campaign_id: str) -> Done:
    data, _ = await read(request, SettingsIn)
    given = {k: getattr(data, f"weight_{k}") for k in scoring.WEIGHT_NAMES}
    weights = {k: str(v) for k, v in scoring.weights_of({"weights": given}).items()}
    if not any(Decimal(v) > 0 for v in weights.values()):
        raise Invalid("至少一项权重应大于 0 / at least one weight above 0", "weight_reports")
    levels = [x.strip() for x in data.escalation.splitlines() if x.strip()]
    if len(levels) < 2:
        raise Invalid("问题升级至少需要两个层级 / at least two escalation levels", "escalation")
    settings = {"lights": {"yellow_workdays": data.yellow_workdays, "behind_gap": data.behind_gap},
                "weights": weights,
                "escalation": levels, "bulletin_office": data.bulletin_office.strip(),
                "bulletin_masthead": data.bulletin_masthead.strip()}
    version = supervision.update_campaign(engine(request), actor(request), path_id(campaign_id), data.version,
                                          settings=settings)
    return Done({"version": version}, f"/campaign/{campaign_id}/scores")


@twin(router, "/campaign/{campaign_id}/scores", template="scores.html", model=Scores,
      summary="计分排名：按期（cycle=）或按年（year=）")
def scores(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    data = scoring.scores(store, me, cid, query_int(request, "cycle"), query_int(request, "year"))
    view = supervision.campaign_view(store, me, cid)
    data |= {"campaign": view["campaign"], "settings": view["settings"],
             "cycles": [c for c in view["cycles"] if c["state"] != "future"]}
    if me.role == "office":
        data["unit_choices"] = supervision.unit_choices(store, me, cid)
    return data


@twin(router, "/campaign/{campaign_id}/units", template="units_pick.html", model=CampaignUnits,
      summary="可选单位：本辖区名录及本事项已有的单位")
def units(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    return {"campaign": supervision.list_campaign(store, me, cid), "units": supervision.unit_choices(store, me, cid),
            "kinds": supervision.UNIT_KINDS, "levels": supervision.UNIT_LEVELS, "added": query_int(request, "added")}


@form(router, "/campaign/{campaign_id}/units", model=Created, body=UnitIn,
      summary="督查室在单位名录中增加一个单位（本事项所在辖区，含类型与层级）")
async def add_unit(request: Request, campaign_id: str) -> Done:
    data, _ = await read(request, UnitIn)
    uid = supervision.add_unit(engine(request), actor(request), path_id(campaign_id), data.name, data.kind,
                               data.level or None)
    return Done({"id": uid}, f"/campaign/{campaign_id}/units?added={uid}")


@form(router, "/campaign/{campaign_id}/adjust", summary="加分、扣分（督查室）", model=Created, body=AdjustIn)
async def adjust(request: Request, campaign_id: str) -> Done:
    data, _ = await read(request, AdjustIn)
    aid = scoring.adjust(engine(request), actor(request), path_id(campaign_id), data.unit, data.points, data.reason,
                         data.cycle)
    return Done({"id": aid}, f"/campaign/{campaign_id}/scores" + (f"?cycle={data.cycle}" if data.cycle else ""))


@twin(router, "/campaign/{campaign_id}/targets", template="targets.html", model=Targets,
      summary="目标看板：目标值、最新实际值、完成进度与时间进度")
def targets(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    data = scoring.targets_dashboard(store, me, cid, unit_id=query_int(request, "unit"))
    return data | {"campaign": supervision.list_campaign(store, me, cid)}
