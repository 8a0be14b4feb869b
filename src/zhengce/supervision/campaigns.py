"""Campaigns (督办事项): made from a stored plan as a draft, reviewed, published, archived; listed.

A campaign copies the plan's extracted tasks and unit assignments; its reporting rule is read from the
plan (``每月5日前报送``) unless given (as ``month/next:5`` or in the plan's own words); its period runs from
the start given (else the plan's date) to the end given, else to the plan's own period (…行动方案（2024—2027年）)
or term, else to the last deadline of its tasks but at least a year: to the end of the year in which its
twelfth month falls.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid
from zhengce.calendar.cycles import CADENCES, CycleRule, RuleError, cycles, rule_from_text
from zhengce.db import DocumentRow, SourceRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow
from zhengce.extract.deadlines import find_deadlines
from zhengce.supervision.permissions import campaign_visible, visible_campaign
from zhengce.supervision.records import (
    campaign_cycles,
    campaign_dict,
    check_version,
    flush,
    get_row,
    plain,
    snapshot,
    task_labels,
)
from zhengce.supervision.targets import period_year
from zhengce.supervision.units import members_of, one_spelling
from zhengce.text.lexicon import issued_title

__all__ = [
    "create_campaign", "default_end", "list_campaign", "list_campaigns", "plans_to_track", "read_rule", "task_choices",
    "task_in_campaign", "update_campaign",
]

# settings another form keeps (the reminders' contact book, :mod:`zhengce.supervision.reminders`): a
# settings change that does not name them leaves them as they are
OWN_FORM_SETTINGS = ("contacts", "task_force", "rule_from")

CAMPAIGN_FIELDS = ["name", "rule", "start", "end", "status", "settings"]


def create_campaign(engine: Engine, actor: Actor, document_id: int, rule: str | None = None,
                    start: date | None = None, end: date | None = None, name: str | None = None) -> int:
    """A draft campaign from a stored plan: its tasks and unit assignments copied for review."""
    require(actor, "office")
    with Session(engine) as session, session.begin():
        doc = get_row(session, DocumentRow, document_id, "文档")
        tasks = list(session.scalars(select(TaskRow).where(TaskRow.document_id == doc.id).order_by(TaskRow.ordinal)))
        if not tasks:
            raise Invalid("该文件没有提取到任务，无法建立督办事项 / the document has no tasks to track")
        first = start or doc.signed or doc.published or today_cn()
        deadlines = _task_deadlines(doc, tasks)
        last = end or default_end(first, [d for d in deadlines.values() if d], _plan_end(doc))
        backwards = Invalid(f"结束日期 {last} 早于开始日期 {first} / the end date lies before the start date", "end")
        try:
            parsed, origin = _plan_rule(session, doc, rule)
        except Invalid as e:  # both mistakes at once, each on its field
            raise Invalid(str(e), fields=e.fields | (backwards.fields if last < first else {})) from e
        if last < first:
            raise backwards
        try:
            cycles(parsed, first, last)
        except RuleError as e:
            raise Invalid(str(e), "rule") from e
        default = issued_title(doc.title) or doc.title  # 关于印发《X方案》的通知 → X方案
        c = CampaignRow(document_id=doc.id, name=(name or default or "督办事项")[:500], doc_number=doc.doc_number,
                        jurisdiction=doc.jurisdiction, status="draft", rule=parsed.spec, start=first, end=last,
                        settings={"rule_from": origin}, created_by=actor.id, created_at=now())
        session.add(c)
        session.flush()
        _copy_tasks(session, c, tasks, deadlines)
        audit(session, actor, "campaign.create", "campaign", c.id, None,
              {"document_id": doc.id, "name": c.name, "rule": c.rule, "start": plain(first), "end": plain(last),
               "tasks": len(tasks)})
        return c.id


def default_end(start: date, deadlines: list[date], plan_end: list[date]) -> date:
    """A campaign's end when none is given: the plan's own end (its period or term) when it names one after the
    start, else the last deadline of its tasks, but at least a year of cycles — the end of the year in which
    the twelfth month from the start falls (a campaign started in October runs to the end of next year)."""
    named = [d for d in plan_end if d >= start]
    if named:
        return max(named + deadlines)
    twelfth = start.year + (start.month + 10) // 12
    return max([*deadlines, date(twelfth, 12, 31)])


def _plan_rule(session: Session, doc: DocumentRow, rule: str | None) -> tuple[CycleRule, str]:
    """The reporting rule given (``month/next:5``, or words: ``每月5日前报送``), else the one the plan states,
    else monthly by the 5th of the next month — with where it came from: ``typed``, ``plan`` or ``default``."""
    if rule and rule.strip():
        return read_rule(rule), "typed"
    source = session.get(SourceRow, doc.source_id)
    body = source.text[doc.start : doc.end] if source else ""
    stated = rule_from_text(body)
    return (stated, "plan") if stated else (CycleRule("month", "next", 5), "default")


def read_rule(rule: str) -> CycleRule:
    """A reporting rule typed as ``month/next:5`` or as a plan words it (``每月5日前报送``, ``每周三调度``,
    ``每季度首月10日前``); else :class:`Invalid` of the field ``rule``."""
    if "/" in rule or rule.strip().isascii():
        try:
            return CycleRule.parse(rule)
        except RuleError as e:
            raise Invalid(str(e), "rule") from e
    found = described(rule) or rule_from_text(rule)
    if found is None:
        raise Invalid(f"无法识别调度规则“{rule.strip()[:40]}”，可写“每月5日前报送”“每周三调度”“每旬8日前报送”"
                      "或 month/next:5 / cannot read the reporting rule", "rule")
    return found


def described(rule: str) -> CycleRule | None:
    """A rule written as pages and bulletins describe it (每月，次月5日前报送; 每周，当周周三前报送), or None."""
    text = rule.strip()
    for cadence in CADENCES:
        for due in ("in", "next", "after", "last"):
            for n in range(1, 32) if due != "last" else (0,):
                try:
                    known = CycleRule(cadence, due, n)
                    if known.describe() == text:
                        return known
                except (KeyError, IndexError, ValueError):
                    continue
    return None


def _task_deadlines(doc: DocumentRow, tasks: list[TaskRow]) -> dict[int, date | None]:
    """Each task's deadline: the last date its text states, in the plan's year."""
    return {t.id: _task_due(t, doc) for t in tasks}


def _task_due(task: TaskRow, doc: DocumentRow) -> date | None:
    """The last date a stored task's text sets (found at ingest, ``zhengce.extract.facts``); a task
    stored before ingest kept them is read again, in the document's year."""
    if "deadlines" in task.data:
        return date.fromisoformat(max(task.data["deadlines"])) if task.data["deadlines"] else None
    year = doc.year or today_cn().year
    dates = [d.date for d in find_deadlines(task.text, year=year, signed=doc.signed) if d.date]
    return max(dates) if dates else None


