"""Supervision and dispatch (督查调度): campaigns, reviewed tasks, reports, traffic lights, the issue ledger.

A campaign is made from a stored plan: its extracted tasks and unit assignments are copied, the
supervision office reviews them (correct, split, merge, add a unit, set a deadline) and publishes.
Every responsible unit then reports each cycle (:mod:`zhengce.cycles`); the lead unit sees its
supporting units' reports and submits the consolidated one. Late and missing reports are flagged,
each task gets a traffic light, and problems go through the ledger: raised, assigned with a
deadline (交办), chased (督办), escalated, resolved, closed (销号) or reopened.

Every function takes the acting user (:class:`zhengce.accounts.Actor`) and checks what that user may
see or change; every write goes into the audit log in the same transaction. Rows that people edit
carry a version: a save that names an older version than the stored one is a :class:`Conflict`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from zhengce.access.accounts import Actor, _aware, audit, local, now
from zhengce.access.accounts import today as today_cn
from zhengce.calendar.cycles import Cycle, CycleRule, RuleError, cycles, month_grid, rule_from_text
from zhengce.calendar.workdays import working_days_between
from zhengce.db import DocumentRow, SourceRow, TargetRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.db.tracking import (
    AssignmentRow,
    AttachmentRow,
    CampaignRow,
    CampaignTaskRow,
    CommentRow,
    IssueEventRow,
    IssueRow,
    ReportRow,
    UserRow,
)
from zhengce.extract.deadlines import find_deadlines
from zhengce.extract.units import jurisdiction_of, resolve
from zhengce.text.lexicon import issued_title
from zhengce.text.normalise import fold

STATUSES = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "behind": "滞后"}
LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
ROLES = {"lead": "牵头", "support": "配合", "territorial": "属地"}
ISSUE_STATUSES = {"open": "待交办", "assigned": "已交办", "resolved": "已办结", "closed": "已销号"}
ISSUE_ACTIONS = {"assign": "交办", "chase": "督办", "escalate": "升级", "resolve": "办结", "close": "销号",
                 "reopen": "重新打开", "comment": "批示/意见", "archive": "归档（重复或误登记）"}
DEFAULT_SETTINGS: dict[str, Any] = {
    # 亮灯: yellow when a deadline is this many working days away and the task is not done, or when the
    # reported percent trails the time elapsed by more than behind_gap points; red once overdue
    "lights": {"yellow_workdays": 5, "behind_gap": 20},
    # the weights of the three rates a unit's score is made of (see :mod:`zhengce.scoring`)
    "weights": {"reports": 50, "tasks": 30, "issues": 20},
    "escalation": ["责任单位", "牵头单位", "专班办公室", "分管领导"],
}
AUDIT_ACTIONS = {
    "campaign.create": "建立督办事项", "campaign.update": "修改督办事项", "task.add": "补充任务",
    "task.edit": "修改任务", "task.split": "拆分任务", "task.merge": "合并任务", "task.archive": "归档任务",
    "task.assign": "增加责任单位", "task.unassign": "移除责任单位", "report.submit": "提交报告",
    "report.update": "修改报告", "report.draft": "保存报告草稿",
    "attachment.add": "上传附件", "comment.add": "发表意见", "issue.raise": "登记问题", "score.adjust": "加减分",
    "unit.add": "增加单位", "user.add": "增加用户", "user.role": "修改用户角色", "user.disable": "停用用户",
    "user.enable": "启用用户", "user.password": "修改密码", "user.reset": "重置密码", "token.add": "新建 API 令牌",
    "token.revoke": "吊销 API 令牌", "match.batch": "批量匹配",
} | {f"issue.{k}": f"问题{v}" for k, v in ISSUE_ACTIONS.items()}
ENTITY_NAMES = {"campaign": "督办事项", "task": "任务", "report": "报告", "issue": "问题", "user": "用户",
                "unit": "单位", "token": "令牌", "comment": "意见", "calendar": "工作日历"}
CHANGE_FIELDS = {"number": "序号", "heading": "标题", "text": "内容", "deadline": "完成时限", "archived": "已归档",
                 "note": "说明", "status": "状态", "percent": "完成百分比", "narrative": "工作进展", "values": "实际值",
                 "consolidated": "汇总报告", "draft": "草稿", "task": "任务", "unit": "单位", "cycle": "周期",
                 "name": "名称", "rule": "调度规则", "start": "开始", "end": "结束", "settings": "设置",
                 "units": "责任单位", "role": "角色", "title": "标题", "points": "分值", "reason": "理由",
                 "filename": "文件名", "size": "大小", "kind": "类型", "level": "层级", "jurisdiction": "辖区",
                 "sessions_ended": "结束的会话", "tokens_revoked": "吊销的令牌", "one_time": "一次性密码"}
_VALUE_NAMES = {**STATUSES, **ROLES, **ISSUE_STATUSES, "draft": "待审核", "published": "已发布", "archived": "已归档"}


def describe_change(change: Any) -> str:
    """An audit entry's before or after as a reader reads it: Chinese field names, values as written
    (no JSON escapes), codes of statuses and roles in Chinese."""
    if not change:
        return ""
    if not isinstance(change, dict):
        return _plain_value(change)
    return "；".join(f"{CHANGE_FIELDS.get(k, k)}：{_plain_value(v)}" for k, v in change.items())


def _plain_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_plain_value(v) for v in value) or "—"
    if isinstance(value, dict):
        if "indicator" in value:
            return f"{value.get('indicator')}={value.get('value')}{value.get('unit') or ''}"
        return "，".join(f"{CHANGE_FIELDS.get(k, k)} {_plain_value(v)}" for k, v in value.items())
    text = str(value)
    return _VALUE_NAMES.get(text, text)


ISSUE_RIGHTS = {"office": list(ISSUE_ACTIONS), "leader": ["chase", "comment"], "reporter": ["resolve", "comment"]}
MAX_ATTACHMENT = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".doc": ("application/msword", [b"\xd0\xcf\x11\xe0"]),
    ".xls": ("application/vnd.ms-excel", [b"\xd0\xcf\x11\xe0"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".txt": ("text/plain; charset=utf-8", []),
}


class SupervisionError(Exception):
    """Base of the errors below; the message is for the user, in Chinese and English."""


class Forbidden(SupervisionError):
    pass


class NotFound(SupervisionError):
    pass


class Conflict(SupervisionError):
    pass


class Invalid(SupervisionError):
    """Refused input; ``field`` names the form field at fault (the page shows the message beside it)."""

    def __init__(self, message: str, field: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})
        if field:
            self.fields.setdefault(field, message)


# --- helpers -------------------------------------------------------------------------------------


def _require(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        if actor.role == "public":
            raise Forbidden("请先登录 / please sign in")
        raise Forbidden("无权进行此操作 / not allowed for your role")


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _snapshot(row: Any, fields: list[str]) -> dict[str, Any]:
    return {f: _plain(getattr(row, f)) for f in fields}


TASK_FIELDS = ["number", "heading", "text", "deadline", "archived", "note"]


MAX_ID = 2**63 - 1  # the largest id a database integer holds


def _get(session: Session, model: Any, ident: int, what: str) -> Any:
    if not isinstance(ident, int) or not 0 < ident <= MAX_ID:
        raise NotFound(f"{what}不存在 / not found")
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"{what}不存在 / not found")
    return row


def _check_version(row: Any, version: int | None) -> None:
    if version is not None and row.version != version:
        raise Conflict(f"该记录已被他人修改（当前版本 {row.version}，您编辑的是版本 {version}），请刷新后再保存"
                       " / changed by someone else since you opened it; reload and save again")


def _settings(c: CampaignRow) -> dict[str, Any]:
    merged = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in DEFAULT_SETTINGS.items()}
    for k, v in (c.settings or {}).items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k].update(v)
        else:
            merged[k] = v
    return merged


UNIT_KINDS = {"government": "人民政府", "department": "政府工作部门", "office": "办事机构", "party": "党委部门",
              "mass": "群团组织", "judicial": "政法机关", "vertical": "垂直管理单位", "service": "事业单位",
              "park": "园区", "enterprise": "企业", "school": "学校", "township": "乡镇（街道）",
              "generic": "集合名称（不计分）"}
UNIT_LEVELS = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级"}


def _unit(session: Session, unit: int | str, jurisdiction: str | None) -> UnitRow:
    """A unit of the registry by id or by name: the name as the registry spells it, or as the
    extraction resolves it. A name the registry does not hold is refused — never created here, so a
    typing slip cannot become a unit (the office adds units with :func:`add_unit`)."""
    if isinstance(unit, int) or (str(unit).strip().isascii() and str(unit).strip().isdigit()):
        return _get(session, UnitRow, int(unit), "单位")
    name = str(unit).strip()
    if not name or len(name) > 100:
        raise Invalid("请填写单位名称 / give a unit name", "unit")
    same = list(session.scalars(select(UnitRow).where(UnitRow.canonical == name)))
    here = [u for u in same if u.jurisdiction == jurisdiction]
    if len(here) == 1 or len(same) == 1:
        return here[0] if here else same[0]
    res = resolve(name, jurisdiction_of(f"{jurisdiction}人民政府" if jurisdiction else None))
    row = session.scalar(select(UnitRow).where(
        UnitRow.canonical == res.canonical,
        UnitRow.jurisdiction.is_(None) if res.jurisdiction is None else UnitRow.jurisdiction == res.jurisdiction))
    if row is None:
        raise Invalid(f"单位名录中没有“{name}”，请从列表中选择；名录缺少的单位由督查室先行增加"
                      " / not in the unit registry: pick one from the list", "unit")
    return row


def add_unit(engine: Engine, actor: Actor, campaign_id: int, name: str, kind: str, level: str | None) -> int:
    """The office adds a unit to the registry, in the campaign's jurisdiction, with its kind and level."""
    _require(actor, "office")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise Invalid("请填写单位全称 / give the unit's full name", "name")
    if kind not in UNIT_KINDS:
        raise Invalid("请选择单位类型 / choose the unit's kind", "kind")
    if level not in UNIT_LEVELS:
        raise Invalid("请选择单位层级 / choose the unit's level", "level")
    with Session(engine) as session, session.begin():
        c = _campaign(session, actor, campaign_id)
        if session.scalar(select(UnitRow.id).where(UnitRow.canonical == name, UnitRow.jurisdiction == c.jurisdiction
                                                   if c.jurisdiction else UnitRow.jurisdiction.is_(None))):
            raise Invalid(f"“{name}”已在单位名录中 / the unit is already in the registry", "name")
        row = UnitRow(jurisdiction=c.jurisdiction, canonical=name, kind=kind, level=level)
        session.add(row)
        session.flush()
        audit(session, actor, "unit.add", "unit", row.id, None,
              {"name": name, "kind": kind, "level": level, "jurisdiction": c.jurisdiction})
        return row.id


