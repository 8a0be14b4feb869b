"""Every clock of the data-resource duties, per department: reminded before it falls due, escalated when
missed, and counted under the nine items of clause 38 (永政办发〔2022〕13号) — what a department's dashboard
shows and what the supervision scores, digests and bulletins count (:mod:`zhengce.supervision.dataclocks`).

A duty is one clock of a request (:func:`zhengce.datagov.requests.clocks`: share request, open application,
check, objection flag / decision / forward / department decision) or a catalog update after a change of law
or of functions (clause 13, read from the audit log: the change, and the first edit of the entry after it).
Whose duty it is: the provider department's, except flagging, deciding and forwarding an objection, which
are the 主管部门's (``unit_id`` None, named :data:`OFFICE`). Its state on a day: ``met`` (done by the due
date), ``late`` (done after it), ``overdue`` (open past it), ``due_soon`` (open, at most
:data:`REMIND_DAYS` working days left: on the reminder list) or ``running``. An overdue duty climbs one
escalation level at once and one more every :data:`ESCALATE_EVERY` working days it stays open.

Besides the missed clocks, three more findings are counted (:func:`findings`): a 无条件 entry narrowed by its
department (item 1), a restricted entry published without its reason or legal basis (item 1, stored before
the check existed or written around it) and a grant the provider suspended for misuse (clause 19: item 5,
against the grantee). Items 3, 4, 6, 7 and 9 are not seen by the system: the office records them as
deductions of a campaign.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import local
from zhengce.calendar.workdays import clock_state
from zhengce.datagov.entries import publish_problems
from zhengce.datagov.requests import KINDS, REMIND_DAYS, clocks
from zhengce.datagov.rules import CLOCKS, deadline
from zhengce.db import UnitRow
from zhengce.db.datatables import DataGrantRow, DataItemRow, DataRequestRow, DataResourceRow
from zhengce.db.tracking import AuditRow

__all__ = ["CLAUSE38_ITEMS", "ESCALATE_EVERY", "LEVELS", "OFFICE", "REMIND_DAYS", "STATES", "duties", "findings",
           "item_of", "tally"]

OFFICE = "政务数据主管部门"
# the levels an overdue duty climbs (a campaign's own ``escalation`` setting replaces them in supervision)
LEVELS = ("责任部门", "政务数据主管部门", "分管领导")
ESCALATE_EVERY = 5  # working days overdue per further level
STATES = {"met": "按时办结", "late": "逾期办结", "overdue": "已逾期", "due_soon": "即将到期", "running": "办理中"}

# clause 38, its nine items; ``measured`` says what the system counts under the item ("" where it sees nothing)
CLAUSE38_ITEMS: dict[str, dict[str, str]] = {k: {"clause": f"第三十八条第（{n}）项", "text": text, "measured": m}
                                             for k, n, text, m in (
    ("1", "一", "不按照规定编制、更新、报送政务数据目录的，或者擅自缩小无条件共享类政务数据范围的",
     "目录更新逾期；擅自缩小无条件共享范围；受限类目录缺少理由或依据即发布"),
    ("2", "二", "不按照规定采集、整理、更新政务数据资源，落实疑义、错误信息校核制度的", "校核、异议标注与更正逾期"),
    ("3", "三", "不按照规定进行系统整合，联通共享平台的", ""),
    ("4", "四", "向共享平台提供的数据和本部门所掌握的数据不一致或者不符合有关规范、无法使用的", ""),
    ("5", "五", "不按照规定共享、使用政务数据资源和共享平台的", "授权因违规使用被提供部门暂停（第十九条）"),
    ("6", "六", "不按照规定落实安全防护措施的", ""),
    ("7", "七", "擅自改变政务数据资源用途和使用范围的", ""),
    ("8", "八", "不按照规定受理、答复、复核或者反馈政务数据共享开放需求申请的", "共享申请、开放申请答复逾期"),
    ("9", "九", "违反本办法规定的其他行为", ""),
)}
_CLOCK_ITEM = {"share-request": "8", "open-application": "8", "catalog-update": "1"}  # the rest: item 2
_OFFICE_CLOCKS = {"objection-flag", "objection-decision", "objection-forward"}


def item_of(kind: str) -> str:
    """The clause-38 item a missed clock of ``kind`` counts under."""
    return _CLOCK_ITEM.get(kind, "2")


def _state(due: date, done: date | None, on: date) -> tuple[str, int]:
    """The state of a clock on ``on`` and the working days left (negative: overdue by)."""
    return clock_state(due, done, on, REMIND_DAYS)


def _duty(kind: str, start: date, due: date, done: date | None, on: date, unit: tuple[int | None, str],
          subject: str, url: str, levels: tuple[str, ...] | list[str]) -> dict[str, Any]:
    state, left = _state(due, done, on)
    over = max(-left, 1)  # overdue on a day off: one day all the same
    level = min(1 + (over - 1) // ESCALATE_EVERY, len(levels) - 1) if state == "overdue" else 0
    item = item_of(kind)
    return {"kind": kind, "name": CLOCKS[kind].name, "clause": CLOCKS[kind].clause, "start": start.isoformat(),
            "due": due.isoformat(), "done_on": done.isoformat() if done else None, "state": state,
            "state_name": STATES[state], "workdays_left": max(left, 0),
            "workdays_over": over if state == "overdue" else 0, "level": level, "level_name": levels[level],
            "unit_id": unit[0], "unit": unit[1], "subject": subject, "url": url, "item": item,
            "indicator": f"{CLAUSE38_ITEMS[item]['clause']} {CLAUSE38_ITEMS[item]['text']}"}


def _request_duties(session: Session, names: dict[int, str], on: date,
                    levels: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    out = []
    resources = {r.id: r for r in session.scalars(select(DataResourceRow))}
    for r in session.scalars(select(DataRequestRow).order_by(DataRequestRow.id)):
        res = resources.get(r.resource_id)
        provider = (r.provider_unit_id, names.get(r.provider_unit_id or -1, res.provider if res else ""))
        who = names.get(r.requester_unit_id, r.applicant) if r.requester_unit_id else r.applicant  # a unit's own name
        subject = f"{KINDS[r.kind]}：{res.name if res else r.resource_id}（{who}）"
        for c in clocks(r):
            unit = (None, OFFICE) if c["kind"] in _OFFICE_CLOCKS else provider
            done = date.fromisoformat(c["done_on"]) if c["done_on"] else None
            out.append(_duty(c["kind"], date.fromisoformat(c["from"]), date.fromisoformat(c["due"]), done, on, unit,
                             subject, f"/data/request/{r.id}", levels))
    return out


def _catalog_duties(session: Session, names: dict[int, str], on: date,
                    levels: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Each change of law or functions marked on an entry (clause 13), done by the first edit after it."""
    rows = session.scalars(select(AuditRow).where(AuditRow.entity == "data_resource", AuditRow.action.in_(
        ["data.catalog.change", "data.catalog.edit", "data.catalog.narrow"])).order_by(AuditRow.id)).all()
    resources = {r.id: r for r in session.scalars(select(DataResourceRow))}
    out = []
    for k, a in enumerate(rows):
        res = resources.get(a.entity_id or -1)
        if a.action != "data.catalog.change" or res is None or not (a.after or {}).get("change_on"):
            continue
        start = date.fromisoformat(a.after["change_on"])  # type: ignore[index]
        edit = next((b for b in rows[k + 1:] if b.entity_id == a.entity_id), None)
        if edit is not None and edit.action == "data.catalog.change":
            continue  # marked again before it was updated: the later mark runs the clock
        done = local(edit.at).date() if edit is not None else None
        unit = (res.provider_unit_id, names.get(res.provider_unit_id or -1, res.provider))
        out.append(_duty("catalog-update", start, deadline("catalog-update", start).due, done, on, unit,
                         f"目录更新：{res.name}（{(a.after or {}).get('note', '')}）", f"/data/resource/{res.id}",
                         levels))
    return out


