"""Scoring, rankings and the targets dashboard of a campaign, computed from stored reports only.

Points are configurable per campaign (``settings["scoring"]``): each report due in the period
earns ``on_time`` or ``late``, each one missing past its due day ``missing``; a task first reported
done in the period gives its lead unit ``task_done``; a ledger issue closed in the period gives its
unit ``issue_closed``, one still open past its deadline ``issue_overdue``; the office's bonus and
deduction items (加分, 扣分) are added as they are. Points are decimals, never floats.

The targets dashboard sets each indicator's target against the latest actual value the units
reported under the same indicator name, and the share of the target reached against the share of
the time gone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .accounts import Actor, _aware, audit, local, now
from .accounts import today as today_cn
from .cycles import Cycle
from .normalise import squash
from .store import TargetRow, UnitRow
from .supervision import (
    Invalid,
    _campaign,
    _cycles,
    _require,
    _settings,
    _unit,
    _units_of,
)
from .tracking_models import AdjustmentRow, CampaignTaskRow, IssueRow, ReportRow

POINT_NAMES = {"on_time": "按时报送", "late": "迟报", "missing": "漏报", "task_done": "完成任务",
               "issue_closed": "问题销号", "issue_overdue": "问题逾期"}


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace("＋", "+").replace("－", "-"))
    except InvalidOperation as e:
        raise Invalid(f"{what}“{value}”不是数字 / not a number") from e
    if not number.is_finite() or abs(number) > 1000:
        raise Invalid(f"{what}应在 -1000 到 1000 之间 / out of range")
    return number


def adjust(engine: Engine, actor: Actor, campaign_id: int, unit: int | str, points: str, reason: str,
           cycle: int | None = None) -> int:
    """A bonus (加分, positive) or deduction (扣分, negative) for a unit, in one cycle or the whole year."""
    _require(actor, "office")
    amount = _decimal(points, "分值")
    if not (reason or "").strip():
        raise Invalid("请填写加减分理由 / give the reason")
    with Session(engine) as session, session.begin():
        c = _campaign(session, actor, campaign_id)
        if cycle is not None and not 1 <= cycle <= len(_cycles(c)):
            raise Invalid("没有这一期 / no such cycle")
        u = _unit(session, unit, c.jurisdiction)
        row = AdjustmentRow(campaign_id=c.id, unit_id=u.id, cycle=cycle, points=str(amount), reason=reason.strip(),
                            user_id=actor.id, at=now(), archived=False)
        session.add(row)
        session.flush()
        audit(session, actor, "score.adjust", "campaign", c.id, None,
              {"unit": u.canonical, "points": str(amount), "reason": row.reason, "cycle": cycle})
        return row.id


def scores(engine: Engine, actor: Actor, campaign_id: int, cycle: int | None = None, year: int | None = None,
           today: date | None = None, upto: date | None = None) -> dict[str, Any]:
    """Each responsible unit's points and rank for one cycle, or for a year (default: this year)."""
    today = today or today_cn()
    upto = min(upto or today, today)
    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        points = {k: _decimal(v, k) for k, v in _settings(c)["scoring"].items()}
        all_cycles = _cycles(c)
        if cycle is not None:
            if not 1 <= cycle <= len(all_cycles):
                raise Invalid("没有这一期 / no such cycle")
            chosen = [all_cycles[cycle - 1]]
            scope = chosen[0].label
        else:
            year = year or min(today.year, c.end.year)  # a campaign that has ended: its last year
            chosen = [cy for cy in all_cycles if cy.end.year == year]
            scope = f"{year}年"
        first = min((cy.start for cy in chosen), default=c.start)
        last = max((cy.end for cy in chosen), default=c.end)
        indexes = {cy.index for cy in chosen}
        tasks = list(session.scalars(select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id,
                                                                   CampaignTaskRow.archived.is_(False))))
        units = _units_of(session, [t.id for t in tasks])
        reports = {(r.campaign_task_id, r.unit_id, r.cycle): r for r in session.scalars(
            select(ReportRow).where(ReportRow.campaign_task_id.in_([t.id for t in tasks]),
                                    ReportRow.draft.is_(False)))}
        names: dict[int, str] = {}
        tally: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(POINT_NAMES, 0))
        for t in tasks:
            for a, u in units.get(t.id, []):
                names[u.id] = u.canonical
                entry = tally[u.id]
                for cy in chosen:
                    if cy.start > (t.deadline or c.end) or cy.start > upto:
                        continue
                    r = reports.get((t.id, u.id, cy.index))
                    if r is not None:
                        entry["late" if local(r.submitted_at).date() > cy.due else "on_time"] += 1
                    elif cy.due < upto:
                        entry["missing"] += 1
                if a.role == "lead":
                    done = sorted(k[2] for k, r in reports.items() if k[0] == t.id and k[1] == u.id
                                  and r.status == "done")
                    if done and done[0] in indexes:
                        entry["task_done"] += 1
        for row, u in session.execute(select(IssueRow, UnitRow).join(UnitRow, UnitRow.id == IssueRow.unit_id)
                                      .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False))).all():
            names[u.id] = u.canonical
            closed = local(row.closed_at).date() if row.closed_at else None
            if closed and first <= closed <= last:
                tally[u.id]["issue_closed"] += 1
            elif row.status in {"open", "assigned"} and row.deadline and first <= row.deadline < min(last, upto):
                tally[u.id]["issue_overdue"] += 1
        bonus: dict[int, Decimal] = defaultdict(Decimal)
        items: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for adj, u in session.execute(select(AdjustmentRow, UnitRow).join(UnitRow, UnitRow.id == AdjustmentRow.unit_id)
                                      .where(AdjustmentRow.campaign_id == c.id, AdjustmentRow.archived.is_(False))):
            in_scope = adj.cycle in indexes if adj.cycle is not None else (
                cycle is None and local(adj.at).year == year)
            if in_scope:
                names[u.id] = u.canonical
                bonus[u.id] += Decimal(adj.points)
                items[u.id].append({"points": adj.points, "reason": adj.reason, "cycle": adj.cycle})
        rows = []
        for unit_id, name in names.items():
            counts = tally[unit_id]
            total = sum((points.get(k, Decimal(0)) * n for k, n in counts.items()), Decimal(0)) + bonus[unit_id]
            rows.append({"unit_id": unit_id, "unit": name, "counts": counts, "adjustment": str(bonus[unit_id]),
                         "adjustments": items[unit_id], "total": total})
        rows.sort(key=lambda r: (-r["total"], r["unit"]))
        rank, previous = 0, None
        for k, r in enumerate(rows, 1):
            if r["total"] != previous:
                rank, previous = k, r["total"]
            r["rank"], r["total"] = rank, str(r["total"])
        return {"scope": scope, "cycle": cycle, "year": year, "points": {k: str(v) for k, v in points.items()},
                "point_names": POINT_NAMES, "rows": rows}


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _same_indicator(a: str, b: str) -> bool:
    x, y = squash(a), squash(b)
    return bool(x) and bool(y) and (x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)))