def unit_choices(engine: Engine, actor: Actor, campaign_id: int) -> list[dict[str, Any]]:
    """The registry's units a campaign picks from: those of its jurisdiction and those it already
    assigns, each with its kind in Chinese; collective names are marked as groups."""
    from zhengce.supervision.scoring import is_group

    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        assigned = select(AssignmentRow.unit_id).join(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id)
        rows = session.scalars(select(UnitRow).where(
            (UnitRow.jurisdiction == c.jurisdiction) | UnitRow.id.in_(assigned), UnitRow.kind != "unresolved")
            .order_by(UnitRow.canonical)).all()
        return [{"id": u.id, "name": u.canonical, "kind": u.kind, "kind_name": UNIT_KINDS.get(u.kind, "其他"),
                 "level": u.level, "group": is_group(u)} for u in rows]


def task_labels(session: Session, tasks: list[CampaignTaskRow]) -> dict[int, dict[str, str]]:
    """Each task's number with its context: the labels of its parent headings before its own number
    (``二、（三）2.``, unique across sections where ``2.`` alone is not) and the parent headings
    themselves (``主要任务 › 优化政务服务``), from the extraction; one query for all the tasks."""
    sources = {t.source_task_id for t in tasks if t.source_task_id}
    parents: dict[int, list[dict[str, str]]] = {}
    if sources:
        for tid, data in session.execute(select(TaskRow.id, TaskRow.data).where(TaskRow.id.in_(sources))).all():
            parents[tid] = [p for p in (data or {}).get("parents", []) if isinstance(p, dict)]
    out = {}
    for t in tasks:
        chain = parents.get(t.source_task_id or 0, [])
        prefix = "".join(str(p.get("label") or "") for p in chain)
        out[t.id] = {"task_label": (prefix + t.number) if t.number else (prefix or t.heading[:20]),
                     "context": " › ".join(str(p.get("heading") or "") for p in chain if p.get("heading"))}
    return out


def _group(u: UnitRow) -> bool:
    from zhengce.supervision.scoring import is_group

    return is_group(u)


def _rule(c: CampaignRow) -> CycleRule:
    return CycleRule.parse(c.rule)


def _cycles(c: CampaignRow) -> list[Cycle]:
    return cycles(_rule(c), c.start, c.end)


def _units_of(session: Session, task_ids: list[int]) -> dict[int, list[tuple[AssignmentRow, UnitRow]]]:
    out: dict[int, list[tuple[AssignmentRow, UnitRow]]] = defaultdict(list)
    if task_ids:
        for a, u in session.execute(select(AssignmentRow, UnitRow).join(UnitRow, UnitRow.id == AssignmentRow.unit_id)
                                    .where(AssignmentRow.campaign_task_id.in_(task_ids),
                                           AssignmentRow.archived.is_(False))
                                    .order_by(AssignmentRow.id)).all():
            out[a.campaign_task_id].append((a, u))
    return out


def _campaign_visible(session: Session, actor: Actor, c: CampaignRow) -> bool:
    if actor.role in {"office", "leader"}:
        return True
    if actor.role != "reporter" or c.status != "published" or actor.unit_id is None:
        return False
    return session.scalar(select(AssignmentRow.id).join(CampaignTaskRow)
                          .where(CampaignTaskRow.campaign_id == c.id, AssignmentRow.unit_id == actor.unit_id,
                                 AssignmentRow.archived.is_(False), CampaignTaskRow.archived.is_(False))
                          .limit(1)) is not None


def _campaign(session: Session, actor: Actor, campaign_id: int) -> CampaignRow:
    _require(actor, "office", "leader", "reporter")
    c = _get(session, CampaignRow, campaign_id, "督办事项")
    if not _campaign_visible(session, actor, c):
        raise NotFound("督办事项不存在 / not found")  # a reporter learns nothing of campaigns not theirs
    return c


def _task(session: Session, actor: Actor, task_id: int) -> tuple[CampaignTaskRow, CampaignRow, str | None]:
    """A campaign task the actor may see, its campaign, and the actor's unit's role in it."""
    _require(actor, "office", "leader", "reporter")
    t = _get(session, CampaignTaskRow, task_id, "任务")
    c = session.get(CampaignRow, t.campaign_id)
    assert c is not None
    role = None
    if actor.unit_id is not None:
        role = session.scalar(select(AssignmentRow.role).where(
            AssignmentRow.campaign_task_id == t.id, AssignmentRow.unit_id == actor.unit_id,
            AssignmentRow.archived.is_(False)))
    if actor.role == "reporter" and (role is None or c.status != "published" or t.archived):
        raise NotFound("任务不存在 / not found")
    return t, c, role


# --- campaigns -----------------------------------------------------------------------------------


def _task_due(task: TaskRow, doc: DocumentRow) -> date | None:
    """The last date a stored task's text sets (found at ingest, ``zhengce.extract.facts``); a task
    stored before ingest kept them is read again, in the document's year."""
    if "deadlines" in task.data:
        return date.fromisoformat(max(task.data["deadlines"])) if task.data["deadlines"] else None
    year = doc.year or today_cn().year
    dates = [d.date for d in find_deadlines(task.text, year=year, signed=doc.signed) if d.date]
    return max(dates) if dates else None


