"""The issue ledger (问题台账): problems raised against a task or an enterprise, assigned to a unit with a
deadline (交办), chased (督办), escalated, resolved (办结), closed (销号), reopened or archived; each step
is an event of the issue and a line of the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from zhengce.access.accounts import Actor, audit, aware, local, now
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Conflict, Forbidden, Invalid
from zhengce.db import UnitRow
from zhengce.db.tracking import AuditRow, CampaignRow, CampaignTaskRow, IssueEventRow, IssueRow, UserRow
from zhengce.supervision.labels import COMMENT_NAMES, ISSUE_ACTIONS, ISSUE_RIGHTS, ISSUE_STATUSES
from zhengce.supervision.permissions import raised_here, visible_campaign, visible_issue, visible_task
from zhengce.supervision.records import campaign_dict, check_version, flush, parse_date, plain, snapshot, task_labels
from zhengce.supervision.settings import campaign_settings
from zhengce.supervision.units import assignable

__all__ = [
    "ISSUE_FIELDS", "issue_action", "issue_dict", "issue_levels", "issue_stats", "issue_step", "issue_view", "issues",
    "possible_actions", "raise_issue", "raised_by_form",
]

ISSUE_FIELDS = ["title", "description", "enterprise", "unit_id", "deadline", "status", "level", "resolution",
                "campaign_task_id", "archived"]


def raise_issue(engine: Engine, actor: Actor, campaign_id: int, title: str, description: str = "",
                task_id: int | None = None, enterprise: str = "", unit: int | str | None = None,
                deadline: Any = None, once: str = "") -> int:
    """Put a problem on the ledger, against a task or an enterprise; the office naming a unit assigns it (交办)
    at once.

    A reporter raises problems of their own unit's tasks; theirs start 待交办, for the office to assign to
    the unit that must act, with a deadline (a unit does not assign a problem to itself). ``once``, the
    one-time token of the ledger page's form: the same form sent again (a double click) answers the issue
    it raised, raising none (see :func:`raised_by_form`).
    """
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写问题 / describe the problem", "title")
    once = (once or "").strip()[:64]
    with Session(engine) as session, session.begin():
        if once:  # one form at a time per campaign: a racing second click waits, then finds the first
            session.execute(update(CampaignRow.__table__).where(CampaignRow.__table__.c.id == campaign_id)
                            .values(name=CampaignRow.__table__.c.name))
            done = raised_by_form(session, once)
            if done is not None:
                return done
        c = visible_campaign(session, actor, campaign_id)
        if actor.role == "leader":
            raise Forbidden("领导可对问题作批示，问题由督查室或责任单位登记 / leaders comment, others raise issues")
        if task_id is not None:
            _t, tc, _role = visible_task(session, actor, task_id)
            if tc.id != c.id:
                raise Invalid("任务不属于该督办事项 / the task belongs to another campaign", "task_id")
        elif actor.role == "reporter":
            raise Invalid("请选择本单位的任务 / choose one of your unit's tasks", "task_id")
        unit_id = None if actor.role == "reporter" or unit in (None, "") else (
            assignable(session, unit, c.jurisdiction).id)
        when = now()
        row = IssueRow(campaign_id=c.id, campaign_task_id=task_id, enterprise=(enterprise or "").strip()[:200],
                       title=title[:500], description=description or "", unit_id=unit_id,
                       deadline=parse_date(deadline, "整改时限", "deadline"),
                       status="assigned" if unit_id else "open", level=0,
                       resolution="", raised_by=actor.id, raised_at=when,
                       assigned_at=when if unit_id else None, archived=False)
        session.add(row)
        session.flush()
        session.add(IssueEventRow(issue_id=row.id, kind="raise", note=title[:500], user_id=actor.id, at=when))
        audit(session, actor, "issue.raise", "issue", row.id, None,
              snapshot(row, ISSUE_FIELDS) | ({"form": once} if once else {}))
        return row.id


def raised_by_form(session: Session, once: str) -> int | None:
    """The issue raised by the form of one-time token ``once``, if any."""
    return next((a.entity_id for a in session.scalars(select(AuditRow).where(
        AuditRow.entity == "issue", AuditRow.action == "issue.raise").order_by(AuditRow.id.desc()))
        if (a.after or {}).get("form") == once), None)


def issue_action(engine: Engine, actor: Actor, issue_id: int, action: str, version: int | None, note: str = "",
                 unit: int | str | None = None, deadline: Any = None, once: str = "") -> int:
    """One step of an issue's life: assign (交办), chase (督办), escalate (升级), resolve (办结), close (销号),
    reopen (重新打开), comment, or archive (a duplicate or a mistake; kept, not deleted); returns the new
    version. A step the issue's state does not allow is refused with the reason (:func:`possible_actions`
    offers only the others). See :func:`issue_step` for ``once``."""
    return issue_step(engine, actor, issue_id, action, version, note, unit, deadline, once)[0]


def issue_step(engine: Engine, actor: Actor, issue_id: int, action: str, version: int | None, note: str = "",
               unit: int | str | None = None, deadline: Any = None, once: str = "") -> tuple[int, bool]:
    """:func:`issue_action`, answering (version, repeated). Every step makes a new version of the issue, so
    that two requests read from one version cannot both be recorded. The same form sent twice — ``once``,
    the one-time token of the issue page's form, already in the audit log; or, with no token, the step just
    recorded by the same user with the same note from the version the request names — is recorded once: it
    answers (the present version, True)."""
    if action not in ISSUE_ACTIONS:
        raise Invalid("未知的操作 / unknown action", "action")
    note, once = (note or "").strip(), (once or "").strip()[:64]
    try:
        return _step(engine, actor, issue_id, action, version, note, unit, deadline, once)
    except Conflict:  # another request of the same form saved first: read now, the same form is the same step
        return _step(engine, actor, issue_id, action, version, note, unit, deadline, once)


def _step(engine: Engine, actor: Actor, issue_id: int, action: str, version: int | None, note: str,
          unit: int | str | None, deadline: Any, once: str) -> tuple[int, bool]:
    """One attempt of :func:`issue_step` in one transaction."""
    with Session(engine) as session, session.begin():
        row, c = visible_issue(session, actor, issue_id)
        if _already(session, actor, row, action, version, note, once):
            return row.version, True
        check_version(row, version)
        before = snapshot(row, ISSUE_FIELDS)
        if action not in ISSUE_RIGHTS[actor.role]:
            raise Forbidden(f"您不能{ISSUE_ACTIONS[action]}此问题 / not allowed for your role")
        if actor.role == "reporter" and action != "comment" and row.unit_id != actor.unit_id:
            raise Forbidden("问题尚未交办给本单位，只能发表意见 / the issue is not assigned to your unit")
        levels = issue_levels(c)
        _STEPS[action](_Step(session, row, c, note, unit, deadline, levels))
        flag_modified(row, "status")  # a new version even when a step changes no field (督办, 意见)
        flush(session)
        label = levels[row.level] if action == "escalate" else ""
        session.add(IssueEventRow(issue_id=row.id, kind=action, note=(note or label)[:5000], user_id=actor.id,
                                  at=now()))
        audit(session, actor, f"issue.{action}", "issue", row.id, before,
              snapshot(row, ISSUE_FIELDS) | ({"form": once} if once else {}))
        return row.version, False


def _already(session: Session, actor: Actor, row: IssueRow, action: str, version: int | None, note: str,
             once: str) -> bool:
    """Whether this request is one already recorded (see :func:`issue_step`)."""
    if once:
        return any((a.after or {}).get("form") == once for a in session.scalars(
            select(AuditRow).where(AuditRow.entity == "issue", AuditRow.entity_id == row.id)))
    if version is None or row.version != version + 1:
        return False
    last = session.scalar(select(IssueEventRow).where(IssueEventRow.issue_id == row.id)
                          .order_by(IssueEventRow.id.desc()).limit(1))
    return bool(last and last.kind == action and last.user_id == actor.id and last.note == note[:5000])


# why a step is refused in a state: the key is the step, the value (state test, reason)
_WHEN: dict[str, tuple[Callable[[IssueRow, list[str]], bool], str]] = {
    "assign": (lambda r, _l: r.status in {"open", "assigned"},
               "已办结或已销号的问题不能再交办，需继续办理请先重新打开 / reopen a resolved or closed issue first"),
    "chase": (lambda r, _l: r.status == "assigned",
              "只能督办已交办、未办结的问题 / only an assigned issue can be chased"),
    "escalate": (lambda r, _l: r.status in {"open", "assigned"},
                 "已办结的问题无需升级 / a resolved issue is not escalated"),
    "resolve": (lambda r, _l: r.status == "assigned", "只能办结已交办的问题 / only an assigned issue can be resolved"),
    "close": (lambda r, _l: r.status == "resolved", "只能对已办结的问题销号 / only a resolved issue can be closed"),
    "reopen": (lambda r, _l: r.status in {"resolved", "closed"},
               "只能重新打开已办结或已销号的问题 / only a resolved or closed issue reopens"),
    "comment": (lambda r, _l: True, ""),
    "archive": (lambda r, _l: not r.archived, "问题已归档 / already archived"),
}


def possible_actions(row: IssueRow, role: str, levels: list[str], unit_id: int | None = None) -> dict[str, str]:
    """The steps a user of ``role`` (a reporter: of ``unit_id``) may take on the issue in its present state,
    with their Chinese names: no 交办 on a closed issue, 销号 only once 办结, 升级 below the top level."""
    out = {}
    for k in ISSUE_RIGHTS[role]:
        if not _WHEN[k][0](row, levels) or (k == "escalate" and row.level + 1 >= len(levels)):
            continue
        if role == "reporter" and k != "comment" and row.unit_id != unit_id:
            continue
        out[k] = COMMENT_NAMES.get(role, ISSUE_ACTIONS[k]) if k == "comment" else ISSUE_ACTIONS[k]
    return out


class _Step:
    """What one step of an issue's life works on."""

    def __init__(self, session: Session, row: IssueRow, c: CampaignRow, note: str, unit: int | str | None,
                 deadline: Any, levels: list[str]) -> None:
        self.session, self.row, self.campaign, self.note = session, row, c, note
        self.unit, self.deadline, self.levels = unit, deadline, levels

    def allowed(self, action: str) -> None:
        check, reason = _WHEN[action]
        if not check(self.row, self.levels):
            raise Invalid(reason, "action")

    def new_deadline(self) -> date | None:
        return parse_date(self.deadline, "整改时限", "deadline") or self.row.deadline


