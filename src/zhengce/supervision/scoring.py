"""Scoring, rankings and the targets dashboard of a campaign, computed from stored reports only.

A unit's score is a weighted mean of three rates, so that a unit holding many tasks is not ranked
below one holding few (the weights are settings, ``settings["weights"]``, 50/30/20 by default):

* 按时报送率 = reports on time / reports owed — a report is owed for each task the unit is
  responsible for and each cycle of the period whose due day has passed (and that began before the
  task's deadline); a late report counts as owed and not on time, a missing one likewise;
* 任务完成率 = tasks done / tasks held — the tasks the unit leads whose deadline has passed or that it
  has reported done by the end of the period;
* 问题销号率 = issues closed / issues assigned — the ledger issues assigned to the unit whose deadline
  has passed or that were closed (销号) by the end of the period;
* 数据时限按时率 = data clocks met / fallen due (weight 0 by default: counted only in a campaign that sets
  it, :mod:`zhengce.supervision.dataclocks`), with the clause-38 items beside it;
* 政策兑现及时率 = pushes of 政策找人 answered by their due day / fallen due (weight 0 by default,
  :mod:`zhengce.supervision.pushclocks`).

score = 100 × Σ wᵢ·rateᵢ / Σ wᵢ over the rates whose denominator is not zero, rounded to 0.1; the
office's bonus and deduction items (加分, 扣分) are added to it. A unit owing nothing yet gets no
score and no rank. Collective names (各乡镇人民政府, 其他相关单位, 各成员单位: units of kind
``generic``) are groups, not units: they are listed apart, never scored or ranked, and never on the
reminder list. Rates and points are decimals, never floats.

The targets dashboard (:mod:`zhengce.supervision.targets`, named here too) sets each indicator's target
against the latest actual value the units reported under the same indicator name, when both measure the
same thing, and the share of the target reached against the share of the time gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, local, now, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid
from zhengce.calendar.cycles import Cycle
from zhengce.db import UnitRow
from zhengce.db.tracking import AdjustmentRow, CampaignRow, CampaignTaskRow, IssueRow, ReportRow, UserRow
from zhengce.supervision import pushclocks
from zhengce.supervision.dataclocks import unit_counts
from zhengce.supervision.duty import duty_starts, owes
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import campaign_cycles, units_of
from zhengce.supervision.settings import campaign_settings
from zhengce.supervision.targets import distinct_targets, targets_dashboard
from zhengce.supervision.units import find_unit, is_group

__all__ = [
    "COUNT_NAMES", "DEFAULT_WEIGHTS", "RATE_PARTS", "WEIGHT_NAMES", "adjust", "cycle_of", "distinct_targets",
    "is_group", "not_ranked_yet", "parse_weight", "rate_score", "rates", "scores", "targets_dashboard", "weights_of",
]

WEIGHT_NAMES = {"reports": "按时报送率", "tasks": "任务完成率", "issues": "问题销号率", "data": "数据时限按时率",
                "push": "政策兑现及时率"}
COUNT_NAMES = {"owed": "应报", "on_time": "按时", "late": "迟报", "missing": "漏报", "tasks_held": "牵头任务",
               "tasks_done": "已完成", "issues_assigned": "交办问题", "issues_closed": "已销号",
               "issues_overdue": "逾期未销号", "data_owed": "数据时限", "data_on_time": "按时办结",
               "data_missed": "逾期办理", "push_owed": "推送到期", "push_on_time": "按时反馈",
               "push_missed": "逾期反馈"}
RATE_PARTS = {"reports": ("on_time", "owed"), "tasks": ("tasks_done", "tasks_held"),
              "issues": ("issues_closed", "issues_assigned"), "data": ("data_on_time", "data_owed"),
              "push": ("push_on_time", "push_owed")}


def rates(counts: dict[str, int]) -> dict[str, Decimal | None]:
    """Each rate of a unit's counts, None when nothing is owed for it."""
    out: dict[str, Decimal | None] = {}
    for key, (top, bottom) in RATE_PARTS.items():
        out[key] = Decimal(counts.get(top, 0)) / Decimal(counts[bottom]) if counts.get(bottom) else None
    return out