def create_campaign(engine: Engine, actor: Actor, document_id: int, rule: str | None = None,
                    start: date | None = None, end: date | None = None, name: str | None = None) -> int:
    """A draft campaign from a stored plan: its tasks and unit assignments copied for review."""
    _require(actor, "office")
    with Session(engine) as session, session.begin():
        doc = _get(session, DocumentRow, document_id, "文档")
        tasks = list(session.scalars(select(TaskRow).where(TaskRow.document_id == doc.id).order_by(TaskRow.ordinal)))
        if not tasks:
            raise Invalid("该文件没有提取到任务，无法建立督办事项 / the document has no tasks to track")
        source = session.get(SourceRow, doc.source_id)
        body = source.text[doc.start : doc.end] if source else ""
        try:
            parsed = CycleRule.parse(rule) if rule else (rule_from_text(body) or CycleRule("month", "next", 5))
        except RuleError as e:
            raise Invalid(str(e)) from e
        first = start or doc.signed or doc.published or today_cn()
        deadlines = {t.id: _task_due(t, doc) for t in tasks}
        # the plan's own period (…行动方案（2024—2027年）) or term, when it runs beyond its tasks' deadlines
        span = re.search(r"(?:19|20)\d{2}\s*[—\-–~－至到]+\s*((?:19|20)\d{2})\s*年", fold(doc.title or ""))
        plan_end = [date(int(span.group(1)), 12, 31)] if span else []
        plan_end += [doc.expires_on] if doc.expires_on else []
        last = end or max([d for d in deadlines.values() if d] + [date(first.year, 12, 31)] + plan_end)
        if last < first:
            raise Invalid("结束日期早于开始日期 / the end date lies before the start date")
        try:
            cycles(parsed, first, last)
        except RuleError as e:
            raise Invalid(str(e)) from e
        default = issued_title(doc.title) or doc.title  # 关于印发《X方案》的通知 → X方案
        c = CampaignRow(document_id=doc.id, name=(name or default or "督办事项")[:500], doc_number=doc.doc_number,
                        jurisdiction=doc.jurisdiction, status="draft", rule=parsed.spec, start=first, end=last,
                        settings={}, created_by=actor.id, created_at=now())
        session.add(c)
        session.flush()
        links = session.execute(select(TaskUnitRow).where(TaskUnitRow.task_id.in_([t.id for t in tasks]))
                                .order_by(TaskUnitRow.id)).scalars().all()
        by_task: dict[int, list[TaskUnitRow]] = defaultdict(list)
        for link in links:
            by_task[link.task_id].append(link)
        for k, t in enumerate(tasks):
            row = CampaignTaskRow(campaign_id=c.id, source_task_id=t.id, position=k, number=t.number,
                                  heading=t.heading, text=t.text, deadline=deadlines[t.id], archived=False, note="")
            session.add(row)
            session.flush()
            seen: set[int] = set()
            for link in by_task[t.id]:
                if link.unit_id not in seen:
                    seen.add(link.unit_id)
                    session.add(AssignmentRow(campaign_task_id=row.id, unit_id=link.unit_id, role=link.role))
        audit(session, actor, "campaign.create", "campaign", c.id, None,
              {"document_id": doc.id, "name": c.name, "rule": c.rule, "start": _plain(first), "end": _plain(last),
               "tasks": len(tasks)})
        return c.id


def update_campaign(engine: Engine, actor: Actor, campaign_id: int, version: int | None, **changes: Any) -> int:
    """Change name, rule, start, end, status (draft → published → archived) or settings."""
    _require(actor, "office")
    fields = ["name", "rule", "start", "end", "status", "settings"]
    with Session(engine) as session, session.begin():
        c = _get(session, CampaignRow, campaign_id, "督办事项")
        _check_version(c, version)
        before = _snapshot(c, fields)
        for key, value in changes.items():
            if key not in fields:
                raise Invalid(f"不能修改 {key} / cannot change {key}")
            if value is None:
                continue
            if key == "rule":
                try:
                    value = CycleRule.parse(value).spec
                except RuleError as e:
                    raise Invalid(str(e)) from e
            if key == "status" and value not in {"draft", "published", "archived"}:
                raise Invalid("状态应为 draft、published 或 archived / unknown status")
            if key == "settings" and not isinstance(value, dict):
                raise Invalid("settings 应为对象 / settings must be an object")
            setattr(c, key, value)
        if c.end < c.start:
            raise Invalid("结束日期早于开始日期 / the end date lies before the start date")
        try:
            _cycles(c)
        except RuleError as e:
            raise Invalid(str(e)) from e
        _flush(session)
        audit(session, actor, "campaign.update", "campaign", c.id, before, _snapshot(c, fields))
        return c.version


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as e:
        raise Conflict("该记录刚被他人修改，请刷新后再保存 / changed by someone else just now; reload and save") from e


def list_campaigns(engine: Engine, actor: Actor) -> list[dict[str, Any]]:
    _require(actor, "office", "leader", "reporter")
    with Session(engine) as session:
        rows = session.scalars(select(CampaignRow).order_by(CampaignRow.id.desc())).all()
        return [_campaign_dict(c) for c in rows if _campaign_visible(session, actor, c)]


def list_campaign(engine: Engine, actor: Actor, campaign_id: int) -> dict[str, Any]:
    """One campaign's summary, if the user may see it."""
    with Session(engine) as session:
        return _campaign_dict(_campaign(session, actor, campaign_id))


def _campaign_dict(c: CampaignRow) -> dict[str, Any]:
    rule = _rule(c)
    return {"id": c.id, "name": c.name, "doc_number": c.doc_number, "document_id": c.document_id,
            "jurisdiction": c.jurisdiction, "status": c.status,
            "status_name": {"draft": "待审核发布", "published": "已发布", "archived": "已归档"}[c.status],
            "rule": c.rule, "rule_text": rule.describe(), "start": c.start.isoformat(), "end": c.end.isoformat(),
            "version": c.version, "url": f"/campaign/{c.id}"}


# --- the review of tasks -------------------------------------------------------------------------


def _task_snapshot(session: Session, t: CampaignTaskRow) -> dict[str, Any]:
    units = _units_of(session, [t.id]).get(t.id, [])
    return _snapshot(t, TASK_FIELDS) | {"units": [{"unit": u.canonical, "role": a.role} for a, u in units]}


def _editable(session: Session, actor: Actor, task_id: int) -> tuple[CampaignTaskRow, CampaignRow]:
    _require(actor, "office")
    t = _get(session, CampaignTaskRow, task_id, "任务")
    c = session.get(CampaignRow, t.campaign_id)
    assert c is not None
    if c.status == "archived":
        raise Invalid("督办事项已归档，不能修改 / the campaign is archived")
    return t, c


