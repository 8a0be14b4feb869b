"""Goal rows of a task table printed one cell per line under a group cell (held-out set H's form; samples written
for the test)."""

from __future__ import annotations

from zhengce.extract.export import target_records
from zhengce.parse.pipeline import parse_text

HEADER = "2024年区政府工作报告重点工作责任分解\n\n分类\n\n序号\n\n事项\n\n责任单位\n\n牵头单位\n\n"


def targets(text: str) -> list[tuple[str, str, str]]:
    return [(r["indicator"], r["value"], r["bound"]) for r in target_records(parse_text(text, "t.txt"))]


def test_every_row_of_a_goal_group_is_a_goal_up_to_the_next_group() -> None:
    text = (HEADER + "发展目标\n\n1\n\n地区生产总值增长6%以上。\n\n区统计局、区发改局\n\n区发改局\n\n"
            "2\n\n一般公共预算收入增长5%。\n\n区财政局\n\n区财政局\n\n"
            "3\n\n城镇登记失业率控制在3.5%以内。\n\n区人社局\n\n区人社局\n\n"
            "优化营商环境\n\n4\n\n新增市场主体增长10%。\n\n区市场监管局\n\n区市场监管局\n")
    assert targets(text) == [("地区生产总值", "6", "min"), ("一般公共预算收入", "5", "exact"),
                             ("城镇登记失业率", "3.5", "max")]


def test_a_goal_heading_without_a_task_table_above_ends_at_the_next_short_line() -> None:
    text = ("2024年工作安排\n\n发展目标\n\n地区生产总值增长6%以上。\n\n区发改局\n\n"
            "一般公共预算收入增长5%。\n")
    assert targets(text) == [("地区生产总值", "6", "min")]
