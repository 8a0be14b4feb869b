"""The pieces the campaign page is assembled from, each on its own and without a database: lateness
rules, the lead unit's latest report, the permission filters, the calendar of due days and settings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from zhengce.access.accounts import CLI, Actor
from zhengce.calendar.cycles import Cycle
from zhengce.supervision.lights import (
    current_cycle,
    due_cycles,
    late_reports,
    latest_lead_report,
    missing_reports,
    owes_reports,
)
from zhengce.supervision.permissions import own_unit_only, visible_tasks
from zhengce.supervision.settings import campaign_settings
from zhengce.supervision.views import due_calendar

REPORTER = Actor(7, "r", "填报员", "reporter", unit_id=2)


def cycle(index: int, start: date, end: date, due: date) -> Cycle:
    return Cycle(index, start, end, due, due, f"{end.month}月", False)


CYCLES = [cycle(1, date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 5)),
          cycle(2, date(2025, 2, 1), date(2025, 2, 28), date(2025, 3, 5)),
          cycle(3, date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 7))]


def unit(ident: int, name: str, kind: str = "department") -> Any:
    return SimpleNamespace(id=ident, canonical=name, kind=kind)


def assignment(unit_id: int, role: str) -> Any:
    return SimpleNamespace(unit_id=unit_id, role=role)


def report(unit_id: int, cycle_index: int, submitted: date, consolidated: bool = False) -> Any:
    at = datetime(submitted.year, submitted.month, submitted.day, 2, tzinfo=UTC)
    return SimpleNamespace(unit_id=unit_id, cycle=cycle_index, submitted_at=at, consolidated=consolidated)


def task(deadline: date | None = None, archived: bool = False, ident: int = 1) -> Any:
    return SimpleNamespace(id=ident, deadline=deadline, archived=archived)


CAMPAIGN = SimpleNamespace(status="published", end=date(2025, 12, 31), settings={})
LEAD, SUPPORT, GROUP = unit(1, "财政局"), unit(2, "商务局"), unit(3, "各乡镇人民政府", "generic")
ASSIGNED = [(assignment(1, "lead"), LEAD), (assignment(2, "support"), SUPPORT), (assignment(3, "support"), GROUP)]


def test_due_and_current_cycles() -> None:
    assert [cy.index for cy in due_cycles(CYCLES, date(2025, 3, 10))] == [1, 2]
    assert [cy.index for cy in due_cycles(CYCLES, date(2025, 3, 10), upto_cycle=1)] == [1]
    assert current_cycle(CYCLES, date(2025, 2, 14)) is CYCLES[1]
    assert current_cycle(CYCLES, date(2026, 1, 1)) is None


def test_reports_are_owed_by_active_tasks_of_published_campaigns_before_their_deadline() -> None:
    assert owes_reports(task(), CAMPAIGN, CYCLES[2])
    assert not owes_reports(task(deadline=date(2025, 2, 20)), CAMPAIGN, CYCLES[2])  # began after the deadline
    assert not owes_reports(task(archived=True), CAMPAIGN, CYCLES[0])
    assert not owes_reports(task(), SimpleNamespace(status="draft", end=CAMPAIGN.end), CYCLES[0])


def test_missing_reports_by_cycle_then_unit_groups_owe_none() -> None:
    reports = [(report(1, 1, date(2025, 2, 3)), LEAD)]
    missing = missing_reports(task(), CAMPAIGN, ASSIGNED, reports, CYCLES[:2])
    assert [(cy.index, u.canonical) for cy, u in missing] == [(1, "商务局"), (2, "财政局"), (2, "商务局")]
    assert missing_reports(task(archived=True), CAMPAIGN, ASSIGNED, reports, CYCLES[:2]) == []


def test_late_reports_are_submitted_after_their_due_day() -> None:
    on_time, late = report(1, 1, date(2025, 2, 5)), report(2, 1, date(2025, 2, 6))
    beyond = report(1, 9, date(2025, 9, 9))  # a cycle the campaign no longer has
    found = list(late_reports([(on_time, LEAD), (late, SUPPORT), (beyond, LEAD)], CYCLES))
    assert [(r, u, cy.index) for r, u, cy in found] == [(late, SUPPORT, 1)]


def test_latest_lead_report_prefers_the_latest_cycle_then_the_consolidated_one() -> None:
    first, second = report(1, 2, date(2025, 3, 1)), report(1, 2, date(2025, 3, 2), consolidated=True)
    support = report(2, 3, date(2025, 4, 1))
    reports = [(first, LEAD), (second, LEAD), (support, SUPPORT)]
    assert latest_lead_report(ASSIGNED, reports) is second
    no_lead = [(assignment(2, "support"), SUPPORT)]
    assert latest_lead_report(no_lead, reports) is support  # no lead unit: any unit's report
    assert latest_lead_report(ASSIGNED, []) is None


def test_a_reporter_sees_their_own_units_active_tasks_and_entries() -> None:
    mine, other, archived = task(ident=1), task(ident=2), task(archived=True, ident=3)
    units = {1: ASSIGNED, 2: [(assignment(1, "lead"), LEAD)], 3: ASSIGNED}
    assert visible_tasks(REPORTER, [mine, other, archived], units) == [mine]
    assert visible_tasks(CLI, [mine, other, archived], units) == [mine, other, archived]
    entries = [{"unit_id": 1}, {"unit_id": 2}]
    assert own_unit_only(REPORTER, entries) == [{"unit_id": 2}]
    assert own_unit_only(CLI, entries) == entries


def test_due_calendar_shows_this_month_and_the_months_of_due_days_ahead() -> None:
    months = due_calendar(CYCLES, date(2025, 1, 20))
    assert [(m["year"], m["month"]) for m in months] == [(2025, 1), (2025, 2), (2025, 3)]
    marked = [d for week in months[1]["weeks"] for d in week if d and d.get("dues")]
    assert marked and all("报送截止" in text for d in marked for text in d["dues"])


def test_campaign_settings_lay_the_campaigns_own_over_the_defaults() -> None:
    merged = campaign_settings(SimpleNamespace(settings={"lights": {"yellow_workdays": 3}, "escalation": ["甲"]}))
    assert merged["lights"] == {"yellow_workdays": 3, "behind_gap": 20}
    assert merged["escalation"] == ["甲"]
    assert campaign_settings(SimpleNamespace(settings=None))["weights"] == {"reports": 50, "tasks": 30, "issues": 20,
                                                                         "data": 0, "push": 0}


@pytest.mark.parametrize(("unit", "change", "actual", "actual_unit", "expected", "why"), [
    ("亿元", "level", "2050000", "万元", "205", ""),  # money converted to the target's unit
    ("%", "growth", "12.5", "亿元", None, "缺少上年基数"),  # a level against a growth rate
    ("个百分点", "growth", "55", "%", None, "缺少上年基数"),  # a share against its change
    ("户", "level", "90", "家", "90", ""),  # both count entities
    ("%", "level", "92", "", None, "未注明单位"),
])
def test_a_value_is_compared_with_a_target_only_in_one_unit_family(unit: str, change: str, actual: str,
                                                                   actual_unit: str, expected: str | None,
                                                                   why: str) -> None:
    from decimal import Decimal

    from zhengce.supervision.targets import comparable

    got, reason = comparable({"unit": unit, "change": change}, Decimal(actual), actual_unit)
    assert got == (None if expected is None else Decimal(expected)) and why in reason


@pytest.mark.parametrize(("plan", "short"), [
    ("产业培塑行动实施方案", "产业培塑行动"),
    ("江华瑶族自治县实施“八大行动”总体方案", "“八大行动”总体方案"),
    ("《东湖县优化营商环境攻坚行动方案》", "优化营商环境攻坚行动"),
    ("城市更新行动方案", "城市更新行动"),  # 城市 is not a jurisdiction
])
def test_a_plan_is_named_short_in_task_labels(plan: str, short: str) -> None:
    from zhengce.supervision.labels import plan_short, task_label

    assert plan_short(plan) == short
    assert task_label("1.", ["二、", "(一)"], "发展农产品加工", plan) == f"{short}·二、(一)1."
    assert task_label("1.", ["二、", "(一)"], "发展农产品加工") == "二、(一)1."


@pytest.mark.parametrize(("change", "bound", "shown"), [
    ("growth", "approx", "增长6.2%左右"), ("growth", "min", "增长6.2%以上"), ("decline", "max", "下降6.2%以内"),
    ("level", "exact", "6.2%"),
])
def test_a_goal_reads_as_the_plan_puts_it(change: str, bound: str, shown: str) -> None:
    from zhengce.supervision.bulletin_tables import goal_text

    assert goal_text({"change": change, "target": "6.2", "unit": "%", "bound": bound}) == shown


@pytest.mark.parametrize("spec", ["month/next:5", "week/in:3", "quarter/last", "ten_days/in:8", "month/after:10"])
def test_a_reporting_rule_is_read_back_as_pages_describe_it(spec: str) -> None:
    from zhengce.calendar.cycles import CycleRule
    from zhengce.supervision.campaigns import read_rule

    shown = CycleRule.parse(spec).describe()  # what the campaign page, the bulletin and the CLI print
    assert read_rule(shown).spec == spec  # typed back on the form, the API or `zhengce campaign create --rule`
