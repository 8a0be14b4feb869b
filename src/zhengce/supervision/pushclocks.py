"""The pushes of 政策找人 (:mod:`zhengce.eligibility.pushclock`) as tasks of a campaign's granting units —
when the campaign counts them: its weight of 政策兑现及时率 (``settings["weights"]["push"]``, 0 by default,
so that no campaign's scores change unasked) is above 0.

Then, for the granting units of the campaign's jurisdiction (collective names aside):

* scores: 政策兑现及时率 = pushes answered by their due day / pushes fallen due in the period (answered, or
  open past their due day), weighted like the other rates;
* bulletins: the 应享未享 section adds the cycle's pushes fallen due and answered in time, per unit;
* reminders: a unit's digest and reminder e-mail list its open pushes due within the digest's days and the
  overdue ones. A profile is personal data: the digest names it to the office and the granting unit's
  reporter, masked to leaders, and always masked in e-mail and SMS.

The bulletin's 应享未享 section counts the pushes of the jurisdiction's units whatever the weight
(:mod:`zhengce.supervision.bulletin_unclaimed`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db import UnitRow
from zhengce.db.tracking import CampaignRow
from zhengce.eligibility.pushclock import push_duties, push_tally
from zhengce.supervision.settings import weighs
from zhengce.supervision.units import campaign_units

__all__ = ["add_to_digest", "counted", "digest_part", "digest_units", "timeliness", "unit_counts"]

_OPEN = {"overdue", "due_soon", "running"}


def counted(c: CampaignRow) -> bool:
    """Whether the campaign counts the pushes (its weight of 政策兑现及时率 is above 0)."""
    return weighs(c, "push")


def unit_counts(engine: Engine, session: Session, c: CampaignRow, start: date, until: date,
                on: date) -> list[tuple[UnitRow, dict[str, Any]]]:
    """Each granting unit's pushes fallen due within ``start``…``until`` (their state on ``on``); empty when
    the campaign does not count them."""
    if not counted(c):
        return []
    found = push_tally(engine, start, until, on)
    units = campaign_units(session, c, set(found))
    return [(units[k], v) for k, v in found.items() if k in units]


def _soon(d: dict[str, Any], days: int) -> bool:
    return d["state"] == "overdue" or (d["state"] in _OPEN and d["workdays_left"] <= days)


def digest_part(engine: Engine, session: Session, c: CampaignRow, unit: UnitRow, days: int, today: date,
                reveal: bool) -> list[dict[str, Any]]:
    """A unit's open pushes for its digest: due within ``days`` working days, and the overdue; the profile
    masked unless ``reveal``."""
    if not counted(c) or not campaign_units(session, c, {unit.id}):
        return []
    return [d if reveal else d | {"profile": d["masked"], "name": d["name_masked"], "phone": d["phone_masked"]}
            for d in push_duties(engine, today, {unit.id}) if _soon(d, days)]


def digest_units(engine: Engine, session: Session, c: CampaignRow, days: int, today: date) -> set[int]:
    """The granting units with pushes to be reminded of (due within ``days`` working days, or overdue)."""
    if not counted(c):
        return set()
    return set(campaign_units(session, c, {d["unit_id"] for d in push_duties(engine, today) if _soon(d, days)}))


def add_to_digest(engine: Engine, session: Session, d: dict[str, Any], reveal: bool) -> dict[str, Any]:
    """A unit's digest (:func:`zhengce.supervision.views.unit_digest`) with its open pushes (``pushes``)."""
    c = session.get(CampaignRow, d["campaign"]["id"])
    unit = session.get(UnitRow, d["unit_id"])
    d["pushes"] = [] if c is None or unit is None else digest_part(
        engine, session, c, unit, d["days"], date.fromisoformat(d["today"]), reveal)
    d["nothing"] = d["nothing"] and not d["pushes"]
    return d


def timeliness(engine: Engine, session: Session, c: CampaignRow, start: date, end: date,
               today: date) -> dict[str, Any] | None:
    """The cycle's pushes fallen due and answered by their due day, per unit, for the bulletin (None when
    the campaign does not count them)."""
    if not counted(c):
        return None
    rows = sorted(({"unit": u.canonical, "owed": r["owed"], "on_time": r["on_time"], "missed": r["missed"]}
                   for u, r in unit_counts(engine, session, c, start, min(end, today), today)),
                  key=lambda r: (-r["missed"], r["unit"]))
    return {"owed": sum(r["owed"] for r in rows), "on_time": sum(r["on_time"] for r in rows), "units": rows}