def _date(value: Any, what: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise Invalid(f"{what}不是有效日期（应如 2025-06-30）/ not a date") from e


def edit_task(engine: Engine, actor: Actor, task_id: int, version: int | None, **changes: Any) -> int:
    """Correct a task's number, heading, text or deadline; returns the new version."""
    with Session(engine) as session, session.begin():
        t, _ = _editable(session, actor, task_id)
        _check_version(t, version)
        before = _task_snapshot(session, t)
        for key, value in changes.items():
            if key not in {"number", "heading", "text", "deadline"}:
                raise Invalid(f"不能修改 {key} / cannot change {key}")
            if key == "deadline":
                t.deadline = _date(value, "完成时限")
            elif value is not None:
                if key == "text" and not str(value).strip():
                    raise Invalid("任务内容不能为空 / a task needs its text")
                setattr(t, key, str(value)[:40] if key == "number" else str(value))
        _flush(session)
        audit(session, actor, "task.edit", "task", t.id, before, _task_snapshot(session, t))
        return t.version


def add_task(engine: Engine, actor: Actor, campaign_id: int, text: str, number: str = "", heading: str = "",
             deadline: Any = None, units: list[tuple[int | str, str]] | None = None) -> int:
    """A task the extraction missed, with its units as (unit, role) pairs."""
    _require(actor, "office")
    if not text.strip():
        raise Invalid("任务内容不能为空 / a task needs its text")
    with Session(engine) as session, session.begin():
        c = _get(session, CampaignRow, campaign_id, "督办事项")
        last = session.scalar(select(CampaignTaskRow.position).where(CampaignTaskRow.campaign_id == c.id)
                              .order_by(CampaignTaskRow.position.desc()).limit(1))
        t = CampaignTaskRow(campaign_id=c.id, source_task_id=None, position=(last or 0) + 1, number=number[:40],
                            heading=heading, text=text, deadline=_date(deadline, "完成时限"), archived=False,
                            note="人工添加")
        session.add(t)
        session.flush()
        for unit, role in units or []:
            _assign(session, c, t, unit, role)
        audit(session, actor, "task.add", "task", t.id, None, _task_snapshot(session, t))
        return t.id


def _assign(session: Session, c: CampaignRow, t: CampaignTaskRow, unit: int | str, role: str) -> AssignmentRow:
    if role not in ROLES:
        raise Invalid("角色应为 lead（牵头）、support（配合）或 territorial（属地）/ unknown role")
    u = _unit(session, unit, c.jurisdiction)
    existing = session.scalar(select(AssignmentRow).where(AssignmentRow.campaign_task_id == t.id,
                                                          AssignmentRow.unit_id == u.id,
                                                          AssignmentRow.archived.is_(False)))
    if existing is not None:
        existing.role = role
        return existing
    a = AssignmentRow(campaign_task_id=t.id, unit_id=u.id, role=role, archived=False)
    session.add(a)
    session.flush()
    return a


def assign_unit(engine: Engine, actor: Actor, task_id: int, unit: int | str, role: str) -> int:
    """Add a unit to a task (or change its role); returns the unit's id."""
    with Session(engine) as session, session.begin():
        t, c = _editable(session, actor, task_id)
        before = _task_snapshot(session, t)
        a = _assign(session, c, t, unit, role)
        audit(session, actor, "task.assign", "task", t.id, before, _task_snapshot(session, t))
        return a.unit_id


def unassign_unit(engine: Engine, actor: Actor, task_id: int, unit_id: int) -> None:
    with Session(engine) as session, session.begin():
        t, _ = _editable(session, actor, task_id)
        before = _task_snapshot(session, t)
        rows = session.scalars(select(AssignmentRow).where(AssignmentRow.campaign_task_id == t.id,
                                                           AssignmentRow.unit_id == unit_id,
                                                           AssignmentRow.archived.is_(False))).all()
        if not rows:
            raise NotFound("该单位不在此任务中 / the unit is not on this task")
        for a in rows:
            a.archived = True
        session.flush()
        audit(session, actor, "task.unassign", "task", t.id, before, _task_snapshot(session, t))


def split_task(engine: Engine, actor: Actor, task_id: int, version: int | None, texts: list[str]) -> list[int]:
    """Split a task into several, each with the same units; the original is archived, not deleted."""
    texts = [x.strip() for x in texts if x and x.strip()]
    if len(texts) < 2:
        raise Invalid("拆分至少需要两段任务内容 / a split needs at least two texts")
    with Session(engine) as session, session.begin():
        t, c = _editable(session, actor, task_id)
        _check_version(t, version)
        before = _task_snapshot(session, t)
        units = _units_of(session, [t.id]).get(t.id, [])
        made = []
        for k, text in enumerate(texts, 1):
            part = CampaignTaskRow(campaign_id=c.id, source_task_id=t.source_task_id, position=t.position,
                                   number=f"{t.number}-{k}"[:40], heading=t.heading, text=text, deadline=t.deadline,
                                   archived=False, note=f"由任务 {t.number} 拆分")
            session.add(part)
            session.flush()
            for a, _u in units:
                session.add(AssignmentRow(campaign_task_id=part.id, unit_id=a.unit_id, role=a.role, archived=False))
            made.append(part.id)
        t.archived = True
        t.note = "已拆分为 " + "、".join(f"{t.number}-{k}" for k in range(1, len(texts) + 1))
        _flush(session)
        audit(session, actor, "task.split", "task", t.id, before, _task_snapshot(session, t) | {"into": made})
        return made


def merge_tasks(engine: Engine, actor: Actor, task_ids: list[int], text: str | None = None) -> int:
    """Merge tasks of one campaign into one (units joined, a lead stays lead); the originals are archived."""
    ids = list(dict.fromkeys(task_ids))
    if len(ids) < 2:
        raise Invalid("合并至少需要两项任务 / a merge needs at least two tasks")
    with Session(engine) as session, session.begin():
        rows = [_editable(session, actor, i) for i in ids]
        campaigns = {c.id for _, c in rows}
        if len(campaigns) != 1:
            raise Invalid("只能合并同一督办事项中的任务 / tasks of one campaign only")
        tasks = [t for t, _ in rows]
        if any(t.archived for t in tasks):
            raise Invalid("已归档的任务不能合并 / an archived task cannot be merged")
        units = _units_of(session, ids)
        first = tasks[0]
        deadlines = [t.deadline for t in tasks if t.deadline]
        merged = CampaignTaskRow(campaign_id=first.campaign_id, source_task_id=first.source_task_id,
                                 position=first.position, number=first.number, heading=first.heading,
                                 text=text.strip() if text and text.strip() else "\n".join(t.text for t in tasks),
                                 deadline=min(deadlines) if deadlines else None, archived=False,
                                 note="由任务 " + "、".join(t.number for t in tasks) + " 合并")
        session.add(merged)
        session.flush()
        roles: dict[int, str] = {}
        for t in tasks:
            for a, _u in units.get(t.id, []):
                if roles.get(a.unit_id) != "lead":
                    roles[a.unit_id] = a.role
        for unit_id, role in roles.items():
            session.add(AssignmentRow(campaign_task_id=merged.id, unit_id=unit_id, role=role, archived=False))
        for t in tasks:
            before = _task_snapshot(session, t)
            t.archived, t.note = True, f"已合并入任务 {merged.number}（编号 {merged.id}）"
            _flush(session)
            audit(session, actor, "task.merge", "task", t.id, before, _task_snapshot(session, t))
        audit(session, actor, "task.add", "task", merged.id, None, _task_snapshot(session, merged) | {"from": ids})
        return merged.id


def archive_task(engine: Engine, actor: Actor, task_id: int, version: int | None, reason: str) -> int:
    with Session(engine) as session, session.begin():
        t, _ = _editable(session, actor, task_id)
        _check_version(t, version)
        before = _task_snapshot(session, t)
        t.archived, t.note = True, (reason or "已归档")[:500]
        _flush(session)
        audit(session, actor, "task.archive", "task", t.id, before, _task_snapshot(session, t))
        return t.version


# --- reports -------------------------------------------------------------------------------------


def _values(values: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    out = []
    for v in values or []:
        indicator = str(v.get("indicator", "")).strip()
        raw = str(v.get("value", "")).strip().replace(",", "").replace("，", "")
        if not indicator and not raw:
            continue
        if not indicator:
            raise Invalid("实际值缺少指标名称 / a value needs its indicator", "values")
        try:
            number = Decimal(raw)
        except InvalidOperation as e:
            raise Invalid(f"指标“{indicator}”的实际值“{raw}”不是数字 / not a number", "values") from e
        if not number.is_finite():
            raise Invalid(f"指标“{indicator}”的实际值不是有限数字 / not a finite number", "values")
        out.append({"indicator": indicator[:200], "value": str(number), "unit": str(v.get("unit", "")).strip()[:20]})
    return out


@dataclass(slots=True)
class ReportResult:
    id: int
    version: int
    late: bool
    draft: bool = False


def submit_report(engine: Engine, actor: Actor, task_id: int, cycle: int, status: str, percent: int,
                  narrative: str, values: list[dict[str, Any]] | None = None, version: int | None = None,
                  unit_id: int | None = None, consolidated: bool = False, today: date | None = None,
                  draft: bool = False) -> ReportResult:
    """Save a unit's report on a task for one cycle.

    A new report needs ``version`` None (or 0); changing one needs the version that was read, else
    :class:`Conflict`. A reporter reports for their own unit; the office may report for any unit of
    the task. Only the lead unit's report can be the consolidated one. With ``draft`` the report is
    saved but not submitted: it counts as not reported (not late, not on time) until it is submitted,
    and only its unit and the office see it; a submitted report cannot become a draft again.
    """
    if status not in STATUSES:
        raise Invalid("进展状态应为 未启动/推进中/已完成/滞后 / unknown status", "status")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise Invalid("完成百分比应在 0–100 之间 / percent must lie within 0–100", "percent")
    clean_values = _values(values)
    with Session(engine) as session, session.begin():
        _require(actor, "office", "reporter")
        t, c, _role = _task(session, actor, task_id)
        if c.status != "published":
            raise Invalid("督办事项尚未发布，不能填报 / the campaign is not published yet")
        if t.archived:
            raise Invalid("任务已归档 / the task is archived")
        unit = actor.unit_id if actor.role == "reporter" else unit_id
        if unit is None:
            raise Invalid("请指定填报单位 / which unit is reporting?")
        assigned = {a.unit_id: a.role for a, _u in _units_of(session, [t.id]).get(t.id, [])}
        if unit not in assigned:
            raise Forbidden("该单位不是此任务的责任单位 / the unit is not responsible for this task")
        if consolidated and assigned[unit] != "lead":
            raise Forbidden("只有牵头单位可以提交汇总报告 / only the lead unit submits the consolidated report")
        all_cycles = _cycles(c)
        if not 1 <= cycle <= len(all_cycles):
            raise Invalid(f"周期应在 1–{len(all_cycles)} 之间 / no such cycle", "cycle")
        if all_cycles[cycle - 1].start > (today or today_cn()):
            raise Invalid("该周期尚未开始 / the cycle has not begun", "cycle")
        existing = session.scalar(select(ReportRow).where(ReportRow.campaign_task_id == t.id,
                                                          ReportRow.unit_id == unit, ReportRow.cycle == cycle))
        fields = ["status", "percent", "narrative", "values", "consolidated", "draft"]
        if existing is None:
            if version:
                raise Conflict("该报告已不存在或版本不符，请刷新 / the report changed; reload")
            row = ReportRow(campaign_task_id=t.id, unit_id=unit, cycle=cycle, status=status, percent=percent,
                            narrative=narrative, values=clean_values, consolidated=consolidated, draft=draft,
                            submitted_by=actor.id, submitted_at=now())
            session.add(row)
            try:
                session.flush()
            except IntegrityError as e:
                raise Conflict("他人刚刚提交了同一份报告，请刷新后再修改 / someone submitted this report just now;"
                               " reload and edit it") from e
            audit(session, actor, "report.draft" if draft else "report.submit", "report", row.id, None,
                  _snapshot(row, fields) | {"task": t.id, "unit": unit, "cycle": cycle})
        else:
            if version is None or existing.version != version:
                raise Conflict(f"该报告已被修改（当前版本 {existing.version}），请刷新后再保存"
                               " / the report was changed by someone else; reload and save again")
            if draft and not existing.draft:
                raise Invalid("该报告已提交，不能改回草稿；请直接提交修改 / a submitted report cannot become a draft",
                              "draft")
            before = _snapshot(existing, fields)
            action = "report.draft" if draft else "report.submit" if existing.draft else "report.update"
            existing.status, existing.percent, existing.narrative = status, percent, narrative
            existing.values, existing.consolidated, existing.draft = clean_values, consolidated, draft
            existing.submitted_by, existing.submitted_at = actor.id, now()
            _flush(session)
            row = existing
            audit(session, actor, action, "report", row.id, before, _snapshot(row, fields))
        late = not draft and local(row.submitted_at).date() > all_cycles[cycle - 1].due
        return ReportResult(row.id, row.version, late, draft)


def clean_name(filename: str | None) -> str:
    """A file name as it may be stored and shown: its last path part, without control or format
    characters — bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks and
    zero-width characters — that could make ``evil\u202egpj.exe`` read as ``evilexe.jpg``."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    return name.strip()[:200]


def check_attachment(filename: str, data: bytes) -> tuple[str, str]:
    """(clean file name, content type) of an acceptable attachment, else :class:`Invalid`: at most 10 MB,
    PDF, Office, images or UTF-8 text, the content matching the name."""
    name = clean_name(filename)
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise Invalid("附件类型不支持（可用 PDF、Word、Excel、图片、文本）/ file type not accepted", "file")
    if not data:
        raise Invalid("附件为空 / the file is empty", "file")
    if len(data) > MAX_ATTACHMENT:
        raise Invalid("附件超过 10 MB / the file is larger than 10 MB", "file")
    ctype, magics = ATTACHMENT_TYPES[ext]
    if magics and not any(data.startswith(m) for m in magics):
        raise Invalid("附件内容与扩展名不符 / the file's content does not match its name", "file")
    if not magics:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Invalid("文本附件须为 UTF-8 编码 / a text file must be UTF-8", "file") from e
    return name, ctype


def add_attachment(engine: Engine, actor: Actor, report_id: int, filename: str, data: bytes) -> int:
    """Attach a file to a report (see :func:`check_attachment`)."""
    name, ctype = check_attachment(filename, data)
    with Session(engine) as session, session.begin():
        report = _get(session, ReportRow, report_id, "报告")
        _task(session, actor, report.campaign_task_id)
        if actor.role == "leader" or (actor.role == "reporter" and report.unit_id != actor.unit_id):
            raise Forbidden("只能为本单位的报告上传附件 / your own unit's reports only")
        row = AttachmentRow(report_id=report.id, filename=name, content_type=ctype, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), data=data, uploaded_by=actor.id,
                            uploaded_at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "attachment.add", "report", report.id, None,
              {"attachment": row.id, "filename": name, "size": len(data), "sha256": row.sha256})
        return row.id


def attachment(engine: Engine, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    with Session(engine) as session:
        row = _get(session, AttachmentRow, attachment_id, "附件")
        if row.archived or row.report_id is None:
            raise NotFound("附件不存在 / not found")
        report = _get(session, ReportRow, row.report_id, "报告")
        _, _, role = _task(session, actor, report.campaign_task_id)
        if actor.role == "reporter" and report.unit_id != actor.unit_id and role != "lead":
            raise NotFound("附件不存在 / not found")
        return row.filename, row.content_type, row.data


# --- traffic lights ------------------------------------------------------------------------------


def light(today: date, start: date, deadline: date | None, end: date, status: str | None, percent: int | None,
          missing: int, settings: dict[str, Any]) -> tuple[str, str]:
    """(green | yellow | red, the reason in Chinese) for one task on ``today``."""
    rules = settings.get("lights", {})
    due = deadline or end
    if status == "done" or (percent or 0) >= 100:
        return "green", "已完成"
    if today > due:
        return "red", f"已超过完成时限（{due.isoformat()}）"
    if status == "behind":
        return "yellow", "单位报告进度滞后"
    if missing:
        return "yellow", f"有 {missing} 期报告未按时报送"
    days_left = working_days_between(today, due)
    if days_left <= int(rules.get("yellow_workdays", 5)):
        return "yellow", f"距完成时限仅剩 {days_left} 个工作日"
    span = max((due - start).days, 1)
    expected = min(100, max(0, round(100 * (today - start).days / span)))
    if percent is not None and expected - percent > int(rules.get("behind_gap", 20)):
        return "yellow", f"进度 {percent}% 落后于时间进度 {expected}%"
    return "green", "正常推进"


# --- the campaign page ---------------------------------------------------------------------------


def _report_dict(r: ReportRow, unit: UnitRow, c: Cycle | None) -> dict[str, Any]:
    submitted = local(r.submitted_at)
    return {"id": r.id, "task_id": r.campaign_task_id, "unit_id": r.unit_id, "unit": unit.canonical,
            "cycle": r.cycle, "status": r.status, "status_name": STATUSES[r.status], "percent": r.percent,
            "narrative": r.narrative, "values": r.values, "consolidated": r.consolidated,
            "submitted_at": submitted.isoformat(timespec="minutes"), "version": r.version,
            "late": bool(c and not r.draft and submitted.date() > c.due), "draft": r.draft}


def values_text(values: list[dict[str, Any]] | None) -> str:
    """Reported values as the form's lines ``指标=数值 单位`` (what :func:`web_supervision.parse_values` reads)."""
    return "\n".join(f"{v.get('indicator', '')}={v.get('value', '')}" + (f" {v['unit']}" if v.get("unit") else "")
                     for v in values or [])


def campaign_view(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None,
                  upto_cycle: int | None = None) -> dict[str, Any]:
    """A campaign as its page shows it to this user: cycles, tasks with lights, late and missing reports.

    ``upto_cycle`` leaves out later cycles and their reports (what a bulletin of that cycle shows).
    """
    today = today or today_cn()
    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        settings = _settings(c)
        all_cycles = _cycles(c)
        due_cycles = [cy for cy in all_cycles if cy.due < today and (upto_cycle is None or cy.index <= upto_cycle)]
        current = next((cy for cy in all_cycles if cy.start <= today <= cy.end), None)
        tasks = list(session.scalars(select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id)
                                     .order_by(CampaignTaskRow.position, CampaignTaskRow.id)))
        units = _units_of(session, [t.id for t in tasks])
        if actor.role == "reporter":
            tasks = [t for t in tasks if not t.archived and any(a.unit_id == actor.unit_id for a, _ in units[t.id])]
        labels = task_labels(session, tasks)
        reports = list(session.execute(select(ReportRow, UnitRow).join(UnitRow, UnitRow.id == ReportRow.unit_id)
                                       .where(ReportRow.campaign_task_id.in_([t.id for t in tasks]),
                                              ReportRow.draft.is_(False),
                                              ReportRow.cycle <= (upto_cycle or len(all_cycles)))
                                       .order_by(ReportRow.cycle)).all())
        by_task: dict[int, list[tuple[ReportRow, UnitRow]]] = defaultdict(list)
        for r, u in reports:
            by_task[r.campaign_task_id].append((r, u))
        out_tasks, missing, late = [], [], []
        for t in tasks:
            assigned = units.get(t.id, [])
            rs = by_task.get(t.id, [])
            have = {(r.unit_id, r.cycle) for r, _ in rs}
            lead_ids = {a.unit_id for a, _ in assigned if a.role == "lead"} or {a.unit_id for a, _ in assigned}
            latest = max((r for r, _ in rs if r.unit_id in lead_ids), key=lambda r: (r.cycle, r.consolidated),
                         default=None)
            missed_cycles: set[int] = set()  # the light counts periods with a report missing, not unit-reports
            if not t.archived and c.status == "published":
                for cy in due_cycles:
                    if cy.start > (t.deadline or c.end):
                        continue
                    for a, u in assigned:
                        if (a.unit_id, cy.index) not in have and not _group(u):
                            missed_cycles.add(cy.index)
                            missing.append({"task_id": t.id, "number": t.number,
                                            "task_label": labels[t.id]["task_label"], "unit_id": u.id,
                                            "unit": u.canonical, "cycle": cy.index, "label": cy.label,
                                            "due": cy.due.isoformat()})
            for r, u in rs:
                cy = all_cycles[r.cycle - 1] if r.cycle <= len(all_cycles) else None
                if cy and local(r.submitted_at).date() > cy.due:
                    late.append({"task_id": t.id, "number": t.number, "task_label": labels[t.id]["task_label"],
                                 "unit_id": u.id, "unit": u.canonical,
                                 "cycle": r.cycle, "label": cy.label, "due": cy.due.isoformat(),
                                 "submitted": local(r.submitted_at).date().isoformat()})
            color, reason = light(today, c.start, t.deadline, c.end, latest.status if latest else None,
                                  latest.percent if latest else None, len(missed_cycles), settings)
            out_tasks.append({
                "id": t.id, "number": t.number, "heading": t.heading, "text": t.text, **labels[t.id],
                "deadline": _plain(t.deadline), "archived": t.archived, "note": t.note, "version": t.version,
                "url": f"/campaign/{c.id}/task/{t.id}",
                "units": [{"unit_id": u.id, "unit": u.canonical, "role": a.role, "role_name": ROLES[a.role]}
                          for a, u in assigned],
                "status": latest.status if latest else None,
                "status_name": STATUSES[latest.status] if latest else "未报送",
                "percent": latest.percent if latest else None,
                "light": None if t.archived or c.status != "published" else color,
                "light_name": "" if t.archived or c.status != "published" else LIGHTS[color],
                "light_reason": reason if not t.archived else "",
            })
        if actor.role == "reporter":
            missing = [m for m in missing if m["unit_id"] == actor.unit_id]
            late = [x for x in late if x["unit_id"] == actor.unit_id]
        reminders = _reminders(tasks, units, by_task, current, actor, c, labels)
        issue_q = (select(IssueRow, UnitRow).join(UnitRow, UnitRow.id == IssueRow.unit_id)
                   .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False),
                          IssueRow.status == "assigned", IssueRow.deadline.is_not(None)))
        if actor.role == "reporter":
            issue_q = issue_q.where(IssueRow.unit_id == actor.unit_id)
        issues_due = [{"id": i.id, "title": i.title, "unit": u.canonical, "deadline": i.deadline.isoformat(),
                       "overdue": i.deadline < today, "url": f"/issue/{i.id}"}
                      for i, u in session.execute(issue_q.order_by(IssueRow.deadline)).all()
                      if i.deadline and working_days_between(today, i.deadline) <= 3]
        months = sorted({(today.year, today.month)} | {(cy.due.year, cy.due.month) for cy in all_cycles
                                                       if 0 <= (cy.due - today).days <= 62})[:3]
        dues: dict[date, list[str]] = defaultdict(list)
        for cy in all_cycles:
            dues[cy.due].append(f"{cy.label}报送截止")
        calendar_months = [{"year": y, "month": m, "weeks": month_grid(y, m, dues)} for y, m in months]
        lights = {k: sum(1 for t in out_tasks if t["light"] == k) for k in LIGHTS}
        return {"campaign": _campaign_dict(c), "settings": settings, "today": today.isoformat(),
                "cycles": [cy.to_dict() | {"state": "past" if cy.end < today else "current" if cy.start <= today
                                           else "future"} for cy in all_cycles],
                "current_cycle": current.to_dict() if current else None,
                "tasks": out_tasks, "lights": lights, "missing": missing, "late": late, "reminders": reminders,
                "issues_due": issues_due, "calendar": calendar_months,
                "viewer": actor.to_dict()}