def _assign(s: _Step) -> None:
    s.allowed("assign")
    if s.unit in (None, ""):
        raise Invalid("请指定承办单位 / assign to which unit?", "unit")
    unit = assignable(s.session, s.unit, s.campaign.jurisdiction)
    deadline = s.new_deadline()
    if deadline is None:
        raise Invalid("交办须给出整改时限 / an assigned issue needs a deadline", "deadline")
    s.row.unit_id, s.row.deadline = unit.id, deadline
    s.row.status, s.row.assigned_at = "assigned", now()


def _chase(s: _Step) -> None:
    s.allowed("chase")
    s.row.deadline = s.new_deadline()


def _escalate(s: _Step) -> None:
    s.allowed("escalate")
    if s.row.level + 1 >= len(s.levels):
        raise Invalid(f"已升级到最高层级（{s.levels[-1]}）/ already at the top level", "action")
    s.row.level += 1


def _resolve(s: _Step) -> None:
    s.allowed("resolve")
    if not s.note:
        raise Invalid("请填写办理结果 / say how it was resolved", "note")
    s.row.status, s.row.resolution = "resolved", s.note


def _close(s: _Step) -> None:
    s.allowed("close")
    s.row.status, s.row.closed_at = "closed", now()


def _archive(s: _Step) -> None:
    s.allowed("archive")
    if not s.note:
        raise Invalid("请说明归档原因 / say why it is archived", "note")
    s.row.archived = True


