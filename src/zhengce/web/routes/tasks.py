"""Serve: a campaign's tasks — the task page (units, reports per cycle, comments, the report form), progress
reports with attachments (a refused report comes back in its form with each error beside its field, or for
a conflict beside the stored one), and the office's edits: change, add, split, merge, assign and unassign
units, archive.

Public names: router, parse_values, split_units, task_of, the request models and TaskPage.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access.errors import Conflict, Invalid, NotFound, SupervisionError
from zhengce.web.forms import Created, Done, Num, Ok, Versioned, form, is_api, path_id, query_int, read, refused
from zhengce.web.guard import MAX_BODY, clean
from zhengce.web.routes.campaigns import campaign
from zhengce.web.twins import Loose, actor, disposition, engine, page, twin

router = APIRouter()


class TaskEdit(BaseModel):
    version: Num | None = None
    number: str | None = None
    heading: str | None = None
    text: str | None = None
    deadline: str | None = Field(None, description="完成时限，如 2025-03-01 或 2025年3月1日；空串清除")


class TaskAdd(BaseModel):
    text: str
    number: str = ""
    heading: str = ""
    deadline: str | None = Field(None, description="完成时限，如 2025-03-01 或 2025年3月1日")
    lead: str = Field("", description="牵头单位，多个以顿号或逗号分隔")
    support: str = ""


class Split(BaseModel):
    version: Num | None = None
    parts: str = Field(..., description="拆分后的各项任务，每行一项")


class Merge(BaseModel):
    ids: str = Field(..., description="要合并的任务编号，逗号分隔")
    text: str | None = None


class Assign(BaseModel):
    unit: str
    role: str = Field("support", description="lead（牵头）、support（配合）、territorial（属地）")


class Unassign(BaseModel):
    unit_id: Num


class Archive(BaseModel):
    version: Num | None = None
    reason: str = ""


class ReportIn(BaseModel):
    cycle: Num
    status: str = Field(..., description="not_started、in_progress、done、behind")
    percent: int = Field(..., ge=0, le=100)
    narrative: str | None = Field(None, description="工作进展。省略（null）表示不变：修改时保留已报送的内容；"
                                  "已有内容时传空串会被拒绝（400），不会清空")
    values: str | None = Field(None, description="实际值，每行“指标=数值 单位”，如 “新增企业=12 家”。省略（null）表示"
                               "不变；已有实际值时传空串会被拒绝（400）")
    version: Num | None = Field(None, description="修改已有报告时为读取时的版本号；新报告留空。内容与已存报告相同的"
                                "重复提交（连点两次、返回后再提交）按已保存处理，不报冲突")
    unit_id: Num | None = Field(None, description="督查室代为填报时的单位编号")
    consolidated: bool = False
    draft: bool = Field(False, description="true：保存为草稿（不计入报送），稍后再提交")
    held: str = Field("", description="上次提交未保存时暂存的附件编号（逗号分隔），随本次提交保存，无需重新选择")


class CommentIn(BaseModel):
    text: str


class TaskPage(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    task: dict[str, Any] = Field(description="任务：序号、标题、内容、完成时限、亮灯、版本")
    units: list[dict[str, Any]] = Field(description="责任单位及其角色")
    reports: list[dict[str, Any]] = Field(description="各期报告")
    comments: list[dict[str, Any]] = Field(description="意见（批示）")
    form: dict[str, Any] = Field(description="填报表的预填内容：默认为本期（已开始的周期中截止日最近、尚未截止的"
                                 "一期），有报告时预填；overdue 表示该期已过截止日、现在提交将计为迟报；"
                                 "held 为暂存的附件")
    cycles: list[dict[str, Any]] = Field(description="调度周期")
    can_report: bool = Field(description="当前用户能否填报")
    can_edit: bool = Field(description="当前用户能否修改任务")
    saved: str = Field(description="刚保存的报告：draft（草稿）、submitted（已报送）或空")
    returned: int | None = Field(None, description="刚退回的报告编号（退回后回到本页时）")


class ReportSaved(Loose):
    id: int = Field(description="报告编号")
    version: int = Field(description="报告的版本号")
    late: bool = Field(description="是否迟报")
    draft: bool = Field(description="是否草稿")
    repeated: bool = Field(False, description="与已存报告内容相同的重复提交：未产生新版本")


class Made(Loose):
    ids: list[int] = Field(description="拆分出的任务编号")


class Assigned(Loose):
    unit_id: int = Field(description="单位编号")


def split_units(text: str) -> list[str]:
    """Unit names separated by 、，,;； or new lines."""
    for sep in "，,;；\n":
        text = text.replace(sep, "、")
    return [u.strip() for u in text.split("、") if u.strip()]


def parse_values(text: str) -> list[dict[str, str]]:
    """``新增企业=12 家`` lines into [{indicator, value, unit}] (the value is checked later)."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, rest = line.replace("＝", "=").partition("=")
        if not sep:
            raise Invalid(f"实际值“{line.strip()[:40]}”应写作“指标=数值 单位” / write indicator=value unit",
                          "values")
        value, _, unit = rest.strip().partition(" ")
        out.append({"indicator": name.strip(), "value": value.strip(), "unit": unit.strip()})
    return out


