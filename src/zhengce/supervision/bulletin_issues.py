"""Issuing bulletins: 第N期 numbers the bulletins a campaign has issued (发布), in the order issued, not the
cycles; a bulletin not issued is a draft (未发布稿) without a number. Issuing records the cycle, the number
and the date in the audit log (append-only, hash-chained), so that an issued bulletin keeps its number and
its date; its files are made again from the stored reports as of that date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Conflict, Invalid
from zhengce.db.tracking import AuditRow
from zhengce.supervision import scoring
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import campaign_cycles

__all__ = ["PUBLISH", "issued", "publish"]

PUBLISH = "bulletin.publish"


def issued(session: Session, campaign_id: int) -> dict[int, dict[str, Any]]:
    """The campaign's issued bulletins by cycle: {cycle: {"issue_no", "date"}}, numbered in the order issued."""
    rows = session.scalars(select(AuditRow).where(AuditRow.action == PUBLISH, AuditRow.entity == "campaign",
                                                  AuditRow.entity_id == campaign_id).order_by(AuditRow.id))
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        after = row.after or {}
        if isinstance(after.get("cycle"), int) and after["cycle"] not in out:
            out[after["cycle"]] = {"issue_no": len(out) + 1, "date": str(after.get("date") or "")}
    return out


def publish(engine: Engine, actor: Actor, campaign_id: int, cycle: int, today: date | None = None) -> int:
    """Issue the bulletin of one cycle (督查室): it takes the next number and today's date; returns the number.
    Refused before the cycle's due day (what is not in yet is not missing) and for a bulletin already issued."""
    today = today or today_cn()
    require(actor, "office")
    with Session(engine) as session, session.begin():
        c = visible_campaign(session, actor, campaign_id)
        cy = scoring.cycle_of(campaign_cycles(c), cycle)
        if cy.due >= today:
            raise Invalid(f"{cy.label}报送截止日为{cy.due.isoformat()}，截止后才能发布通报 / the cycle is not due yet",
                          "cycle")
        done = issued(session, c.id)
        if cycle in done:
            raise Conflict(f"{cy.label}的通报已于{done[cycle]['date']}发布为第{done[cycle]['issue_no']}期 / "
                           "already issued")
        number = len(done) + 1
        audit(session, actor, PUBLISH, "campaign", c.id, None,
              {"cycle": cycle, "issue_no": number, "date": today.isoformat()})
        return number