def duties(engine: Engine, on: date, unit_id: int | None = None,
           levels: tuple[str, ...] | list[str] = LEVELS) -> list[dict[str, Any]]:
    """Every duty's clock as it stands on ``on`` (of one department with ``unit_id``), earliest due first."""
    with Session(engine) as session:
        names = {u.id: u.canonical for u in session.scalars(select(UnitRow))}
        found = _request_duties(session, names, on, levels) + _catalog_duties(session, names, on, levels)
    found = [d for d in found if unit_id is None or d["unit_id"] == unit_id]
    return sorted(found, key=lambda d: (d["due"], d["unit"], d["url"]))


def findings(engine: Engine, start: date, end: date) -> list[dict[str, Any]]:
    """The clause-38 findings besides missed clocks, dated within ``start``…``end`` (see the module)."""
    out: list[dict[str, Any]] = []
    with Session(engine) as session:
        names = {u.id: u.canonical for u in session.scalars(select(UnitRow))}
        resources = {r.id: r for r in session.scalars(select(DataResourceRow))}

        def add(item: str, unit_id: int | None, unit: str, day: date, what: str, url: str) -> None:
            if start <= day <= end:
                out.append({"item": item, "clause": CLAUSE38_ITEMS[item]["clause"], "unit_id": unit_id,
                            "unit": names.get(unit_id or -1, unit), "date": day.isoformat(), "what": what, "url": url})

        for a in session.scalars(select(AuditRow).where(AuditRow.action.in_(["data.catalog.narrow",
                                                                             "data.grant.suspend"]))):
            if a.action == "data.catalog.narrow" and (res := resources.get(a.entity_id or -1)) is not None:
                add("1", res.provider_unit_id, res.provider, local(a.at).date(),
                    f"擅自缩小无条件共享范围：{res.name}", f"/data/resource/{res.id}")
            elif a.action == "data.grant.suspend" and (g := session.get(DataGrantRow, a.entity_id)) is not None:
                res = resources.get(g.resource_id)
                add("5", g.grantee_unit_id, "", date.fromisoformat((a.after or {}).get("on") or
                                                                   local(a.at).date().isoformat()),
                    f"授权被暂停：{res.name if res else ''}（{g.suspended_reason}）", f"/data/request/{g.request_id}")
        for res in resources.values():
            if res.status != "published" or res.published_on is None:
                continue
            entry = {"share_type": res.share_type, "share_reason": res.share_reason, "share_basis": res.share_basis,
                     "share_condition": res.share_condition, "open_type": res.open_type,
                     "open_reason": res.open_reason, "open_basis": res.open_basis,
                     "items": session.scalars(select(DataItemRow.id).where(DataItemRow.resource_id == res.id)).all()}
            if problems := publish_problems(entry):
                add("1", res.provider_unit_id, res.provider, res.published_on,
                    f"已发布的目录{'；'.join(problems)}：{res.name}", f"/data/resource/{res.id}")
    return sorted(out, key=lambda f: (f["date"], f["unit"]))