def task_of(request: Request, campaign_id: str, task_id: str) -> int:
    """The task's id, when it is a task of the campaign; NotFound otherwise."""
    tid = path_id(task_id)
    if not supervision.task_in_campaign(engine(request), tid, path_id(campaign_id)):
        raise NotFound("任务不存在 / not found")
    return tid


@twin(router, "/campaign/{campaign_id}/task/{task_id}", template="task.html", model=TaskPage,
      summary="任务：责任单位、各期报告、意见；填报表（cycle=期数、unit=代报单位）预填本期已有的报告")
def task(request: Request, campaign_id: str, task_id: str) -> dict[str, Any]:
    me, store = actor(request), engine(request)
    saved = request.query_params.get("saved", "")
    data = supervision.task_view(store, me, task_of(request, campaign_id, task_id),
                                 cycle=query_int(request, "cycle"), unit_id=query_int(request, "unit")) | {
        "saved": saved if saved in {"draft", "submitted"} else "", "errors": {}, "conflict": None,
        "returned": query_int(request, "returned")}
    if me.role == "office":
        data["unit_choices"] = supervision.unit_choices(store, me, path_id(campaign_id))
    return data


async def report_again(request: Request, tid: int, exc: SupervisionError,
                       held: list[dict[str, Any]] | None = None) -> Response:
    """The task page with the report form as it was sent: each error beside its field, or for a
    conflict the stored report beside the one sent (saving again then keeps the one sent); the files
    sent are ``held`` for the next try (unless a file itself was refused)."""
    raw = await request.form(max_part_size=MAX_BODY)

    def text(name: str) -> str:
        value = raw.get(name)
        return clean(value) if isinstance(value, str) else ""

    def number(name: str) -> int | None:
        value = text(name).strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None

    data = supervision.task_view(engine(request), actor(request), tid, cycle=number("cycle"),
                                 unit_id=number("unit_id"))
    form = data["form"]
    sent = {"status": text("status"), "percent": text("percent"), "narrative": text("narrative"),
            "values": text("values"), "consolidated": text("consolidated") in {"1", "on", "true"}}
    stored = next((r for r in data["reports"] if r["id"] == form["report_id"]), None)
    conflict, errors, status = None, dict(getattr(exc, "fields", {})), 400
    if isinstance(exc, Conflict):
        status = 409
        conflict = {"message": str(exc), "theirs": stored, "yours": sent,
                    "mine": bool(stored and stored.get("submitted_by") == actor(request).id)}
        form |= sent  # the version stays the stored one: saving again is a deliberate overwrite
    else:
        form |= sent | {"version": number("version")}
        errors.setdefault("_", str(exc))
    form["held"] = held or []
    if not held and any(getattr(f, "filename", "") for f in raw.getlist("file")):
        errors.setdefault("file", "附件未保存，请重新选择 / choose the files again")
    data |= {"form": form, "errors": errors, "conflict": conflict, "saved": ""}
    return page(request, "task.html", data, status)


@form(router, "/campaign/{campaign_id}/task/{task_id}/report", summary="填报进展（可附文件）", model=ReportSaved,
      body=ReportIn)
async def report(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    me, store = actor(request), engine(request)
    tid = task_of(request, campaign_id, task_id)
    uploads: list[tuple[str, bytes]] = []
    held: list[dict[str, Any]] = []
    checked = False
    try:
        data, files = await read(request, ReportIn)
        held = supervision.held_files(store, me, [int(x) for x in re.findall(r"\d{1,18}", data.held)])
        uploads = [(f.filename, await f.read(supervision.MAX_ATTACHMENT + 1)) for f in files.get("file", [])]
        for name, content in uploads:  # every file is checked before anything is saved
            supervision.check_attachment(name, content)
        checked = True
        values = None if data.values is None else parse_values(data.values)
        result = supervision.submit_report(store, me, tid, data.cycle, data.status, data.percent, data.narrative,
                                           values, data.version, data.unit_id, data.consolidated,
                                           draft=data.draft, files=len(uploads) + len(held))
    except (Invalid, Conflict) as exc:
        if is_api(request):
            raise
        if checked and uploads:  # kept for the next try: the files need not be chosen again
            held += supervision.hold_attachments(store, me, uploads)
        return await report_again(request, tid, exc, held)
    for name, content in uploads:
        supervision.add_attachment(store, me, result.id, name, content)
    supervision.claim_held(store, me, result.id, [int(h["id"]) for h in held])
    unit = f"&unit={data.unit_id}" if data.unit_id and me.role == "office" else ""
    return Done({"id": result.id, "version": result.version, "late": result.late, "draft": result.draft,
                 "repeated": result.repeated},
                f"/campaign/{campaign_id}/task/{tid}?saved={'draft' if result.draft else 'submitted'}"
                f"&cycle={data.cycle}{unit}#report-form")


@form(router, "/campaign/{campaign_id}/task/{task_id}/edit", summary="修改任务（序号、标题、内容、完成时限）",
      model=Versioned, body=TaskEdit)
async def edit_task(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, TaskEdit)
        tid = task_of(request, campaign_id, task_id)
        changes = {k: v for k, v in data.model_dump(exclude={"version"}).items() if v is not None}
        if "deadline" in data.model_fields_set:
            changes["deadline"] = data.deadline or None
        version = supervision.edit_task(engine(request), actor(request), tid, data.version, **changes)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "edit")
    return Done({"version": version}, f"/campaign/{campaign_id}/task/{tid}")


