"""The pages' data: a campaign (cycles, tasks with their lights, missing and late reports, reminders,
issues falling due, the calendar of due days), a unit's daily digest, and a task (reports, form, history).

:func:`campaign_view` only assembles: the queries, the permission filters
(:mod:`zhengce.supervision.permissions`), the lateness rules and lights
(:mod:`zhengce.supervision.lights`) and the presentation below are each their own function.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, local, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid
from zhengce.calendar.cycles import Cycle, month_grid
from zhengce.calendar.workdays import working_days_between
from zhengce.db import TargetRow, UnitRow
from zhengce.db.tracking import AttachmentRow, AuditRow, CampaignRow, CampaignTaskRow, IssueRow, ReportRow
from zhengce.supervision import pushclocks
from zhengce.supervision.attachments import clean_name
from zhengce.supervision.comments import comments_of
from zhengce.supervision.dataclocks import add_to_digest
from zhengce.supervision.duty import Starts, duty_starts, owes
from zhengce.supervision.labels import AUDIT_ACTIONS, LIGHTS, ROLES, STATUSES, describe_change
from zhengce.supervision.lights import (
    Submitted,
    due_cycles,
    late_reports,
    latest_lead_report,
    light,
    missing_reports,
    owes_reports,
    reporting_cycle,
)
from zhengce.supervision.permissions import own_unit_only, visible_campaign, visible_task, visible_tasks
from zhengce.supervision.records import Assigned, campaign_cycles, campaign_dict, get_row, plain, task_labels, units_of
from zhengce.supervision.reports import report_dict, values_text
from zhengce.supervision.returns import returned_reports
from zhengce.supervision.settings import campaign_settings
from zhengce.supervision.units import is_group

__all__ = [
    "campaign_tasks", "campaign_view", "digest", "due_calendar", "issues_due", "reminders", "submitted_reports",
    "task_history", "task_reports", "task_view", "unit_digest",
]

Labels = dict[int, dict[str, str]]


def campaign_view(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None,
                  upto_cycle: int | None = None) -> dict[str, Any]:
    """A campaign as its page shows it to this user: cycles, tasks with lights, late and missing reports.

    ``upto_cycle`` leaves out later cycles and their reports (what a bulletin of that cycle shows).
    """
    today = today or today_cn()
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        settings = campaign_settings(c)
        all_cycles = campaign_cycles(c)
        cycles_due, current = due_cycles(all_cycles, today, upto_cycle), reporting_cycle(all_cycles, today)
        tasks = campaign_tasks(session, c)
        units = units_of(session, [t.id for t in tasks])
        tasks = visible_tasks(actor, tasks, units)
        starts = duty_starts(session, [t.id for t in tasks])
        labels = task_labels(session, tasks)
        by_task = submitted_reports(session, tasks, upto_cycle or len(all_cycles))
        out_tasks, missing, late = [], [], []
        for t in tasks:
            assigned, rs, label = units.get(t.id, []), by_task.get(t.id, []), labels[t.id]["task_label"]
            owed = missing_reports(t, c, assigned, rs, cycles_due, starts)
            missing += [_missing_entry(t, label, cy, u) for cy, u in owed]
            late += [_late_entry(t, label, r, u, cy) for r, u, cy in late_reports(rs, all_cycles, starts)]
            latest = latest_lead_report(assigned, rs)
            color, reason = light(today, c.start, t.deadline, c.end, latest.status if latest else None,
                                  latest.percent if latest else None, len({cy.index for cy, _u in owed}), settings)
            out_tasks.append(_task_entry(c, t, labels[t.id], assigned, latest, color, reason))
        return {"campaign": campaign_dict(c), "settings": settings, "today": today.isoformat(),
                "cycles": _cycle_entries(all_cycles, today, current),
                "current_cycle": current.to_dict() if current else None,
                "tasks": out_tasks, "lights": {k: sum(1 for t in out_tasks if t["light"] == k) for k in LIGHTS},
                "missing": own_unit_only(actor, missing), "late": own_unit_only(actor, late),
                "reminders": reminders(tasks, units, by_task, current, actor, c, labels, starts),
                "issues_due": issues_due(session, actor, c, today), "calendar": due_calendar(all_cycles, today),
                "viewer": actor.to_dict()}


# --- queries -------------------------------------------------------------------------------------


def campaign_tasks(session: Session, c: CampaignRow) -> list[CampaignTaskRow]:
    """Every task of a campaign, archived ones too, in the plan's order."""
    return list(session.scalars(select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id)
                                .order_by(CampaignTaskRow.position, CampaignTaskRow.id)))