def targets_dashboard(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None,
                      upto_cycle: int | None = None, unit_id: int | None = None) -> dict[str, Any]:
    """Each target of the campaign's plan with the latest reported actual value and its progress
    (with ``unit_id``: the values that unit reported)."""
    today = today or today_cn()
    with Session(engine) as session:
        _require(actor, "office", "leader")
        c = _campaign(session, actor, campaign_id)
        targets = [] if c.document_id is None else list(session.scalars(
            select(TargetRow).where(TargetRow.document_id == c.document_id, TargetRow.origin != "task")
            .order_by(TargetRow.ordinal)))
        q = (select(ReportRow, UnitRow).join(UnitRow, UnitRow.id == ReportRow.unit_id)
             .join(CampaignTaskRow, CampaignTaskRow.id == ReportRow.campaign_task_id)
             .where(CampaignTaskRow.campaign_id == c.id, ReportRow.draft.is_(False)))
        if upto_cycle is not None:
            q = q.where(ReportRow.cycle <= upto_cycle)
        everyone = [(r, u, v) for r, u in session.execute(q).all() for v in (r.values or [])]
        reporters = sorted({(u.id, u.canonical) for _r, u, _v in everyone}, key=lambda x: x[1])
        reported = [(r, u, v) for r, u, v in everyone if unit_id is None or u.id == unit_id]
        rows = []
        for t in targets:
            goal = _number(t.value)
            end = date(t.target_year, 12, 31) if t.target_year and t.target_year >= c.start.year else c.end
            span = max((end - c.start).days, 1)
            elapsed = min(100, max(0, round(100 * (today - c.start).days / span)))
            matches = [(r, u, v) for r, u, v in reported if _same_indicator(v.get("indicator", ""), t.indicator)]
            latest = max(matches, key=lambda m: (m[0].cycle, _aware(m[0].submitted_at)), default=None)
            actual = _number(latest[2]["value"]) if latest else None
            progress: int | None = None
            state = "no_data"
            if actual is not None and goal:
                if t.bound == "max":
                    state = "met" if actual <= goal else "behind"
                    progress = 100 if actual <= goal else round(float(100 * goal / actual))
                else:
                    progress = round(float(100 * actual / goal))
                    state = "met" if actual >= goal else ("on_track" if progress >= elapsed else "behind")
            rows.append({"indicator": t.indicator, "target": t.value, "unit": t.unit, "bound": t.bound,
                         "change": t.change, "target_year": t.target_year,
                         "actual": str(actual) if actual is not None else None,
                         "actual_unit": latest[2].get("unit", "") if latest else "",
                         "reported_by": latest[1].canonical if latest else None,
                         "cycle": latest[0].cycle if latest else None, "progress": progress, "elapsed": elapsed,
                         "state": state,
                         "state_name": {"met": "已达标", "on_track": "进度正常", "behind": "滞后于时间进度",
                                        "no_data": "未报送实际值"}[state]})
        indicators = sorted({t.indicator for t in targets})
        return {"targets": rows, "indicators": indicators, "unit_id": unit_id,
                "units": [{"unit_id": i, "unit": n} for i, n in reporters],
                "summary": {k: sum(1 for r in rows if r["state"] == k) for k in ("met", "on_track", "behind",
                                                                                  "no_data")}}


def cycle_of(c_cycles: list[Cycle], index: int) -> Cycle:
    if not 1 <= index <= len(c_cycles):
        raise Invalid("没有这一期 / no such cycle")
    return c_cycles[index - 1]