def rate_score(counts: dict[str, int], weights: dict[str, Decimal]) -> Decimal | None:
    """100 × the weighted mean of the rates that apply, to 0.1; None when none applies."""
    got = rates(counts)
    used = [(weights.get(k, Decimal(0)), r) for k, r in got.items() if r is not None and weights.get(k, Decimal(0)) > 0]
    total_weight = sum((w for w, _ in used), Decimal(0))
    if not total_weight:
        return None
    return (100 * sum((w * r for w, r in used), Decimal(0)) / total_weight).quantize(Decimal("0.1"))


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace("＋", "+").replace("－", "-"))
    except InvalidOperation as e:
        raise Invalid(f"{what}“{value}”不是数字 / not a number") from e
    if not number.is_finite() or abs(number) > 1000:
        raise Invalid(f"{what}应在 -1000 到 1000 之间 / out of range")
    if number != number.quantize(Decimal("0.01")):
        raise Invalid(f"{what}最多两位小数 / at most two decimals")
    return number  # at most "-1000.00": it fits the stored column on every engine


def adjust(engine: Engine, actor: Actor, campaign_id: int, unit: int | str, points: str, reason: str,
           cycle: int | None = None) -> int:
    """A bonus (加分, positive) or deduction (扣分, negative) for a unit, in one cycle or the whole year."""
    require(actor, "office")
    amount = _decimal(points, "分值")
    if not (reason or "").strip():
        raise Invalid("请填写加减分理由 / give the reason")
    with Session(engine) as session, session.begin():
        c = visible_campaign(session, actor, campaign_id)
        if cycle is not None and not 1 <= cycle <= len(campaign_cycles(c)):
            raise Invalid("没有这一期 / no such cycle")
        u = find_unit(session, unit, c.jurisdiction)
        row = AdjustmentRow(campaign_id=c.id, unit_id=u.id, cycle=cycle, points=str(amount), reason=reason.strip(),
                            user_id=actor.id, at=now(), archived=False)
        session.add(row)
        session.flush()
        audit(session, actor, "score.adjust", "campaign", c.id, None,
              {"unit": u.canonical, "points": str(amount), "reason": row.reason, "cycle": cycle})
        return row.id


def weights_of(settings: dict[str, Any]) -> dict[str, Decimal]:
    """The weights of the rates, from the settings (the defaults where a weight is not set)."""
    given = settings.get("weights", {})
    return {k: parse_weight(given.get(k, DEFAULT_WEIGHTS[k]), WEIGHT_NAMES[k]) for k in WEIGHT_NAMES}


DEFAULT_WEIGHTS = {"reports": 50, "tasks": 30, "issues": 20, "data": 0, "push": 0}


def parse_weight(value: Any, what: str) -> Decimal:
    """A weight as typed: a number from 0 to 1000 with at most two decimals, else :class:`Invalid`."""
    number = _decimal(value, f"{what}权重")
    if number < 0:
        raise Invalid(f"{what}权重不能为负数 / a weight cannot be negative", "weight_" + next(
            k for k, v in WEIGHT_NAMES.items() if v == what))
    return number


def scores(engine: Engine, actor: Actor, campaign_id: int, cycle: int | None = None, year: int | None = None,
           today: date | None = None, upto: date | None = None) -> dict[str, Any]:
    """Each responsible unit's rates, score and rank for one cycle, or for a year (default: this year).

    ``rows`` are the units with a score, ranked, then the units owing nothing yet (rank None);
    ``groups`` the collective names, never ranked.
    """
    today = today or today_cn()
    upto = min(upto or today, today)
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        weights = weights_of(campaign_settings(c))
        chosen, scope, year = _period(c, cycle, year, today)
        last = max((cy.end for cy in chosen), default=c.end)
        until = min(last, upto)  # what has fallen due by the end of the period (or today)
        tally = _Tally()
        _count_reports(session, c, chosen, upto, until, tally)
        _count_issues(session, c, last, until, tally)
        _count_adjustments(session, c, {cy.index for cy in chosen}, cycle, year, tally)
        for u, got in unit_counts(engine, session, c, min((cy.start for cy in chosen), default=c.start), until, today):
            tally.unit(u).update(data_owed=got["owed"], data_on_time=got["on_time"], data_missed=got["missed"])
            tally.data[u.id] = got["items"]
        start = min((cy.start for cy in chosen), default=c.start)
        for u, got in pushclocks.unit_counts(engine, session, c, start, until, today):
            tally.unit(u).update(push_owed=got["owed"], push_on_time=got["on_time"], push_missed=got["missed"])
        rows, group_rows = _score_rows(tally, weights)
        pending = not_ranked_yet(chosen[0], today) if cycle is not None and chosen else ""
        return {"scope": scope, "pending": pending, "cycle": cycle, "year": year,
                "weights": {k: str(v) for k, v in weights.items()},
                "weight_names": WEIGHT_NAMES, "count_names": COUNT_NAMES, "rows": rows, "groups": group_rows,
                "ranked": [r for r in rows if r["rank"] is not None]}


