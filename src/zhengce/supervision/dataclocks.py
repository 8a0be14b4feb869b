"""The data-resource clocks (永政办发〔2022〕13号, :mod:`zhengce.datagov.duties`) in a campaign's scores,
reminders and bulletins — when the campaign counts them: its weight of 数据时限按时率
(``settings["weights"]["data"]``, 0 by default) is above 0.

Then, for the units of the campaign's jurisdiction (collective names aside):

* scores: 数据时限按时率 = clocks met / clocks fallen due in the period (a share request answered, an
  application handled, a check answered, an objection decided, a catalog updated in time), weighted like the
  other rates, with the clause-38 items counted beside it (``data_items``);
* reminders: a unit's digest lists its data clocks due within the digest's days and those overdue, with the
  level of the campaign's escalation they reached;
* bulletins: a section and an annex — per department the clocks due, met and missed and the clause-38
  items, then each missed clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.datagov.duties import CLAUSE38_ITEMS, duties, tally
from zhengce.db import UnitRow
from zhengce.db.tracking import CampaignRow
from zhengce.supervision.settings import campaign_settings, weighs
from zhengce.supervision.units import campaign_units

__all__ = ["add_to_digest", "annex", "counted", "digest_part", "digest_units", "paragraphs", "section",
           "unit_counts"]

NUMERALS = "一二三四五六七八九十"


def counted(c: CampaignRow) -> bool:
    """Whether the campaign counts the data clocks (its weight of 数据时限按时率 is above 0)."""
    return weighs(c, "data")


def unit_counts(engine: Engine, session: Session, c: CampaignRow, start: date, until: date,
                on: date) -> list[tuple[UnitRow, dict[str, Any]]]:
    """Each unit's data clocks fallen due within ``start``…``until`` (their state on ``on``) and its clause-38
    items; empty when the campaign does not count them."""
    if not counted(c):
        return []
    found = tally(engine, start, until, on, campaign_settings(c)["escalation"])
    units = campaign_units(session, c, set(found))
    return [(units[k], v) for k, v in found.items() if k in units]


def digest_part(engine: Engine, session: Session, c: CampaignRow, unit: UnitRow, days: int,
                today: date) -> list[dict[str, Any]]:
    """A unit's data clocks for its digest: open ones due within ``days`` working days, and the overdue."""
    if not counted(c) or not campaign_units(session, c, {unit.id}):
        return []
    return [d for d in duties(engine, today, unit.id, campaign_settings(c)["escalation"])
            if d["state"] == "overdue" or (d["state"] in {"due_soon", "running"} and d["workdays_left"] <= days)]


def digest_units(engine: Engine, session: Session, c: CampaignRow, days: int, today: date) -> set[int]:
    """The units with data clocks to be reminded of (due within ``days`` working days, or overdue)."""
    if not counted(c):
        return set()
    ids = {d["unit_id"] for d in duties(engine, today) if d["state"] == "overdue"
           or (d["state"] in {"due_soon", "running"} and d["workdays_left"] <= days)}
    return set(campaign_units(session, c, ids))


def add_to_digest(engine: Engine, session: Session, d: dict[str, Any]) -> dict[str, Any]:
    """A unit's digest (:func:`zhengce.supervision.views.unit_digest`) with its data clocks (``data``)."""
    c = session.get(CampaignRow, d["campaign"]["id"])
    unit = session.get(UnitRow, d["unit_id"])
    d["data"] = [] if c is None or unit is None else digest_part(engine, session, c, unit, d["days"],
                                                                  date.fromisoformat(d["today"]))
    d["nothing"] = d["nothing"] and not d["data"]
    return d


def section(engine: Engine, session: Session, c: CampaignRow, start: date, end: date,
            today: date) -> dict[str, Any] | None:
    """The bulletin's data part for a cycle (None when the campaign does not count the clocks)."""
    if not counted(c):
        return None
    rows = []
    missed = []
    for u, r in unit_counts(engine, session, c, start, min(end, today), today):
        rows.append({"unit": u.canonical, "owed": r["owed"], "on_time": r["on_time"], "missed": r["missed"],
                     "items": r["items"]})
        missed += r["missed_duties"]
    rows.sort(key=lambda r: (-sum(r["items"].values()), -r["missed"], r["unit"]))
    return {"start": start.isoformat(), "end": end.isoformat(), "units": rows,
            "owed": sum(r["owed"] for r in rows), "on_time": sum(r["on_time"] for r in rows),
            "missed": sorted(missed, key=lambda d: (d["due"], d["unit"])),
            "items": {k: sum(r["items"].get(k, 0) for r in rows) for k in CLAUSE38_ITEMS}}


def paragraphs(data: dict[str, Any], headings: int) -> list[tuple[str, str]]:
    """The bulletin's data section, numbered after the ``headings`` before it."""
    d = data.get("data_clocks")
    if not d:
        return []
    out = [("h1", f"{NUMERALS[min(headings, len(NUMERALS) - 1)]}、政务数据共享开放时限")]
    if not d["owed"] and not any(d["items"].values()):
        return [*out, ("p", "本期没有到期的政务数据共享、开放、校核、异议及目录更新事项。")]
    counts = "，".join(f"{CLAUSE38_ITEMS[k]['clause']}{n}次" for k, n in d["items"].items() if n)
    named = "、".join(f"{r['unit']}（{sum(r['items'].values())}次）" for r in d["units"] if r["items"])
    tail = f"按《永州市政务大数据管理办法》第三十八条计入：{counts}；涉及单位：{named}。详见附表。" if counts else ""
    out.append(("p", f"本期到期的政务数据办理时限{d['owed']}项，按时办结{d['on_time']}项，"
                     f"逾期{d['owed'] - d['on_time']}项。{tail}"))
    return out


def annex(data: dict[str, Any], number: int) -> list[tuple[str, list[str], list[list[Any]], str]]:
    """The annex of the data section: per unit, then each missed clock (numbered after ``number - 1``)."""
    d = data.get("data_clocks")
    if not d:
        return []
    rows: list[list[Any]] = [[r["unit"], r["owed"], r["on_time"], r["missed"],
                              "；".join(f"{CLAUSE38_ITEMS[k]['clause']}{n}次" for k, n in r["items"].items())]
                             for r in d["units"]]
    late = [[m["unit"], m["name"], m["subject"], m["due"], m["done_on"] or "未办结", m["level_name"]]
            for m in d["missed"]]
    return [(f"附表{number}  政务数据办理时限（按单位）",
             ["单位", "到期（项）", "按时（项）", "逾期（项）", "第三十八条"], rows,
             "" if rows else "本期没有到期的政务数据办理时限。"),
            (f"附表{number + 1}  逾期的政务数据办理时限", ["单位", "时限", "事项", "到期日", "办结日", "升级至"],
             late, "" if late else "本期政务数据办理时限均按时办结。")]