def _plan_end(doc: DocumentRow) -> list[date]:
    """The plan's own period (…行动方案（2024—2027年）) or term, when it states one."""
    year = period_year(doc.title or "")
    plan_end = [date(year, 12, 31)] if year else []
    return plan_end + ([doc.expires_on] if doc.expires_on else [])


def _copy_tasks(session: Session, c: CampaignRow, tasks: list[TaskRow], deadlines: dict[int, date | None]) -> None:
    """The plan's tasks as the campaign's, each unit assigned once with its extracted role; a collective
    name (各县市区人民政府) as its members where the registry knows them, else as a group that is not scored;
    names differing only by 的 as one unit."""
    links = session.execute(select(TaskUnitRow).where(TaskUnitRow.task_id.in_([t.id for t in tasks]))
                            .order_by(TaskUnitRow.id)).scalars().all()
    by_task: dict[int, list[TaskUnitRow]] = defaultdict(list)
    for link in links:
        by_task[link.task_id].append(link)
    members: dict[int, list[int]] = {}
    linked = list(session.scalars(select(UnitRow).where(UnitRow.id.in_({link.unit_id for link in links}))))
    alias = one_spelling(linked)  # 各负有监管职责的行业部门 and 各负有监管职责行业部门: one unit
    for unit in linked:
        members[unit.id] = [m.id for m in members_of(session, unit, c.jurisdiction)] or [alias[unit.id]]
    for k, t in enumerate(tasks):
        row = CampaignTaskRow(campaign_id=c.id, source_task_id=t.id, position=k, number=t.number,
                              heading=t.heading, text=t.text, deadline=deadlines[t.id], archived=False, note="")
        session.add(row)
        session.flush()
        seen: set[int] = set()
        for link in by_task[t.id]:
            for unit_id in members.get(link.unit_id, [link.unit_id]):
                if unit_id not in seen:
                    seen.add(unit_id)
                    session.add(AssignmentRow(campaign_task_id=row.id, unit_id=unit_id, role=link.role))