def _no_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_NAMES, 0)


@dataclass
class _Tally:
    """What :func:`scores` counts per unit id: its name, whether it is a group, its counts and adjustments."""

    names: dict[int, str] = field(default_factory=dict)
    groups: set[int] = field(default_factory=set)
    counts: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(_no_counts))
    bonus: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    items: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    data: dict[int, dict[str, int]] = field(default_factory=dict)  # clause-38 items of the data clocks

    kinds: dict[int, str] = field(default_factory=dict)

    def unit(self, u: UnitRow) -> dict[str, int]:
        self.names[u.id] = u.canonical
        self.kinds[u.id] = u.kind or ""
        if is_group(u):
            self.groups.add(u.id)
        return self.counts[u.id]


def not_ranked_yet(cy: Cycle, today: date) -> str:
    """Why a cycle is not ranked yet ("" once its due day has passed): the scores page, the leaders' overview and
    the bulletin say the same (:mod:`zhengce.supervision.ranking`)."""
    if cy.due < today:
        return ""
    return f"{cy.label}报送截止日为{cy.due.isoformat()}，尚未截止，暂不排名。"


def _period(c: CampaignRow, cycle: int | None, year: int | None, today: date) -> tuple[list[Cycle], str, int | None]:
    """The cycles scored (one cycle, or those ending in the year), the period's name, and the year."""
    all_cycles = campaign_cycles(c)
    if cycle is not None:
        if not 1 <= cycle <= len(all_cycles):
            raise Invalid("没有这一期 / no such cycle")
        return [all_cycles[cycle - 1]], all_cycles[cycle - 1].label, year
    year = year or min(today.year, c.end.year)  # a campaign that has ended: its last year
    return [cy for cy in all_cycles if cy.end.year == year], f"{year}年", year


def _count_reports(session: Session, c: CampaignRow, chosen: list[Cycle], upto: date, until: date,
                   tally: _Tally) -> None:
    """Reports owed, on time, late and missing per unit, and the tasks the lead units hold and have done."""
    last_index = max((cy.index for cy in chosen), default=0)
    tasks = list(session.scalars(select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id,
                                                               CampaignTaskRow.archived.is_(False))))
    units = units_of(session, [t.id for t in tasks])
    reports = {(r.campaign_task_id, r.unit_id, r.cycle): r for r in session.scalars(
        select(ReportRow).where(ReportRow.campaign_task_id.in_([t.id for t in tasks]),
                                ReportRow.draft.is_(False)))}
    starts = duty_starts(session, [t.id for t in tasks])
    for t in tasks:
        for a, u in units.get(t.id, []):
            entry = tally.unit(u)
            for cy in chosen:
                if cy.start > (t.deadline or c.end) or not cy.due < upto or not owes(starts, t.id, u.id, cy):
                    continue  # not owed: began after the task's deadline, not yet due, or due before assignment
                entry["owed"] += 1
                r = reports.get((t.id, u.id, cy.index))
                if r is None:
                    entry["missing"] += 1
                else:
                    entry["late" if local(r.submitted_at).date() > cy.due else "on_time"] += 1
            if a.role == "lead":
                done = min((k[2] for k, r in reports.items() if k[0] == t.id and k[1] == u.id
                            and r.status == "done" and k[2] <= last_index), default=None)
                if done is not None or (t.deadline or c.end) < until:
                    entry["tasks_held"] += 1
                    entry["tasks_done"] += done is not None