def _reopen(s: _Step) -> None:
    s.allowed("reopen")
    s.row.status, s.row.closed_at = ("assigned" if s.row.unit_id else "open"), None


def _comment(s: _Step) -> None:
    if not s.note:
        raise Invalid("意见不能为空 / an empty comment", "note")


_STEPS: dict[str, Callable[[_Step], None]] = {
    "assign": _assign, "chase": _chase, "escalate": _escalate, "resolve": _resolve, "close": _close,
    "reopen": _reopen, "comment": _comment, "archive": _archive,
}


def issue_levels(c: CampaignRow) -> list[str]:
    """The levels an issue of the campaign escalates through; a campaign with a task force (一专班, named on
    the campaign) has it as the level of the 专班 (专班办公室 by default), or just below the top one."""
    levels = list(campaign_settings(c)["escalation"])
    force = (c.settings or {}).get("task_force")
    if not force:
        return levels
    if any("专班" in x for x in levels):
        return [force if "专班" in x else x for x in levels]
    return [*levels[:-1], force, levels[-1]]


def issue_dict(row: IssueRow, unit: UnitRow | None, task: CampaignTaskRow | None, levels: list[str],
               today: date, label: str | None = None) -> dict[str, Any]:
    """An issue as the ledger shows it, overdue when still open past its deadline."""
    overdue = row.status in {"open", "assigned"} and row.deadline is not None and row.deadline < today
    return {"id": row.id, "campaign_id": row.campaign_id, "title": row.title, "description": row.description,
            "enterprise": row.enterprise, "unit_id": row.unit_id, "unit": unit.canonical if unit else None,
            "task_id": row.campaign_task_id, "task_number": task.number if task else None,
            "task_label": (label or task.number) if task else None,
            "deadline": plain(row.deadline), "status": row.status, "status_name": ISSUE_STATUSES[row.status],
            "level": row.level, "level_name": levels[min(row.level, len(levels) - 1)], "resolution": row.resolution,
            "raised_at": local(row.raised_at).isoformat(timespec="minutes"), "overdue": overdue,
            "closed_at": local(row.closed_at).isoformat(timespec="minutes") if row.closed_at else None,
            "version": row.version, "url": f"/issue/{row.id}"}