def update_campaign(engine: Engine, actor: Actor, campaign_id: int, version: int | None, **changes: Any) -> int:
    """Change name, rule, start, end, status (draft → published → archived), settings, or the campaign's task
    force (``task_force``: 工作专班, the level of the issues' escalation named after it; empty removes it)."""
    require(actor, "office")
    with Session(engine) as session, session.begin():
        c = get_row(session, CampaignRow, campaign_id, "督办事项")
        check_version(c, version)
        before = snapshot(c, CAMPAIGN_FIELDS)
        for key, value in changes.items():
            if key == "task_force":  # kept in the settings; None leaves it, empty removes it
                if value is not None:
                    c.settings = {k: v for k, v in (c.settings or {}).items() if k != key} | (
                        {key: str(value).strip()[:100]} if str(value).strip() else {})
                continue
            if key not in CAMPAIGN_FIELDS:
                raise Invalid(f"不能修改 {key} / cannot change {key}")
            if key == "settings" and isinstance(value, dict):  # kept unless named: set by their own forms
                value = {k: v for k, v in (c.settings or {}).items() if k in OWN_FORM_SETTINGS} | value
            if value is not None:
                checked = _checked(key, value)
                if key == "rule" and checked != c.rule:  # the office's own rule now, not the plan's or the default
                    c.settings = {**(c.settings or {}), "rule_from": "typed"}
                setattr(c, key, checked)
        if c.end < c.start:
            raise Invalid(f"结束日期 {c.end} 早于开始日期 {c.start} / the end date lies before the start date", "end")
        try:
            campaign_cycles(c)
        except RuleError as e:
            raise Invalid(str(e)) from e
        flush(session)
        audit(session, actor, "campaign.update", "campaign", c.id, before, snapshot(c, CAMPAIGN_FIELDS))
        return c.version


def _checked(key: str, value: Any) -> Any:
    """A campaign field's new value as stored, else :class:`Invalid`."""
    if key == "rule":
        return read_rule(value).spec
    if key == "status" and value not in {"draft", "published", "archived"}:
        raise Invalid("状态应为 draft、published 或 archived / unknown status")
    if key == "settings" and not isinstance(value, dict):
        raise Invalid("settings 应为对象 / settings must be an object")
    return value


def list_campaigns(engine: Engine, actor: Actor) -> list[dict[str, Any]]:
    require(actor, "office", "leader", "reporter")
    with Session(engine) as session:
        rows = session.scalars(select(CampaignRow).order_by(CampaignRow.id.desc())).all()
        return [campaign_dict(c) for c in rows if campaign_visible(session, actor, c)]


def list_campaign(engine: Engine, actor: Actor, campaign_id: int) -> dict[str, Any]:
    """One campaign's summary, if the user may see it."""
    with Session(engine) as session:
        return campaign_dict(visible_campaign(session, actor, campaign_id))


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
        c = visible_campaign(session, actor, campaign_id)
        q = select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id, CampaignTaskRow.archived.is_(False))
        if actor.role == "reporter":
            q = q.join(AssignmentRow, AssignmentRow.campaign_task_id == CampaignTaskRow.id).where(
                AssignmentRow.unit_id == actor.unit_id, AssignmentRow.archived.is_(False))
        tasks = list(session.scalars(q.order_by(CampaignTaskRow.position, CampaignTaskRow.id)))
        labels = task_labels(session, tasks)
        return [{"id": t.id, "number": t.number, "task_label": labels[t.id]["task_label"], "heading": t.heading[:40]}
                for t in tasks]
