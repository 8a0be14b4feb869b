"""Serve: sending a unit's report back (退回) — the office's button on each submitted report of a task page,
with the reason the unit then reads on the task page and its digest (:mod:`zhengce.supervision.returns`).

A refused return (no reason, a report already sent back for another reason, changed meanwhile) comes back as
the task page with the reason in the report's own form; the same return sent twice lands on the task page as
done.

Public names: router, ReturnIn, Returned.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access.errors import Conflict, Invalid
from zhengce.web.forms import Done, Num, form, path_id, read, refused
from zhengce.web.routes.tasks import task, task_of
from zhengce.web.twins import Loose, actor, engine

router = APIRouter()


class ReturnIn(BaseModel):
    reason: str = Field("", description="退回理由（必填），填报单位在任务页和每日提醒中看到")
    version: Num | None = Field(None, description="查看时报告的版本号：报告其后被修改则拒绝（409），"
                                "以免退回未看过的内容")


class Returned(Loose):
    id: int = Field(description="报告编号")
    version: int = Field(description="报告的版本号")
    repeated: bool = Field(False, description="同一退回的重复提交（连点两次、返回后再提交）：未再次记录")


@form(router, "/campaign/{campaign_id}/task/{task_id}/report/{report_id}/return",
      summary="退回报告（督查室）：附理由，单位重新报送前该期计为未报送", model=Returned, body=ReturnIn)
async def return_report(request: Request, campaign_id: str, task_id: str, report_id: str) -> Done | Response:
    tid = task_of(request, campaign_id, task_id)
    rid = path_id(report_id)
    try:
        data, _ = await read(request, ReturnIn)
        done = supervision.return_report(engine(request), actor(request), rid, data.reason, data.version, tid)
    except (Invalid, Conflict) as e:  # the task page again, the reason in this report's form
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), f"return-{rid}")
    return Done({"id": done.id, "version": done.version, "repeated": done.repeated},
                f"/campaign/{campaign_id}/task/{tid}?returned={rid}#report-{rid}")