def submitted_reports(session: Session, tasks: list[CampaignTaskRow], upto_cycle: int) -> dict[int, Submitted]:
    """Each task's submitted reports (drafts left out) up to ``upto_cycle``, by cycle."""
    by_task: dict[int, Submitted] = defaultdict(list)
    for r, u in session.execute(select(ReportRow, UnitRow).join(UnitRow, UnitRow.id == ReportRow.unit_id)
                                .where(ReportRow.campaign_task_id.in_([t.id for t in tasks]),
                                       ReportRow.draft.is_(False), ReportRow.cycle <= upto_cycle)
                                .order_by(ReportRow.cycle)).all():
        by_task[r.campaign_task_id].append((r, u))
    return by_task


def issues_due(session: Session, actor: Actor, c: CampaignRow, today: date) -> list[dict[str, Any]]:
    """Assigned issues whose deadline is at most three working days away (or past); a reporter's own."""
    q = (select(IssueRow, UnitRow).join(UnitRow, UnitRow.id == IssueRow.unit_id)
         .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False),
                IssueRow.status == "assigned", IssueRow.deadline.is_not(None)))
    if actor.role == "reporter":
        q = q.where(IssueRow.unit_id == actor.unit_id)
    return [{"id": i.id, "title": i.title, "unit": u.canonical, "deadline": i.deadline.isoformat(),
             "overdue": i.deadline < today, "url": f"/issue/{i.id}"}
            for i, u in session.execute(q.order_by(IssueRow.deadline)).all()
            if i.deadline and working_days_between(today, i.deadline) <= 3]


# --- presentation --------------------------------------------------------------------------------


def _missing_entry(t: CampaignTaskRow, label: str, cy: Cycle, u: UnitRow) -> dict[str, Any]:
    return {"task_id": t.id, "number": t.number, "task_label": label, "heading": t.heading[:40], "unit_id": u.id,
            "unit": u.canonical, "cycle": cy.index, "label": cy.label, "due": cy.due.isoformat()}


def _late_entry(t: CampaignTaskRow, label: str, r: ReportRow, u: UnitRow, cy: Cycle) -> dict[str, Any]:
    return {"task_id": t.id, "number": t.number, "task_label": label, "unit_id": u.id, "unit": u.canonical,
            "cycle": r.cycle, "label": cy.label, "due": cy.due.isoformat(),
            "submitted": local(r.submitted_at).date().isoformat()}


def _task_entry(c: CampaignRow, t: CampaignTaskRow, labels: dict[str, str], assigned: Assigned,
                latest: ReportRow | None, color: str, reason: str) -> dict[str, Any]:
    """A task's row on the campaign page: its units, its latest lead report and its light (only for an
    active task of a published campaign)."""
    lit = not t.archived and c.status == "published"
    return {
        "id": t.id, "number": t.number, "heading": t.heading, "text": t.text, **labels,
        "deadline": plain(t.deadline), "archived": t.archived, "note": t.note, "version": t.version,
        "url": f"/campaign/{c.id}/task/{t.id}",
        "units": [{"unit_id": u.id, "unit": u.canonical, "role": a.role, "role_name": ROLES[a.role]}
                  for a, u in assigned],
        "status": latest.status if latest else None,
        "status_name": STATUSES[latest.status] if latest else "未报送",
        "percent": latest.percent if latest else None,
        "light": color if lit else None,
        "light_name": LIGHTS[color] if lit else "",
        "light_reason": reason if not t.archived else "",
    }