def _count_issues(session: Session, c: CampaignRow, last: date, until: date, tally: _Tally) -> None:
    """Issues assigned per unit: closed by the end of the period, or overdue. An issue a unit raised about
    itself is not one assigned to it: closing it does not lift its score."""
    for row, u, raiser in session.execute(
            select(IssueRow, UnitRow, UserRow.unit_id).join(UnitRow, UnitRow.id == IssueRow.unit_id)
            .outerjoin(UserRow, UserRow.id == IssueRow.raised_by)
            .where(IssueRow.campaign_id == c.id, IssueRow.archived.is_(False))).all():
        if raiser == u.id:
            continue
        entry = tally.unit(u)
        closed = local(row.closed_at).date() if row.closed_at and row.status == "closed" else None
        if closed and closed <= last:
            entry["issues_assigned"] += 1
            entry["issues_closed"] += 1
        elif row.deadline and row.deadline < until:
            entry["issues_assigned"] += 1
            entry["issues_overdue"] += 1


def _count_adjustments(session: Session, c: CampaignRow, indexes: set[int], cycle: int | None, year: int | None,
                       tally: _Tally) -> None:
    """The bonus and deduction items of the period: of its cycles, or of the year for yearly items."""
    for adj, u in session.execute(select(AdjustmentRow, UnitRow).join(UnitRow, UnitRow.id == AdjustmentRow.unit_id)
                                  .where(AdjustmentRow.campaign_id == c.id, AdjustmentRow.archived.is_(False))):
        in_scope = adj.cycle in indexes if adj.cycle is not None else (
            cycle is None and local(adj.at).year == year)
        if in_scope:
            tally.names[u.id] = u.canonical
            tally.bonus[u.id] += Decimal(adj.points)
            tally.items[u.id].append({"points": adj.points, "reason": adj.reason, "cycle": adj.cycle})


def _score_rows(tally: _Tally, weights: dict[str, Decimal]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The units' rows, ranked by total (then name), and the groups' rows, by name, unscored."""
    rows, group_rows = [], []
    for unit_id, name in tally.names.items():
        counts = tally.counts[unit_id]
        unit_rates = rates(counts)
        score = rate_score(counts, weights)
        bonus = tally.bonus[unit_id]
        row_ = {"unit_id": unit_id, "unit": name, "counts": counts,
                "rates": {k: None if v is None else str(v.quantize(Decimal("0.001"))) for k, v in unit_rates.items()},
                "percents": {k: None if v is None else str((100 * v).quantize(Decimal("0.1")))
                             for k, v in unit_rates.items()},
                "score": None if score is None else str(score), "adjustment": str(bonus),
                "adjustments": tally.items[unit_id], "data_items": tally.data.get(unit_id, {}),
                "total": None if score is None else score + bonus, "rank": None}
        (group_rows if unit_id in tally.groups else rows).append(row_)
    for r in rows:
        r["apart"] = _apart(r, tally.kinds.get(r["unit_id"], ""))
    rows.sort(key=lambda r: (r["total"] is None or bool(r["apart"]), -(r["total"] or 0), r["unit"]))
    rank, previous = 0, None
    for k, r in enumerate(rows, 1):
        if r["total"] is None:
            continue
        if not r["apart"]:
            if r["total"] != previous:
                rank, previous = k, r["total"]
            r["rank"] = rank
        r["total"] = str(r["total"])
    ranks = [r["rank"] for r in rows if r["rank"] is not None]
    for r in rows:
        r["tied"] = r["rank"] is not None and ranks.count(r["rank"]) > 1
    group_rows.sort(key=lambda r: r["unit"])
    for r in group_rows:
        r["score"] = r["total"] = None
    return rows, group_rows


def _apart(row: dict[str, Any], kind: str) -> str:
    """Why a scored unit is not ranked ("" when it is): a company named in a task is not a unit that owes
    the office its reports, and a unit owing no report in the period is not compared with those that did."""
    if kind == "enterprise":
        return "企业不参与排名"
    if not row["counts"]["owed"]:
        return "本期无应报报告，不排名"
    return ""


def cycle_of(c_cycles: list[Cycle], index: int) -> Cycle:
    """The cycle numbered ``index`` (from 1), else :class:`Invalid`."""
    if not 1 <= index <= len(c_cycles):
        raise Invalid("没有这一期 / no such cycle")
    return c_cycles[index - 1]


