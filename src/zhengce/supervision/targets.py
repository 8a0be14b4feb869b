"""The targets dashboard of a campaign: each target of its plan once, set against the latest actual value
the units reported under the same indicator, when the two measure the same thing.

A target is listed once per indicator, value, unit, kind of change (level, growth, added) and year: the
total plan and the action plan that restates its goal, with 以上 or without, are one target (its other
sources kept as ``also_in``). Targets a reader could still mix up — the same indicator with two values,
two names written with the same characters, a name too short to say what it counts — keep their clause
from the document.

A value is compared with a target only when their units are of one family (亿元 and 万元 are money, % a
share or a rate, 个百分点 a change of a share, 家 and 户 a count of entities): 12.5 亿元 is not 179 % of a
growth target of 7 % — without last year's base it cannot be compared, and the row says 不可比 and why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, aware, require
from zhengce.access.accounts import today as today_cn
from zhengce.db import TargetRow, UnitRow
from zhengce.db.tracking import CampaignTaskRow, ReportRow
from zhengce.supervision.permissions import visible_campaign
from zhengce.text.normalise import fold, squash

__all__ = [
    "STATE_NAMES", "ambiguous", "comparable", "distinct_targets", "period_year", "plan_year", "same_indicator",
    "targets_dashboard", "unit_family",
]

STATE_NAMES = {"met": "已达标", "on_track": "进度正常", "behind": "滞后于时间进度", "no_data": "未报送实际值",
               "not_comparable": "不可比"}
# unit → (family, factor to the family's base unit)
_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)), "千元": ("money", Decimal(10) ** 3), "万元": ("money", Decimal(10) ** 4),
    "百万元": ("money", Decimal(10) ** 6), "亿元": ("money", Decimal(10) ** 8), "%": ("percent", Decimal(1)),
    "％": ("percent", Decimal(1)), "个百分点": ("points", Decimal(1)), "百分点": ("points", Decimal(1)),
    "家": ("entities", Decimal(1)), "户": ("entities", Decimal(1)), "万户": ("entities", Decimal(10) ** 4),
    "亩": ("area", Decimal(1)), "万亩": ("area", Decimal(10) ** 4), "吨": ("weight", Decimal(1)),
    "万吨": ("weight", Decimal(10) ** 4), "人": ("people", Decimal(1)), "万人": ("people", Decimal(10) ** 4),
    "人次": ("visits", Decimal(1)), "万人次": ("visits", Decimal(10) ** 4),
}
_FAMILY_NAMES = {"money": "金额", "percent": "百分比", "points": "百分点变化", "entities": "户数",
                 "area": "面积", "weight": "重量", "people": "人数", "visits": "人次"}
_CHANGE_NAMES = {"growth": "增速或增幅", "added": "新增数", "level": "总量或水平"}


def unit_family(unit: str) -> tuple[str, Decimal]:
    """(family, factor) of a unit as written; a unit not known is a family of its own."""
    u = (unit or "").strip()
    return _UNITS.get(u, (u, Decimal(1)))


def _number(text: Any) -> Decimal | None:
    try:
        value = Decimal(str(text).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def comparable(target: TargetRow | dict[str, Any], actual: Decimal, actual_unit: str
               ) -> tuple[Decimal | None, str]:
    """The actual value in the target's unit, or None with the reason (in Chinese) why the two cannot be
    compared: units of different families, or a unit missing."""
    unit = target["unit"] if isinstance(target, dict) else target.unit
    change = target["change"] if isinstance(target, dict) else target.change
    if not (actual_unit or "").strip():
        return None, f"实际值未注明单位，目标以“{unit or '数值'}”计，无法比较"
    if not (unit or "").strip():
        return None, f"目标未注明单位，实际值以“{actual_unit}”计，无法比较"
    (fam_t, f_t), (fam_a, f_a) = unit_family(unit), unit_family(actual_unit)
    if fam_t != fam_a:
        goal = f"{_CHANGE_NAMES.get(change, '目标值')}（{unit}）"
        got = f"{_FAMILY_NAMES.get(fam_a, '数值')}（{actual_unit}）"
        base = "，缺少上年基数" if change == "growth" or fam_t == "points" else ""
        return None, f"目标为{goal}，报送的实际值为{got}{base}，口径不同，不可比"
    return actual * f_a / f_t, ""


def same_indicator(a: str, b: str) -> bool:
    """The same indicator: equal names, or one within the other when the shorter has four characters or more."""
    x, y = squash(a), squash(b)
    return bool(x) and bool(y) and (x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)))


def _near(a: str, b: str) -> bool:
    """Two names a reader could take for one: written with the same characters, or nearly the same."""
    x, y = squash(a), squash(b)
    return x != y and (sorted(x) == sorted(y) or SequenceMatcher(None, x, y).ratio() >= 0.85)


def distinct_targets(targets: list[TargetRow]) -> tuple[list[TargetRow], dict[int, list[str]]]:
    """Targets once each: a plan's attachment that restates a goal of its body (same indicator, value,
    unit, kind of change and year — 以上 or not) is not a second target; where else it appears is kept
    as ``also_in``."""
    seen: dict[tuple[str, str, str, str], list[TargetRow]] = defaultdict(list)
    repeats: dict[int, list[str]] = defaultdict(list)
    out = []
    for t in targets:
        same = seen[(squash(t.indicator), t.value, t.unit, t.change or "")]
        # a year said in one place and not the other is the same year (the plan's)
        first = next((f for f in same if None in (f.target_year, t.target_year) or f.target_year == t.target_year),
                     None)
        if first is None:
            same.append(t)
            out.append(t)
        elif t.plan and t.plan != first.plan and t.plan not in repeats[first.id]:
            repeats[first.id].append(t.plan)
    return out, dict(repeats)


def ambiguous(targets: list[TargetRow]) -> set[int]:
    """The ids of the targets whose name alone does not tell them apart: the same indicator with another
    value or unit, a near-identical name, or a name of two characters or fewer."""
    out = set()
    for t in targets:
        name = squash(t.indicator)
        if len(name) <= 2 or any(o.id != t.id and (squash(o.indicator) == name or _near(o.indicator, t.indicator))
                                 for o in targets):
            out.add(t.id)
    return out


def period_year(title: str) -> int | None:
    """The last year of the period a plan's title states (…行动方案（2024—2027年）), else None."""
    span = re.search(r"(?:19|20)\d{2}\s*[—\-–~－至到]+\s*((?:19|20)\d{2})\s*年", fold(title))
    return int(span.group(1)) if span else None


