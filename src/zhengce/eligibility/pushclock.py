"""Each push (:mod:`zhengce.eligibility.pushing`) as a granting unit's duty with its clock — what a campaign's
digests, reminders and scores count when it weighs 政策兑现及时率 (:mod:`zhengce.supervision.pushclocks`).

A push is answered when its unit records the first outcome (已兑现, 未兑现 with the reason, or 未联系上); the
day of that first answer (Beijing time) is kept, so changing the outcome later does not make an answer
late. Its state on a day, as the data-resource clocks have theirs: ``met`` (answered by its due day),
``late`` (answered after it), ``overdue`` (open past it), ``due_soon`` (open, at most :data:`REMIND_DAYS`
working days left) or ``running``. Working days follow the Chinese calendar with 调休.

A profile is personal data: every duty carries the profile's reference both as stored (``profile``, for the
office and the granting unit) and masked (``masked``: its first and last characters only) for everyone else
and for messages that leave the system (e-mail, SMS); so does its contact (``name``, ``phone`` and
``name_masked``, ``phone_masked``). A push withdrawn when its profile was erased is no one's duty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import local
from zhengce.calendar.workdays import clock_state
from zhengce.db import UnitRow
from zhengce.db.eligtables import EligibilityProfileRow, EligibilityPushRow

from .pushing import OUTCOMES, WITHDRAWN, contact

__all__ = ["PUSH_STATES", "REMIND_DAYS", "mask_ref", "push_duties", "push_tally"]

REMIND_DAYS = 2  # an open push this many working days from its due day or fewer is due soon
PUSH_STATES = {"met": "按时反馈", "late": "逾期反馈", "overdue": "已逾期", "due_soon": "即将到期", "running": "走访中"}


def mask_ref(ref: str) -> str:
    """A profile's reference as others see it: the first and the last character kept, the rest hidden
    (``P1`` → ``P*``, ``江华某某农机合作社`` → ``江*******社``)."""
    text = (ref or "").strip()
    if len(text) <= 2:
        return text[:1] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def _state(due: date, answered: date | None, on: date) -> tuple[str, int]:
    """An answer given after ``on`` is not yet given on ``on``."""
    return clock_state(due, answered if answered is not None and answered <= on else None, on, REMIND_DAYS)


def push_duties(engine: Engine, on: date, unit_ids: set[int] | None = None) -> list[dict[str, Any]]:
    """Every push as a duty of its granting unit, its state on ``on`` (of the units ``unit_ids`` only when
    given), earliest due first."""
    q = (select(EligibilityPushRow, EligibilityProfileRow, UnitRow.canonical)
         .join(EligibilityProfileRow, EligibilityProfileRow.id == EligibilityPushRow.profile_id)
         .join(UnitRow, UnitRow.id == EligibilityPushRow.unit_id).where(EligibilityPushRow.status != WITHDRAWN)
         .order_by(EligibilityPushRow.due, EligibilityPushRow.id))
    if unit_ids is not None:
        q = q.where(EligibilityPushRow.unit_id.in_(unit_ids))
    out = []
    with Session(engine) as session:
        for p, profile, unit in session.execute(q):
            ref, township, who = profile.ref, profile.township, contact(profile)
            answered = local(p.outcome_at).date() if p.outcome_at is not None and p.status != "open" else None
            state, left = _state(p.due, answered, on)
            out.append({"id": p.id, "unit_id": p.unit_id, "unit": unit, "profile": ref, "masked": mask_ref(ref),
                        "name": who.get("name"), "phone": who.get("phone"),
                        "name_masked": mask_ref(who["name"]) if who.get("name") else None,
                        "phone_masked": mask_ref(who["phone"]) if who.get("phone") else None, "township": township,
                        "rule": p.rule_id, "title": p.rule_title, "document": p.document,
                        "clause": p.clause, "answer": p.answer, "amount": p.amount, "amount_min": p.amount_min,
                        "pushed_on": local(p.created_at).date().isoformat(), "due": p.due.isoformat(),
                        "answered_on": answered.isoformat() if answered else None, "status": p.status,
                        "status_name": OUTCOMES[p.status], "state": state, "state_name": PUSH_STATES[state],
                        "workdays_left": max(left, 0), "workdays_over": max(-left, 1) if state == "overdue" else 0,
                        "url": "/eligibility/pushes"})
    return out


def push_tally(engine: Engine, start: date, end: date, on: date) -> dict[int, dict[str, Any]]:
    """Per granting unit, the pushes that fell due within ``start``…``end`` by ``on`` (``owed``: answered, or
    open past due), those answered by their due day (``on_time``) and the others (``missed``)."""
    out: dict[int, dict[str, Any]] = {}
    for d in push_duties(engine, on):
        if not start <= date.fromisoformat(d["due"]) <= end or d["state"] in {"due_soon", "running"}:
            continue
        r = out.setdefault(d["unit_id"], {"unit_id": d["unit_id"], "unit": d["unit"], "owed": 0, "on_time": 0,
                                          "missed": 0, "missed_pushes": []})
        r["owed"] += 1
        if d["state"] == "met":
            r["on_time"] += 1
        else:
            r["missed"] += 1
            r["missed_pushes"].append(d)
    return out
