"""Sending a report back (退回): the office returns a unit's submitted report with a reason.

A report sent back is no longer submitted: it is kept as its unit's draft (seen by its unit and the office,
counted as not reported — missing in the lights, the late lists, the 催报清单, the scores and the bulletin —
until the unit files it again). Filed again it is judged by the day it is filed again, like any report: on
time by the period's due day, else 迟报. Whether a report is sent back is read from the audit log
(``report.return``, its reason in the entry), no column: a report is sent back while it is a draft and the
last of its ``report.return`` / ``report.submit`` / ``report.update`` entries is a return.

The same return sent twice (a double click, Back and resubmit, the API retried) is one return: it answers as
done (``repeated``); a report already sent back for another reason, or a draft never submitted, is refused
with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, local, require
from zhengce.access.errors import Conflict, Invalid, NotFound
from zhengce.db.tracking import AuditRow, ReportRow, UserRow
from zhengce.supervision.permissions import visible_task
from zhengce.supervision.records import flush, get_row, snapshot

__all__ = ["ReturnResult", "return_report", "returned_reports"]

_STEPS = ("report.return", "report.submit", "report.update")  # the entries that decide whether a report is back
_FIELDS = ["status", "percent", "narrative", "values", "consolidated", "draft"]


@dataclass(slots=True)
class ReturnResult:
    id: int
    version: int
    repeated: bool = False  # the same return sent again: nothing was changed


def returned_reports(session: Session, report_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Of ``report_ids``, the reports sent back now: {id: {reason, at, by}} (by: who sent it back)."""
    ids = sorted(set(report_ids))
    last: dict[int, tuple[AuditRow, str | None]] = {}
    for start in range(0, len(ids), 500):
        for a, name in session.execute(select(AuditRow, UserRow.display_name).outerjoin(
                UserRow, UserRow.id == AuditRow.user_id).where(
                AuditRow.entity == "report", AuditRow.entity_id.in_(ids[start:start + 500]),
                AuditRow.action.in_(_STEPS)).order_by(AuditRow.id)):
            last[a.entity_id or 0] = (a, name)
    return {rid: {"reason": str((a.after or {}).get("reason", "")), "at": local(a.at).isoformat(timespec="minutes"),
                  "by": name or a.username}
            for rid, (a, name) in last.items() if a.action == "report.return"}


def return_report(engine: Engine, actor: Actor, report_id: int, reason: str, version: int | None = None,
                  task_id: int | None = None) -> ReturnResult:
    """Send a submitted report back to its unit with ``reason`` (the office only; a report of ``task_id``
    when given); see the module."""
    reason = (reason or "").strip()
    with Session(engine) as session, session.begin():
        require(actor, "office")
        row = get_row(session, ReportRow, report_id, "报告")
        if task_id is not None and row.campaign_task_id != task_id:
            raise NotFound("报告不存在 / not found")
        t, c, _role = visible_task(session, actor, row.campaign_task_id)
        if c.status != "published" or t.archived:  # the unit could not file it again
            raise Invalid("督办事项未在进行中或任务已归档，不能退回报告"
                          " / the campaign is not running or the task is archived", "reason")
        if row.draft:
            back = returned_reports(session, [row.id]).get(row.id)
            if back is None:
                raise Invalid("该报告是尚未提交的草稿，不能退回 / a draft that was never submitted is not sent back",
                              "reason")
            if back["reason"] == reason:  # the same return again
                return ReturnResult(row.id, row.version, repeated=True)
            raise Invalid(f"该报告已于 {back['at'][:16].replace('T', ' ')} 退回（理由：{back['reason']}），"
                          "单位重新报送前不能再次退回 / already sent back; wait until the unit files it again",
                          "reason")
        if not reason:
            raise Invalid("请填写退回理由，单位将看到它 / say why the report is sent back", "reason")
        if version is not None and row.version != version:
            raise Conflict(f"该报告在您查看后已被修改（当前版本 {row.version}，您看到的是版本 {version}），"
                           "请核对新内容后再决定是否退回 / the report changed since you read it; read it again")
        before = snapshot(row, _FIELDS)
        row.draft = True
        flush(session)
        audit(session, actor, "report.return", "report", row.id, before,
              snapshot(row, _FIELDS) | {"reason": reason[:2000], "task": row.campaign_task_id, "unit": row.unit_id,
                                        "cycle": row.cycle})
        return ReturnResult(row.id, row.version)
