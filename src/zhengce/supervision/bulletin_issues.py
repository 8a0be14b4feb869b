"""Issuing bulletins: 第N期 numbers the bulletins a campaign has issued (发布), in the order issued, not the
cycles; a bulletin not issued is a draft (未发布稿) without a number. Issuing stores a frozen copy of the
bulletin's data (gzip JSON in the attachments table, tied to no report, so no attachment page serves it) and
records the cycle, the number, the date and the copy in the audit log (append-only, hash-chained): an issued
bulletin's page and files are made from its copy and never change.

An issued bulletin that proves wrong is withdrawn (撤回) by the office with a reason, also in the audit log: its
number stays used (期号 are never given twice), the cycle's bulletin is a draft again and can be issued anew under
the next number; the withdrawn issue is listed with its reason.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Conflict, Invalid
from zhengce.db.tracking import AttachmentRow, AuditRow
from zhengce.supervision import scoring
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import campaign_cycles

__all__ = ["PUBLISH", "WITHDRAW", "Issues", "check", "check_publishable", "frozen", "issued", "issues_of", "record",
           "withdraw"]

PUBLISH = "bulletin.publish"
WITHDRAW = "bulletin.withdraw"


def _history(session: Session, campaign_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The campaign's issues and withdrawals in the order recorded: (action, what was recorded)."""
    rows = session.scalars(select(AuditRow).where(AuditRow.action.in_([PUBLISH, WITHDRAW]),
                                                  AuditRow.entity == "campaign", AuditRow.entity_id == campaign_id)
                           .order_by(AuditRow.id))
    return [(row.action, row.after) for row in rows
            if isinstance(row.after, dict) and isinstance(row.after.get("cycle"), int)]


@dataclass(frozen=True, slots=True)
class Issues:
    """A campaign's bulletins as issued and withdrawn: ``current`` {cycle: {"issue_no", "date", "copy"}} in force,
    ``withdrawn`` (cycle, issue_no, date issued, withdrawn, reason; in the order withdrawn), ``given``: how many
    numbers have been taken, withdrawn ones included — the next is ``given + 1``, a number is never given twice."""

    current: dict[int, dict[str, Any]]
    withdrawn: list[dict[str, Any]]
    given: int


def issues_of(session: Session, campaign_id: int) -> Issues:
    """The campaign's issues and withdrawals, read from the audit log once."""
    current: dict[int, dict[str, Any]] = {}
    gone: list[dict[str, Any]] = []
    given = 0
    for action, after in _history(session, campaign_id):
        cycle = after["cycle"]
        if action == PUBLISH and cycle not in current:
            given += 1
            current[cycle] = {"issue_no": given, "date": str(after.get("date") or ""), "copy": after.get("copy")}
        elif action == WITHDRAW and cycle in current:
            gone.append({"cycle": cycle, **current.pop(cycle), "withdrawn": str(after.get("date") or ""),
                         "reason": str(after.get("reason") or "")})
    return Issues(current, gone, given)


def issued(session: Session, campaign_id: int) -> dict[int, dict[str, Any]]:
    """The campaign's issued bulletins in force by cycle (:attr:`Issues.current`)."""
    return issues_of(session, campaign_id).current


def frozen(session: Session, copy_id: Any) -> dict[str, Any] | None:
    """The stored copy of an issued bulletin's data, or None when there is none (or it does not check out)."""
    row = session.get(AttachmentRow, copy_id) if isinstance(copy_id, int) else None
    if row is None or row.report_id is not None or row.issue_id is not None:
        return None
    if hashlib.sha256(row.data).hexdigest() != row.sha256:
        return None
    data = json.loads(gzip.decompress(row.data))
    return data if isinstance(data, dict) else None


def check_publishable(session: Session, actor: Actor, campaign_id: int, cycle: int, today: date) -> None:
    """Refused before the cycle's due day (what is not in yet is not missing) and for a bulletin already issued."""
    require(actor, "office")
    c = visible_campaign(session, actor, campaign_id)
    cy = scoring.cycle_of(campaign_cycles(c), cycle)
    if cy.due >= today:
        raise Invalid(f"{cy.label}报送截止日为{cy.due.isoformat()}，截止后才能发布通报 / the cycle is not due yet",
                      "cycle")
    done = issued(session, c.id).get(cycle)
    if done:
        raise Conflict(f"{cy.label}的通报已于{done['date']}发布为第{done['issue_no']}期 / already issued")


def record(engine: Engine, actor: Actor, campaign_id: int, cycle: int, data: dict[str, Any], today: date) -> int:
    """Store the bulletin's data as issued today, with the next number; returns the number."""
    with Session(engine) as session, session.begin():
        check_publishable(session, actor, campaign_id, cycle, today)  # again, in the transaction that records
        number = issues_of(session, campaign_id).given + 1
        data = data | {"issue_no": number, "published": True, "date": today.isoformat()}
        blob = gzip.compress(json.dumps(data, ensure_ascii=False, default=str).encode(), mtime=0)
        copy = AttachmentRow(report_id=None, issue_id=None, filename=f"bulletin-{campaign_id}-{cycle}.json.gz",
                             content_type="application/gzip", size=len(blob), sha256=hashlib.sha256(blob).hexdigest(),
                             data=blob, uploaded_by=actor.id, uploaded_at=now(), archived=False)
        session.add(copy)
        session.flush()
        audit(session, actor, PUBLISH, "campaign", campaign_id, None,
              {"cycle": cycle, "issue_no": number, "date": today.isoformat(), "copy": copy.id,
               "sha256": copy.sha256})
        return number


def check(engine: Engine, actor: Actor, campaign_id: int, cycle: int, today: date | None = None) -> None:
    """:func:`check_publishable` in a session of its own."""
    with Session(engine) as session:
        check_publishable(session, actor, campaign_id, cycle, today or today_cn())


def withdraw(engine: Engine, actor: Actor, campaign_id: int, cycle: int, reason: str,
             today: date | None = None) -> int:
    """Withdraw the issued bulletin of one cycle (督查室), with the reason; returns its number. The copy stays
    stored, the number stays used; the cycle may be issued again under the next number."""
    today = today or today_cn()
    reason = " ".join(reason.split())
    if len(reason) < 2:
        raise Invalid("请写明撤回原因 / give the reason for withdrawing", "reason")
    if len(reason) > 500:
        raise Invalid("撤回原因不超过 500 字 / the reason is at most 500 characters", "reason")
    with Session(engine) as session, session.begin():
        require(actor, "office")
        c = visible_campaign(session, actor, campaign_id)
        cy = scoring.cycle_of(campaign_cycles(c), cycle)
        this = issued(session, c.id).get(cycle)
        if this is None:
            raise Conflict(f"{cy.label}的通报尚未发布，无需撤回 / that bulletin has not been issued")
        audit(session, actor, WITHDRAW, "campaign", c.id, {"cycle": cycle, "issue_no": this["issue_no"]},
              {"cycle": cycle, "issue_no": this["issue_no"], "date": today.isoformat(), "reason": reason})
        return int(this["issue_no"])