def _reminders(tasks: list[CampaignTaskRow], units: dict[int, list[tuple[AssignmentRow, UnitRow]]],
               by_task: dict[int, list[tuple[ReportRow, UnitRow]]], current: Cycle | None, actor: Actor,
               c: CampaignRow, labels: dict[int, dict[str, str]]) -> list[dict[str, Any]]:
    """Per unit, the reports of the current cycle still to come, with their due day."""
    if current is None or c.status != "published":
        return []
    owed: dict[int, dict[str, Any]] = {}
    for t in tasks:
        if t.archived or current.start > (t.deadline or c.end):
            continue
        have = {r.unit_id for r, _ in by_task.get(t.id, []) if r.cycle == current.index}
        for a, u in units.get(t.id, []):
            if a.unit_id in have or _group(u) or (actor.role == "reporter" and a.unit_id != actor.unit_id):
                continue
            entry = owed.setdefault(u.id, {"unit_id": u.id, "unit": u.canonical, "due": current.due.isoformat(),
                                           "cycle": current.index, "label": current.label, "tasks": []})
            entry["tasks"].append(labels[t.id]["task_label"])
    return sorted(owed.values(), key=lambda e: (-len(e["tasks"]), e["unit"]))


def digest(engine: Engine, actor: Actor, campaign_id: int, unit_id: int | None = None, days: int = 5,
           today: date | None = None) -> dict[str, Any]:
    """A unit's daily digest (每日提醒): reports due within ``days`` working days, reports late (past
    their due day and still missing), and ledger issues assigned to it and not yet resolved. A
    reporter gets their own unit's; the office and leaders name the unit."""
    today = today or today_cn()
    _require(actor, "office", "leader", "reporter")
    if actor.role == "reporter":
        unit_id = actor.unit_id
    if unit_id is None:
        raise Invalid("请选择单位 / which unit?", "unit")
    view = campaign_view(engine, actor, campaign_id, today)
    due_soon = [r | {"workdays_left": working_days_between(today, date.fromisoformat(r["due"]))}
                for r in view["reminders"] if r["unit_id"] == unit_id]
    due_soon = [r for r in due_soon if r["workdays_left"] <= days]
    late = [m for m in view["missing"] if m["unit_id"] == unit_id]
    with Session(engine) as session:
        unit = _get(session, UnitRow, unit_id, "单位")
        rows = session.execute(select(IssueRow).where(IssueRow.campaign_id == campaign_id, IssueRow.unit_id == unit_id,
                                                      IssueRow.archived.is_(False),
                                                      IssueRow.status.in_(["open", "assigned"]))
                               .order_by(IssueRow.deadline)).scalars().all()
        issues_open = [{"id": i.id, "title": i.title, "deadline": _plain(i.deadline), "url": f"/issue/{i.id}",
                        "overdue": bool(i.deadline and i.deadline < today)} for i in rows]
        name = unit.canonical
    return {"campaign": view["campaign"], "unit_id": unit_id, "unit": name, "today": today.isoformat(),
            "days": days, "due_soon": due_soon, "late": late, "issues": issues_open,
            "nothing": not (due_soon or late or issues_open)}


