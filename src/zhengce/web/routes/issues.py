"""Serve: the issue ledger (问题台账) — raising an issue (and assigning it at once), an issue's history and
the actions open to the user: assign 交办, chase 督办, escalate 升级, resolve 办结, close 销号, reopen, comment;
the close rate per unit.

A refused form (a conflict too) comes back as the same page with what was typed and the reason beside its field;
the issue page offers only the steps the issue's state allows; its form carries a one-time token, so that the same
form sent twice (a double click) is one step and lands on the issue page saying what was done.

Public names: router, IssueIn, IssueActionIn, Stepped, Ledger, IssuePage, units_to_assign.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access.errors import Conflict, Invalid
from zhengce.supervision.issues import issue_step
from zhengce.web.forms import Done, Linked, Num, form, path_id, read, refused
from zhengce.web.twins import Loose, actor, engine, twin

router = APIRouter()

DONE = {"assign": "已交办", "chase": "已督办", "escalate": "已升级", "resolve": "已办结", "close": "已销号",
        "reopen": "已重新打开", "comment": "意见已记录", "archive": "已归档"}  # the notice after each step


class IssueIn(BaseModel):
    title: str
    description: str = ""
    task_id: Num | None = None
    enterprise: str = ""
    unit: str = ""
    deadline: str | None = None
    once: str = Field("", description="问题台账页登记表单的一次性编号（见台账 JSON 的 once）："
                                      "同一表单重复提交只登记一次，回答已登记的问题")


class IssueActionIn(BaseModel):
    action: str = Field(..., description="assign 交办、chase 督办、escalate 升级、resolve 办结、close 销号、"
                                         "reopen 重新打开、comment 意见")
    version: Num | None = None
    note: str = ""
    unit: str = ""
    deadline: str | None = None
    once: str = Field("", description="问题页表单的一次性编号（见问题页 JSON 的 once）：同一表单重复提交（连点两次、"
                                      "返回后再提交）只记录一次，按已办理回答（repeated）")


class Stepped(Loose):
    version: int = Field(description="办理后的版本号（再次办理时提交）")
    repeated: bool = Field(False, description="同一表单的重复提交：未再次记录")


class Ledger(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    issues: list[dict[str, Any]] = Field(description="问题：标题、状态、责任单位、时限、是否逾期、升级层级")
    by_unit: list[dict[str, Any]] = Field(description="按单位：问题数、办结数、销号率")
    levels: list[Any] = Field(description="问题升级层级")
    waiting: int = Field(description="待交办的问题数（单位登记、尚未由督查室交办）")
    viewer: dict[str, Any] = Field(description="当前用户")
    once: str = Field("", description="登记表单的一次性编号：随登记提交，重复提交只登记一次")


class IssuePage(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    issue: dict[str, Any] = Field(description="问题：标题、说明、状态、责任单位、时限、版本")
    events: list[dict[str, Any]] = Field(description="办理经过")
    actions: dict[str, Any] = Field(description="当前用户在问题当前状态下可进行的操作（如已销号的只能重新打开、意见）")
    viewer: dict[str, Any] = Field(description="当前用户")
    once: str = Field("", description="办理表单的一次性编号：随办理提交，重复提交只记录一次")
    done: str = Field("", description="刚完成的操作（办理后回到本页时），如“交办”；重复提交时注明未再次记录")


@twin(router, "/campaign/{campaign_id}/issues", template="issues.html", model=Ledger,
      summary="问题台账：交办、督办、销号，按单位的办结率")
def issues(request: Request, campaign_id: str) -> dict[str, Any]:
    cid, me, store = path_id(campaign_id), actor(request), engine(request)
    data = supervision.issues(store, me, cid)
    data["once"] = secrets.token_urlsafe(16)  # the raising form's one-time token: sent twice, one issue
    if me.role in {"office", "reporter"}:
        data["tasks"] = supervision.task_choices(store, me, cid)
    if me.role == "office":
        data["unit_choices"] = units_to_assign(store, me, cid)
    return data


def units_to_assign(store: Any, me: Any, campaign_id: int) -> list[dict[str, Any]]:
    """The units an issue can be assigned to: the registry's, collective names (相关金融机构) left out."""
    return [u for u in supervision.unit_choices(store, me, campaign_id) if not u["group"]]


@form(router, "/campaign/{campaign_id}/issues", summary="登记问题（督查室可同时交办；单位登记的待督查室交办）",
      model=Linked, body=IssueIn)
async def raise_issue(request: Request, campaign_id: str) -> Done | Response:
    try:
        data, _ = await read(request, IssueIn)
        iid = supervision.raise_issue(engine(request), actor(request), path_id(campaign_id), data.title,
                                      data.description, data.task_id, data.enterprise, data.unit or None,
                                      data.deadline, data.once)
    except Invalid as e:  # the ledger again, the form as it was typed and each error beside its field
        return await refused(request, e, "issues.html", lambda: issues(request, campaign_id))
    return Done({"id": iid, "url": f"/issue/{iid}"}, f"/issue/{iid}")


@twin(router, "/issue/{issue_id}", template="issue.html", model=IssuePage, summary="问题：办理经过与可进行的操作")
def issue(request: Request, issue_id: str) -> dict[str, Any]:
    me, store = actor(request), engine(request)
    data = supervision.issue_view(store, me, path_id(issue_id))
    done, again = request.query_params.get("done", ""), request.query_params.get("again") == "1"
    data["done"] = (DONE[done] + ("（重复提交，未再次记录）" if again else "")) if done in DONE else ""
    data["once"] = secrets.token_urlsafe(16)  # the form's one-time token: sent twice, it is one step
    if me.role == "office":
        data["unit_choices"] = units_to_assign(store, me, data["campaign"]["id"])
    return data


@form(router, "/issue/{issue_id}/action", summary="问题操作：交办、督办、升级、办结、销号、重新打开、意见",
      model=Stepped, body=IssueActionIn)
async def issue_action(request: Request, issue_id: str) -> Done | Response:
    try:
        data, _ = await read(request, IssueActionIn)
        version, repeated = issue_step(engine(request), actor(request), path_id(issue_id), data.action,
                                       data.version, data.note, data.unit or None, data.deadline, data.once)
    except (Invalid, Conflict) as e:  # the issue again, the form as it was typed and the reason beside its field
        return await refused(request, e, "issue.html", lambda: issue(request, issue_id))
    again = "&again=1" if repeated else ""
    return Done({"version": version, "repeated": repeated}, f"/issue/{path_id(issue_id)}?done={data.action}{again}")
