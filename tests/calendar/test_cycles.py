"""Dispatch cycles: periods, due days on the Chinese working-day calendar, rules read from plan text."""

from __future__ import annotations

from datetime import date

import pytest

from zhengce.calendar.cycles import CycleRule, RuleError, cycle_on, cycles, rule_from_text


def due_of(spec: str, start: date, end: date) -> dict[str, date]:
    return {c.label: c.due for c in cycles(CycleRule.parse(spec), start, end)}


def test_weekly_due_day_moves_past_the_national_day_holiday() -> None:
    weeks = cycles(CycleRule.parse("week/in:3"), date(2025, 9, 22), date(2025, 10, 19))
    assert [c.start for c in weeks] == [date(2025, 9, 22), date(2025, 9, 29), date(2025, 10, 6), date(2025, 10, 13)]
    # Wednesday 1 October and Wednesday 8 October fall in the 2025 holiday: both move to Thursday 9 October
    assert [c.due for c in weeks] == [date(2025, 9, 24), date(2025, 10, 9), date(2025, 10, 9), date(2025, 10, 15)]
    assert weeks[1].nominal == date(2025, 10, 1) and weeks[1].to_dict()["moved"] is True
    assert weeks[0].label.startswith("2025年第39周")


def test_working_days_after_the_period_count_a_saturday_make_up_day() -> None:
    # September 2025 ends on Tuesday; 1–8 October are off; Thursday 9, Friday 10 and Saturday 11
    # (a 调休 working day) are the first three working days
    assert due_of("month/after:3", date(2025, 9, 1), date(2025, 9, 30)) == {"2025年9月": date(2025, 10, 11)}


def test_ten_day_periods_and_a_due_day_on_a_make_up_saturday() -> None:
    got = cycles(CycleRule.parse("ten_days/in:8"), date(2025, 2, 1), date(2025, 2, 28))
    assert [(c.label, c.start.day, c.end.day) for c in got] == [
        ("2025年2月上旬", 1, 10), ("2025年2月中旬", 11, 20), ("2025年2月下旬", 21, 28)]
    # 8 February 2025 is a Saturday worked in place of the Spring Festival: it stays the due day
    assert got[0].due == date(2025, 2, 8) and got[0].due == got[0].nominal
    assert got[1].due == date(2025, 2, 18)


def test_monthly_report_on_the_month_before_and_last_working_day() -> None:
    assert due_of("month/next:5", date(2025, 9, 1), date(2025, 10, 31)) == {
        "2025年9月": date(2025, 10, 9),  # 5 October is a holiday
        "2025年10月": date(2025, 11, 5),
    }
    # 31 May 2025 is a Saturday inside the Dragon Boat holiday: the last working day of May is Friday 30
    assert due_of("month/last", date(2025, 5, 1), date(2025, 5, 31)) == {"2025年5月": date(2025, 5, 30)}


def test_quarters_and_the_cycle_of_a_day() -> None:
    rule = CycleRule.parse("quarter/next:10")
    got = cycles(rule, date(2024, 2, 15), date(2024, 12, 31))
    assert [c.label for c in got] == ["2024年第一季度", "2024年第二季度", "2024年第三季度", "2024年第四季度"]
    assert got[0].start == date(2024, 1, 1) and got[0].due == date(2024, 4, 10)
    assert cycle_on(rule, date(2024, 1, 1), date(2024, 12, 31), date(2024, 8, 1)).label == "2024年第三季度"
    assert cycle_on(rule, date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 2)) is None


def test_a_year_the_holiday_calendar_does_not_cover_is_an_estimate() -> None:
    (c,) = cycles(CycleRule.parse("month/next:5"), date(2031, 3, 1), date(2031, 3, 31))
    assert c.estimated and c.due == date(2031, 4, 7)  # 5 April 2031 is a Saturday: weekends only


@pytest.mark.parametrize(("text", "spec"), [
    ("实行“一月一调度”，各责任单位于每月5日前报送上月工作进展", "month/next:5"),
    ("每月25日前报送当月工作完成情况", "month/in:25"),
    ("建立周调度机制，每周三召开调度会", "week/in:3"),
    ("实行旬通报，每旬第8日前报送", "ten_days/in:8"),
    ("每季度首月10日前报送上季度工作总结", "quarter/next:10"),
    ("每月结束后3个工作日内报送", "month/after:3"),
    ("每季度末报送", "quarter/last"),
])
def test_rules_read_from_the_words_of_a_plan(text: str, spec: str) -> None:
    rule = rule_from_text(text)
    assert rule is not None and rule.spec == spec


def test_rule_errors_and_descriptions() -> None:
    assert rule_from_text("认真贯彻执行。") is None
    for bad in ["month", "month/next", "fortnight/in:3", "week/in:9", "month/next:0", "month/after:99", ""]:
        with pytest.raises(RuleError):
            CycleRule.parse(bad)
    with pytest.raises(RuleError):
        cycles(CycleRule.parse("month/last"), date(2025, 2, 1), date(2025, 1, 1))
    assert CycleRule.parse("week/in:3").describe() == "每周，本周三前报送"
    assert CycleRule.parse("month/next:5").describe() == "每月，次月5日前报送"


def test_a_month_as_a_calendar_marks_holidays_make_up_days_and_due_days() -> None:
    from zhengce.calendar.cycles import month_grid

    weeks = month_grid(2025, 10, {date(2025, 10, 9): ["2025年9月报送截止"]})
    days = {d["day"]: d for week in weeks for d in week if d}
    assert len(days) == 31 and weeks[0][0] == {}  # October 2025 begins on a Wednesday
    assert days[1]["holiday"] == "国庆节" and not days[1]["work"]
    assert days[11]["makeup"] and days[11]["work"]  # Saturday 11 October is worked
    assert days[9]["dues"] == ["2025年9月报送截止"] and days[9]["work"]