def task_view(engine: Engine, actor: Actor, task_id: int, today: date | None = None, cycle: int | None = None,
              unit_id: int | None = None) -> dict[str, Any]:
    """One task: its units, every report the user may see by cycle, and what the user may do.

    ``form`` is the report form as it opens: for ``cycle`` (default: the latest cycle begun) and the
    user's unit (the office: ``unit_id``, default the first unit), pre-filled from that report when it
    exists, with the version the save must name.
    """
    today = today or today_cn()
    with Session(engine) as session:
        t, c, role = _task(session, actor, task_id)
        all_cycles = _cycles(c)
        assigned = _units_of(session, [t.id]).get(t.id, [])
        q = select(ReportRow, UnitRow).join(UnitRow, UnitRow.id == ReportRow.unit_id).where(
            ReportRow.campaign_task_id == t.id)
        if actor.role == "reporter" and role != "lead":
            q = q.where(ReportRow.unit_id == actor.unit_id)  # a lead unit sees its supporting units' reports
        if actor.role != "office":  # a draft is seen by its own unit (and the office) only
            q = q.where((ReportRow.draft.is_(False)) | (ReportRow.unit_id == actor.unit_id))
        rows = session.execute(q.order_by(ReportRow.cycle.desc(), ReportRow.id)).all()
        reports = [_report_dict(r, u, all_cycles[r.cycle - 1] if r.cycle <= len(all_cycles) else None)
                   for r, u in rows]
        files: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if reports:
            for a in session.scalars(select(AttachmentRow).where(
                    AttachmentRow.report_id.in_([r["id"] for r in reports]), AttachmentRow.archived.is_(False))):
                files[a.report_id or 0].append({"id": a.id, "filename": clean_name(a.filename), "size": a.size,
                                                "url": f"/attachment/{a.id}"})
        for r in reports:
            r["attachments"] = files.get(r["id"], [])
        open_cycles = [cy for cy in all_cycles if cy.start <= today]
        form_unit = actor.unit_id if actor.role == "reporter" else (
            unit_id if unit_id in {a.unit_id for a, _ in assigned} else (assigned[0][0].unit_id if assigned else None))
        form_cycle = cycle if cycle and any(cy.index == cycle for cy in open_cycles) else (
            open_cycles[-1].index if open_cycles else None)
        mine = next((r for r in reports if r["unit_id"] == form_unit and r["cycle"] == form_cycle), None)
        chosen = next((cy for cy in open_cycles if cy.index == form_cycle), None)
        form = {"cycle": form_cycle, "label": chosen.label if chosen else "", "due": _plain(chosen.due) if chosen
                else None, "unit_id": form_unit, "exists": mine is not None, "report_id": mine["id"] if mine else None,
                "version": mine["version"] if mine else None, "draft": bool(mine and mine["draft"]),
                "status": mine["status"] if mine else "in_progress", "percent": mine["percent"] if mine else 0,
                "narrative": mine["narrative"] if mine else "", "values": values_text(mine["values"]) if mine else "",
                "consolidated": bool(mine and mine["consolidated"])}
        comments = [{"user": n, "text": x.text, "at": local(x.at).isoformat(timespec="minutes")}
                    for x, n in _comments(session, "task", t.id)]
        indicators = [] if c.document_id is None else sorted(set(session.scalars(
            select(TargetRow.indicator).where(TargetRow.document_id == c.document_id, TargetRow.origin != "task"))))
        history = []
        if actor.role in {"office", "leader"}:
            from zhengce.db.tracking import AuditRow

            history = [{"at": local(a.at).isoformat(timespec="minutes"), "user": a.username, "action": a.action,
                        "action_name": AUDIT_ACTIONS.get(a.action, a.action), "before": a.before, "after": a.after,
                        "before_text": describe_change(a.before), "after_text": describe_change(a.after)}
                       for a in session.scalars(select(AuditRow).where(AuditRow.entity == "task",
                                                                       AuditRow.entity_id == t.id)
                                                .order_by(AuditRow.id))]
        return {
            "campaign": _campaign_dict(c), "history": history, "indicators": indicators,
            "task": {"id": t.id, "number": t.number, "heading": t.heading, "text": t.text,
                     **task_labels(session, [t])[t.id],
                     "deadline": _plain(t.deadline), "archived": t.archived, "note": t.note, "version": t.version,
                     "source_task_id": t.source_task_id},
            "units": [{"unit_id": u.id, "unit": u.canonical, "role": a.role, "role_name": ROLES[a.role]}
                      for a, u in assigned],
            "reports": reports, "comments": comments, "form": form,
            "cycles": [cy.to_dict() for cy in open_cycles],
            "my_role": role, "can_report": c.status == "published" and not t.archived and (
                actor.role == "office" or (actor.role == "reporter" and role is not None)),
            "can_consolidate": role == "lead", "can_edit": actor.role == "office" and c.status != "archived",
            "viewer": actor.to_dict(),
        }