def _cycle_entries(all_cycles: list[Cycle], today: date, current: Cycle | None) -> list[dict[str, Any]]:
    """The cycles with their state: past or future, or current for the one to report now (本期); ``due_passed``:
    its due day is before ``today`` (a report for it not in yet is missing)."""
    return [cy.to_dict() | {"state": "current" if current and cy.index == current.index
                            else "past" if cy.end < today else "future", "due_passed": cy.due < today}
            for cy in all_cycles]


def due_calendar(all_cycles: list[Cycle], today: date) -> list[dict[str, Any]]:
    """This month and the months of the due days within two months (three months at most), each as a grid
    with the due days marked."""
    months = sorted({(today.year, today.month)} | {(cy.due.year, cy.due.month) for cy in all_cycles
                                                   if 0 <= (cy.due - today).days <= 62})[:3]
    dues: dict[date, list[str]] = defaultdict(list)
    for cy in all_cycles:
        dues[cy.due].append(f"{cy.label}报送截止")
    return [{"year": y, "month": m, "weeks": month_grid(y, m, dues)} for y, m in months]


def reminders(tasks: list[CampaignTaskRow], units: dict[int, Assigned], by_task: dict[int, Submitted],
              current: Cycle | None, actor: Actor, c: CampaignRow, labels: Labels,
              starts: Starts | None = None) -> list[dict[str, Any]]:
    """Per unit, the reports of the period to report now (本期, due next) still to come, with their due day."""
    if current is None or c.status != "published":
        return []
    owed: dict[int, dict[str, Any]] = {}
    for t in tasks:
        if not owes_reports(t, c, current):
            continue
        have = {r.unit_id for r, _ in by_task.get(t.id, []) if r.cycle == current.index}
        for a, u in units.get(t.id, []):
            if a.unit_id in have or is_group(u) or (actor.role == "reporter" and a.unit_id != actor.unit_id) \
                    or not owes(starts, t.id, a.unit_id, current):
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
    require(actor, "office", "leader", "reporter")
    if actor.role == "reporter":
        unit_id = actor.unit_id
    if unit_id is None:
        raise Invalid("请选择单位 / which unit?", "unit")
    view = campaign_view(engine, actor, campaign_id, today)
    with Session(engine) as session:
        d = add_to_digest(engine, session, unit_digest(session, view, get_row(session, UnitRow, unit_id, "单位"),
                                                       days, today))
        # the pushes name their profile to the office and the granting unit only (personal data)
        return pushclocks.add_to_digest(engine, session, d, reveal=actor.role in {"office", "reporter"})


def unit_digest(session: Session, view: dict[str, Any], unit: UnitRow, days: int, today: date) -> dict[str, Any]:
    """One unit's digest from a campaign's page data (:func:`campaign_view`), so that the reminders of
    every unit are made from one view."""
    due_soon = [r | {"workdays_left": working_days_between(today, date.fromisoformat(r["due"]))}
                for r in view["reminders"] if r["unit_id"] == unit.id]
    due_soon = [r for r in due_soon if r["workdays_left"] <= days]
    late = [m for m in view["missing"] if m["unit_id"] == unit.id]
    rows = session.execute(select(IssueRow).where(IssueRow.campaign_id == view["campaign"]["id"],
                                                  IssueRow.unit_id == unit.id, IssueRow.archived.is_(False),
                                                  IssueRow.status.in_(["open", "assigned"]))
                           .order_by(IssueRow.deadline)).scalars().all()
    issues_open = [{"id": i.id, "title": i.title, "deadline": plain(i.deadline), "url": f"/issue/{i.id}",
                    "overdue": bool(i.deadline and i.deadline < today)} for i in rows]
    back = sent_back(session, view, unit.id)
    return {"campaign": view["campaign"], "unit_id": unit.id, "unit": unit.canonical, "today": today.isoformat(),
            "days": days, "due_soon": due_soon, "late": late, "issues": issues_open, "returned": back,
            "nothing": not (due_soon or late or issues_open or back)}