def plan_year(title: str) -> int | None:
    """The year a plan's targets are for when a target does not say: the last year of the plan's period, else
    the one year its title names (2023年重点工作任务分工方案, 2024年工作要点); None when the title names none
    or several without a period."""
    years = set(re.findall(r"((?:19|20)\d{2})\s*年", fold(title)))
    return period_year(title) or (int(years.pop()) if len(years) == 1 else None)


def targets_dashboard(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None,
                      upto_cycle: int | None = None, unit_id: int | None = None) -> dict[str, Any]:
    """Each target of the campaign's plan with the latest reported actual value and its progress
    (with ``unit_id``: the values that unit reported)."""
    today = today or today_cn()
    with Session(engine) as session:
        require(actor, "office", "leader")
        c = visible_campaign(session, actor, campaign_id)
        targets = [] if c.document_id is None else list(session.scalars(
            select(TargetRow).where(TargetRow.document_id == c.document_id, TargetRow.origin != "task")
            .order_by(TargetRow.ordinal)))
        targets, repeats = distinct_targets(targets)
        unclear = ambiguous(targets)
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
            year = t.target_year or plan_year(t.plan or "")
            end = date(year, 12, 31) if year and year >= c.start.year else c.end
            elapsed = min(100, max(0, round(100 * (today - c.start).days / max((end - c.start).days, 1))))
            matches = [(r, u, v) for r, u, v in reported if same_indicator(v.get("indicator", ""), t.indicator)]
            # the newest report; within it, a value in the target's unit family before one that is not (a unit
            # reports 一般公共预算收入 3.2 亿元 and its 增速 2.1 %: the 2.1 % is what 增长8% is compared with)
            latest = max(matches, key=lambda m: (m[0].cycle, aware(m[0].submitted_at),
                                                 comparable(t, Decimal(1), str(m[2].get("unit") or ""))[0] is not None),
                         default=None)
            row = _progress(t, latest[2] if latest else None, elapsed)
            rows.append(row | {
                "indicator": t.indicator, "target": t.value, "unit": t.unit, "bound": t.bound, "change": t.change,
                "target_year": year, "year_shown": year or c.end.year, "year_assumed": year is None,
                "source": t.plan or "", "also_in": repeats.get(t.id, []),
                "clause": t.text.strip() if t.id in unclear else "",
                "reported_by": latest[1].canonical if latest else None, "cycle": latest[0].cycle if latest else None,
                "elapsed": elapsed})
        indicators = sorted({t.indicator for t in targets})
        return {"targets": rows, "indicators": indicators, "unit_id": unit_id,
                "units": [{"unit_id": i, "unit": n} for i, n in reporters],
                "summary": {k: sum(1 for r in rows if r["state"] == k) for k in STATE_NAMES}}


def _progress(t: TargetRow, value: dict[str, Any] | None, elapsed: int) -> dict[str, Any]:
    """The actual value as reported, and — when it measures what the target measures — the share of the
    target reached and the state against the time gone."""
    actual = _number(value["value"]) if value else None
    actual_unit = str(value.get("unit") or "") if value else ""
    goal = _number(t.value)
    progress: int | None = None
    state, why = "no_data", ""
    if actual is not None:
        scaled, why = comparable(t, actual, actual_unit)
        if scaled is None:
            state = "not_comparable"
        elif goal and t.bound == "max":
            state = "met" if scaled <= goal else "behind"
            progress = 100 if scaled <= goal else round(float(100 * goal / scaled))
        elif goal:
            progress = round(float(100 * scaled / goal))
            state = "met" if scaled >= goal else ("on_track" if progress >= elapsed else "behind")
    return {"actual": str(actual) if actual is not None else None, "actual_unit": actual_unit,
            "progress": progress, "state": state, "state_name": STATE_NAMES[state], "why": why}