@form(router, "/campaign/{campaign_id}/tasks", summary="补充一项任务", model=Created, body=TaskAdd)
async def add_task(request: Request, campaign_id: str) -> Done | Response:
    try:
        data, _ = await read(request, TaskAdd)
        units: list[tuple[int | str, str]] = [(u, "lead") for u in split_units(data.lead)]
        units += [(u, "support") for u in split_units(data.support)]
        tid = supervision.add_task(engine(request), actor(request), path_id(campaign_id), data.text, data.number,
                                   data.heading, data.deadline, units)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "campaign.html", lambda: campaign(request, campaign_id), "add")
    return Done({"id": tid}, f"/campaign/{campaign_id}/task/{tid}")


@form(router, "/campaign/{campaign_id}/task/{task_id}/split", summary="拆分任务（每行一项）", model=Made, body=Split)
async def split(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, Split)
        made = supervision.split_task(engine(request), actor(request), task_of(request, campaign_id, task_id),
                                      data.version, data.parts.splitlines())
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "split")
    return Done({"ids": made}, f"/campaign/{campaign_id}")


@form(router, "/campaign/{campaign_id}/merge", summary="合并任务", model=Created, body=Merge)
async def merge(request: Request, campaign_id: str) -> Done | Response:
    try:
        data, _ = await read(request, Merge)
        ids = [task_of(request, campaign_id, x.strip()) for x in data.ids.replace("，", ",").split(",") if x.strip()]
        tid = supervision.merge_tasks(engine(request), actor(request), ids, data.text)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "campaign.html", lambda: campaign(request, campaign_id), "merge")
    return Done({"id": tid}, f"/campaign/{campaign_id}/task/{tid}")


@form(router, "/campaign/{campaign_id}/task/{task_id}/assign", summary="为任务增加责任单位或改变其角色",
      model=Assigned, body=Assign)
async def assign(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, Assign)
        tid = task_of(request, campaign_id, task_id)
        unit_id = supervision.assign_unit(engine(request), actor(request), tid, data.unit, data.role)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "assign")
    return Done({"unit_id": unit_id}, f"/campaign/{campaign_id}/task/{tid}")


@form(router, "/campaign/{campaign_id}/task/{task_id}/unassign", summary="移除任务的一个责任单位", model=Ok,
      body=Unassign)
async def unassign(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, Unassign)
        tid = task_of(request, campaign_id, task_id)
        supervision.unassign_unit(engine(request), actor(request), tid, data.unit_id)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "unassign")
    return Done({"ok": True}, f"/campaign/{campaign_id}/task/{tid}")


@form(router, "/campaign/{campaign_id}/task/{task_id}/archive", summary="归档任务（不删除）", model=Versioned,
      body=Archive)
async def archive(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, Archive)
        tid = task_of(request, campaign_id, task_id)
        version = supervision.archive_task(engine(request), actor(request), tid, data.version, data.reason)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "archive")
    return Done({"version": version}, f"/campaign/{campaign_id}")


@form(router, "/campaign/{campaign_id}/task/{task_id}/comment", summary="对任务发表意见（批示）", model=Created,
      body=CommentIn)
async def task_comment(request: Request, campaign_id: str, task_id: str) -> Done | Response:
    try:
        data, _ = await read(request, CommentIn)
        tid = task_of(request, campaign_id, task_id)
        cid = supervision.comment(engine(request), actor(request), "task", tid, data.text)
    except (Invalid, Conflict) as e:  # the page again, the form as typed, the reason above it
        return await refused(request, e, "task.html", lambda: task(request, campaign_id, task_id), "comment")
    return Done({"id": cid}, f"/campaign/{campaign_id}/task/{tid}")


DOWNLOAD = {200: {"description": "附件文件本身", "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}}


@router.get("/attachment/{attachment_id}", include_in_schema=False)
@router.get("/api/attachment/{attachment_id}", summary="下载报告附件", response_class=Response, responses=DOWNLOAD)
def download(request: Request, attachment_id: str) -> Response:
    name, ctype, data = supervision.attachment(engine(request), actor(request), path_id(attachment_id))
    return Response(data, media_type=ctype, headers={"Content-Disposition": disposition(name),
                                                     "X-Content-Type-Options": "nosniff",
                                                     "Cache-Control": "no-store"})  # a unit's file, never kept