def _comments(session: Session, entity: str, entity_id: int) -> list[Any]:
    return list(session.execute(select(CommentRow, UserRow.display_name).outerjoin(UserRow, UserRow.id ==
                                                                                  CommentRow.user_id)
                                .where(CommentRow.entity == entity, CommentRow.entity_id == entity_id)
                                .order_by(CommentRow.id)).all())


def comment(engine: Engine, actor: Actor, entity: str, entity_id: int, text: str) -> int:
    """A leader's or the office's comment (批示) on a task or an issue; a reporter may comment on their own."""
    text = (text or "").strip()
    if not text:
        raise Invalid("意见不能为空 / an empty comment")
    with Session(engine) as session, session.begin():
        if entity == "task":
            _task(session, actor, entity_id)
        elif entity == "issue":
            _issue(session, actor, entity_id)
        else:
            raise Invalid("只能对任务或问题发表意见 / comments go on tasks or issues")
        row = CommentRow(entity=entity, entity_id=entity_id, user_id=actor.id, text=text[:5000], at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "comment.add", entity, entity_id, None, {"comment": row.id, "text": row.text})
        return row.id


# --- the issue ledger ----------------------------------------------------------------------------


def _issue(session: Session, actor: Actor, issue_id: int) -> tuple[IssueRow, CampaignRow]:
    _require(actor, "office", "leader", "reporter")
    row = _get(session, IssueRow, issue_id, "问题")
    c = session.get(CampaignRow, row.campaign_id)
    assert c is not None
    if actor.role == "reporter" and (row.unit_id != actor.unit_id or row.archived or c.status != "published"):
        raise NotFound("问题不存在 / not found")
    return row, c


ISSUE_FIELDS = ["title", "description", "enterprise", "unit_id", "deadline", "status", "level", "resolution",
                "campaign_task_id", "archived"]


def raise_issue(engine: Engine, actor: Actor, campaign_id: int, title: str, description: str = "",
                task_id: int | None = None, enterprise: str = "", unit: int | str | None = None,
                deadline: Any = None) -> int:
    """Put a problem on the ledger, against a task or an enterprise; with a unit it is assigned (交办) at once.

    A reporter raises problems of their own tasks, for their own unit.
    """
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写问题 / describe the problem")
    with Session(engine) as session, session.begin():
        c = _campaign(session, actor, campaign_id)
        if actor.role == "leader":
            raise Forbidden("领导可对问题作批示，问题由督查室或责任单位登记 / leaders comment, others raise issues")
        if task_id is not None:
            _t, tc, _role = _task(session, actor, task_id)
            if tc.id != c.id:
                raise Invalid("任务不属于该督办事项 / the task belongs to another campaign")
        elif actor.role == "reporter":
            raise Invalid("请选择本单位的任务 / choose one of your unit's tasks")
        unit_id = actor.unit_id if actor.role == "reporter" else (
            _unit(session, unit, c.jurisdiction).id if unit not in (None, "") else None)
        when = now()
        row = IssueRow(campaign_id=c.id, campaign_task_id=task_id, enterprise=(enterprise or "").strip()[:200],
                       title=title[:500], description=description or "", unit_id=unit_id,
                       deadline=_date(deadline, "整改时限"), status="assigned" if unit_id else "open", level=0,
                       resolution="", raised_by=actor.id, raised_at=when,
                       assigned_at=when if unit_id else None, archived=False)
        session.add(row)
        session.flush()
        session.add(IssueEventRow(issue_id=row.id, kind="raise", note=title[:500], user_id=actor.id, at=when))
        audit(session, actor, "issue.raise", "issue", row.id, None, _snapshot(row, ISSUE_FIELDS))
        return row.id


