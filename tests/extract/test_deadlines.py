"""Deadlines, time limits and cadences, resolved against the document's year; working days on the
Chinese holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest

from zhengce.calendar.workdays import add_working_days, working_days_between
from zhengce.extract.deadlines import extract_deadlines, find_deadlines
from zhengce.parse.pipeline import parse_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2026年底，基本建成智慧城市平台。", date(2026, 12, 31)),
        ("2025年6月底前完成摸底。", date(2025, 6, 30)),
        ("9月15日前完成验收。", date(2024, 9, 15)),
        ("十月底前报送总结。", date(2024, 10, 31)),
        ("年底前全面完成整改。", date(2024, 12, 31)),
        ("上半年完成招标，三季度末前开工。", date(2024, 6, 30)),
        ("2025年内建成投用。", date(2025, 12, 31)),
    ],
)
def test_dates_resolve_against_the_document_year(text: str, expected: date) -> None:
    found = [d for d in find_deadlines(text, 2024, date(2024, 3, 1)) if d.kind == "date"]
    assert found and found[0].date == expected


def test_a_date_already_past_at_signing_is_next_year() -> None:
    (d,) = find_deadlines("3月底前完成。", 2024, date(2024, 11, 20))
    assert d.date == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [("自受理之日起5个工作日内办结。", 5, "working_day"), ("30日内作出决定。", 30, "day"),
     ("三个月内完成整改。", 3, "month"), ("两个工作日内答复。", 2, "working_day")],
)
def test_time_limits(text: str, amount: int, unit: str) -> None:
    (d,) = find_deadlines(text, 2024)
    assert (d.kind, d.amount, d.unit) == ("limit", amount, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实行一月一调度一通报。", [("month", None, ["调度", "通报"])]),
        ("坚持一季一小结、半年一总结。", [("quarter", None, ["小结"]), ("half_year", None, ["总结"])]),
        ("建立双周调度机制。", [("fortnight", None, ["调度"])]),
        ("实行周调度、旬通报。", [("week", None, ["调度"]), ("ten_days", None, ["通报"])]),
        ("各责任单位每月5日前报送上月进展。", [("month", 5, ["报送"])]),
        ("每周五、每旬8日前将进展报送专班。", [("week", 5, ["报送"]), ("ten_days", 8, ["报送"])]),
    ],
)
def test_cadences(text: str, expected: list[tuple[str, int | None, list[str]]]) -> None:
    found = [(d.period, d.day, d.actions) for d in find_deadlines(text, 2024) if d.kind == "cadence"]
    assert found == expected


def test_numbers_that_are_not_deadlines() -> None:
    assert find_deadlines("2023年全市地区生产总值增长5%，第一季度增长4.8%，1至9月完成投资30亿元。", 2024) == []


def test_working_days_follow_the_holiday_calendar_with_adjusted_workdays() -> None:
    # National Day 2024: 1–7 October off, Sunday 29 September and Saturday 12 October are workdays (调休)
    assert add_working_days(date(2024, 9, 27), 1).date == date(2024, 9, 29)
    assert add_working_days(date(2024, 9, 30), 1).date == date(2024, 10, 8)
    assert add_working_days(date(2024, 10, 11), 1).date == date(2024, 10, 12)
    assert working_days_between(date(2024, 9, 30), date(2024, 10, 8)) == 1
    assert not add_working_days(date(2024, 9, 30), 1).estimated
    # a year the published calendar does not cover yet: weekends only, and it says so
    far = add_working_days(date(2099, 1, 2), 1)
    assert far.date == date(2099, 1, 5) and far.estimated


def test_deadlines_of_a_document_link_to_their_clause() -> None:
    text = (
        "东湖区人民政府办公室\n关于印发《东湖区河长制工作方案》的通知\n东政办发〔2024〕6号\n各镇人民政府：\n现印发给你们。\n"
        "东湖区人民政府办公室\n2024年4月8日\n东湖区河长制工作方案\n一、工作要求\n"
        "1. 建立台账。各镇于5月底前建立问题台账，每月10日前报送整改进展。\n"
        "2. 限期整改。发现问题后15个工作日内整改到位，3月底前完成年度评估。\n"
    )
    parsed = parse_text(text, "r.txt")
    (doc,) = parsed.documents
    found = extract_deadlines(doc, parsed.text)
    assert [(d.kind, d.date, d.day) for d in found] == [
        ("date", date(2024, 5, 31), None), ("cadence", None, 10), ("limit", None, None),
        ("date", date(2025, 3, 31), None),  # before the signing date: next year's March
    ]
    for d in found:
        assert parsed.text[d.start : d.end] == d.text
        node = next(n for n in doc.tree.walk() if n.id == d.node_id)  # type: ignore[union-attr]
        assert node.start <= d.start < d.end <= node.end


def test_closing_dates_are_deadlines() -> None:
    # 江政办发〔2024〕2号: “申报截止时间为2026年12月31日”
    (d,) = find_deadlines("补贴申报截止时间为2026年12月31日，逾期不予受理。", 2024)
    assert (d.kind, d.date) == ("date", date(2026, 12, 31))
    assert [x.date for x in find_deadlines("报名截止日期：2025年3月15日。", 2024)] == [date(2025, 3, 15)]


def test_ten_day_cadences_keep_their_day_when_printed_with_spaces() -> None:
    # 冷政办函〔2024〕17号: “每周三、每旬 8 日前将调度情况报…，于每周四、每旬 9 日前报送…”
    text = "每周三、每旬 8 日前将调度情况报区专班，于每周四、每旬 9 日前报送市专班。"
    found = [(d.period, d.day) for d in find_deadlines(text, 2024) if d.kind == "cadence"]
    assert found == [("week", 3), ("ten_days", 8), ("week", 4), ("ten_days", 9)]


def test_yearly_monthly_and_half_year_forms() -> None:
    # 冷政发〔2024〕6号: “每月对本单位主办的有效规范性文件…进行评估” is a monthly cadence
    (monthly,) = find_deadlines("各单位每月对本单位主办的有效规范性文件进行评估。", 2024)
    assert (monthly.kind, monthly.period, monthly.actions) == ("cadence", "month", ["评估"])
    # “每年9月底前” is every year's September, not one date in the document's year
    (yearly,) = find_deadlines("每年9月底前完成上一年度清理。", 2024)
    assert (yearly.kind, yearly.period, yearly.month, yearly.date) == ("cadence", "year", 9, None)
    # “争取半年内” is a time limit of six months; 上半年内 stays the date 30 June
    (limit,) = find_deadlines("争取半年内完成整改。", 2024)
    assert (limit.kind, limit.amount, limit.unit) == ("limit", 6, "month")
    assert [d.date for d in find_deadlines("上半年内完成招标。", 2024)] == [date(2024, 6, 30)]


def test_deadlines_and_cadences_inside_table_cells() -> None:
    # a 责任清单 printed as a table (永政办发〔2022〕15号 form): the cells are text like any other
    text = (
        "东湖区人民政府办公室\n关于印发东湖区营商环境责任清单的通知\n东政办发〔2022〕15号\n各镇人民政府：\n现印发给你们。\n"
        "东湖区人民政府办公室\n2022年5月8日\n东湖区营商环境责任清单\n"
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t2022年底前，实现工程建设项目审批“零投资”\t区发改局\t2022年12月\n"
        "2\t建立工作机制，一月一调度，一季一通报\t区政务中心\t长期\n"
    )
    parsed = parse_text(text, "t.txt")
    (doc,) = parsed.documents
    assert any(n.table is not None for n in doc.tree.walk())  # type: ignore[union-attr]
    found = extract_deadlines(doc, parsed.text)
    assert ("date", date(2022, 12, 31)) in [(d.kind, d.date) for d in found]
    assert [(d.period, d.actions) for d in found if d.kind == "cadence"] == [("month", ["调度"]), ("quarter", ["通报"])]
