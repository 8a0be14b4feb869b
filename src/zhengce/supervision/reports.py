"""Reports: a unit's progress on a task for one cycle (status, percent, narrative, actual values),
saved as a draft or submitted, late when submitted after the cycle's due day (of a period the unit
owed, :mod:`zhengce.supervision.duty`); the lead unit's report may be the consolidated one.

A report must say something: a narrative, a value, a file, or a status or percent other than the form's
default (推进中, 0%). An edit keeps what it does not name (``None``) and never empties a narrative or the
values stored. The same content saved again — a double click, Back and resubmit — is the same report:
it answers as saved, with no new version and no conflict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, local, now, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Conflict, Forbidden, Invalid
from zhengce.calendar.cycles import Cycle
from zhengce.db import UnitRow
from zhengce.db.tracking import AttachmentRow, CampaignRow, CampaignTaskRow, ReportRow
from zhengce.supervision.duty import duty_starts, owes
from zhengce.supervision.labels import STATUSES
from zhengce.supervision.permissions import visible_task
from zhengce.supervision.records import campaign_cycles, flush, snapshot, units_of

__all__ = ["REPORT_FIELDS", "ReportResult", "clean_values", "report_dict", "submit_report", "values_text"]

REPORT_FIELDS = ["status", "percent", "narrative", "values", "consolidated", "draft"]
DEFAULT_STATUS, DEFAULT_PERCENT = "in_progress", 0  # what the form shows before anything is chosen
EMPTY = ("报告没有内容：请填写工作进展、指标实际值或上传附件（或选择状态、完成百分比）后再保存"
         " / the report is empty: write the progress, a value or attach a file")


def clean_values(values: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    """Reported actual values as stored: each with its indicator and a finite number; blank lines dropped."""
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
    repeated: bool = False  # the same content as the stored report: nothing was changed


def submit_report(engine: Engine, actor: Actor, task_id: int, cycle: int, status: str, percent: int,
                  narrative: str | None, values: list[dict[str, Any]] | None = None, version: int | None = None,
                  unit_id: int | None = None, consolidated: bool = False, today: date | None = None,
                  draft: bool = False, files: int = 0) -> ReportResult:
    """Save a unit's report on a task for one cycle.

    A new report needs ``version`` None (or 0); changing one needs the version that was read, else
    :class:`Conflict` — unless the content sent is the stored content (the same form sent twice), which
    answers as saved with ``repeated``. ``narrative`` or ``values`` None keep the stored ones (nothing
    for a new report); an empty one where the stored report has one is :class:`Invalid`. A report with
    nothing in it (see module; ``files`` counts the files coming with it) is :class:`Invalid`. A
    reporter reports for their own unit; the office may report for any unit of the task. Only the lead
    unit's report can be the consolidated one. With ``draft`` the report is saved but not submitted: it
    counts as not reported (not late, not on time) until it is submitted, and only its unit and the
    office see it; a submitted report cannot become a draft again.
    """
    if status not in STATUSES:
        raise Invalid("进展状态应为 未启动/推进中/已完成/滞后 / unknown status", "status")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise Invalid("完成百分比应在 0–100 之间 / percent must lie within 0–100", "percent")
    cleaned = None if values is None else clean_values(values)
    args = (engine, actor, task_id, cycle, status, percent, narrative, cleaned, version, unit_id, consolidated,
            today, draft, files)
    try:
        return _save(*args)
    except Raced:  # saved meanwhile by another request: read now, the same content is the same report
        return _save(*args)


class Raced(Conflict):
    """A new report that another request saved first (the second click of a double click, which the
    second attempt reads as the same report, or someone else's)."""


def _save(engine: Engine, actor: Actor, task_id: int, cycle: int, status: str, percent: int, narrative: str | None,
          cleaned: list[dict[str, str]] | None, version: int | None, unit_id: int | None, consolidated: bool,
          today: date | None, draft: bool, files: int) -> ReportResult:
    """One attempt of :func:`submit_report` in one transaction."""
    with Session(engine) as session, session.begin():
        require(actor, "office", "reporter")
        t, c, _role = visible_task(session, actor, task_id)
        unit = _reporting_unit(session, actor, c, t, unit_id, consolidated)
        all_cycles = campaign_cycles(c)
        if not 1 <= cycle <= len(all_cycles):
            raise Invalid(f"周期应在 1–{len(all_cycles)} 之间 / no such cycle", "cycle")
        if all_cycles[cycle - 1].start > (today or today_cn()):
            raise Invalid("该周期尚未开始 / the cycle has not begun", "cycle")
        existing = session.scalar(select(ReportRow).where(ReportRow.campaign_task_id == t.id,
                                                          ReportRow.unit_id == unit, ReportRow.cycle == cycle))
        content = _content(session, existing, status, percent, narrative, cleaned, consolidated, draft, files)
        repeated = existing is not None and snapshot(existing, REPORT_FIELDS) == content
        if repeated:
            row = existing
        elif existing is None:
            row = _new_report(session, actor, t, unit, cycle, version, content)
        else:
            row = _update_report(session, actor, existing, version, content)
        cy = all_cycles[cycle - 1]
        late = not row.draft and local(row.submitted_at).date() > cy.due and owes(
            duty_starts(session, [t.id]), t.id, unit, cy)
        return ReportResult(row.id, row.version, late, row.draft, repeated)


def _content(session: Session, existing: ReportRow | None, status: str, percent: int, narrative: str | None,
             values: list[dict[str, str]] | None, consolidated: bool, draft: bool, files: int) -> dict[str, Any]:
    """The report's fields as they will be stored: what is not named kept, nothing erased, not empty."""
    if existing is not None and narrative is not None and not narrative.strip() and existing.narrative.strip():
        raise Invalid("不能清空已填报的工作进展；如需修改请改写内容 / the stored narrative cannot be emptied"
                      " (leave the field out to keep it)", "narrative")
    if existing is not None and values == [] and existing.values:
        raise Invalid("不能清空已填报的指标实际值；如需更正请改写数值 / the stored values cannot be emptied"
                      " (leave the field out to keep them)", "values")
    if narrative is None:
        narrative = existing.narrative if existing is not None else ""
    if values is None:
        values = list(existing.values or []) if existing is not None else []
    if not narrative.strip() and not values and not files and (status, percent) == (DEFAULT_STATUS, DEFAULT_PERCENT):
        kept = existing is not None and session.scalar(select(func.count()).select_from(AttachmentRow).where(
            AttachmentRow.report_id == existing.id, AttachmentRow.archived.is_(False)))
        if not kept:
            raise Invalid(EMPTY, "narrative")
    return {"status": status, "percent": percent, "narrative": narrative, "values": values,
            "consolidated": consolidated, "draft": draft}


def _reporting_unit(session: Session, actor: Actor, c: CampaignRow, t: CampaignTaskRow, unit_id: int | None,
                    consolidated: bool) -> int:
    """The unit a report is saved for, if it may report on the task now."""
    if c.status != "published":
        raise Invalid("督办事项尚未发布，不能填报 / the campaign is not published yet")
    if t.archived:
        raise Invalid("任务已归档 / the task is archived")
    unit = actor.unit_id if actor.role == "reporter" else unit_id
    if unit is None:
        raise Invalid("请指定填报单位 / which unit is reporting?")
    assigned = {a.unit_id: a.role for a, _u in units_of(session, [t.id]).get(t.id, [])}
    if unit not in assigned:
        raise Forbidden("该单位不是此任务的责任单位 / the unit is not responsible for this task")
    if consolidated and assigned[unit] != "lead":
        raise Forbidden("只有牵头单位可以提交汇总报告 / only the lead unit submits the consolidated report")
    return unit


def _new_report(session: Session, actor: Actor, t: CampaignTaskRow, unit: int, cycle: int, version: int | None,
                content: dict[str, Any]) -> ReportRow:
    if version:
        raise Conflict("该报告已不存在或版本不符，请刷新 / the report changed; reload")
    row = ReportRow(campaign_task_id=t.id, unit_id=unit, cycle=cycle, **content, submitted_by=actor.id,
                    submitted_at=now())
    session.add(row)
    try:
        session.flush()
    except IntegrityError as e:
        raise Raced("他人刚刚提交了同一份报告，请刷新后再修改 / someone submitted this report just now;"
                       " reload and edit it") from e
    audit(session, actor, "report.draft" if content["draft"] else "report.submit", "report", row.id, None,
          snapshot(row, REPORT_FIELDS) | {"task": t.id, "unit": unit, "cycle": cycle})
    return row


def _update_report(session: Session, actor: Actor, existing: ReportRow, version: int | None,
                   content: dict[str, Any]) -> ReportRow:
    if version is None or existing.version != version:
        raise Conflict(f"该报告已被修改（当前版本 {existing.version}），请刷新后再保存"
                       " / the report was changed by someone else; reload and save again")
    draft = content["draft"]
    if draft and not existing.draft:
        raise Invalid("该报告已提交，不能改回草稿；请直接提交修改 / a submitted report cannot become a draft", "draft")
    before = snapshot(existing, REPORT_FIELDS)
    action = "report.draft" if draft else "report.submit" if existing.draft else "report.update"
    for key, value in content.items():
        setattr(existing, key, value)
    existing.submitted_by, existing.submitted_at = actor.id, now()
    flush(session)
    audit(session, actor, action, "report", existing.id, before, snapshot(existing, REPORT_FIELDS))
    return existing


def report_dict(r: ReportRow, unit: UnitRow, c: Cycle | None, owed: bool = True) -> dict[str, Any]:
    """A report as the task page shows it, late when submitted after its cycle's due day (and the unit
    ``owed`` that period: not one due before the unit was assigned)."""
    submitted = local(r.submitted_at)
    return {"id": r.id, "task_id": r.campaign_task_id, "unit_id": r.unit_id, "unit": unit.canonical,
            "cycle": r.cycle, "label": c.label if c else f"第{r.cycle}期", "status": r.status,
            "status_name": STATUSES[r.status], "percent": r.percent,
            "narrative": r.narrative, "values": r.values, "consolidated": r.consolidated,
            "submitted_at": submitted.isoformat(timespec="minutes"), "version": r.version,
            "late": bool(c and owed and not r.draft and submitted.date() > c.due), "draft": r.draft,
            "submitted_by": r.submitted_by}


def values_text(values: list[dict[str, Any]] | None) -> str:
    """Reported values as the form's lines ``指标=数值 单位`` (what the web form's value parser reads)."""
    return "\n".join(f"{v.get('indicator', '')}={v.get('value', '')}" + (f" {v['unit']}" if v.get("unit") else "")
                     for v in values or [])