def issues(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None) -> dict[str, Any]:
    """The ledger of a campaign (a reporter sees their unit's issues), with closure figures per unit."""
    today = today or today_cn()
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        levels = issue_levels(c)
        q = (select(IssueRow, UnitRow, CampaignTaskRow).outerjoin(UnitRow, UnitRow.id == IssueRow.unit_id)
             .outerjoin(CampaignTaskRow, CampaignTaskRow.id == IssueRow.campaign_task_id)
             .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False)))
        if actor.role == "reporter":
            q = q.where(or_(IssueRow.unit_id == actor.unit_id, IssueRow.raised_by.in_(raised_here(actor))))
        rows = session.execute(q.order_by(IssueRow.id.desc())).all()
        labels = task_labels(session, [t for _r, _u, t in rows if t is not None])
        items = [issue_dict(r, u, t, levels, today, labels[t.id]["task_label"] if t else None) for r, u, t in rows]
        return {"campaign": campaign_dict(c), "issues": items, "by_unit": issue_stats(rows), "levels": levels,
                "waiting": sum(1 for i in items if i["status"] == "open"), "viewer": actor.to_dict()}


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
            entry["days"].append((aware(r.closed_at) - aware(r.assigned_at)).total_seconds() / 86400)
    out = []
    for e in per.values():
        days = e.pop("days")
        e["rate"] = round(e["closed"] / e["total"], 3) if e["total"] else 0.0
        e["mean_days"] = round(sum(days) / len(days), 1) if days else None
        out.append(e)
    return sorted(out, key=lambda e: (-e["rate"], e["unit"]))


def issue_view(engine: Engine, actor: Actor, issue_id: int, today: date | None = None) -> dict[str, Any]:
    """One issue with its events and the actions the user may take."""
    today = today or today_cn()
    with Session(engine) as session:
        row, c = visible_issue(session, actor, issue_id)
        levels = issue_levels(c)
        unit = session.get(UnitRow, row.unit_id) if row.unit_id else None
        task = session.get(CampaignTaskRow, row.campaign_task_id) if row.campaign_task_id else None
        events = [{"kind": e.kind, "note": e.note, "user": n, "at": local(e.at).isoformat(timespec="minutes"),
                   "kind_name": COMMENT_NAMES.get(role or "", "意见") if e.kind == "comment"
                   else ISSUE_ACTIONS.get(e.kind, "登记")}
                  for e, n, role in session.execute(select(IssueEventRow, UserRow.display_name, UserRow.role)
                                              .outerjoin(UserRow, UserRow.id == IssueEventRow.user_id)
                                              .where(IssueEventRow.issue_id == row.id).order_by(IssueEventRow.id))]
        label = task_labels(session, [task])[task.id]["task_label"] if task else None
        return {"campaign": campaign_dict(c), "issue": issue_dict(row, unit, task, levels, today, label),
                "events": events, "actions": possible_actions(row, actor.role, levels, actor.unit_id),
                "viewer": actor.to_dict()}