def sent_back(session: Session, view: dict[str, Any], unit_id: int) -> list[dict[str, Any]]:
    """A unit's reports the office sent back (退回) and not yet filed again, with the reason."""
    tasks = {t["id"]: t for t in view["tasks"]}
    rows = [r for r in session.scalars(select(ReportRow).where(ReportRow.unit_id == unit_id, ReportRow.draft.is_(True),
                                                               ReportRow.campaign_task_id.in_(list(tasks))))]
    back = returned_reports(session, [r.id for r in rows])
    labels = {cy["index"]: cy["label"] for cy in view["cycles"]}
    cid = view["campaign"]["id"]
    return [back[r.id] | {"report_id": r.id, "task_id": r.campaign_task_id, "cycle": r.cycle,
                          "label": labels.get(r.cycle, ""), "task_label": tasks[r.campaign_task_id]["task_label"],
                          "heading": tasks[r.campaign_task_id]["heading"][:40],
                          "url": f"/campaign/{cid}/task/{r.campaign_task_id}?cycle={r.cycle}#report-form"}
            for r in sorted(rows, key=lambda r: (r.cycle, r.campaign_task_id)) if r.id in back]


# --- the task page -------------------------------------------------------------------------------


def task_view(engine: Engine, actor: Actor, task_id: int, today: date | None = None, cycle: int | None = None,
              unit_id: int | None = None) -> dict[str, Any]:
    """One task: its units, every report the user may see by cycle, and what the user may do.

    ``form`` is the report form as it opens: for ``cycle`` (default: the period to report now, the one
    due next — :func:`~zhengce.supervision.lights.reporting_cycle`) and the user's unit (the office:
    ``unit_id``, default the first unit), pre-filled from that report when it exists, with the version
    the save must name, and ``overdue`` when the period's due day has passed for a unit that owes it.
    """
    today = today or today_cn()
    with Session(engine) as session:
        t, c, role = visible_task(session, actor, task_id)
        all_cycles = campaign_cycles(c)
        assigned = units_of(session, [t.id]).get(t.id, [])
        starts = duty_starts(session, [t.id])
        reports = task_reports(session, actor, t, role, all_cycles, starts)
        open_cycles = [cy for cy in all_cycles if cy.start <= today]
        indicators = [] if c.document_id is None else sorted(set(session.scalars(
            select(TargetRow.indicator).where(TargetRow.document_id == c.document_id, TargetRow.origin != "task"))))
        history = task_history(session, t) if actor.role in {"office", "leader"} else []
        return {
            "campaign": campaign_dict(c), "history": history, "indicators": indicators,
            "task": {"id": t.id, "number": t.number, "heading": t.heading, "text": t.text,
                     **task_labels(session, [t])[t.id],
                     "deadline": plain(t.deadline), "archived": t.archived, "note": t.note, "version": t.version,
                     "source_task_id": t.source_task_id},
            "units": [{"unit_id": u.id, "unit": u.canonical, "role": a.role, "role_name": ROLES[a.role]}
                      for a, u in assigned],
            "reports": reports, "comments": comments_of(session, "task", t.id),
            "form": _report_form(actor, reports, assigned, open_cycles, cycle, unit_id, today, t.id, starts),
            "cycles": [cy.to_dict() for cy in open_cycles],
            "my_role": role, "can_report": c.status == "published" and not t.archived and (
                actor.role == "office" or (actor.role == "reporter" and role is not None)),
            "can_consolidate": role == "lead", "can_edit": actor.role == "office" and c.status != "archived",
            "viewer": actor.to_dict(),
        }


