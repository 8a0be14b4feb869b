"""Requests, applications, checks and objections on government data, each with its statutory clock,
and the grants they lead to (永政办发〔2022〕13号 第十八、十九、二十一、二十六、三十四、三十八条).

- share (共享申请, clause 18): names the data and its 用途; 无条件 → granted at once; 有条件 → the
  office with the provider answers within 10 working days; 不予 → negotiated, no clock.
- open (开放申请, clause 26): 有条件开放 data → handled within 15 working days; 无条件 → online at once.
- check (校核, clause 21): the provider answers within 5 working days, extendable with its head's
  consent (``extension``: 15 more days, or 15 in total).
- objection (异议, clause 34): flagged within 1 working day; decided by the office within 5, or
  forwarded within 2 and decided by the department within 5 of receipt.

A refusal states its reason. Each clock is also a duty of a department, reminded, escalated and
counted under clause 38 (:mod:`zhengce.datagov.duties`). A grant names grantee, items, purpose and
period; anyone else is refused; a suspension (clause 19) takes effect on the next access; personal
items are masked unless the grant allows them; every grant, access, suspension and decision is in
the (hash-chained) audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, today
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound
from zhengce.calendar.workdays import working_days_between
from zhengce.datagov.rules import EXTENSIONS, DataError, deadline, mask
from zhengce.db import UnitRow
from zhengce.db.datatables import DataGrantRow, DataItemRow, DataRequestRow, DataResourceRow

KINDS = {"share": "共享申请", "open": "开放申请", "check": "校核", "objection": "异议"}
STATUS = {"pending": "待办理", "flagged": "已标注", "forwarded": "已转办", "extended": "已延期", "granted": "已同意",
          "refused": "不予同意", "answered": "已校核", "corrected": "已更正", "not_corrected": "不予更正",
          "negotiating": "协商中"}
REMIND_DAYS = 2  # an open clock due within this many working days is on the reminder list
GRANT_STATES = {"active": "有效", "suspended": "已暂停", "expired": "已过期"}
CLOSED = {"granted", "refused", "answered", "corrected", "not_corrected"}


def _get(session: Session, model: Any, ident: int, what: str) -> Any:
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"找不到{what} {ident} / not found")
    return row


def clocks(r: DataRequestRow) -> list[dict[str, Any]]:
    """The clocks running (or run) for a request: what is due, by when, under which clause, and whether met."""
    out: list[dict[str, Any]] = []

    def add(kind: str, start: date, done: date | None, extension: str = "additional") -> None:
        d = deadline(kind, start, extension)
        out.append(d.to_dict() | {"done_on": done.isoformat() if done else None})

    if r.kind == "share" and r.status != "negotiating":
        add("share-request", r.filed_on, r.decided_on)
    elif r.kind == "open":
        add("open-application", r.filed_on, r.decided_on)
    elif r.kind == "check":
        add("check-extended" if r.extension else "check", r.filed_on, r.decided_on, r.extension or "additional")
    elif r.kind == "objection":
        add("objection-flag", r.filed_on, r.flagged_on)
        if r.forwarded_on is not None:
            add("objection-forward", r.filed_on, r.forwarded_on)
            add("objection-department", r.forwarded_on, r.decided_on)
        else:
            add("objection-decision", r.filed_on, r.decided_on)
    return out


def _overdue(c: dict[str, Any], on: date) -> bool:
    done = c["done_on"]
    return (done is None and c["due"] < on.isoformat()) or (done is not None and done > c["due"])


def _dict(session: Session, r: DataRequestRow, on: date) -> dict[str, Any]:
    res = session.get(DataResourceRow, r.resource_id)
    units = {u.id: u.canonical for u in session.scalars(select(UnitRow).where(
        UnitRow.id.in_([x for x in (r.provider_unit_id, r.requester_unit_id) if x is not None])))}
    cl = clocks(r)
    open_clocks = [c for c in cl if c["done_on"] is None]
    return {"id": r.id, "kind": r.kind, "kind_name": KINDS[r.kind], "resource_id": r.resource_id,
            "resource": res.name if res else "", "provider_unit_id": r.provider_unit_id,
            "provider": units.get(r.provider_unit_id or -1, res.provider if res else ""),
            "requester_unit_id": r.requester_unit_id, "requester": units.get(r.requester_unit_id or -1, r.applicant),
            "applicant": r.applicant, "purpose": r.purpose, "items": list(r.items or []),
            "filed_on": r.filed_on.isoformat(), "status": r.status, "status_name": STATUS[r.status],
            "extension": r.extension, "reason": r.reason,
            "decided_on": r.decided_on.isoformat() if r.decided_on else None,
            "clocks": cl, "due": open_clocks[0]["due"] if open_clocks else None,
            "clause": open_clocks[0]["clause"] if open_clocks else None,
            "overdue": any(_overdue(c, on) for c in cl) and r.status not in {"negotiating"},
            "late_open": r.status not in CLOSED and any(_overdue(c, on) for c in open_clocks),
            "due_soon": r.status not in CLOSED and bool(open_clocks) and not any(_overdue(c, on) for c in open_clocks)
            and working_days_between(on, date.fromisoformat(open_clocks[0]["due"])) <= REMIND_DAYS,
            "version": r.version, "url": f"/data/request/{r.id}"}


def _visible(actor: Actor, r: DataRequestRow) -> bool:
    if actor.role in {"office", "leader"}:
        return True
    if actor.role == "reporter" and actor.unit_id is not None:
        return actor.unit_id in {r.provider_unit_id, r.requester_unit_id}
    return actor.id is not None and r.user_id == actor.id


def file(engine: Engine, actor: Actor, kind: str, resource_id: int, purpose: str = "", items: list[str] | None = None,
         on: date | None = None, applicant: str = "") -> dict[str, Any]:
    """File a request of ``kind`` on a resource; returns it with its clock (a 无条件 one is granted at once)."""
    if kind not in KINDS:
        raise Invalid(f"申请种类只能是 {'、'.join(KINDS)} / kind must be share, open, check or objection")
    if actor.id is None:
        raise Forbidden("请先登录 / please sign in")
    on = on or today()
    with Session(engine) as session, session.begin():
        res = _get(session, DataResourceRow, resource_id, "数据资源")
        if res.status != "published":
            raise Invalid("该目录尚未发布 / the entry is not published")
        names = [i.name for i in session.scalars(select(DataItemRow).where(DataItemRow.resource_id == res.id)
                                                 .order_by(DataItemRow.position))]
        items = [x.strip() for x in items or [] if x.strip()] or names
        if unknown := [x for x in items if x not in names]:
            raise Invalid(f"该资源没有信息项：{'、'.join(unknown)} / unknown data items")
        requester = actor.unit_id if actor.role == "reporter" else None
        if kind in {"share", "check"} and requester is None:
            raise Forbidden("共享申请、校核由使用部门的工作人员提出 / filed by a using department's staff")
        if kind in {"share", "open"} and not purpose.strip():
            raise Invalid("应写明使用用途（第十八条） / state the purpose", field="purpose")
        if kind == "share" and requester == res.provider_unit_id:
            raise Invalid("提供部门不必向自己申请 / the provider does not request its own data")
        status = "pending"
        if kind == "share":
            status = {"unconditional": "granted", "conditional": "pending", "none": "negotiating"}[res.share_type]
        if kind == "open":
            if res.open_type == "none":
                raise Invalid(f"该数据属不予开放类：{res.open_reason}（{res.open_basis}）/ not open")
            status = "granted" if res.open_type == "unconditional" else "pending"
        row = DataRequestRow(kind=kind, resource_id=res.id, provider_unit_id=res.provider_unit_id,
                             requester_unit_id=requester, user_id=actor.id,
                             applicant=applicant.strip() or actor.display_name, purpose=purpose.strip(),
                             items=items, filed_on=on, status=status, created_at=now(),
                             decided_on=on if status == "granted" else None)
        session.add(row)
        session.flush()
        audit(session, actor, f"data.{kind}.file", "data_request", row.id, None,
              {"resource": res.id, "items": items, "purpose": row.purpose, "status": status})
        if status == "granted":
            _grant(session, actor, row, items, personal_allowed=False, valid_to=None)
        return _dict(session, row, on)


def _grant(session: Session, actor: Actor, r: DataRequestRow, items: list[str], personal_allowed: bool,
           valid_to: date | None) -> DataGrantRow:
    g = DataGrantRow(request_id=r.id, resource_id=r.resource_id, grantee_unit_id=r.requester_unit_id,
                     grantee_user_id=None if r.requester_unit_id else r.user_id, items=items,
                     personal_allowed=personal_allowed, purpose=r.purpose, valid_from=r.decided_on or today(),
                     valid_to=valid_to, created_at=now())
    session.add(g)
    session.flush()
    audit(session, actor, "data.grant", "data_grant", g.id, None,
          {"request": r.id, "grantee_unit": g.grantee_unit_id, "grantee_user": g.grantee_user_id, "items": items,
           "purpose": g.purpose, "personal_allowed": personal_allowed,
           "valid_to": valid_to.isoformat() if valid_to else None})
    return g


def _may_answer(actor: Actor, r: DataRequestRow) -> None:
    if actor.office:
        return
    if actor.role == "reporter" and actor.unit_id is not None and actor.unit_id == r.provider_unit_id \
            and r.kind != "objection":
        return
    if r.kind == "objection" and actor.role == "reporter" and r.status == "forwarded" \
            and actor.unit_id == r.provider_unit_id:
        return
    raise Forbidden("只有提供部门或主管部门可以办理 / only the provider or the office may answer")


def act(engine: Engine, actor: Actor, request_id: int, action: str, reason: str = "", on: date | None = None,
        version: int | None = None, extension: str = "additional", personal_allowed: bool = False,
        valid_to: date | None = None, items: list[str] | None = None) -> dict[str, Any]:
    """Move a request on: grant | refuse | answer | extend | flag | forward | correct | not_correct."""
    on = on or today()
    with Session(engine) as session, session.begin():
        r = _get(session, DataRequestRow, request_id, "申请")
        _may_answer(actor, r)
        if version is not None and version != r.version:
            raise Conflict("该申请已被他人办理，请刷新 / changed by someone else; reload")
        if r.status in CLOSED:
            raise Invalid(f"该申请已办结（{STATUS[r.status]}）/ already closed")
        before = {"status": r.status}
        reason = reason.strip()
        allowed = {"share": {"grant", "refuse"}, "open": {"grant", "refuse"}, "check": {"answer", "extend"},
                   "objection": {"flag", "forward", "correct", "not_correct"}}[r.kind]
        if action not in allowed:
            raise Invalid(f"{KINDS[r.kind]}可办理的操作：{'、'.join(sorted(allowed))} / invalid action")
        if action in {"refuse", "not_correct"} and not reason:
            raise Invalid("不予同意或不予更正的，应说明理由（第十八条、第二十六条、第三十四条）"
                          " / a refusal needs its reason")
        if action == "grant":
            r.status, r.decided_on, r.reason = "granted", on, reason
            chosen = [x for x in (items or r.items) if x in r.items] or list(r.items)
            session.flush()
            _grant(session, actor, r, chosen, personal_allowed, valid_to)
        elif action == "refuse":
            r.status, r.decided_on, r.reason = "refused", on, reason
        elif action == "answer":
            r.status, r.decided_on, r.reason = "answered", on, reason
        elif action == "extend":
            if r.extension:
                raise Invalid("校核期限只能延长一次 / extended already")
            if extension not in EXTENSIONS:
                raise Invalid("extension 只能是 additional 或 total / extension must be additional or total")
            if not reason:
                raise Invalid("延长校核期限应写明提供部门负责人同意的情况 / say who consented")
            r.status, r.extension, r.reason = "extended", extension, reason
        elif action == "flag":
            if not actor.office:
                raise Forbidden("异议由主管部门标注 / the office flags objections")
            r.status, r.flagged_on = "flagged", on
        elif action == "forward":
            if not actor.office:
                raise Forbidden("异议由主管部门转办 / the office forwards objections")
            if r.flagged_on is None:
                r.flagged_on = on
            r.status, r.forwarded_on = "forwarded", on
        else:  # correct | not_correct
            if r.flagged_on is None:
                r.flagged_on = on
            r.status, r.decided_on, r.reason = ("corrected" if action == "correct" else "not_corrected"), on, reason
        session.flush()
        audit(session, actor, f"data.{r.kind}.{action}", "data_request", r.id, before,
              {"status": r.status, "reason": r.reason, "on": on.isoformat(), "extension": r.extension})
        return _dict(session, r, on)


def request(engine: Engine, actor: Actor, request_id: int, on: date | None = None) -> dict[str, Any]:
    on = on or today()
    with Session(engine) as session:
        r = session.get(DataRequestRow, request_id)
        if r is None or not _visible(actor, r):
            raise NotFound(f"找不到申请 {request_id} / not found")
        d = _dict(session, r, on)
        d["grants"] = [_grant_dict(g, on) for g in session.scalars(select(DataGrantRow).where(
            DataGrantRow.request_id == r.id))]
        return d


def requests(engine: Engine, actor: Actor, on: date | None = None, unit_id: int | None = None,
             overdue_only: bool = False) -> list[dict[str, Any]]:
    on = on or today()
    if actor.role == "public" and actor.id is None:
        raise Forbidden("请先登录 / please sign in")
    with Session(engine) as session:
        rows = session.scalars(select(DataRequestRow).order_by(DataRequestRow.id.desc())).all()
        found = [_dict(session, r, on) for r in rows if _visible(actor, r)
                 and (unit_id is None or unit_id in {r.provider_unit_id, r.requester_unit_id})]
    return [d for d in found if d["late_open"]] if overdue_only else found


def _grant_dict(g: DataGrantRow, on: date) -> dict[str, Any]:
    state = "suspended" if g.suspended_on else "expired" if g.valid_to and g.valid_to < on else "active"
    return {"id": g.id, "request_id": g.request_id, "resource_id": g.resource_id, "grantee_unit_id": g.grantee_unit_id,
            "grantee_user_id": g.grantee_user_id, "items": list(g.items or []), "purpose": g.purpose,
            "personal_allowed": g.personal_allowed, "valid_from": g.valid_from.isoformat(),
            "valid_to": g.valid_to.isoformat() if g.valid_to else None, "state": state,
            "state_name": GRANT_STATES[state],
            "suspended_reason": g.suspended_reason, "version": g.version}


def suspend(engine: Engine, actor: Actor, grant_id: int, reason: str, on: date | None = None) -> dict[str, Any]:
    """The provider stops a grant it finds misused (clause 19); the next access is refused."""
    on = on or today()
    with Session(engine) as session, session.begin():
        g = _get(session, DataGrantRow, grant_id, "授权")
        res = session.get(DataResourceRow, g.resource_id)
        provider = res.provider_unit_id if res else None
        if not (actor.office or (actor.role == "reporter" and actor.unit_id is not None and actor.unit_id == provider)):
            raise Forbidden("只有提供部门或主管部门可以暂停授权 / only the provider or the office may suspend")
        if not reason.strip():
            raise Invalid("暂停或终止提供应说明理由 / a suspension needs its reason")
        g.suspended_on, g.suspended_reason = on, reason.strip()
        session.flush()
        audit(session, actor, "data.grant.suspend", "data_grant", g.id, None,
              {"on": on.isoformat(), "reason": g.suspended_reason})
        return _grant_dict(g, on)


def access(engine: Engine, actor: Actor, grant_id: int, on: date | None = None) -> dict[str, Any]:
    """Read a resource's records under a grant: only the grantee, only the granted items, personal ones masked
    unless the grant allows them; an identifier that is not valid is reported, not served. A refused access is
    in the audit log too (written before the refusal is raised)."""
    on = on or today()
    refusal = ""
    with Session(engine) as session, session.begin():
        g = session.get(DataGrantRow, grant_id)
        if g is None:
            raise NotFound(f"找不到授权 {grant_id} / not found")
        mine = (
            (g.grantee_unit_id is not None and actor.role == "reporter" and actor.unit_id == g.grantee_unit_id)
            or (g.grantee_user_id is not None and actor.id == g.grantee_user_id))
        if not mine:
            refusal, why = "无权访问：该授权不属于你的单位 / not your grant", "not the grantee"
        elif g.suspended_on is not None:
            refusal, why = f"该授权已被提供部门暂停：{g.suspended_reason} / the grant is suspended", "suspended"
        elif g.valid_to is not None and g.valid_to < on:
            refusal, why = f"该授权已于 {g.valid_to.isoformat()} 到期 / the grant has expired", "expired"
        if refusal:
            audit(session, actor, "data.access.refused", "data_grant", g.id, None, {"why": why})
        else:
            result = _records(session, g, on)
            audit(session, actor, "data.access", "data_grant", g.id, None,
                  {"records": len(result["records"]), "items": list(g.items), "masked": not g.personal_allowed})
    if refusal:
        raise Forbidden(refusal)
    return result


def _records(session: Session, g: DataGrantRow, on: date) -> dict[str, Any]:
    res = session.get(DataResourceRow, g.resource_id)
    items = {i.name: i for i in session.scalars(select(DataItemRow).where(DataItemRow.resource_id == g.resource_id))}
    records, problems = [], []
    for n, rec in enumerate(res.sample or [] if res else [], 1):
        out: dict[str, Any] = {}
        for name in g.items:
            item = items.get(name)
            value = rec.get(name)
            if item is None or value is None:
                continue
            if item.secret:
                out[name] = "【涉密，不予提供】"
            elif item.personal and not g.personal_allowed:
                try:
                    out[name] = mask(item.mask, str(value)) if item.mask else "******"
                except DataError as exc:
                    out[name] = "【无效，不予提供】"
                    problems.append(f"第{n}条 {name}：{exc}")
            else:
                out[name] = value
        records.append(out)
    return {"grant": _grant_dict(g, on), "resource": res.name if res else "", "records": records,
            "problems": problems}