def tally(engine: Engine, start: date, end: date, on: date,
          levels: tuple[str, ...] | list[str] = LEVELS) -> dict[int | None, dict[str, Any]]:
    """Per department (None: the 主管部门), the clocks that fell due within ``start``…``end`` by ``on``
    (``owed``: done, or open past due), those met (``on_time``) and missed (``missed``: late or still open),
    and the clause-38 items counted (``items``: missed clocks and :func:`findings`)."""
    out: dict[int | None, dict[str, Any]] = {}

    def row(unit_id: int | None, unit: str) -> dict[str, Any]:
        return out.setdefault(unit_id, {"unit_id": unit_id, "unit": unit, "owed": 0, "on_time": 0, "missed": 0,
                                        "items": Counter(), "missed_duties": [], "findings": []})

    for d in duties(engine, on, levels=levels):
        due = date.fromisoformat(d["due"])
        if not start <= due <= end or d["state"] in {"due_soon", "running"}:
            continue
        r = row(d["unit_id"], d["unit"])
        r["owed"] += 1
        if d["state"] == "met":
            r["on_time"] += 1
        else:
            r["missed"] += 1
            r["items"][d["item"]] += 1
            r["missed_duties"].append(d)
    for f in findings(engine, start, min(end, on)):
        r = row(f["unit_id"], f["unit"])
        r["items"][f["item"]] += 1
        r["findings"].append(f)
    for r in out.values():
        r["items"] = dict(sorted(r["items"].items()))
    return out