def task_reports(session: Session, actor: Actor, t: CampaignTaskRow, role: str | None,
                 all_cycles: list[Cycle], starts: Starts | None = None) -> list[dict[str, Any]]:
    """The reports on a task the user may see, latest cycle first, with their attachments: a reporter
    sees their own unit's (a lead unit also its supporting units'), a draft only its unit and the office."""
    q = select(ReportRow, UnitRow).join(UnitRow, UnitRow.id == ReportRow.unit_id).where(
        ReportRow.campaign_task_id == t.id)
    if actor.role == "reporter" and role != "lead":
        q = q.where(ReportRow.unit_id == actor.unit_id)  # a lead unit sees its supporting units' reports
    if actor.role != "office":  # a draft is seen by its own unit (and the office) only
        q = q.where((ReportRow.draft.is_(False)) | (ReportRow.unit_id == actor.unit_id))
    rows = session.execute(q.order_by(ReportRow.cycle.desc(), ReportRow.id)).all()
    cycle_of = {cy.index: cy for cy in all_cycles}
    reports = [report_dict(r, u, cycle_of.get(r.cycle), owes(starts, t.id, r.unit_id, cycle_of[r.cycle])
                           if r.cycle in cycle_of else True) for r, u in rows]
    files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if reports:
        for a in session.scalars(select(AttachmentRow).where(
                AttachmentRow.report_id.in_([r["id"] for r in reports]), AttachmentRow.archived.is_(False))):
            files[a.report_id or 0].append({"id": a.id, "filename": clean_name(a.filename), "size": a.size,
                                            "url": f"/attachment/{a.id}"})
    back = returned_reports(session, [r["id"] for r in reports if r["draft"]])
    for r in reports:
        r["attachments"] = files.get(r["id"], [])
        r["returned"] = back.get(r["id"])  # sent back by the office: {reason, at, by}, else None
    return reports


def _report_form(actor: Actor, reports: list[dict[str, Any]], assigned: Assigned, open_cycles: list[Cycle],
                 cycle: int | None, unit_id: int | None, today: date, task_id: int, starts: Starts) -> dict[str, Any]:
    """The report form as it opens (see :func:`task_view`)."""
    form_unit = actor.unit_id if actor.role == "reporter" else (
        unit_id if unit_id in {a.unit_id for a, _ in assigned} else (assigned[0][0].unit_id if assigned else None))
    now_due = reporting_cycle(open_cycles, today)
    form_cycle = cycle if cycle and any(cy.index == cycle for cy in open_cycles) else (
        now_due.index if now_due else None)
    mine = next((r for r in reports if r["unit_id"] == form_unit and r["cycle"] == form_cycle), None)
    chosen = next((cy for cy in open_cycles if cy.index == form_cycle), None)
    overdue = bool(chosen and chosen.due < today and form_unit and owes(starts, task_id, form_unit, chosen))
    return {"cycle": form_cycle, "label": chosen.label if chosen else "", "due": plain(chosen.due) if chosen
            else None, "overdue": overdue, "now_due": now_due.index if now_due else None,
            "unit_id": form_unit, "exists": mine is not None, "report_id": mine["id"] if mine else None,
            "version": mine["version"] if mine else None, "draft": bool(mine and mine["draft"]),
            "returned": mine["returned"] if mine else None,
            "status": mine["status"] if mine else "in_progress", "percent": mine["percent"] if mine else 0,
            "narrative": mine["narrative"] if mine else "", "values": values_text(mine["values"]) if mine else "",
            "consolidated": bool(mine and mine["consolidated"]), "held": []}


def task_history(session: Session, t: CampaignTaskRow) -> list[dict[str, Any]]:
    """The audit log of a task, oldest first, as a reader reads it."""
    return [{"at": local(a.at).isoformat(timespec="minutes"), "user": a.username, "action": a.action,
             "action_name": AUDIT_ACTIONS.get(a.action, a.action), "before": a.before, "after": a.after,
             "before_text": describe_change(a.before), "after_text": describe_change(a.after)}
            for a in session.scalars(select(AuditRow).where(AuditRow.entity == "task", AuditRow.entity_id == t.id)
                                     .order_by(AuditRow.id))]