def issue_action(engine: Engine, actor: Actor, issue_id: int, action: str, version: int | None, note: str = "",
                 unit: int | str | None = None, deadline: Any = None) -> int:
    """One step of an issue's life: assign (交办), chase (督办), escalate (升级), resolve (办结), close (销号),
    reopen (重新打开), comment, or archive (a duplicate or a mistake; kept, not deleted); returns the new
    version."""
    if action not in ISSUE_ACTIONS:
        raise Invalid("未知的操作 / unknown action")
    note = (note or "").strip()
    with Session(engine) as session, session.begin():
        row, c = _issue(session, actor, issue_id)
        _check_version(row, version)
        before = _snapshot(row, ISSUE_FIELDS)
        if action not in ISSUE_RIGHTS[actor.role]:
            raise Forbidden(f"您不能{ISSUE_ACTIONS[action]}此问题 / not allowed for your role")
        levels = _settings(c)["escalation"]
        if action == "assign":
            if unit in (None, ""):
                raise Invalid("请指定承办单位 / assign to which unit?")
            row.unit_id = _unit(session, unit, c.jurisdiction).id
            row.deadline = _date(deadline, "整改时限") or row.deadline
            row.status, row.assigned_at = "assigned", now()
        elif action == "chase":
            if row.status not in {"open", "assigned"}:
                raise Invalid("只能督办未办结的问题 / only an open issue can be chased")
            row.deadline = _date(deadline, "整改时限") or row.deadline
        elif action == "escalate":
            if row.status in {"resolved", "closed"}:
                raise Invalid("已办结的问题无需升级 / a resolved issue is not escalated")
            if row.level + 1 >= len(levels):
                raise Invalid(f"已升级到最高层级（{levels[-1]}）/ already at the top level")
            row.level += 1
        elif action == "resolve":
            if row.status != "assigned":
                raise Invalid("只能办结已交办的问题 / only an assigned issue can be resolved")
            if not note:
                raise Invalid("请填写办理结果 / say how it was resolved")
            row.status, row.resolution = "resolved", note
        elif action == "close":
            if row.status != "resolved":
                raise Invalid("只能对已办结的问题销号 / only a resolved issue can be closed")
            row.status, row.closed_at = "closed", now()
        elif action == "archive":
            if not note:
                raise Invalid("请说明归档原因 / say why it is archived")
            row.archived = True
        elif action == "reopen":
            if row.status not in {"resolved", "closed"}:
                raise Invalid("只能重新打开已办结或已销号的问题 / only a resolved or closed issue reopens")
            row.status, row.closed_at = ("assigned" if row.unit_id else "open"), None
        elif not note:
            raise Invalid("意见不能为空 / an empty comment")
        _flush(session)
        label = levels[row.level] if action == "escalate" else ""
        session.add(IssueEventRow(issue_id=row.id, kind=action, note=(note or label)[:5000], user_id=actor.id,
                                  at=now()))
        audit(session, actor, f"issue.{action}", "issue", row.id, before, _snapshot(row, ISSUE_FIELDS))
        return row.version


def _issue_dict(row: IssueRow, unit: UnitRow | None, task: CampaignTaskRow | None, levels: list[str],
                today: date, label: str | None = None) -> dict[str, Any]:
    overdue = row.status in {"open", "assigned"} and row.deadline is not None and row.deadline < today
    return {"id": row.id, "campaign_id": row.campaign_id, "title": row.title, "description": row.description,
            "enterprise": row.enterprise, "unit_id": row.unit_id, "unit": unit.canonical if unit else None,
            "task_id": row.campaign_task_id, "task_number": task.number if task else None,
            "task_label": (label or task.number) if task else None,
            "deadline": _plain(row.deadline), "status": row.status, "status_name": ISSUE_STATUSES[row.status],
            "level": row.level, "level_name": levels[min(row.level, len(levels) - 1)], "resolution": row.resolution,
            "raised_at": local(row.raised_at).isoformat(timespec="minutes"), "overdue": overdue,
            "closed_at": local(row.closed_at).isoformat(timespec="minutes") if row.closed_at else None,
            "version": row.version, "url": f"/issue/{row.id}"}


def issues(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None) -> dict[str, Any]:
    """The ledger of a campaign (a reporter sees their unit's issues), with closure figures per unit."""
    today = today or today_cn()
    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        levels = _settings(c)["escalation"]
        q = (select(IssueRow, UnitRow, CampaignTaskRow).outerjoin(UnitRow, UnitRow.id == IssueRow.unit_id)
             .outerjoin(CampaignTaskRow, CampaignTaskRow.id == IssueRow.campaign_task_id)
             .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False)))
        if actor.role == "reporter":
            q = q.where(IssueRow.unit_id == actor.unit_id)
        rows = session.execute(q.order_by(IssueRow.id.desc())).all()
        labels = task_labels(session, [t for _r, _u, t in rows if t is not None])
        items = [_issue_dict(r, u, t, levels, today, labels[t.id]["task_label"] if t else None) for r, u, t in rows]
        return {"campaign": _campaign_dict(c), "issues": items, "by_unit": issue_stats(rows), "levels": levels,
                "viewer": actor.to_dict()}


def issue_stats(rows: list[Any]) -> list[dict[str, Any]]:
    """Per unit: issues assigned, closed, closure rate and the mean days from assignment to closure."""
    per: dict[str, dict[str, Any]] = {}
    for r, u, _t in rows:
        if u is None:
            continue
        entry = per.setdefault(u.canonical, {"unit_id": u.id, "unit": u.canonical, "total": 0, "closed": 0,
                                             "days": []})
        entry["total"] += 1
        if r.status == "closed" and r.closed_at and r.assigned_at:
            entry["closed"] += 1
            entry["days"].append((_aware(r.closed_at) - _aware(r.assigned_at)).total_seconds() / 86400)
    out = []
    for e in per.values():
        days = e.pop("days")
        e["rate"] = round(e["closed"] / e["total"], 3) if e["total"] else 0.0
        e["mean_days"] = round(sum(days) / len(days), 1) if days else None
        out.append(e)
    return sorted(out, key=lambda e: (-e["rate"], e["unit"]))


def issue_view(engine: Engine, actor: Actor, issue_id: int, today: date | None = None) -> dict[str, Any]:
    today = today or today_cn()
    with Session(engine) as session:
        row, c = _issue(session, actor, issue_id)
        levels = _settings(c)["escalation"]
        unit = session.get(UnitRow, row.unit_id) if row.unit_id else None
        task = session.get(CampaignTaskRow, row.campaign_task_id) if row.campaign_task_id else None
        events = [{"kind": e.kind, "kind_name": ISSUE_ACTIONS.get(e.kind, "登记"), "note": e.note, "user": n,
                   "at": local(e.at).isoformat(timespec="minutes")}
                  for e, n in session.execute(select(IssueEventRow, UserRow.display_name)
                                              .outerjoin(UserRow, UserRow.id == IssueEventRow.user_id)
                                              .where(IssueEventRow.issue_id == row.id).order_by(IssueEventRow.id))]
        label = task_labels(session, [task])[task.id]["task_label"] if task else None
        return {"campaign": _campaign_dict(c), "issue": _issue_dict(row, unit, task, levels, today, label),
                "events": events, "actions": {k: ISSUE_ACTIONS[k] for k in ISSUE_RIGHTS[actor.role]},
                "viewer": actor.to_dict()}


# --- small lookups for the web app ---------------------------------------------------------------


def plans_to_track(engine: Engine) -> list[dict[str, Any]]:
    """Stored documents with extracted tasks, most tasks first: what a campaign can be made from."""
    with Session(engine) as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.doc_number,
                                      DocumentRow.task_count)
                               .where(DocumentRow.task_count > 0, DocumentRow.superseded_at.is_(None))
                               .order_by(DocumentRow.task_count.desc(), DocumentRow.id)).all()
        return [{"id": r[0], "title": r[1], "doc_number": r[2], "tasks": r[3]} for r in rows]


def task_in_campaign(engine: Engine, task_id: int, campaign_id: int) -> bool:
    with Session(engine) as session:
        return session.scalar(select(CampaignTaskRow.campaign_id).where(CampaignTaskRow.id == task_id)) == campaign_id


def task_choices(engine: Engine, actor: Actor, campaign_id: int) -> list[dict[str, Any]]:
    """The active tasks of a campaign the user may raise an issue against."""
    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        q = select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id, CampaignTaskRow.archived.is_(False))
        if actor.role == "reporter":
            q = q.join(AssignmentRow, AssignmentRow.campaign_task_id == CampaignTaskRow.id).where(
                AssignmentRow.unit_id == actor.unit_id, AssignmentRow.archived.is_(False))
        tasks = list(session.scalars(q.order_by(CampaignTaskRow.position, CampaignTaskRow.id)))
        labels = task_labels(session, tasks)
        return [{"id": t.id, "number": t.number, "task_label": labels[t.id]["task_label"], "heading": t.heading[:40]}
                for t in tasks]
